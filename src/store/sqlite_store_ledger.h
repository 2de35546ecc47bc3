// The ledger's side of the SQLite writer: every decision the store writes (transition, lodgement,
// amendment, assessment, risk decision, inspection, receipt) also appends one ledger entry — the
// RFC 8785 canonical JSON of the event — in the same transaction, so the log holds exactly what
// happened. Entries are numbered in commit order; after each commit the writer hands their leaf
// hashes to the observer (the in-memory Merkle tree) before anyone hears back.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "ledger/merkle.h"
#include "store/sqlite_util.h"

namespace oc::sqlite {

struct LedgerSink {
  int64_t next = 0;                   // index of the next entry
  std::vector<ledger::Hash> pending;  // written in the open transaction, in index order

  // Writes one entry. Throws StoreError (and Invalid events never reach here: the callers build
  // them from stored values).
  void Append(Connection& c, std::string_view type, int64_t declaration_id, int64_t at_ms, nlohmann::json event);
  // The same with the leaf bytes and hash made beforehand (EntryBytes), off the writer thread.
  void AppendPrepared(Connection& c, std::string_view type, int64_t declaration_id, int64_t at_ms, std::string_view bytes,
                      const ledger::Hash& leaf);
  size_t Mark() const { return pending.size(); }
  // Forgets the entries after `mark` (their transaction or savepoint was rolled back).
  void RollbackTo(size_t mark) {
    next -= static_cast<int64_t>(pending.size() - mark);
    pending.resize(mark);
  }
};

// The leaf bytes of an entry: RFC 8785 JSON of {"type", "at", "declaration" (when > 0), "event"}.
Result<std::string> EntryBytes(std::string_view type, int64_t declaration_id, int64_t at_ms, nlohmann::json event);

// Appends when `c` is the writer connection (it has a sink).
inline void AppendLedger(Connection& c, std::string_view type, int64_t declaration_id, int64_t at_ms,
                         nlohmann::json event) {
  if (c.ledger) c.ledger->Append(c, type, declaration_id, at_ms, std::move(event));
}

}  // namespace oc::sqlite
