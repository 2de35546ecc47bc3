// `tracking replay`: a route and a file of fixes through the journey pipeline, offline, with the
// alerts as JSON — the same steps the server runs on live fixes.
#include "cli/commands.h"

#include <nlohmann/json.hpp>

#include "common/dates.h"
#include "tracking/replay.h"

namespace oc::cli {

namespace {

nlohmann::json ReplayJson(const tracking::ReplayResult& r) {
  nlohmann::json alerts = nlohmann::json::array();
  for (const auto& a : r.alerts)
    alerts.push_back({{"kind", tracking::AlertKindName(a.kind)}, {"device", a.device}, {"time", FormatTimestamp(a.time_ms)},
                      {"lat", a.lat}, {"lon", a.lon}, {"detail", a.detail.text}});
  return {{"alerts", alerts},
          {"fixes", r.fixes},
          {"refused", r.refused},
          {"refused_by", {{"malformed", r.refused - r.counts.refused()}, {"invalid", r.counts.invalid},
                          {"out_of_order", r.counts.out_of_order}, {"impossible_jump", r.counts.impossible_jump}}}};
}

}  // namespace

void RegisterTracking(CLI::App& app, int& exit_code) {
  auto* tracking = app.add_subcommand("tracking", "Cargo tracking: journeys along corridors, alerts");
  tracking->require_subcommand(1);
  RegisterTrackingSimulate(*tracking, exit_code);
  struct Opts {
    std::string route, fixes, json;
    tracking::Thresholds t;
  };
  auto o = std::make_shared<Opts>();
  auto* replay = tracking->add_subcommand("replay", "Run a route and a file of fixes through the journey pipeline");
  replay->add_option("--route", o->route, "ROUTE.geojson: corridor (LineString, width_m, time_limit_h), destination "
                                          "and stops (Polygons with role)")->required();
  replay->add_option("--fixes", o->fixes, "FIXES.csv: device_id,time,lat,lon,speed_kmh,seal")->required();
  replay->add_option("--json", o->json, "write the result (alerts, fixes, refused) to this file as well");
  replay->add_option("--stop-minutes", o->t.stop_minutes, "a stop outside authorised stops longer than this alerts")
      ->capture_default_str()->check(CLI::Range(1.0, 1440.0));
  replay->add_option("--stop-radius-m", o->t.stop_radius_m, "fixes within this distance count as one stop")
      ->capture_default_str()->check(CLI::Range(10.0, 5000.0));
  replay->add_option("--offline-minutes", o->t.offline_minutes, "no fix for longer than this alerts")
      ->capture_default_str()->check(CLI::Range(1.0, 1440.0));
  replay->add_option("--jump-kmh", o->t.jump_kmh, "a fix implying a faster move is refused")
      ->capture_default_str()->check(CLI::Range(50.0, 2000.0));
  replay->callback([o, &exit_code] {
    auto route_text = ReadWholeFile(o->route);
    if (Failed(route_text.status(), exit_code, 2)) return;
    auto route = tracking::ParseRouteGeoJson(route_text.value());
    if (Failed(route.status(), exit_code, 2)) return;
    auto fixes_text = ReadWholeFile(o->fixes);
    if (Failed(fixes_text.status(), exit_code, 2)) return;
    auto fixes = tracking::ParseFixesCsv(fixes_text.value());
    if (Failed(fixes.status(), exit_code, 2)) return;
    for (const auto& p : fixes->problems) std::cerr << "refused: " << p << "\n";
    auto result = tracking::Replay(route.value(), fixes.value(), o->t);
    if (Failed(result.status(), exit_code, 2)) return;
    std::string text = ReplayJson(result.value()).dump(2);
    std::cout << text << "\n";
    if (!o->json.empty()) {
      std::ofstream out(o->json, std::ios::trunc);
      if (!(out << text << "\n")) Failed(Status::Internal("cannot write " + o->json), exit_code);
    }
  });
}

}  // namespace oc::cli
