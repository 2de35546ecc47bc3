// Routes for cargo in transit: the route library, journeys, their tracks and alerts, closing the
// transit, the live positions, and the phones' OsmAnd reports.
#include <cctype>
#include <cmath>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/localise.h"
#include "api/problem.h"
#include "api/request_util.h"
#include "clearance/tracking_service.h"
#include "common/dates.h"
#include "tracking/osmand.h"

namespace oc::api {

namespace {

using nlohmann::json;

json Number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json RouteJson(const tracking::RouteEntry& r, bool with_geometry) {
  json out = {{"id", r.id}, {"version", r.version}, {"name", r.name}, {"created_by", r.created_by},
              {"created_at", TimestampOrEmpty(r.created_ms)}};
  if (with_geometry) out["geojson"] = json::parse(r.geojson, nullptr, false);
  return out;
}

json JourneyJson(const tracking::Journey& j, std::string_view lang) {
  json checks = json::array();
  for (const auto& c : j.seal_checks) checks.push_back({{"seal", c.seal}, {"intact", c.intact}});
  return {{"id", j.id},
          {"declaration", j.declaration_id},
          {"mrn", j.mrn},
          {"declarant_tin", j.declarant_tin},
          {"carrier_tin", j.carrier_tin},
          {"route", j.route_id},
          {"route_version", j.route_version},
          {"seals", j.seals},
          {"trackers", j.trackers},
          {"state", tracking::JourneyStatusName(j.state)},
          {"started_at", TimestampOrEmpty(j.started_ms)},
          {"started_by", j.started_by},
          {"deadline", j.deadline_ms ? json(FormatTimestamp(j.deadline_ms)) : json(nullptr)},
          {"arrived_at", j.arrived_ms ? json(FormatTimestamp(j.arrived_ms)) : json(nullptr)},
          {"closed_at", j.closed_ms ? json(FormatTimestamp(j.closed_ms)) : json(nullptr)},
          {"closed_by", j.closed_by},
          {"close_note", j.close_note},
          {"seal_checks", checks},
          {"close_reasons", MessagesJson(j.close_reasons, lang)}};
}

json FixJson(const tracking::Fix& f) {
  return {{"device", f.device},
          {"time", FormatTimestamp(f.time_ms)},
          {"lat", Number(f.lat)},
          {"lon", Number(f.lon)},
          {"speed_kmh", Number(f.speed_kmh)},
          {"heading", Number(f.heading)},
          {"seal", tracking::SealStateName(f.seal)},
          {"battery", Number(f.battery)}};
}

json AlertJson(const tracking::JourneyAlert& a, std::string_view lang) {
  return {{"id", a.id},
          {"journey", a.journey_id},
          {"kind", tracking::AlertKindName(a.alert.kind)},
          {"device", a.alert.device},
          {"time", FormatTimestamp(a.alert.time_ms)},
          {"lat", Number(a.alert.lat)},
          {"lon", Number(a.alert.lon)},
          {"detail", LocalisedText(a.alert.detail, lang)},
          {"detail_message", MessageJson(a.alert.detail, lang)},
          {"state", tracking::AlertStateName(a.state)},
          {"blocks_discharge", tracking::AlertBlocksDischarge(a.alert.kind)},
          {"acknowledged_by", a.acknowledged_by},
          {"acknowledged_at", a.acknowledged_ms ? json(FormatTimestamp(a.acknowledged_ms)) : json(nullptr)},
          {"resolved_by", a.resolved_by},
          {"resolved_at", a.resolved_ms ? json(FormatTimestamp(a.resolved_ms)) : json(nullptr)},
          {"note", a.note}};
}

// `to_json` with the caller's language bound, for RespondOne / RespondList.
template <typename T>
auto InLanguage(json (*to_json)(const T&, std::string_view), std::string lang) {
  return [to_json, lang = std::move(lang)](const T& x) { return to_json(x, lang); };
}

Result<int64_t> IdParam(const HttpRequest& req, const char* name) {
  const std::string& text = req.params.at(name);
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v <= 0)
    return Status::NotFound(std::string("unknown_") + (std::string(name) == "alert" ? "alert" : "journey"),
                            "no " + std::string(name) + " " + text);
  return static_cast<int64_t>(v);
}

Result<int64_t> TimeParam(const HttpRequest& req, const char* name) {
  std::string text = req.Query(name);
  if (text.empty()) return int64_t{0};
  auto t = ParseTimestamp(text);
  if (!t) return Status::Invalid("invalid_time", std::string("'") + name + "' must be an RFC 3339 time");
  return *t;
}

Result<std::vector<std::string>> StringList(const json& body, const char* key) {
  std::vector<std::string> out;
  if (!body.contains(key) || body[key].is_null()) return out;
  if (!body[key].is_array() || body[key].size() > 32)
    return Status::Invalid("invalid_" + std::string(key), std::string("'") + key + "' must be an array of at most 32 device ids");
  for (const auto& v : body[key]) {
    if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().size() > 64)
      return Status::Invalid("invalid_" + std::string(key), std::string("'") + key + "' must hold device ids");
    out.push_back(v.get<std::string>());
  }
  return out;
}

Result<StartJourney> StartFrom(const HttpRequest& req) {
  auto body = ParseBodyObject(req);
  if (!body.ok()) return body.status();
  if (Status st = RejectUnknownKeys(body.value(), {"route", "seals", "trackers", "time_limit_h"}); !st.ok()) return st;
  StartJourney s;
  auto route = OptString(body.value(), "route", 64);
  if (!route.ok()) return route.status();
  if (route->empty()) return Status::Invalid("route_required", "'route' names a route of the library");
  s.route_id = route.value();
  auto seals = StringList(body.value(), "seals");
  if (!seals.ok()) return seals.status();
  s.seals = seals.value();
  auto trackers = StringList(body.value(), "trackers");
  if (!trackers.ok()) return trackers.status();
  s.trackers = trackers.value();
  const json& b = body.value();
  if (b.contains("time_limit_h") && !b["time_limit_h"].is_null()) {
    if (!b["time_limit_h"].is_number())
      return Status::Invalid("invalid_time_limit", "'time_limit_h' must be a number of hours");
    s.time_limit_h = b["time_limit_h"].get<double>();
  }
  return s;
}

Result<CloseTransit> CloseFrom(const HttpRequest& req) {
  auto body = ParseBodyObject(req);
  if (!body.ok()) return body.status();
  if (Status st = RejectUnknownKeys(body.value(), {"seal_checks", "note"}); !st.ok()) return st;
  CloseTransit c;
  auto note = OptString(body.value(), "note", 2000);
  if (!note.ok()) return note.status();
  c.note = note.value();
  const json& b = body.value();
  const json checks = b.contains("seal_checks") ? b["seal_checks"] : json::array();
  if (!checks.is_array() || checks.size() > 32)
    return Status::Invalid("invalid_seal_checks", "'seal_checks' must be an array of {seal, intact}");
  for (const auto& c_json : checks) {
    if (!c_json.is_object() || !c_json.contains("seal") || !c_json["seal"].is_string() || !c_json.contains("intact") ||
        !c_json["intact"].is_boolean())
      return Status::Invalid("invalid_seal_checks", "each seal check is {\"seal\": id, \"intact\": true|false}");
    c.checks.push_back({c_json["seal"].get<std::string>(), c_json["intact"].get<bool>()});
  }
  return c;
}

std::string PercentEncode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

void RegisterTrackingRoutes(Router& router, ApiContext& ctx) {
  if (!ctx.tracking) return;
  TrackingService& tracking = *ctx.tracking;

  router.Authed("GET", "/v1/routes", Access::kUseReferenceData,
                [&tracking](HttpRequest& req, const Principal& who, Respond respond) {
    bool geometry = req.Query("geometry") == "true";
    RespondList(respond, tracking.Routes(who), [geometry](const auto& r) { return RouteJson(r, geometry); });
  });
  router.Authed("GET", "/v1/routes/{id}", Access::kUseReferenceData,
                [&tracking](HttpRequest& req, const Principal& who, Respond respond) {
    auto version = IntParam(req, "version", 0, 0, 1 << 30);
    if (!version.ok()) return respond(StatusResponse(version.status()));
    RespondOne(respond, tracking.Route(who, req.params["id"], version.value()),
               [](const auto& r) { return RouteJson(r, true); });
  });
  router.Authed("PUT", "/v1/routes/{id}", Access::kManageRoutes,
                [&ctx, &tracking](HttpRequest& req, const Principal& who, Respond respond) {
    boost::asio::post(ctx.blocking, [&tracking, who, id = req.params["id"], body = req.body, respond]() mutable {
      RespondOne(respond, tracking.PutRoute(who, id, std::move(body)), [](const auto& r) { return RouteJson(r, true); },
                 201);
    });
  }, "");

  router.Authed("GET", "/v1/tracking/basemap", Access::kUseReferenceData,
                [&tracking](HttpRequest&, const Principal& who, Respond respond) {
    auto map = tracking.Basemap(who);
    if (!map.ok()) return respond(StatusResponse(map.status()));
    HttpResponse r;
    r.status = 200;
    r.body = std::move(map.value());
    r.headers.emplace_back("Cache-Control", "private, max-age=86400");
    respond(std::move(r));
  });

  router.Authed("POST", "/v1/declarations/{ref}/journey", Late(Access::kWatchJourneys),
                [&ctx, &tracking](HttpRequest& req, const Principal& who, Respond respond) {
    auto start = StartFrom(req);
    if (!start.ok()) return respond(StatusResponse(start.status()));
    boost::asio::post(ctx.blocking, [&tracking, who, ref = req.params["ref"], s = std::move(start.value()), respond,
                                     lang = RequestLanguage(req)]() mutable {
      RespondOne(respond, tracking.Start(who, ref, std::move(s)), InLanguage(JourneyJson, lang), 201);
    });
  });
  router.Authed("GET", "/v1/declarations/{ref}/journey", Access::kReadJourneys,
                [&tracking](HttpRequest& req, const Principal& who, Respond respond) {
    RespondOne(respond, tracking.OfDeclaration(who, req.params["ref"]), InLanguage(JourneyJson, RequestLanguage(req)));
  });
  router.Authed("GET", "/v1/journeys", Access::kReadJourneys,
                [&tracking](HttpRequest& req, const Principal& who, Respond respond) {
    auto limit = IntParam(req, "limit", 100, 1, 1000);
    if (!limit.ok()) return respond(StatusResponse(limit.status()));
    auto after = IntParam(req, "after", 0, 0, INT32_MAX);
    if (!after.ok()) return respond(StatusResponse(after.status()));
    JourneyFilter f;
    f.open_only = req.Query("open") == "true";
    f.after_id = after.value();
    f.limit = limit.value();
    RespondList(respond, tracking.List(who, f), InLanguage(JourneyJson, RequestLanguage(req)));
  });
  router.Authed("GET", "/v1/journeys/{id}", Access::kReadJourneys,
                [&tracking](HttpRequest& req, const Principal& who, Respond respond) {
    auto id = IdParam(req, "id");
    if (!id.ok()) return respond(StatusResponse(id.status()));
    RespondOne(respond, tracking.Get(who, id.value()), InLanguage(JourneyJson, RequestLanguage(req)));
  });
  router.Authed("GET", "/v1/journeys/{id}/track", Access::kReadJourneys,
                [&tracking](HttpRequest& req, const Principal& who, Respond respond) {
    auto id = IdParam(req, "id");
    if (!id.ok()) return respond(StatusResponse(id.status()));
    auto from = TimeParam(req, "from");
    if (!from.ok()) return respond(StatusResponse(from.status()));
    auto to = TimeParam(req, "to");
    if (!to.ok()) return respond(StatusResponse(to.status()));
    auto limit = IntParam(req, "limit", 10000, 1, 100000);
    if (!limit.ok()) return respond(StatusResponse(limit.status()));
    RespondList(respond, tracking.Track(who, id.value(), from.value(), to.value(), limit.value()), FixJson);
  });
  router.Authed("GET", "/v1/journeys/{id}/alerts", Access::kReadJourneys,
                [&tracking](HttpRequest& req, const Principal& who, Respond respond) {
    auto id = IdParam(req, "id");
    if (!id.ok()) return respond(StatusResponse(id.status()));
    auto j = tracking.Get(who, id.value());
    if (!j.ok()) return respond(StatusResponse(j.status()));
    AlertFilter f;
    f.journey_id = id.value();
    f.limit = 10000;
    RespondList(respond, tracking.Alerts(who, f), InLanguage(AlertJson, RequestLanguage(req)));
  });
  router.Authed("POST", "/v1/journeys/{id}/close", Access::kWatchJourneys,
                [&ctx, &tracking](HttpRequest& req, const Principal& who, Respond respond) {
    auto id = IdParam(req, "id");
    if (!id.ok()) return respond(StatusResponse(id.status()));
    auto close = CloseFrom(req);
    if (!close.ok()) return respond(StatusResponse(close.status()));
    boost::asio::post(ctx.blocking, [&tracking, who, id = id.value(), c = std::move(close.value()), respond,
                                     lang = RequestLanguage(req)]() mutable {
      auto out = tracking.Close(who, id, std::move(c));
      if (!out.ok()) return respond(StatusResponse(out.status()));
      respond(JsonResponse(200, {{"journey", JourneyJson(out->journey, lang)},
                                 {"discharged", out->decision.discharge},
                                 {"reasons", MessagesJson(out->decision.reasons, lang)}}));
    });
  });

  router.Authed("GET", "/v1/tracking/positions", Access::kReadJourneys,
                [&tracking](HttpRequest&, const Principal& who, Respond respond) {
    auto positions = tracking.Positions(who);
    if (!positions.ok()) return respond(StatusResponse(positions.status()));
    json items = json::array();
    for (const auto& [journey, fix] : positions.value()) {
      json p = FixJson(fix);
      p["journey"] = journey;
      items.push_back(std::move(p));
    }
    respond(JsonResponse(200, {{"items", items}}));
  });
  router.Authed("GET", "/v1/tracking/alerts", Access::kReadJourneys,
                [&tracking](HttpRequest& req, const Principal& who, Respond respond) {
    auto limit = IntParam(req, "limit", 100, 1, 1000);
    if (!limit.ok()) return respond(StatusResponse(limit.status()));
    auto after = IntParam(req, "after", 0, 0, INT32_MAX);
    if (!after.ok()) return respond(StatusResponse(after.status()));
    AlertFilter f;
    f.unresolved_only = req.Query("unresolved") == "true";
    f.after_id = after.value();
    f.limit = limit.value();
    RespondList(respond, tracking.Alerts(who, f), InLanguage(AlertJson, RequestLanguage(req)));
  });
  for (auto [verb, to] : {std::pair{"acknowledge", tracking::AlertState::kAcknowledged},
                          std::pair{"resolve", tracking::AlertState::kResolved}}) {
    router.Authed("POST", std::string("/v1/tracking/alerts/{alert}/") + verb, Access::kWatchJourneys,
                  [&ctx, &tracking, to = to](HttpRequest& req, const Principal& who, Respond respond) {
      auto id = IdParam(req, "alert");
      if (!id.ok()) return respond(StatusResponse(id.status()));
      auto body = ParseBodyObject(req);
      if (!body.ok()) return respond(StatusResponse(body.status()));
      if (Status st = RejectUnknownKeys(body.value(), {"note"}); !st.ok()) return respond(StatusResponse(st));
      auto note = OptString(body.value(), "note", 2000);
      if (!note.ok()) return respond(StatusResponse(note.status()));
      boost::asio::post(ctx.blocking, [&tracking, who, id = id.value(), to, note = note.value(), respond,
                                       lang = RequestLanguage(req)]() mutable {
        RespondOne(respond, tracking.MoveAlert(who, id, to, std::move(note)), InLanguage(AlertJson, lang));
      });
    });
  }
  router.Authed("GET", "/v1/tracking/stats", Access::kReadReports,
                [&tracking](HttpRequest&, const Principal&, Respond respond) {
    IngestStats s = tracking.Stats();
    respond(JsonResponse(200, {{"messages", {{"accepted", s.gate.accepted},
                                             {"malformed", s.gate.malformed},
                                             {"unknown_device", s.gate.unknown_device},
                                             {"bad_signature", s.gate.bad_signature},
                                             {"replayed", s.gate.replayed},
                                             {"flooding", s.gate.flooding},
                                             {"wrong_topic", s.wrong_topic}}},
                               {"fixes", {{"accepted", s.fixes_accepted},
                                          {"refused", s.fixes_refused},
                                          {"stored", s.fixes_stored},
                                          {"not_on_journey", s.not_on_journey}}},
                               {"alerts", s.alerts},
                               {"store_failures", s.store_failures}}));
  });
  router.Authed("GET", "/v1/devices/{id}/input", Access::kReadDevices,
                [&tracking](HttpRequest& req, const Principal& who, Respond respond) {
    RespondOne(respond, tracking.Input(who, req.params["id"]), [](const DeviceInput& in) {
      return json{{"on_journey", in.on_journey},
                  {"flagged", in.flagged},
                  {"refused", {{"malformed", in.counts.malformed},
                               {"bad_signature", in.counts.bad_signature},
                               {"replayed", in.counts.replayed},
                               {"flooding", in.counts.flooding}}},
                  {"accepted", in.counts.accepted}};
    });
  });

  // Phones (Traccar Client, OsmAnd protocol): GET with a query or POST with a form. No
  // credentials but the device's id, as the protocol has none: only registered phones on an open
  // journey are heard, and their fixes go through the same pipeline as the seals'.
  auto osmand = [&tracking](HttpRequest& req, Respond respond) {
    std::string query = req.body;
    if (req.method == "GET") {
      query.clear();
      for (const auto& [k, v] : req.query) query += (query.empty() ? "" : "&") + PercentEncode(k) + "=" + PercentEncode(v);
    }
    auto fix = tracking::ParseOsmAnd(query);
    if (!fix.ok()) return respond(StatusResponse(fix.status()));
    Status st = tracking.ReceivePhoneFix(std::move(fix.value()));
    if (!st.ok()) return respond(StatusResponse(st));
    respond(JsonResponse(200, {{"accepted", true}}));
  };
  router.Public("GET", "/v1/osmand", osmand);
  router.Public("POST", "/v1/osmand", osmand, "");
}

}  // namespace oc::api
