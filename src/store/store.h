// Store: the storage interface every backend implements (SQLite embedded now, PostgreSQL later),
// as facets by aggregate: each service takes only the facets it uses.
//
// Contract shared by all backends:
//  * Writes are asynchronous. `done` is called exactly once, after the write is durable (committed
//    and synced) or has definitely failed; it runs on a store thread and must not block.
//    Backends commit many writes in one transaction (group commit); writes from one caller are
//    applied in the order they were submitted.
//  * Reads are synchronous, thread-safe, and see every write whose `done` has been called.
//  * Errors come back as Status (NotFound, Conflict, Internal), never as exceptions.
#pragma once

#include "common/secret_box.h"
#include <memory>
#include <string>

#include "store/declaration_store.h"
#include "store/device_store.h"
#include "store/exchange_store.h"
#include "store/identity_store.h"
#include "store/journey_store.h"
#include "store/scan_store.h"
#include "store/ledger_store.h"
#include "store/notification_store.h"
#include "store/payment_store.h"
#include "store/risk_store.h"

namespace oc {

// Every facet over one database. A backend may keep one writer and group commit across all of
// them: a declaration's change, its debt, its risk decision and their ledger entries commit together.
class Store : public DeclarationStore,
              public NotificationStore,
              public IdentityStore,
              public PaymentStore,
              public RiskStore,
              public LedgerStore,
              public ExchangeStore,
              public DeviceStore,
              public JourneyStore,
              public ScanStore {
 public:
  ~Store() override = default;
};

struct SqliteOptions {
  std::string path;             // database file; created with its folder if missing
  int max_batch = 1024;         // writes per group commit
  bool synchronous_full = true; // fsync at every commit: a done() write survives power loss
  // The write-ahead log is checkpointed into the database in the background (PASSIVE, never in a
  // writer's way) ten times a second after commits; past this size the writer restarts it
  // between two batches (TRUNCATE: it waits for the readers of older frames), and a restarted log
  // is cut back to it.
  int64_t wal_limit_bytes = 64LL << 20;
  // Seals webhook and bank secrets and second-factor keys in the database (unset: kept as given,
  // for tools and tests). Secrets written before are sealed when the store opens with one.
  std::shared_ptr<const SecretBox> secrets;
};

// Opens (creating and migrating as needed) the embedded SQLite store. Internal on I/O errors.
Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options);

// The schema version this build migrates to.
int SqliteSchemaVersion();

}  // namespace oc
