// A transit journey: a released transit declaration watched from the office of departure to the
// office of destination — its seals and trackers, its route from the route library, its time
// limit — the alerts the pipeline raised on it, and the officer's closing check at destination.
// Plain values and pure rules: the store keeps them, the tracking service applies the rules.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "tracking/fix.h"

namespace oc::tracking {

// A route of the administration's library: its GeoJSON (route.h) under a stable id, versioned.
struct RouteEntry {
  std::string id;       // 1–64 of a–z, 0–9, '-', '_', '.'
  int version = 0;      // 1, 2, ... (a journey keeps the version it was bound to)
  std::string name;
  std::string geojson;
  std::string created_by;
  int64_t created_ms = 0;
};
// Invalid("invalid_route_id") unless the id is 1–64 of a–z, 0–9, '-', '_', '.'.
Status ValidateRouteId(std::string_view id);

// active → arrived (the destination's geofence reached) → discharged | enquiry (closed).
enum class JourneyStatus { kActive, kArrived, kDischarged, kEnquiry };
const char* JourneyStatusName(JourneyStatus s);  // "active", "arrived", "discharged", "enquiry"
std::optional<JourneyStatus> JourneyStatusFrom(std::string_view name);
inline bool JourneyOpen(JourneyStatus s) { return s == JourneyStatus::kActive || s == JourneyStatus::kArrived; }

// What the officer at destination found of one seal.
struct SealCheck {
  std::string seal;             // the seal's id as read on the seal
  bool intact = false;          // unbroken, the wire in place
};

struct Journey {
  int64_t id = 0;
  int64_t declaration_id = 0;
  std::string mrn, declarant_tin, carrier_tin;
  std::string route_id;
  int route_version = 0;
  std::vector<std::string> seals;     // fitted at departure (ids of the registry)
  std::vector<std::string> trackers;  // trackers and drivers' phones
  int64_t started_ms = 0;
  int64_t deadline_ms = 0;            // started + the time limit; 0: none
  JourneyStatus state = JourneyStatus::kActive;
  int64_t arrived_ms = 0, closed_ms = 0;
  std::string started_by, closed_by, close_note;
  std::vector<SealCheck> seal_checks;  // recorded at closing
  std::vector<Message> close_reasons;  // why it went to enquiry (DecideClose)

  // Every device that reports for this journey: seals first.
  std::vector<std::string> Devices() const;
};

// acknowledged: an officer has seen it and is on it; resolved: handled, with a note.
enum class AlertState { kOpen, kAcknowledged, kResolved };
const char* AlertStateName(AlertState s);  // "open", "acknowledged", "resolved"
std::optional<AlertState> AlertStateFrom(std::string_view name);

struct JourneyAlert {
  int64_t id = 0;
  int64_t journey_id = 0;
  Alert alert;
  AlertState state = AlertState::kOpen;
  std::string acknowledged_by, resolved_by, note;
  int64_t acknowledged_ms = 0, resolved_ms = 0;
};

// Arrival and a return to the corridor report, they accuse nothing: they never hold a transit
// back. Every other kind must be resolved before the transit is discharged.
bool AlertBlocksDischarge(AlertKind k);

// An officer's move on an alert: acknowledge (open → acknowledged) or resolve (open or
// acknowledged → resolved, a note required). Conflict("alert_resolved") on a resolved alert,
// Invalid("note_required") for a resolution without a note.
Status CheckAlertMove(const JourneyAlert& a, AlertState to, std::string_view note);

// What a journey counts towards the traders' risk profiles (risk::TraderProfile): the declarant
// and the carrier (once when they are the same; empty TINs skipped) each gain a transit when it is
// bound, an incident for each alert that blocks discharge, an enquiry when it closes to enquiry.
// The store applies the counts in the transaction that records the event.
struct TransitCounts {
  std::vector<std::string> tins;
  int transits = 0, incidents = 0, enquiries = 0;
  bool empty() const { return transits == 0 && incidents == 0 && enquiries == 0; }
};
TransitCounts CountJourneyStarted(const Journey& j);
TransitCounts CountAlert(const Journey& j, const JourneyAlert& a);
TransitCounts CountJourneyClosed(const Journey& j);

// The closing decision at destination.
struct CloseDecision {
  bool discharge = false;          // else: enquiry
  std::vector<Message> reasons;    // why not, one per finding (close_seal_*, close_alert_unresolved)
};
// Discharged when every seal fitted at departure was checked and found intact, no check names a
// seal that was not fitted, the seals last reported themselves closed (`last_seal_state` by seal
// id; a seal that never reported counts as closed), and no alert that blocks discharge is
// unresolved; otherwise enquiry, with every reason.
CloseDecision DecideClose(const Journey& j, const std::vector<JourneyAlert>& alerts,
                          const std::vector<SealCheck>& checks, const std::map<std::string, SealState>& last_seal_state);

// The seals a journey binds. With seals declared (the declaration's transport.seals): those,
// when the officer names none, else exactly those — Invalid("seals_differ") naming each seal
// declared but not named and each named but not declared. With none declared: the named ones.
Result<std::vector<std::string>> SealsToBind(const std::vector<std::string>& declared, std::vector<std::string> named);

// A journey's events for its declaration's history, oldest first: started, each alert, each
// acknowledgement and resolution, closed. `message` says it in words (a code with parameters).
struct JourneyEvent {
  std::string type;  // journey_started, transit_alert, transit_alert_acknowledged, transit_alert_resolved, transit_closed
  int64_t at_ms = 0;
  std::string actor;  // "system" for alerts
  int64_t journey_id = 0, alert_id = 0;
  std::string kind;   // alerts: AlertKindName; closed: the outcome
  Message message;
  std::string note;   // the officer's, for handled alerts and closing
  std::vector<Message> reasons;  // closed to enquiry: why
};
std::vector<JourneyEvent> JourneyTimeline(const Journey& j, const std::vector<JourneyAlert>& alerts);

}  // namespace oc::tracking
