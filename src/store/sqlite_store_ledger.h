// The ledger's side of the SQLite writer: every decision the store writes (transition, lodgement,
// amendment, assessment, risk decision, inspection, receipt) also appends one ledger entry — the
// bytes ledger/events makes of it — in the same transaction, so the log holds exactly what
// happened. Entries are numbered in commit order; after each commit the writer hands their leaf
// hashes to the observer (the in-memory Merkle tree) before anyone hears back.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ledger/events.h"
#include "ledger/merkle.h"
#include "store/sqlite_util.h"

namespace oc::sqlite {

struct LedgerSink {
  int64_t next = 0;                   // index of the next entry
  std::vector<ledger::Hash> pending;  // written in the open transaction, in index order

  // Writes one entry made by ledger/events. Throws StoreError.
  void Append(Connection& c, const ledger::Event& e);
  size_t Mark() const { return pending.size(); }
  // Forgets the entries after `mark` (their transaction or savepoint was rolled back).
  void RollbackTo(size_t mark) {
    next -= static_cast<int64_t>(pending.size() - mark);
    pending.resize(mark);
  }
};

// Appends the event when `c` is the writer connection (it has a sink). An event that cannot be
// made (Invalid from ledger/events) throws StoreError and fails the write with nothing written.
void AppendLedger(Connection& c, Result<ledger::Event> event);

}  // namespace oc::sqlite
