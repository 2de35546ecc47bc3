#include "store/sqlite_store_ledger.h"

#include <cstring>

#include "common/dates.h"
#include "ledger/jcs.h"
#include "store/sqlite_store_impl.h"

namespace oc::sqlite {

void LedgerSink::Append(Connection& c, std::string_view type, int64_t declaration_id, int64_t at_ms,
                        nlohmann::json event) {
  nlohmann::json entry = {{"type", type}, {"at", FormatTimestamp(at_ms)}, {"event", std::move(event)}};
  if (declaration_id > 0) entry["declaration"] = declaration_id;
  auto bytes = ledger::Canonicalize(entry);
  if (!bytes.ok()) throw StoreError{SQLITE_MISUSE, "ledger entry: " + bytes.status().message()};
  ledger::Hash leaf = ledger::HashLeaf(bytes.value());
  c.Prepare("INSERT INTO ledger_entries(idx, type, declaration_id, at, leaf_hash, data) VALUES(?,?,?,?,?,?)")
      .Bind(1, next).Bind(2, std::string(type)).Bind(3, declaration_id).Bind(4, at_ms)
      .BindBlob(5, std::string_view(reinterpret_cast<const char*>(leaf.data()), leaf.size()))
      .BindBlob(6, bytes.value())
      .Run();
  ++next;
  pending.push_back(leaf);
}

}  // namespace oc::sqlite

namespace oc::detail {

namespace {

ledger::Hash HashFromBlob(sqlite::Stmt& q, int col) {
  ledger::Hash h{};
  std::string b = q.Blob(col);
  if (b.size() == h.size()) std::memcpy(h.data(), b.data(), h.size());
  return h;
}

}  // namespace

void SqliteStore::SetLedgerObserver(LedgerObserver observer) { ledger_observer_ = std::move(observer); }

Result<int64_t> SqliteStore::LedgerSize() {
  return Read<int64_t>([](Connection& c) -> Result<int64_t> {
    auto& q = c.Prepare("SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_entries");
    int64_t n = q.Step() ? q.Int(0) : 0;
    q.Reset();
    return n;
  });
}

Result<std::vector<LedgerEntry>> SqliteStore::LedgerEntries(int64_t start, int64_t end) {
  return ReadRows<LedgerEntry>(
      "SELECT idx, type, declaration_id, at, leaf_hash, data FROM ledger_entries WHERE idx >= ? AND idx < ? ORDER BY idx",
      [&](sqlite::Stmt& q) { q.Bind(1, start).Bind(2, end); },
      [](sqlite::Stmt& q) {
        return LedgerEntry{q.Int(0), q.Text(1), q.Int(2), q.Int(3), HashFromBlob(q, 4), q.Blob(5)};
      });
}

Result<std::vector<ledger::Hash>> SqliteStore::LedgerLeafHashes(int64_t start, int64_t end) {
  return ReadRows<ledger::Hash>("SELECT leaf_hash FROM ledger_entries WHERE idx >= ? AND idx < ? ORDER BY idx",
                                [&](sqlite::Stmt& q) { q.Bind(1, start).Bind(2, end); },
                                [](sqlite::Stmt& q) { return HashFromBlob(q, 0); });
}

Result<std::vector<int64_t>> SqliteStore::LedgerIndexesOf(int64_t declaration_id) {
  return ReadRows<int64_t>("SELECT idx FROM ledger_entries WHERE declaration_id = ? ORDER BY idx",
                           [&](sqlite::Stmt& q) { q.Bind(1, declaration_id); },
                           [](sqlite::Stmt& q) { return q.Int(0); });
}

void SqliteStore::PutLedgerCheckpoint(LedgerCheckpointRecord cp, Done<bool> done) {
  auto out = std::make_shared<bool>(false);
  EnqueueFor<bool>(
      out,
      [cp = std::move(cp), out](Connection& c) -> Status {
        c.Prepare("INSERT INTO ledger_checkpoints(size, root, note, at) VALUES(?,?,?,?) ON CONFLICT(size) DO NOTHING")
            .Bind(1, cp.size)
            .BindBlob(2, std::string_view(reinterpret_cast<const char*>(cp.root.data()), cp.root.size()))
            .Bind(3, cp.note).Bind(4, cp.at_ms)
            .Run();
        *out = true;
        return Status::Ok();
      },
      std::move(done));
}

Result<std::vector<LedgerCheckpointRecord>> SqliteStore::LedgerCheckpoints() {
  return ReadRows<LedgerCheckpointRecord>("SELECT size, root, note, at FROM ledger_checkpoints ORDER BY size",
                                          [](sqlite::Stmt&) {},
                                          [](sqlite::Stmt& q) {
                                            return LedgerCheckpointRecord{q.Int(0), HashFromBlob(q, 1), q.Text(2), q.Int(3)};
                                          });
}

}  // namespace oc::detail
