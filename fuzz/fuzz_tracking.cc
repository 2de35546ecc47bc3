// Cargo tracking's outside input: a route library's GeoJSON (ParseRouteGeoJson, then the GEOS
// areas) and a file of fixes (ParseFixesCsv, then the pipeline on a fixed route). The first byte
// picks which.
// Invariants:
//  - nothing throws or crashes, whatever the bytes (GEOS included);
//  - a parsed route has a corridor of ≥ 2 positions, a width > 0 and a destination;
//  - every fix read from the CSV is either refused (and counted) or accepted: the counts add up,
//    and every alert names a device that sent an accepted fix.
#include <cstdint>
#include <set>

#include "fuzz_util.h"
#include "tracking/replay.h"

namespace {

const oc::tracking::Route& FixedRoute() {
  static const oc::tracking::Route route = [] {
    oc::tracking::Route r;
    r.width_m = 500;
    r.time_limit_h = 2;
    r.corridor = {{69.0, 41.0}, {69.0, 41.2}, {69.3, 41.2}};
    r.destination.push_back({{69.29, 41.19}, {69.31, 41.19}, {69.31, 41.21}, {69.29, 41.21}, {69.29, 41.19}});
    r.stops.push_back({{68.99, 41.09}, {69.01, 41.09}, {69.01, 41.11}, {68.99, 41.09}});
    return r;
  }();
  return route;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text = oc::fuzz::Bytes(data + 1, size - 1);
  if (data[0] % 2 == 0) {
    auto route = oc::tracking::ParseRouteGeoJson(text);
    if (!route.ok()) return 0;
    FUZZ_CHECK(route->corridor.size() >= 2 && route->width_m > 0 && !route->destination.empty(), "an incomplete route");
    auto geometry = oc::tracking::RouteGeometry::Build(route.value());
    if (geometry.ok()) (void)geometry.value()->Allowed(route->corridor[0].second, route->corridor[0].first);
    return 0;
  }
  auto file = oc::tracking::ParseFixesCsv(text);
  if (!file.ok()) return 0;
  auto result = oc::tracking::Replay(FixedRoute(), file.value(), {});
  FUZZ_CHECK(result.ok(), "the fixed route does not build");
  const auto& c = result->counts;
  FUZZ_CHECK(c.accepted + c.refused() == file->fixes.size(), "fixes neither accepted nor refused");
  FUZZ_CHECK(result->fixes == file->fixes.size() + file->malformed, "rows miscounted");
  std::set<std::string> devices;
  for (const auto& f : file->fixes) devices.insert(f.device);
  for (const auto& a : result->alerts) FUZZ_CHECK(devices.count(a.device), "an alert for a device that sent nothing");
  return 0;
}
