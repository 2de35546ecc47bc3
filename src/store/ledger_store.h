// The ledger: entries appended by the other facets' writes (ledger/events makes their bytes),
// checkpoints, and entries that record no other write.
//
// One facet of the storage interface (store/store.h has the contract every facet shares: writes
// asynchronous with `done` called once after the write is durable or has failed, on a store
// thread; reads synchronous, thread-safe and seeing every acknowledged write; errors as Status).
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "ledger/merkle.h"
#include "ledger/records.h"
#include "store/done.h"

namespace oc {

class LedgerStore {
 public:
  virtual ~LedgerStore() = default;

  // --- ledger: every decision written above also appends its entry, in the same transaction ---
  // Called on the writer thread after each commit that appended entries: the first new index and
  // the new leaf hashes in order, before any writer of the batch hears back. Set once, before
  // writes start.
  using LedgerObserver = std::function<void(int64_t first_index, const std::vector<ledger::Hash>& leaf_hashes)>;
  virtual void SetLedgerObserver(LedgerObserver observer) = 0;
  virtual Result<int64_t> LedgerSize() = 0;
  // Entries [start, end) in index order.
  virtual Result<std::vector<LedgerEntry>> LedgerEntries(int64_t start, int64_t end) = 0;
  virtual Result<std::vector<ledger::Hash>> LedgerLeafHashes(int64_t start, int64_t end) = 0;
  // The first entry with this leaf hash; NotFound("unknown_entry") when none.
  virtual Result<int64_t> LedgerIndexOfLeaf(const ledger::Hash& leaf_hash) = 0;
  // Calls `row` for entries [start, end) in index order without copying them (the views are valid
  // during the call only): how audits read millions of entries.
  using LedgerRowFn = std::function<void(int64_t index, std::string_view data, std::string_view leaf_hash)>;
  virtual Status ScanLedger(int64_t start, int64_t end, const LedgerRowFn& row) = 0;
  // The indexes of a declaration's entries, in order.
  virtual Result<std::vector<int64_t>> LedgerIndexesOf(int64_t declaration_id) = 0;
  // Signed checkpoints, kept so that an audit can check the entries still lead to each one.
  // Writing one for a size already stored keeps the first.
  virtual void PutLedgerCheckpoint(LedgerCheckpointRecord c, Done<bool> done) = 0;
  virtual Result<std::vector<LedgerCheckpointRecord>> LedgerCheckpoints() = 0;  // by size
  // Appends entries that record no other write (exported documents), in one transaction; done
  // gets the first one's index. Invalid("invalid_event") when an event is not a JSON object.
  virtual void AppendLedgerEntries(std::vector<NewLedgerEntry> entries, Done<int64_t> done) = 0;
};

}  // namespace oc
