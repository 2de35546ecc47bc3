#include "ledger/events.h"

#include <cmath>

#include "common/dates.h"
#include "ledger/jcs.h"

namespace oc::ledger::events {

using nlohmann::json;

Result<Event> Make(std::string type, int64_t declaration_id, int64_t at_ms, json event) {
  json entry = {{"type", type}, {"at", FormatTimestamp(at_ms)}, {"event", std::move(event)}};
  if (declaration_id > 0) entry["declaration"] = declaration_id;
  auto bytes = Canonicalize(entry);
  if (!bytes.ok()) return bytes.status();
  Event e{std::move(type), declaration_id, at_ms, std::move(bytes).value(), {}};
  e.leaf = HashLeaf(e.bytes);
  return e;
}

namespace {
json Number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
json JourneyRef(const tracking::Journey& j) {
  return {{"journey", j.id}, {"mrn", j.mrn}};
}
}  // namespace

Result<Event> JourneyStarted(const tracking::Journey& j) {
  json e = JourneyRef(j);
  e.update({{"route", j.route_id}, {"route_version", j.route_version}, {"seals", j.seals}, {"trackers", j.trackers},
            {"carrier", j.carrier_tin}, {"deadline", j.deadline_ms ? json(FormatTimestamp(j.deadline_ms)) : json(nullptr)},
            {"actor", j.started_by}});
  return Make("journey_started", j.declaration_id, j.started_ms, std::move(e));
}

Result<Event> ScanStored(const ScanRecord& s) {
  json e = {{"scan", s.id},          {"mrn", s.mrn},           {"container", s.container},
            {"format", s.meta.format}, {"object", s.meta.object}, {"modality", s.meta.modality},
            {"sop_instance_uid", s.meta.sop_instance_uid},     {"sha256", s.sha256},
            {"bytes", s.bytes},        {"actor", s.uploaded_by}};
  return Make("scan_stored", s.declaration_id, s.uploaded_ms, std::move(e));
}

Result<Event> TransitAlert(const tracking::Journey& j, const tracking::JourneyAlert& a) {
  json e = JourneyRef(j);
  e.update({{"alert", a.id}, {"kind", tracking::AlertKindName(a.alert.kind)}, {"device", a.alert.device},
            {"lat", Number(a.alert.lat)}, {"lon", Number(a.alert.lon)}, {"detail", a.alert.detail.text}});
  return Make("transit_alert", j.declaration_id, a.alert.time_ms, std::move(e));
}

Result<Event> AlertMoved(const tracking::Journey& j, const tracking::JourneyAlert& a, int64_t at_ms) {
  bool resolved = a.state == tracking::AlertState::kResolved;
  json e = JourneyRef(j);
  e.update({{"alert", a.id}, {"kind", tracking::AlertKindName(a.alert.kind)}, {"state", tracking::AlertStateName(a.state)},
            {"actor", resolved ? a.resolved_by : a.acknowledged_by}, {"note", a.note}});
  return Make("transit_alert_handled", j.declaration_id, at_ms, std::move(e));
}

Result<Event> TransitClosed(const tracking::Journey& j) {
  json checks = json::array();
  for (const auto& c : j.seal_checks) checks.push_back({{"seal", c.seal}, {"intact", c.intact}});
  json e = JourneyRef(j);
  e.update({{"outcome", tracking::JourneyStatusName(j.state)}, {"seal_checks", checks}, {"actor", j.closed_by},
            {"note", j.close_note}});
  if (!j.close_reasons.empty()) {
    json reasons = json::array();
    for (const auto& r : j.close_reasons) reasons.push_back({{"code", r.code}, {"text", r.text}});
    e["reasons"] = std::move(reasons);
  }
  return Make("transit_closed", j.declaration_id, j.closed_ms, std::move(e));
}

Result<Event> Version(int64_t declaration_id, const VersionEntry& v) {
  return Make(v.version <= 1 ? "lodgement" : "amendment", declaration_id, v.at_ms,
              {{"version", v.version}, {"content_hash", v.content_hash}, {"reason_code", v.reason_code},
               {"reason", v.reason}, {"actor", v.actor}});
}

Result<Event> Transition(int64_t declaration_id, std::string_view mrn, int version, const TransitionEntry& t) {
  return Make("transition", declaration_id, t.at_ms,
              {{"mrn", mrn},
               {"version", t.version ? t.version : version},
               {"action", ActionName(t.action)},
               {"from", {{"state", StateName(t.from.state)}, {"control", ControlTypeName(t.from.control)}}},
               {"to", {{"state", StateName(t.to.state)}, {"control", ControlTypeName(t.to.control)}}},
               {"cusres", t.cusres},
               {"actor", t.actor},
               {"reason", t.reason}});
}

Result<Event> Assessment(int64_t declaration_id, std::string_view mrn, const payment::Debt& d) {
  json lines = json::array();
  for (const auto& l : d.lines) lines.push_back({{"tax", l.tax}, {"assessed", l.assessed}, {"secured", l.secured}});
  return Make("assessment", declaration_id, d.assessed_ms,
              {{"mrn", mrn}, {"version", d.version}, {"currency", d.currency}, {"lines", lines}});
}

Result<Event> Receipt(int64_t declaration_id, const payment::Receipt& r) {
  json lines = json::array();
  for (const auto& l : r.lines) lines.push_back({{"tax", l.tax}, {"amount", l.amount}});
  return Make("receipt", declaration_id, r.issued_ms,
              {{"number", r.number}, {"kind", r.kind}, {"mrn", r.mrn}, {"reference", r.reference},
               {"currency", r.currency}, {"amount", r.amount}, {"lines", lines}});
}

Result<Event> RiskDecision(int64_t declaration_id, std::string_view mrn, int version, const risk::Decision& d) {
  auto number = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
  json criteria = json::array();
  for (const auto& f : d.fired)
    criteria.push_back({{"id", f.id}, {"version", f.version}, {"lane", risk::LaneName(f.lane)}, {"selected", f.selected}});
  return Make("risk_decision", declaration_id, d.decided_ms,
              {{"mrn", mrn}, {"version", d.version ? d.version : version}, {"lane", risk::LaneName(d.lane)},
               {"source", risk::LaneSourceName(d.source)}, {"score", number(d.score)},
               {"threshold", number(d.threshold)}, {"model_version", d.model_version}, {"criteria", criteria}});
}

Result<Event> Inspection(int64_t declaration_id, std::string_view mrn, const risk::Inspection& i) {
  return Make("inspection", declaration_id, i.at_ms,
              {{"mrn", mrn}, {"outcome", risk::InspectionOutcomeName(i.outcome)}, {"kind", i.kind},
               {"additional_revenue", i.additional_revenue}, {"officer", i.officer}});
}

bool Confidential(std::string_view type, std::string_view bytes) {
  if (type == "risk_decision") return true;
  if (type != "transition") return false;
  json entry = json::parse(bytes, nullptr, false);
  if (entry.is_discarded() || !entry.is_object() || !entry.contains("event") || !entry["event"].is_object()) return true;
  const json& e = entry["event"];
  auto text = [&e](const char* key) { return e.contains(key) && e[key].is_string() ? e[key].get<std::string>() : ""; };
  std::string action = text("action");
  if (text("actor") != "system" || (action != "control" && action != "assess")) return false;
  return !risk::IsPublicLaneReason(text("reason"));
}

Result<Event> Document(std::string type, int64_t declaration_id, int64_t at_ms, std::string_view event_json) {
  auto j = json::parse(event_json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::Invalid("invalid_event", "a ledger event is a JSON object");
  return Make(std::move(type), declaration_id, at_ms, std::move(j));
}

}  // namespace oc::ledger::events
