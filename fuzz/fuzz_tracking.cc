// Cargo tracking's outside input: a route library's GeoJSON (ParseRouteGeoJson, then the GEOS
// areas), a file of fixes (ParseFixesCsv, then the pipeline on a fixed route) and a device's MQTT
// message (DeviceGate::Admit with a known device's key) and a phone's OsmAnd query (ParseOsmAnd).
// The first byte modulo 4 picks which.
// Invariants:
//  - nothing throws or crashes, whatever the bytes (GEOS included);
//  - a parsed route has a corridor of ≥ 2 positions, a width > 0 and a destination;
//  - every fix read from the CSV is either refused (and counted) or accepted: the counts add up,
//    and every alert names a device that sent an accepted fix;
//  - a device message is admitted only with a valid signature, and then has 1 to 1000 fixes of
//    its device.
#include <cstdint>
#include <set>

#include "fuzz_util.h"
#include "tracking/device_message.h"
#include "tracking/osmand.h"
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
  if (data[0] % 4 == 3) {
    auto fix = oc::tracking::ParseOsmAnd(text);
    if (fix.ok()) FUZZ_CHECK(!fix->device.empty() && fix->device.size() <= 64, "an OsmAnd fix without a usable id");
    return 0;
  }
  if (data[0] % 4 == 2) {
    static const std::string key(32, '\x01');  // no secret key matches it: nothing is admitted
    oc::tracking::DeviceGate gate;
    gate.AddDevice("ESEAL-1", key);
    oc::tracking::DeviceMessage m;
    auto verdict = gate.Admit(text, 1796083200000, &m);
    FUZZ_CHECK(verdict != oc::tracking::Refused::kNone, "a message admitted without its device's signature");
    auto decoded = oc::tracking::DecodeDeviceMessage(text);
    if (decoded.ok())
      for (const auto& f : decoded->fixes) FUZZ_CHECK(f.device == decoded->device, "a fix of another device");
    if (decoded.ok()) FUZZ_CHECK(!decoded->fixes.empty() && decoded->fixes.size() <= 1000, "fix count out of bounds");
    return 0;
  }
  if (data[0] % 4 == 0) {
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
