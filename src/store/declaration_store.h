// Declarations: lodgement and every later change in one transaction (versions, transitions,
// debt, risk decision, inspection), reads, lists and the search over them.
//
// One facet of the storage interface (store/store.h has the contract every facet shares: writes
// asynchronous with `done` called once after the write is durable or has failed, on a store
// thread; reads synchronous, thread-safe and seeing every acknowledged write; errors as Status).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "declaration/clearance_times.h"
#include "declaration/declaration.h"
#include "declaration/lifecycle.h"
#include "declaration/records.h"
#include "payment/debt.h"
#include "risk/decision.h"
#include "store/done.h"

namespace oc {

struct DeclarationRecord {
  int64_t id = 0;
  std::string lrn, declarant_tin, representative_tin, mrn;
  DeclarationType type = DeclarationType::kImport;
  std::string office;
  LifecycleState lifecycle;
  int version = 0;
  std::string content_json, content_hash;
  int item_count = 0;
  std::string invoice_total, invoice_currency;
  int64_t created_ms = 0, updated_ms = 0;
  // The debt of its latest assessment; loaded by single-declaration reads, not by lists.
  std::optional<payment::Debt> debt;
  std::string lane;  // the risk decision's lane ("" before one); in lists too
};

// What a create or update writes. For creation, `lifecycle` is the initial state.
struct DeclarationChange {
  LifecycleState lifecycle;
  std::optional<VersionEntry> new_version;  // set when the content changes (and on creation)
  // With a new version of a stored declaration: the list columns it changes (item count, invoice
  // total and currency), so that lists show the current content.
  struct Summary {
    int item_count = 0;
    std::string invoice_total, invoice_currency;
  };
  std::optional<Summary> summary;
  std::vector<TransitionEntry> transitions; // recorded in order; each also notifies the declarant
  bool assign_mrn = false;                  // allocate an MRN in this transaction
  std::string mrn_country;                  // country of the MRN to allocate
  // Applied in the same transaction. A guarantee reservation is checked first: NotFound
  // ("unknown_guarantee"), Forbidden (another organisation's), Conflict("guarantee_insufficient")
  // fail the whole update with nothing written.
  std::optional<payment::DebtChange> debt;
  // The risk decision of the current version: stored, the lane set on the declaration, the
  // accountable trader's profile counted, the unit values added to the reference history and
  // each fired criterion's count raised, all in this transaction.
  std::optional<risk::Decision> risk_decision;
  // An inspection result: stored, and the trader's profile and the hit counts of the criteria
  // that fired on the latest decision updated with it.
  std::optional<risk::Inspection> inspection;
};

struct NewDeclaration {
  std::string lrn, declarant_tin, representative_tin, office;
  DeclarationType type = DeclarationType::kImport;
  int item_count = 0;
  std::string invoice_total, invoice_currency;
  DeclarationChange change;  // new_version must be set
};

struct CreateOutcome {
  DeclarationRecord record;
  bool created = false;  // false: the same LRN with the same content was lodged before (idempotent replay)
};

// Decides an update from the current record, inside the write transaction.
using DecideFn = std::function<Result<DeclarationChange>(const DeclarationRecord& current)>;

struct DeclarationFilter {
  std::string visible_to_org;  // "" = everything (customs staff); else declarant or representative TIN
  std::vector<std::string> states;  // any of these; empty = every state
  std::string type, office, lrn, mrn, declarant_tin, lane;
  // "" = no search; else declarations whose LRN or MRN contains it (case-insensitive), or whose
  // search text (SearchText: invoice, parties, goods, codes, documents) has every word of it,
  // each as a word or a word's beginning, ignoring case and diacritics.
  std::string text;
  int64_t from_ms = 0, to_ms = 0;  // created_at range; 0 = open
  int64_t before_id = 0;           // pagination cursor: ids strictly below this; 0 = from the newest
  int limit = 50;
};

class DeclarationStore {
 public:
  virtual ~DeclarationStore() = default;

  // --- declarations ---
  // Inserts a declaration unless (declarant_tin, lrn) exists: same content hash -> the existing
  // record with created=false; different content -> Conflict("lrn_reused"). The change's debt and
  // risk decision (taken at registration) are written in the same transaction as the insert.
  virtual void CreateDeclaration(NewDeclaration d, Done<CreateOutcome> done) = 0;
  // Applies decide(current) atomically. NotFound if `id` is unknown; decide's error is passed through.
  virtual void UpdateDeclaration(int64_t id, DecideFn decide, Done<DeclarationRecord> done) = 0;

  virtual Result<DeclarationRecord> GetDeclaration(int64_t id) = 0;
  virtual Result<DeclarationRecord> GetDeclarationByMrn(const std::string& mrn) = 0;
  virtual Result<std::vector<DeclarationRecord>> ListDeclarations(const DeclarationFilter& f) = 0;  // newest first, no content
  virtual Result<std::vector<TransitionEntry>> History(int64_t id) = 0;
  virtual Result<std::vector<VersionEntry>> Versions(int64_t id) = 0;
  virtual Result<std::vector<std::pair<std::string, int64_t>>> CountByState() = 0;
  // Cumulative figures of the write path since the store opened (for /metrics): how busy the
  // single writer is tells whether writes queue behind it. Thread-safe, lock-free.
  struct WriterStats {
    uint64_t commits = 0;         // group commits (transactions)
    uint64_t writes = 0;          // write jobs in them
    double busy_seconds = 0;      // running batches, commit included
    double commit_seconds = 0;    // in COMMIT (WAL write and fsync)
    uint64_t checkpoints = 0;     // background checkpoints of the write-ahead log
    int64_t last_checkpoint_ms = 0;  // when the last one ended (0: none yet)
    int64_t wal_bytes = 0;        // the log's size now
  };
  virtual WriterStats WriterStatistics() const = 0;
  // Declarations released in [from_ms, to_ms) (at `office`; "" = all) with when they were first
  // registered and the lane of their latest risk decision, by release time.
  virtual Result<std::vector<ReleaseTiming>> ReleasesBetween(int64_t from_ms, int64_t to_ms, const std::string& office) = 0;

  // Blocking forms for the CLI and tests (they wait for the asynchronous write).
  Result<CreateOutcome> CreateDeclarationSync(NewDeclaration d);
  Result<DeclarationRecord> UpdateDeclarationSync(int64_t id, DecideFn decide);
};

}  // namespace oc
