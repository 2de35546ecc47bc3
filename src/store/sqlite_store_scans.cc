// Scans' records in SQLite (store/scan_store.h); the files are kept by ScanFiles.
#include <nlohmann/json.hpp>

#include "ledger/events.h"
#include "store/sqlite_store_impl.h"

namespace oc::detail {

namespace {

using nlohmann::json;

const char* kScanColumns =
    "s.id, s.declaration_id, COALESCE(d.mrn, ''), s.container, s.format, s.object, s.modality, s.sop_class_uid, "
    "s.sop_instance_uid, s.manufacturer, s.model, s.station, s.operator, s.acquired, s.energies, s.rows, s.cols, "
    "s.frames, s.bits, s.report, s.file, s.sha256, s.bytes, s.uploaded_by, s.uploaded_at";

ScanRecord ScanRow(sqlite::Stmt& q) {
  ScanRecord s;
  s.id = q.Int(0);
  s.declaration_id = q.Int(1);
  s.mrn = q.Text(2);
  s.container = q.Text(3);
  auto& m = s.meta;
  m.format = q.Text(4);
  m.object = q.Text(5);
  m.modality = q.Text(6);
  m.sop_class_uid = q.Text(7);
  m.sop_instance_uid = q.Text(8);
  m.manufacturer = q.Text(9);
  m.model = q.Text(10);
  m.station = q.Text(11);
  m.operator_name = q.Text(12);
  m.acquired = q.Text(13);
  auto energies = json::parse(q.Text(14), nullptr, false);
  if (energies.is_array())
    for (const auto& e : energies) if (e.is_number()) m.energies_kv.push_back(e.get<double>());
  m.rows = static_cast<int>(q.Int(15));
  m.cols = static_cast<int>(q.Int(16));
  m.frames = static_cast<int>(q.Int(17));
  m.bits_stored = static_cast<int>(q.Int(18));
  s.report_json = q.Text(19);
  s.file = q.Text(20);
  s.sha256 = q.Text(21);
  s.bytes = q.Int(22);
  s.uploaded_by = q.Text(23);
  s.uploaded_ms = q.Int(24);
  return s;
}

}  // namespace

void SqliteStore::AddScan(ScanRecord scan, Done<ScanRecord> done) {
  auto out = std::make_shared<ScanRecord>();
  EnqueueFor<ScanRecord>(out, [scan = std::move(scan), out](Connection& c) mutable -> Status {
    auto& d = c.Prepare("SELECT COALESCE(mrn, '') FROM declarations WHERE id = ?");
    d.Bind(1, scan.declaration_id);
    bool found = d.Step();
    if (found) scan.mrn = d.Text(0);
    d.Reset();
    if (!found) return Status::NotFound("unknown_declaration", "no declaration " + std::to_string(scan.declaration_id));
    const auto& m = scan.meta;
    c.Prepare("INSERT INTO scans(declaration_id, container, format, object, modality, sop_class_uid, sop_instance_uid, "
              "manufacturer, model, station, operator, acquired, energies, rows, cols, frames, bits, report, file, sha256, "
              "bytes, uploaded_by, uploaded_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
        .Bind(1, scan.declaration_id).Bind(2, scan.container).Bind(3, m.format).Bind(4, m.object).Bind(5, m.modality)
        .Bind(6, m.sop_class_uid).Bind(7, m.sop_instance_uid).Bind(8, m.manufacturer).Bind(9, m.model)
        .Bind(10, m.station).Bind(11, m.operator_name).Bind(12, m.acquired).Bind(13, json(m.energies_kv).dump())
        .Bind(14, m.rows).Bind(15, m.cols).Bind(16, m.frames).Bind(17, m.bits_stored).Bind(18, scan.report_json)
        .Bind(19, scan.file).Bind(20, scan.sha256).Bind(21, scan.bytes).Bind(22, scan.uploaded_by)
        .Bind(23, scan.uploaded_ms)
        .Run();
    scan.id = c.LastInsertId();
    sqlite::AppendLedger(c, ledger::events::ScanStored(scan));
    *out = std::move(scan);
    return Status::Ok();
  }, std::move(done));
}

Result<ScanRecord> SqliteStore::GetScan(int64_t id) {
  auto rows = ReadRows<ScanRecord>(std::string("SELECT ") + kScanColumns +
                                       " FROM scans s LEFT JOIN declarations d ON d.id = s.declaration_id WHERE s.id = ?",
                                   [&](sqlite::Stmt& q) { q.Bind(1, id); }, ScanRow);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("unknown_scan", "no scan " + std::to_string(id));
  return rows->front();
}

Result<std::vector<ScanRecord>> SqliteStore::ListScans(int64_t declaration_id) {
  return ReadRows<ScanRecord>(std::string("SELECT ") + kScanColumns +
                                  " FROM scans s LEFT JOIN declarations d ON d.id = s.declaration_id"
                                  " WHERE s.declaration_id = ? ORDER BY s.id",
                              [&](sqlite::Stmt& q) { q.Bind(1, declaration_id); }, ScanRow);
}

}  // namespace oc::detail
