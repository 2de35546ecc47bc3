// The journey pipeline on a real track: Kubička's Almaty drive (1 Hz) on its ground-truth route,
// re-timed, thinned and made noisy as seals and phones report, with known events injected —
// every alert kind fires where it should, and a clean journey raises none but its arrival.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "common/dates.h"
#include "refdata/data_dirs.h"
#include "tracking/replay.h"
#include "tracking/journey.h"
#include "tracking/simulate.h"

namespace oc::tracking {
namespace {

constexpr int64_t kStart = 1796083200000;  // 2026-12-01T00:00:00Z

struct RealJourney {
  Route route;
  std::vector<Fix> track;  // 1 Hz, from kStart
};

// The ground-truth route's polyline (arcs → nodes) as a 200 m corridor; the destination a 600 m
// square around the track's last point; 2 hours allowed.
std::optional<RealJourney> LoadAlmaty() {
  if (SharedDataFile("tracking/mapmatching_kubicka/00000007/00000007.track").empty()) return std::nullopt;
  std::string dir = SharedDataDir() + "/tracking/mapmatching_kubicka/00000007";
  auto lines = [&](const char* ext) {
    std::ifstream in(dir + "/00000007" + ext);
    std::vector<std::string> out;
    for (std::string l; std::getline(in, l);) if (!l.empty()) out.push_back(l);
    return out;
  };
  std::vector<LonLat> nodes;
  for (const auto& l : lines(".nodes")) {
    std::istringstream s(l);
    double lon, lat;
    s >> lon >> lat;
    nodes.emplace_back(lon, lat);
  }
  std::vector<std::pair<int, int>> arcs;
  for (const auto& l : lines(".arcs")) {
    std::istringstream s(l);
    int a, b;
    s >> a >> b;
    arcs.emplace_back(a, b);
  }
  RealJourney j;
  for (const auto& l : lines(".route")) {
    auto [from, to] = arcs.at(static_cast<size_t>(std::stoi(l)));
    if (j.route.corridor.empty()) j.route.corridor.push_back(nodes.at(static_cast<size_t>(from)));
    j.route.corridor.push_back(nodes.at(static_cast<size_t>(to)));
  }
  for (const auto& l : lines(".track")) {
    std::istringstream s(l);
    double lon, lat, t;
    s >> lon >> lat >> t;
    Fix f;
    f.device = "ESEAL-1";
    f.lat = lat;
    f.lon = lon;
    f.time_ms = kStart + static_cast<int64_t>(t * 1000);
    f.seal = SealState::kClosed;
    j.track.push_back(f);
  }
  j.route.name = "almaty";
  j.route.width_m = 200;
  j.route.time_limit_h = 2;
  const Fix& end = j.track.back();
  double dlat = 300 / 111320.0, dlon = 300 / (111320.0 * std::cos(end.lat * M_PI / 180));
  j.route.destination.push_back({{end.lon - dlon, end.lat - dlat}, {end.lon + dlon, end.lat - dlat},
                                 {end.lon + dlon, end.lat + dlat}, {end.lon - dlon, end.lat + dlat},
                                 {end.lon - dlon, end.lat - dlat}});
  return j;
}

// Every `step`-th fix (and the last), with up to `noise_m` of GPS error, seeded.
std::vector<Fix> Thin(const std::vector<Fix>& track, size_t step, double noise_m, uint32_t seed = 7) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> err(0, noise_m / 2);
  std::vector<Fix> out;
  for (size_t i = 0; i < track.size(); i += step) out.push_back(track[i]);
  if (out.back().time_ms != track.back().time_ms) out.push_back(track.back());
  for (auto& f : out) {
    f.lat += err(rng) / 111320.0;
    f.lon += err(rng) / (111320.0 * std::cos(f.lat * M_PI / 180));
  }
  return out;
}

std::vector<Alert> Replayed(const Route& route, const std::vector<Fix>& fixes, PipelineCounts* counts = nullptr,
                       Thresholds t = {}) {
  auto geometry = RouteGeometry::Build(route);
  EXPECT_TRUE(geometry.ok()) << geometry.status().ToString();
  if (!geometry.ok()) return {};
  Pipeline p(route, *geometry.value(), t);
  std::vector<Alert> alerts;
  for (const auto& f : fixes) p.Process(f, alerts);
  if (counts) *counts = p.counts();
  return alerts;
}

std::string Kinds(const std::vector<Alert>& alerts) {
  std::string out;
  for (const auto& a : alerts) out += std::string(out.empty() ? "" : " ") + AlertKindName(a.kind);
  return out;
}

class RealTrack : public ::testing::Test {
 protected:
  void SetUp() override {
    auto j = LoadAlmaty();
    if (!j) GTEST_SKIP() << "no tracking data in the shared data directory (tracking/mapmatching_kubicka)";
    journey_ = std::move(*j);
  }
  RealJourney journey_;
};

TEST_F(RealTrack, ACleanJourneyRaisesNothingButItsArrival) {
  // Seals report every 10 to 60 s; phones every few minutes (chords across the bends).
  for (size_t step : {10, 30, 60, 180, 300}) {
    auto alerts = Replayed(journey_.route, Thin(journey_.track, step, 25));
    EXPECT_EQ(Kinds(alerts), "arrived") << "a fix every " << step << " s";
  }
}

TEST_F(RealTrack, ADetourLeavesAndReturns) {
  auto fixes = Thin(journey_.track, 20, 10);
  size_t from = fixes.size() / 3, to = from + 8;
  for (size_t i = from; i < to; ++i) {  // up to 1.5 km north of the road, at a truck's pace (20 s apart)
    double metres = std::min({1500.0, 500.0 * static_cast<double>(i - from + 1), 500.0 * static_cast<double>(to - i)});
    fixes[i].lat += metres / 111320.0;
  }
  auto alerts = Replayed(journey_.route, fixes);
  ASSERT_EQ(Kinds(alerts), "corridor_exit corridor_return arrived");
  EXPECT_EQ(alerts[0].time_ms, fixes[from].time_ms);
  EXPECT_EQ(alerts[1].time_ms, fixes[to].time_ms);
}

TEST_F(RealTrack, ALongStopOutsideAuthorisedStopsAlertsOnceAndNotAtABorderPost) {
  auto base = Thin(journey_.track, 20, 0);
  size_t at = base.size() / 2;
  auto with_stop = [&](const Route& route) {
    std::vector<Fix> fixes(base.begin(), base.begin() + static_cast<long>(at) + 1);
    std::mt19937 rng(3);
    std::normal_distribution<double> err(0, 8);
    Fix still = base[at];
    for (int minute = 1; minute <= 60; ++minute) {  // an hour parked, GPS wandering a few metres
      Fix f = still;
      f.time_ms += minute * 60000;
      f.lat += err(rng) / 111320.0;
      fixes.push_back(f);
    }
    for (size_t i = at + 1; i < base.size(); ++i) {
      fixes.push_back(base[i]);
      fixes.back().time_ms += 60 * 60000;
    }
    return Replayed(route, fixes);
  };
  auto alerts = with_stop(journey_.route);
  ASSERT_EQ(Kinds(alerts), "long_stop arrived");
  EXPECT_EQ(alerts[0].time_ms, base[at].time_ms + 45 * 60000) << "detected at the first fix past 45 minutes";
  EXPECT_NEAR(alerts[0].lat, base[at].lat, 1e-9);
  Route with_post = journey_.route;  // the same place made an authorised stop
  const Fix& p = base[at];
  double d = 0.002;
  with_post.stops.push_back({{p.lon - d, p.lat - d}, {p.lon + d, p.lat - d}, {p.lon + d, p.lat + d}, {p.lon - d, p.lat + d},
                             {p.lon - d, p.lat - d}});
  EXPECT_EQ(Kinds(with_stop(with_post)), "arrived");
}

TEST_F(RealTrack, TheSealsOwnStateAlerts) {
  auto fixes = Thin(journey_.track, 20, 5);
  fixes[10].seal = SealState::kOpened;
  for (size_t i = 11; i < 20; ++i) fixes[i].seal = SealState::kOpened;  // reported again: one alert
  fixes[20].seal = SealState::kClosed;
  fixes[30].seal = SealState::kCut;
  auto alerts = Replayed(journey_.route, fixes);
  ASSERT_EQ(Kinds(alerts), "seal_opened seal_cut arrived");
  EXPECT_EQ(alerts[0].time_ms, fixes[10].time_ms);
  EXPECT_EQ(alerts[1].time_ms, fixes[30].time_ms);
}

TEST_F(RealTrack, SilenceIsOfflineAndLatenessOverdue) {
  auto fixes = Thin(journey_.track, 20, 5);
  size_t gap = fixes.size() / 2;
  for (size_t i = gap; i < fixes.size(); ++i) fixes[i].time_ms += 40 * 60000;  // 40 silent minutes
  auto alerts = Replayed(journey_.route, fixes);
  ASSERT_EQ(Kinds(alerts), "offline arrived");
  EXPECT_EQ(alerts[0].time_ms, fixes[gap - 1].time_ms + 30 * 60000);
  Route tight = journey_.route;
  tight.time_limit_h = 0.25;  // the drive takes 22 minutes
  auto late = Replayed(tight, Thin(journey_.track, 20, 5));
  ASSERT_EQ(Kinds(late), "overdue arrived");
  EXPECT_EQ(late[0].time_ms, kStart + 1000 + 15 * 60000);
}

TEST_F(RealTrack, BadFixesAreRefusedAndCountedAndTheOtherDeviceIsUnaffected) {
  auto good = Thin(journey_.track, 20, 5);
  std::vector<Fix> mixed;
  for (size_t i = 0; i < good.size(); ++i) {
    mixed.push_back(good[i]);
    Fix other = good[i];
    other.device = "ESEAL-2";
    mixed.push_back(other);
    if (i == 5) {
      Fix nan = good[i];
      nan.lat = NAN;
      Fix far = good[i];
      far.time_ms += 1000;
      far.lat += 2;  // 220 km in a second
      Fix old = good[i - 2];
      Fix old_epoch = good[i];
      old_epoch.time_ms = 1000;
      mixed.insert(mixed.end(), {nan, far, old, good[i], old_epoch});
    }
  }
  PipelineCounts counts;
  auto alerts = Replayed(journey_.route, mixed, &counts);
  EXPECT_EQ(Kinds(alerts), "arrived arrived");
  EXPECT_EQ(counts.invalid, 2u);
  EXPECT_EQ(counts.out_of_order, 2u);
  EXPECT_EQ(counts.impossible_jump, 1u);
  EXPECT_EQ(counts.accepted, 2 * good.size());
}

// A synthetic L-shaped corridor (north 22 km, then east 25 km). Sparse fixes across the bend draw
// a segment outside the corridor, as a truck that followed the road would: not an alarm. The same
// segment in half the time could not have followed the road: a shortcut off the corridor.
TEST(Corridor, ASparseSegmentOffTheCorridorIsAShortcutOnlyWhenTheRoadWasTooLong) {
  Route r;
  r.width_m = 500;
  r.corridor = {{69.0, 41.0}, {69.0, 41.2}, {69.3, 41.2}};
  r.destination.push_back({{69.29, 41.19}, {69.31, 41.19}, {69.31, 41.21}, {69.29, 41.21}, {69.29, 41.19}});
  auto fix = [](int minute, double lat, double lon) {
    Fix f;
    f.device = "PHONE-1";
    f.time_ms = kStart + minute * 60000;
    f.lat = lat;
    f.lon = lon;
    return f;
  };
  // 23.7 km along the road in 20 minutes (71 km/h): it went round the bend.
  auto bend = Replayed(r, {fix(0, 41.0, 69.0), fix(10, 41.1, 69.0), fix(30, 41.2, 69.15), fix(45, 41.2, 69.3)});
  EXPECT_EQ(Kinds(bend), "arrived");
  // 29.3 km along the road in 10 minutes (176 km/h), 21 km straight (126 km/h): it cut across.
  auto cut = Replayed(r, {fix(0, 41.0, 69.0), fix(10, 41.05, 69.0), fix(20, 41.2, 69.15), fix(35, 41.2, 69.3)});
  ASSERT_EQ(Kinds(cut), "corridor_exit corridor_return arrived");
  EXPECT_EQ(cut[0].time_ms, kStart + 15 * 60000) << "dated between the two fixes";
  EXPECT_EQ(cut[0].detail.code, "alert_shortcut");
  EXPECT_EQ(cut[0].detail.Param("km").substr(0, 3), "29.") << cut[0].detail.text;
  EXPECT_EQ(cut[0].detail.Param("minutes"), "10");
  EXPECT_NE(cut[0].detail.text.find("km along it in 10 min"), std::string::npos) << cut[0].detail.text;
  auto along = Replayed(r, {fix(0, 41.0, 69.0), fix(10, 41.1, 69.0), fix(20, 41.2, 69.0), fix(30, 41.2, 69.15),
                       fix(40, 41.2, 69.3)});
  EXPECT_EQ(Kinds(along), "arrived");
}

TEST(RouteGeoJson, ReadsTheLibrarysFormatAndRefusesWhatIsNotARoute) {
  auto ok = ParseRouteGeoJson(R"({"type":"FeatureCollection","properties":{"name":"Tashkent-Termez"},"features":[
    {"type":"Feature","properties":{"width_m":800,"time_limit_h":18},"geometry":{"type":"LineString","coordinates":[[69.2,41.3],[67.3,37.2]]}},
    {"type":"Feature","properties":{"role":"destination"},"geometry":{"type":"Polygon","coordinates":[[[67.2,37.1],[67.4,37.1],[67.4,37.3],[67.2,37.1]]]}},
    {"type":"Feature","properties":{"role":"stop"},"geometry":{"type":"Polygon","coordinates":[[[68,39],[68.1,39],[68.1,39.1],[68,39]]]}}]})");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->name, "Tashkent-Termez");
  EXPECT_EQ(ok->width_m, 800);
  EXPECT_EQ(ok->time_limit_h, 18);
  EXPECT_EQ(ok->stops.size(), 1u);
  for (const char* bad : {
           "", "[]", R"({"type":"Feature"})",
           R"({"type":"FeatureCollection","features":[]})",  // no corridor
           R"({"type":"FeatureCollection","features":[{"properties":{},"geometry":{"type":"LineString","coordinates":[[69,41],[70,41]]}}]})",
           R"({"type":"FeatureCollection","features":[{"properties":{"width_m":100},"geometry":{"type":"LineString","coordinates":[[69,41],[70,91]]}}]})",
           R"({"type":"FeatureCollection","features":[{"properties":{"width_m":100},"geometry":{"type":"LineString","coordinates":[[69,41],[70,41]]}}]})",
           R"({"type":"FeatureCollection","features":[{"properties":{"width_m":100},"geometry":{"type":"LineString","coordinates":[[69,41],[70,41]]}},{"properties":{"role":"destination"},"geometry":{"type":"Polygon","coordinates":[[[1,1],[2,2],[1,1]]]}}]})",
           R"({"type":"FeatureCollection","features":[{"properties":{"width_m":100},"geometry":{"type":"Point","coordinates":[69,41]}}]})",
       }) {
    auto r = ParseRouteGeoJson(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) EXPECT_EQ(r.status().code(), "bad_route") << bad;
  }
}

TEST(FixesCsv, ParsesRowsAndCountsWhatItCannotRead) {
  auto f = ParseFixesCsv(
      "device_id,time,lat,lon,speed_kmh,seal\n"
      "S1,2026-12-01T10:00:00Z,41.3,69.2,52.5,closed\n"
      "S1,2026-12-01T15:01:00+05:00,41.31,69.21,,\n"
      "S1,yesterday,41.3,69.2,,\n"
      "S1,2026-12-01T10:02:00Z,north,69.2,,\n"
      "S1,2026-12-01T10:03:00Z,41.3,69.2,,ajar\n"
      "S1,2026-12-01T10:04:00Z,41.3\n");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  ASSERT_EQ(f->fixes.size(), 2u);
  EXPECT_EQ(f->fixes[0].time_ms, *ParseTimestamp("2026-12-01T10:00:00Z"));
  EXPECT_EQ(f->fixes[1].time_ms, *ParseTimestamp("2026-12-01T10:01:00Z")) << "offsets are honoured";
  EXPECT_EQ(f->fixes[0].seal, SealState::kClosed);
  EXPECT_TRUE(std::isnan(f->fixes[1].speed_kmh));
  EXPECT_EQ(f->malformed, 4u);
  ASSERT_EQ(f->problems.size(), 4u);
  EXPECT_EQ(f->problems[0], "line 4: time is not an RFC 3339 timestamp");
  EXPECT_FALSE(ParseFixesCsv("id,lat,lon\n1,2,3\n").ok());
}

TEST(Timestamps, Rfc3339) {
  EXPECT_EQ(ParseTimestamp("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseTimestamp("1970-01-01T00:00:01.5Z"), 1500);
  EXPECT_EQ(ParseTimestamp("1970-01-01T05:00:00+05:00"), 0);
  EXPECT_EQ(ParseTimestamp("2026-12-01t10:00:00.123456z"), *ParseTimestamp("2026-12-01T10:00:00.123Z"));
  for (const char* bad : {"", "2026-12-01", "2026-12-01T10:00:00", "2026-12-01T24:00:00Z", "2026-02-30T10:00:00Z",
                          "2026-12-01T10:00:60Z", "2026-12-01T10:00:00.Z", "2026-12-01T10:00:00+5:00", "2026-12-01T10:00:00Zx"})
    EXPECT_FALSE(ParseTimestamp(bad).has_value()) << bad;
}

// Simulated trucks (tracking simulate, bench/tracking) on a 120 km corridor with a border post:
// a clean truck with GPS noise at a fix a minute raises nothing but its arrival; those drawn to
// deviate, park or have their seal opened raise exactly that.
TEST(Simulation, TrucksRaiseWhatTheyWereDrawnToDoAndNothingElse) {
  Route r;
  r.width_m = 500;
  r.time_limit_h = 12;
  r.corridor = {{69.0, 41.0}, {69.5, 41.1}, {70.0, 41.05}, {70.4, 41.3}};
  r.destination.push_back({{70.38, 41.28}, {70.42, 41.28}, {70.42, 41.32}, {70.38, 41.32}, {70.38, 41.28}});
  r.stops.push_back({{69.49, 41.09}, {69.51, 41.09}, {69.51, 41.11}, {69.49, 41.11}, {69.49, 41.09}});
  auto geometry = RouteGeometry::Build(r).value();
  auto drive = [&](uint64_t seed, SimulationOptions o) {
    SimulatedTruck truck(r, *geometry, "SEAL-" + std::to_string(seed), seed, o, kStart);
    Pipeline p(r, *geometry, {});
    std::vector<Alert> alerts;
    int fixes = 0;
    while (auto f = truck.Next()) {
      EXPECT_EQ(p.Process(*f, alerts), Refusal::kNone) << "fix " << fixes;
      ++fixes;
    }
    EXPECT_GT(fixes, 60);
    return std::make_pair(truck.plan(), Kinds(alerts));
  };
  SimulationOptions clean;
  clean.deviate = clean.long_stop = clean.seal_open = 0;
  for (uint64_t seed = 1; seed <= 10; ++seed) EXPECT_EQ(drive(seed, clean).second, "arrived") << "seed " << seed;
  SimulationOptions all;
  all.deviate = all.long_stop = all.seal_open = 1;
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    auto [plan, kinds] = drive(seed, all);
    ASSERT_TRUE(plan.deviates && plan.long_stop && plan.seal_opened);
    for (const char* k : {"corridor_exit", "corridor_return", "long_stop", "seal_opened", "arrived"})
      EXPECT_NE(kinds.find(k), std::string::npos) << k << " missing from: " << kinds << " (seed " << seed << ")";
    EXPECT_EQ(kinds.find("offline"), std::string::npos) << kinds;
    EXPECT_EQ(kinds.find("overdue"), std::string::npos) << kinds;
  }
}

// A live journey: bound at a time, the clock notices silence and the deadline without a fix; a
// fix stamped before the binding belongs to no journey.
TEST(LiveJourney, TheClockRaisesOfflineAndOverdueOnceAndOldFixesAreRefused) {
  Route r;
  r.width_m = 500;
  r.corridor = {{69.0, 41.0}, {69.0, 41.2}};
  r.destination.push_back({{68.99, 41.19}, {69.01, 41.19}, {69.01, 41.21}, {68.99, 41.21}, {68.99, 41.19}});
  auto geometry = RouteGeometry::Build(r).value();
  Pipeline p(r, *geometry, {});
  p.Begin("SEAL-1", kStart, kStart + 2 * 3600000);
  std::vector<Alert> alerts;
  Fix f;
  f.device = "SEAL-1";
  f.lat = 41.0;
  f.lon = 69.0;
  f.time_ms = kStart - 10 * 60000;
  EXPECT_EQ(p.Process(f, alerts), Refusal::kOutOfOrder) << "before the binding less 5 min of clock skew";
  f.time_ms = kStart - 60000;
  EXPECT_EQ(p.Process(f, alerts), Refusal::kNone) << "within the skew";
  p.Tick(kStart + 29 * 60000, alerts);
  EXPECT_EQ(Kinds(alerts), "");
  p.Tick(kStart + 31 * 60000, alerts);
  p.Tick(kStart + 40 * 60000, alerts);
  ASSERT_EQ(Kinds(alerts), "offline") << "once";
  EXPECT_EQ(alerts[0].time_ms, kStart - 60000 + 30 * 60000);
  f.time_ms = kStart + 41 * 60000;
  f.lat = 41.01;
  EXPECT_EQ(p.Process(f, alerts), Refusal::kNone);
  EXPECT_EQ(Kinds(alerts), "offline") << "the clock already told: the fix ending the silence adds nothing";
  p.Tick(kStart + 121 * 60000, alerts);
  p.Tick(kStart + 130 * 60000, alerts);
  EXPECT_EQ(Kinds(alerts), "offline offline overdue") << "silent again, then the deadline passed";
}

// A battery running down alerts once, below 15 %; a reading missing or above says nothing.
TEST(Battery, LowBatteryAlertsOnceWhenItFallsBelowTheThreshold) {
  Route r;
  r.width_m = 500;
  r.corridor = {{69.0, 41.0}, {69.0, 41.2}};
  r.destination.push_back({{68.99, 41.19}, {69.01, 41.19}, {69.01, 41.21}, {68.99, 41.21}, {68.99, 41.19}});
  auto geometry = RouteGeometry::Build(r).value();
  Pipeline p(r, *geometry, {});
  std::vector<Alert> alerts;
  const double levels[] = {40, NAN, 16, 14.5, 12, 9, 20, 8};
  for (int i = 0; i < 8; ++i) {
    Fix f;
    f.device = "TRK-1";
    f.time_ms = kStart + i * 60000;
    f.lat = 41.0 + 0.005 * i;
    f.lon = 69.0;
    f.battery = levels[i];
    ASSERT_EQ(p.Process(f, alerts), Refusal::kNone);
  }
  ASSERT_EQ(Kinds(alerts), "low_battery");
  EXPECT_EQ(alerts[0].time_ms, kStart + 3 * 60000) << "at the first reading under 15 %";
}

TEST(Closing, DischargedOnlyWithEverySealIntactAndNoAlertOpen) {
  Journey j;
  j.id = 7;
  j.seals = {"ESL-1", "ESL-2"};
  j.trackers = {"PHONE-1"};
  auto alert = [](int64_t id, AlertKind k, AlertState s) {
    JourneyAlert a;
    a.id = id;
    a.alert.kind = k;
    a.state = s;
    return a;
  };
  std::vector<SealCheck> intact = {{"ESL-1", true}, {"ESL-2", true}};
  std::vector<JourneyAlert> informative = {alert(1, AlertKind::kArrived, AlertState::kOpen),
                                           alert(2, AlertKind::kCorridorReturn, AlertState::kOpen),
                                           alert(3, AlertKind::kCorridorExit, AlertState::kResolved)};
  auto ok = DecideClose(j, informative, intact, {{"ESL-1", SealState::kClosed}});
  EXPECT_TRUE(ok.discharge) << (ok.reasons.empty() ? "" : ok.reasons[0].text);
  EXPECT_EQ(j.Devices(), (std::vector<std::string>{"ESL-1", "ESL-2", "PHONE-1"}));

  auto open = DecideClose(j, {alert(4, AlertKind::kLongStop, AlertState::kAcknowledged)}, intact, {});
  ASSERT_FALSE(open.discharge);
  ASSERT_EQ(open.reasons.size(), 1u);
  EXPECT_EQ(open.reasons[0].text, "alert 4 (long_stop) is not resolved");
  EXPECT_EQ(open.reasons[0].code, "close_alert_unresolved");
  EXPECT_EQ(open.reasons[0].Param("kind"), "long_stop");
  auto broken = DecideClose(j, {}, {{"ESL-1", false}, {"ESL-9", true}}, {{"ESL-2", SealState::kCut}});
  std::vector<std::string> texts, codes;
  for (const auto& r : broken.reasons) texts.push_back(r.text), codes.push_back(r.code + ":" + r.Param("seal"));
  EXPECT_EQ(texts, (std::vector<std::string>{"seal ESL-1 found broken at destination",
                                             "seal ESL-9 was not fitted at departure",
                                             "seal ESL-2 not checked at destination",
                                             "seal ESL-2 last reported itself cut"}));
  EXPECT_EQ(codes, (std::vector<std::string>{"close_seal_broken:ESL-1", "close_seal_not_fitted:ESL-9",
                                             "close_seal_not_checked:ESL-2", "close_seal_reported_cut:ESL-2"}));
}

TEST(Binding, DeclaredSealsAreTheOnesBound) {
  EXPECT_EQ(SealsToBind({"S-1", "S-2"}, {}).value(), (std::vector<std::string>{"S-1", "S-2"})) << "none named: the declared";
  EXPECT_EQ(SealsToBind({"S-1", "S-2"}, {"S-2", "S-1"}).value(), (std::vector<std::string>{"S-2", "S-1"}));
  EXPECT_EQ(SealsToBind({}, {"S-7"}).value(), std::vector<std::string>{"S-7"}) << "nothing declared: as named";
  auto differ = SealsToBind({"S-1", "S-2"}, {"S-1", "S-3"});
  ASSERT_FALSE(differ.ok());
  EXPECT_EQ(differ.status().code(), "seals_differ");
  EXPECT_NE(differ.status().message().find("S-2 is declared but not named"), std::string::npos);
  EXPECT_NE(differ.status().message().find("S-3 is not in the declaration"), std::string::npos);
}

TEST(Timeline, JourneyEventsInTimeOrderWithWhoAndWhy) {
  Journey j;
  j.id = 5;
  j.route_id = "tashkent-almaty";
  j.seals = {"S-1"};
  j.started_ms = 1000;
  j.started_by = "user:3 (inspector)";
  JourneyAlert stop;
  stop.id = 9;
  stop.journey_id = 5;
  stop.alert = {AlertKind::kLongStop, "S-1", 5000, 41, 69, {"alert_long_stop", {{"minutes", "52"}}, "stationary 52 min"}};
  stop.acknowledged_ms = 6000;
  stop.acknowledged_by = "user:3 (inspector)";
  stop.resolved_ms = 7000;
  stop.resolved_by = "user:4 (supervisor)";
  stop.note = "driver rested";
  JourneyAlert arrived;
  arrived.id = 10;
  arrived.alert = {AlertKind::kArrived, "S-1", 6500, 41, 69, {"alert_arrived", {}, "inside"}};
  auto open = JourneyTimeline(j, {stop, arrived});
  std::string seen;
  for (const auto& e : open) seen += e.type + "@" + std::to_string(e.at_ms) + " ";
  EXPECT_EQ(seen, "journey_started@1000 transit_alert@5000 transit_alert_acknowledged@6000 transit_alert@6500 "
                  "transit_alert_resolved@7000 ");
  EXPECT_EQ(open[0].message.code, "journey_started_sealed");
  EXPECT_EQ(open[0].message.Param("seals"), "S-1");
  EXPECT_EQ(open[1].message.Param("minutes"), "52") << "the alert's own detail";
  EXPECT_EQ(open[4].note, "driver rested");
  EXPECT_EQ(open[4].actor, "user:4 (supervisor)");

  j.state = JourneyStatus::kEnquiry;
  j.closed_ms = 8000;
  j.closed_by = "user:3 (inspector)";
  j.close_reasons = {{"close_seal_broken", {{"seal", "S-1"}}, "seal S-1 found broken at destination"}};
  auto closed = JourneyTimeline(j, {stop, arrived});
  ASSERT_EQ(closed.size(), 6u);
  EXPECT_EQ(closed.back().type, "transit_closed");
  EXPECT_EQ(closed.back().kind, "enquiry");
  EXPECT_EQ(closed.back().message.code, "transit_enquiry");
  ASSERT_EQ(closed.back().reasons.size(), 1u);
  EXPECT_EQ(closed.back().reasons[0].code, "close_seal_broken");
}

TEST(Alerts, AcknowledgedThenResolvedWithANoteNeverReopened) {
  JourneyAlert a;
  a.id = 3;
  EXPECT_TRUE(CheckAlertMove(a, AlertState::kAcknowledged, "").ok());
  EXPECT_EQ(CheckAlertMove(a, AlertState::kResolved, "  ").code(), "note_required");
  EXPECT_TRUE(CheckAlertMove(a, AlertState::kResolved, "escorted").ok()) << "resolving needs no acknowledgement first";
  a.state = AlertState::kAcknowledged;
  EXPECT_EQ(CheckAlertMove(a, AlertState::kAcknowledged, "").code(), "alert_acknowledged");
  a.state = AlertState::kResolved;
  EXPECT_EQ(CheckAlertMove(a, AlertState::kAcknowledged, "").code(), "alert_resolved");
  EXPECT_EQ(CheckAlertMove(a, AlertState::kResolved, "again").code(), "alert_resolved");
  EXPECT_TRUE(ValidateRouteId("tashkent-termez.v2").ok());
  EXPECT_EQ(ValidateRouteId("Tashkent").code(), "invalid_route_id");
  EXPECT_EQ(ValidateRouteId("").code(), "invalid_route_id");
}

}  // namespace
}  // namespace oc::tracking
