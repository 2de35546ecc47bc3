#include "store/sqlite_store_ledger.h"

#include <cstring>

#include "store/sqlite_store_impl.h"

namespace oc::sqlite {

void LedgerSink::Append(Connection& c, const ledger::Event& e) {
  c.Prepare("INSERT INTO ledger_entries(idx, type, declaration_id, at, leaf_hash, data) VALUES(?,?,?,?,?,?)")
      .Bind(1, next).Bind(2, e.type).Bind(3, e.declaration_id).Bind(4, e.at_ms)
      .BindBlob(5, std::string_view(reinterpret_cast<const char*>(e.leaf.data()), e.leaf.size()))
      .BindBlob(6, e.bytes)
      .Run();
  ++next;
  pending.push_back(e.leaf);
}

void AppendLedger(Connection& c, Result<ledger::Event> event) {
  if (!c.ledger) return;
  if (!event.ok()) throw StoreError{SQLITE_MISUSE, "ledger entry: " + event.status().message()};
  c.ledger->Append(c, event.value());
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

Result<int64_t> SqliteStore::LedgerIndexOfLeaf(const ledger::Hash& leaf_hash) {
  return Read<int64_t>([&](Connection& c) -> Result<int64_t> {
    auto& q = c.Prepare("SELECT MIN(idx) FROM ledger_entries WHERE leaf_hash = ?");
    q.BindBlob(1, std::string_view(reinterpret_cast<const char*>(leaf_hash.data()), leaf_hash.size()));
    bool found = q.Step() && !q.IsNull(0);
    int64_t idx = found ? q.Int(0) : -1;
    q.Reset();
    if (!found) return Status::NotFound("unknown_entry", "no ledger entry has this hash");
    return idx;
  });
}

Status SqliteStore::ScanLedger(int64_t start, int64_t end, const LedgerRowFn& row) {
  auto r = Read<bool>([&](Connection& c) -> Result<bool> {
    auto& q = c.Prepare("SELECT idx, data, leaf_hash FROM ledger_entries WHERE idx >= ? AND idx < ? ORDER BY idx");
    q.Bind(1, start).Bind(2, end);
    while (q.Step()) row(q.Int(0), q.BlobView(1), q.BlobView(2));
    q.Reset();
    return true;
  });
  return r.ok() ? Status::Ok() : r.status();
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

void SqliteStore::AppendLedgerEntries(std::vector<NewLedgerEntry> entries, Done<int64_t> done) {
  // Canonical bytes and leaf hashes are made here, on the caller's thread: the writer's time is
  // the log's throughput.
  std::vector<ledger::Event> prepared;
  prepared.reserve(entries.size());
  for (auto& e : entries) {
    auto event = ledger::events::Document(std::move(e.type), e.declaration_id, e.at_ms, e.event_json);
    if (!event.ok()) return done(Status::Invalid("invalid_event", event.status().message()));
    prepared.push_back(std::move(event).value());
  }
  entries.clear();
  auto out = std::make_shared<int64_t>(-1);
  EnqueueFor<int64_t>(
      out,
      [prepared = std::move(prepared), out](Connection& c) mutable -> Status {
        if (!c.ledger) return Status::Internal("ledger entries are written by the writer connection");
        *out = c.ledger->next;
        for (const auto& e : prepared) c.ledger->Append(c, e);
        return Status::Ok();
      },
      std::move(done));
}

Result<std::vector<WitnessStateRecord>> SqliteStore::WitnessStates() {
  return ReadRows<WitnessStateRecord>("SELECT origin, size, root, note, at FROM witness_state ORDER BY origin",
                                      [](sqlite::Stmt&) {},
                                      [](sqlite::Stmt& q) {
                                        return WitnessStateRecord{q.Text(0), q.Int(1), HashFromBlob(q, 2), q.Text(3), q.Int(4)};
                                      });
}

void SqliteStore::PutWitnessState(WitnessStateRecord st, int64_t expected_size, Done<bool> done) {
  auto out = std::make_shared<bool>(false);
  EnqueueFor<bool>(
      out,
      [st = std::move(st), expected_size, out](Connection& c) -> Status {
        auto& q = c.Prepare("SELECT size FROM witness_state WHERE origin = ?");
        q.Bind(1, st.origin);
        int64_t stored = q.Step() ? q.Int(0) : 0;
        q.Reset();
        if (stored != expected_size)
          return Status::Conflict("witness_moved", "the witness cosigned size " + std::to_string(stored) + " meanwhile");
        c.Prepare("INSERT INTO witness_state(origin, size, root, note, at) VALUES(?,?,?,?,?) ON CONFLICT(origin) DO UPDATE "
                  "SET size = excluded.size, root = excluded.root, note = excluded.note, at = excluded.at")
            .Bind(1, st.origin).Bind(2, st.size)
            .BindBlob(3, std::string_view(reinterpret_cast<const char*>(st.root.data()), st.root.size()))
            .Bind(4, st.note).Bind(5, st.at_ms)
            .Run();
        *out = true;
        return Status::Ok();
      },
      std::move(done));
}

namespace {

constexpr const char* kPartnerColumns =
    "id, issuer, leaf_index, kind, reference, document, bundle, tree_size, imported_at, imported_by";

PartnerDocumentRecord PartnerRow(sqlite::Stmt& q) {
  PartnerDocumentRecord d;
  d.id = q.Int(0), d.issuer = q.Text(1), d.leaf_index = q.Int(2), d.kind = q.Text(3), d.reference = q.Text(4);
  d.document = q.Text(5), d.bundle = q.Text(6), d.tree_size = q.Int(7), d.imported_at_ms = q.Int(8);
  d.imported_by = q.Text(9);
  return d;
}

}  // namespace

void SqliteStore::PutPartnerDocument(PartnerDocumentRecord d, Done<PartnerDocumentRecord> done) {
  auto out = std::make_shared<PartnerDocumentRecord>();
  EnqueueFor<PartnerDocumentRecord>(
      out,
      [d = std::move(d), out](Connection& c) -> Status {
        auto& q = c.Prepare(std::string("SELECT ") + kPartnerColumns + " FROM partner_documents WHERE issuer = ? AND leaf_index = ?");
        q.Bind(1, d.issuer).Bind(2, d.leaf_index);
        if (q.Step()) {
          *out = PartnerRow(q);
          q.Reset();
          return Status::Ok();
        }
        q.Reset();
        c.Prepare("INSERT INTO partner_documents(issuer, leaf_index, kind, reference, document, bundle, tree_size, "
                  "imported_at, imported_by) VALUES(?,?,?,?,?,?,?,?,?)")
            .Bind(1, d.issuer).Bind(2, d.leaf_index).Bind(3, d.kind).Bind(4, d.reference).Bind(5, d.document)
            .Bind(6, d.bundle).Bind(7, d.tree_size).Bind(8, d.imported_at_ms).Bind(9, d.imported_by)
            .Run();
        *out = d;
        out->id = c.LastInsertId();
        out->created = true;
        return Status::Ok();
      },
      std::move(done));
}

Result<PartnerDocumentRecord> SqliteStore::GetPartnerDocument(int64_t id) {
  auto rows = ReadRows<PartnerDocumentRecord>(std::string("SELECT ") + kPartnerColumns + " FROM partner_documents WHERE id = ?",
                                              [&](sqlite::Stmt& q) { q.Bind(1, id); }, PartnerRow);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("unknown_document", "no partner document " + std::to_string(id));
  return rows->front();
}

Result<std::vector<PartnerDocumentRecord>> SqliteStore::FindPartnerDocuments(const std::string& reference, int limit) {
  return ReadRows<PartnerDocumentRecord>(
      "SELECT id, issuer, leaf_index, kind, reference, document, '', tree_size, imported_at, imported_by "
      "FROM partner_documents WHERE (? = '' OR reference = ?) ORDER BY id DESC LIMIT ?",
      [&](sqlite::Stmt& q) { q.Bind(1, reference).Bind(2, reference).Bind(3, static_cast<int64_t>(limit)); }, PartnerRow);
}

}  // namespace oc::detail
