#include "tracking/journey.h"

#include <algorithm>
#include <array>
#include <set>

namespace oc::tracking {

namespace {
constexpr std::array<const char*, 4> kJourneyStates{"active", "arrived", "discharged", "enquiry"};
constexpr std::array<const char*, 3> kAlertStates{"open", "acknowledged", "resolved"};
}  // namespace

Status ValidateRouteId(std::string_view id) {
  bool ok = !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
  if (ok) return Status::Ok();
  return Status::Invalid("invalid_route_id", "a route id is 1-64 characters of a-z, 0-9, '-', '_' and '.'");
}

const char* JourneyStatusName(JourneyStatus s) { return kJourneyStates[static_cast<size_t>(s)]; }
std::optional<JourneyStatus> JourneyStatusFrom(std::string_view name) {
  for (size_t i = 0; i < kJourneyStates.size(); ++i)
    if (name == kJourneyStates[i]) return static_cast<JourneyStatus>(i);
  return std::nullopt;
}

const char* AlertStateName(AlertState s) { return kAlertStates[static_cast<size_t>(s)]; }
std::optional<AlertState> AlertStateFrom(std::string_view name) {
  for (size_t i = 0; i < kAlertStates.size(); ++i)
    if (name == kAlertStates[i]) return static_cast<AlertState>(i);
  return std::nullopt;
}

std::vector<std::string> Journey::Devices() const {
  std::vector<std::string> out = seals;
  out.insert(out.end(), trackers.begin(), trackers.end());
  return out;
}

bool AlertBlocksDischarge(AlertKind k) { return k != AlertKind::kArrived && k != AlertKind::kCorridorReturn; }

Status CheckAlertMove(const JourneyAlert& a, AlertState to, std::string_view note) {
  if (a.state == AlertState::kResolved)
    return Status::Conflict("alert_resolved", "alert " + std::to_string(a.id) + " is already resolved");
  if (to == AlertState::kAcknowledged && a.state == AlertState::kAcknowledged)
    return Status::Conflict("alert_acknowledged", "alert " + std::to_string(a.id) + " is already acknowledged");
  if (to == AlertState::kResolved && note.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return Status::Invalid("note_required", "resolving an alert needs a note saying how it was handled");
  if (to == AlertState::kOpen) return Status::Invalid("invalid_alert_state", "an alert cannot be reopened");
  return Status::Ok();
}

namespace {
TransitCounts CountsFor(const Journey& j) {
  TransitCounts c;
  for (const auto* tin : {&j.declarant_tin, &j.carrier_tin})
    if (!tin->empty() && std::find(c.tins.begin(), c.tins.end(), *tin) == c.tins.end()) c.tins.push_back(*tin);
  return c;
}
}  // namespace

TransitCounts CountJourneyStarted(const Journey& j) {
  TransitCounts c = CountsFor(j);
  c.transits = 1;
  return c;
}

TransitCounts CountAlert(const Journey& j, const JourneyAlert& a) {
  TransitCounts c = CountsFor(j);
  c.incidents = AlertBlocksDischarge(a.alert.kind) ? 1 : 0;
  return c;
}

TransitCounts CountJourneyClosed(const Journey& j) {
  TransitCounts c = CountsFor(j);
  c.enquiries = j.state == JourneyStatus::kEnquiry ? 1 : 0;
  return c;
}

CloseDecision DecideClose(const Journey& j, const std::vector<JourneyAlert>& alerts,
                          const std::vector<SealCheck>& checks, const std::map<std::string, SealState>& last_seal_state) {
  CloseDecision out;
  std::set<std::string> fitted(j.seals.begin(), j.seals.end());
  std::set<std::string> checked;
  for (const auto& c : checks) {
    if (!fitted.count(c.seal)) {
      out.reasons.push_back({"close_seal_not_fitted", {{"seal", c.seal}}, "seal " + c.seal + " was not fitted at departure"});
      continue;
    }
    checked.insert(c.seal);
    if (!c.intact)
      out.reasons.push_back({"close_seal_broken", {{"seal", c.seal}}, "seal " + c.seal + " found broken at destination"});
  }
  for (const auto& s : j.seals) {
    if (!checked.count(s))
      out.reasons.push_back({"close_seal_not_checked", {{"seal", s}}, "seal " + s + " not checked at destination"});
    auto last = last_seal_state.find(s);
    if (last != last_seal_state.end() && (last->second == SealState::kOpened || last->second == SealState::kCut))
      out.reasons.push_back({std::string("close_seal_reported_") + SealStateName(last->second), {{"seal", s}},
                             "seal " + s + " last reported itself " + SealStateName(last->second)});
  }
  for (const auto& a : alerts)
    if (a.state != AlertState::kResolved && AlertBlocksDischarge(a.alert.kind)) {
      std::string id = std::to_string(a.id), kind = AlertKindName(a.alert.kind);
      out.reasons.push_back({"close_alert_unresolved", {{"alert", id}, {"kind", kind}},
                             "alert " + id + " (" + kind + ") is not resolved"});
    }
  out.discharge = out.reasons.empty();
  return out;
}

Result<std::vector<std::string>> SealsToBind(const std::vector<std::string>& declared, std::vector<std::string> named) {
  if (declared.empty() || named.empty()) return declared.empty() ? named : declared;
  std::set<std::string> d(declared.begin(), declared.end()), n(named.begin(), named.end());
  std::string differences;
  for (const auto& s : declared)
    if (!n.count(s)) differences += (differences.empty() ? "" : "; ") + ("seal " + s + " is declared but not named");
  for (const auto& s : named)
    if (!d.count(s)) differences += (differences.empty() ? "" : "; ") + ("seal " + s + " is not in the declaration");
  if (!differences.empty()) return Status::Invalid("seals_differ", differences);
  return named;
}

std::vector<JourneyEvent> JourneyTimeline(const Journey& j, const std::vector<JourneyAlert>& alerts) {
  std::vector<JourneyEvent> out;
  std::string seals;
  for (const auto& s : j.seals) seals += (seals.empty() ? "" : ", ") + s;
  out.push_back({"journey_started", j.started_ms, j.started_by, j.id, 0, "",
                 {seals.empty() ? "journey_started" : "journey_started_sealed", {{"route", j.route_id}, {"seals", seals}},
                  "released for departure on route " + j.route_id + (seals.empty() ? "" : ", seals " + seals)},
                 ""});
  for (const auto& a : alerts) {
    std::string kind = AlertKindName(a.alert.kind);
    out.push_back({"transit_alert", a.alert.time_ms, "system", j.id, a.id, kind, a.alert.detail, ""});
    if (a.acknowledged_ms > 0)
      out.push_back({"transit_alert_acknowledged", a.acknowledged_ms, a.acknowledged_by, j.id, a.id, kind,
                     {"alert_acknowledged", {{"alert", std::to_string(a.id)}}, "alert acknowledged"}, ""});
    if (a.resolved_ms > 0)
      out.push_back({"transit_alert_resolved", a.resolved_ms, a.resolved_by, j.id, a.id, kind,
                     {"alert_resolved", {{"alert", std::to_string(a.id)}}, "alert resolved"}, a.note});
  }
  if (!JourneyOpen(j.state)) {
    bool discharged = j.state == JourneyStatus::kDischarged;
    Message m = discharged ? Message{"transit_discharged", {}, "transit discharged at the office of destination"}
                           : Message{"transit_enquiry", {}, "transit sent to enquiry"};
    out.push_back({"transit_closed", j.closed_ms, j.closed_by, j.id, 0, JourneyStatusName(j.state), std::move(m),
                   j.close_note, j.close_reasons});
  }
  std::stable_sort(out.begin(), out.end(), [](const JourneyEvent& a, const JourneyEvent& b) { return a.at_ms < b.at_ms; });
  return out;
}

}  // namespace oc::tracking
