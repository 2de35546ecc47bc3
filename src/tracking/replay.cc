#include "tracking/replay.h"

#include <algorithm>
#include <cstdlib>

#include "common/dates.h"
#include "refdata/csv.h"

namespace oc::tracking {
namespace {

bool CsvNumber(const std::string& text, double& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(out);
}

}  // namespace

Result<FixesFile> ParseFixesCsv(std::string_view text) {
  std::vector<int> lines;
  auto rows = ParseCsv(text, &lines);
  if (!rows.ok()) return Status::Invalid("bad_fixes", "fixes: " + rows.status().message());
  const std::vector<std::string> header = {"device_id", "time", "lat", "lon", "speed_kmh", "seal"};
  if (rows->empty() || rows->front() != header)
    return Status::Invalid("bad_fixes", "fixes: the first line must be device_id,time,lat,lon,speed_kmh,seal");
  FixesFile out;
  for (size_t i = 1; i < rows->size(); ++i) {
    const auto& r = rows.value()[i];
    auto bad = [&](const std::string& why) {
      ++out.malformed;
      if (out.problems.size() < 10) out.problems.push_back("line " + std::to_string(lines[i]) + ": " + why);
    };
    if (r.size() == 1 && r[0].empty()) continue;  // a blank line
    if (r.size() != header.size()) {
      bad("expected 6 columns");
      continue;
    }
    Fix f;
    f.device = r[0];
    auto t = ParseTimestamp(r[1]);
    if (f.device.empty() || !t) {
      bad(f.device.empty() ? "no device_id" : "time is not an RFC 3339 timestamp");
      continue;
    }
    f.time_ms = *t;
    if (!CsvNumber(r[2], f.lat) || !CsvNumber(r[3], f.lon)) {
      bad("lat and lon must be numbers");
      continue;
    }
    if (!r[4].empty() && !CsvNumber(r[4], f.speed_kmh)) {
      bad("speed_kmh must be a number or empty");
      continue;
    }
    f.seal = SealStateFrom(r[5]);
    if (!r[5].empty() && f.seal == SealState::kUnknown) {
      bad("seal must be closed, opened, cut or empty");
      continue;
    }
    out.fixes.push_back(std::move(f));
  }
  return out;
}

Result<ReplayResult> Replay(const Route& route, const FixesFile& file, const Thresholds& thresholds) {
  auto geometry = RouteGeometry::Build(route);
  if (!geometry.ok()) return geometry.status();
  Pipeline pipeline(route, *geometry.value(), thresholds);
  ReplayResult out;
  for (const Fix& f : file.fixes) pipeline.Process(f, out.alerts);
  std::stable_sort(out.alerts.begin(), out.alerts.end(),
                   [](const Alert& a, const Alert& b) { return a.time_ms < b.time_ms; });
  out.counts = pipeline.counts();
  out.fixes = file.fixes.size() + file.malformed;
  out.refused = file.malformed + out.counts.refused();
  return out;
}

}  // namespace oc::tracking
