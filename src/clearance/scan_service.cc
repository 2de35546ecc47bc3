#include "clearance/scan_service.h"

#include <cctype>
#include <cmath>

#include <nlohmann/json.hpp>

#include "common/dates.h"
#include "identity/access.h"
#include "common/encoding.h"

namespace oc {

namespace {

// A TDR's threats as the record keeps them.
std::string ReportJson(const xray::Scan& scan) {
  if (!scan.report) return "";
  nlohmann::json threats = nlohmann::json::array();
  for (const auto& t : scan.report->threats)
    threats.push_back({{"id", t.id},
                       {"category", t.category},
                       {"description", t.description},
                       {"ability", t.ability},
                       {"probability", std::isfinite(t.probability) ? nlohmann::json(t.probability) : nlohmann::json()},
                       {"base", t.base},
                       {"extents", t.extents}});
  return nlohmann::json{{"alarm_decision", scan.report->alarm_decision},
                        {"tdr_type", scan.report->tdr_type},
                        {"referenced_instance", scan.report->referenced_instance},
                        {"threats", threats}}
      .dump();
}

const char* Extension(const std::string& format) {
  if (format == "dicos") return "dcs";
  if (format == "jpeg") return "jpg";
  if (format == "png") return "png";
  if (format == "tiff") return "tif";
  return "bin";
}

bool ValidContainer(const std::string& s) {
  if (s.size() > 35) return false;
  for (unsigned char c : s)
    if (!(std::isalnum(c) || c == '-' || c == ' ')) return false;
  return true;
}

}  // namespace

ScanService::ScanService(ScanStore& scans, ScanFiles& files, ClearanceService& clearance, xray::Limits limits)
    : scans_(scans), files_(files), clearance_(clearance), limits_(limits) {}

Result<ScanRecord> ScanService::Add(const Principal& who, ScanUpload upload) {
  // Another trader's declaration is not found before anything is refused (nothing told of it).
  auto decl = clearance_.Get(who, upload.declaration_ref);
  if (!decl.ok()) return decl.status();
  if (Status st = access::Allow(who, access::Action::kUploadScans); !st.ok()) return st;
  if (upload.bytes.empty()) return Status::Invalid("empty_scan", "the request carries no scan");
  if (!ValidContainer(upload.container))
    return Status::Invalid("invalid_container", "'container' is at most 35 letters, digits, spaces and hyphens");
  auto scan = xray::DecodeScan(upload.bytes, limits_);
  if (!scan.ok()) return scan.status();
  ScanRecord r;
  r.declaration_id = decl->id;
  r.container = upload.container;
  r.meta = scan->meta;
  r.report_json = ReportJson(scan.value());
  r.sha256 = Sha256Hex(upload.bytes);
  r.bytes = static_cast<int64_t>(upload.bytes.size());
  auto file = files_.Put(r.sha256, upload.bytes, Extension(r.meta.format));
  if (!file.ok()) return file.status();
  r.file = file.value();
  r.uploaded_by = who.ActorLabel();
  r.uploaded_ms = NowUnixMillis();
  return AwaitDone<ScanRecord>([&](Done<ScanRecord> done) { scans_.AddScan(std::move(r), std::move(done)); });
}

Result<std::vector<ScanRecord>> ScanService::List(const Principal& who, const std::string& declaration_ref) {
  auto decl = clearance_.Get(who, declaration_ref);
  if (!decl.ok()) return decl.status();
  if (Status st = access::Allow(who, access::Action::kReadScans); !st.ok()) return st;
  return scans_.ListScans(decl->id);
}

Result<ScanRecord> ScanService::Get(const Principal& who, int64_t id) {
  if (Status st = access::Allow(who, access::Action::kReadScans); !st.ok()) return st;
  return scans_.GetScan(id);
}

Result<std::string> ScanService::Render(const Principal& who, int64_t id, const xray::RenderOptions& options) {
  auto record = Get(who, id);
  if (!record.ok()) return record.status();
  auto bytes = files_.Read(record->file, record->sha256);
  if (!bytes.ok()) return bytes.status();
  auto scan = xray::DecodeScan(bytes.value(), limits_);
  if (!scan.ok()) return scan.status();
  return xray::RenderPng(scan.value(), options);
}

}  // namespace oc
