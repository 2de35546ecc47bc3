// The pipeline's steps, one file each under steps/ (as Traccar's handlers): each looks at one
// fix with the device's journey state and either refuses the fix or passes it on, adding the
// alerts it finds. The order is the pipeline's (pipeline.cc). Pure: no clock, no storage; the
// geometry is the route's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tracking/fix.h"
#include "tracking/route.h"

namespace oc::tracking {

// Thresholds, with their defaults (the replay command's flags change them).
struct Thresholds {
  double stop_minutes = 45;     // stationary outside authorised stops for longer: long_stop
  double stop_radius_m = 200;   // "stationary": every fix within this distance of the first
  double offline_minutes = 30;  // no fix for longer: offline (at last fix + this)
  double jump_kmh = 250;        // a fix implying a faster move from the last is refused
  double route_kmh = 130;       // sparse fixes: faster than this along the corridor = a shortcut off it
  double low_battery = 15;      // percent
  double future_minutes = 10;   // a fix stamped later than now + this is refused (when now is known)
  double skew_minutes = 5;      // live journeys: a fix stamped earlier than the binding less this is refused
};

// What the pipeline remembers of one device's journey.
struct JourneyState {
  std::optional<Fix> last;      // the last accepted fix
  int64_t started_ms = -1;      // the first accepted fix's time
  bool arrived = false;
  bool outside = false;         // after corridor_exit, until corridor_return
  std::optional<Fix> stop_anchor;  // the first fix of the current stationary run
  bool stop_alerted = false;
  SealState seal = SealState::kUnknown;
  bool overdue_alerted = false, battery_alerted = false;
  bool offline_alerted = false;  // by the clock (Pipeline::Tick), before the next fix came
  bool bound = false;           // live journeys: begun by Pipeline::Begin at their binding
  int64_t deadline_ms = -1;     // live journeys: bound at release + the time limit; -1: from the first fix
};

struct StepContext {
  const Route& route;
  const RouteGeometry& geometry;
  const Thresholds& thresholds;
  JourneyState& state;
  std::vector<Alert>& alerts;
  std::optional<int64_t> now_ms;  // live: the server's clock; replay: none
};

enum class Verdict { kPass, kRefuse };
// Why a fix was refused, for the counters.
enum class Refusal { kNone, kInvalid, kOutOfOrder, kImpossibleJump };

Refusal CheckValid(const Fix& fix, StepContext& ctx);         // steps/valid.cc
Refusal CheckOrder(const Fix& fix, StepContext& ctx);         // steps/order.cc
Refusal CheckJump(const Fix& fix, StepContext& ctx);          // steps/jump.cc
void CheckOffline(const Fix& fix, StepContext& ctx);          // steps/offline.cc
void CheckCorridor(const Fix& fix, StepContext& ctx);         // steps/corridor.cc
void CheckStop(const Fix& fix, StepContext& ctx);             // steps/stop.cc
void CheckSeal(const Fix& fix, StepContext& ctx);             // steps/seal.cc
void CheckBattery(const Fix& fix, StepContext& ctx);          // steps/battery.cc
void CheckOverdue(const Fix& fix, StepContext& ctx);          // steps/overdue.cc
void CheckArrival(const Fix& fix, StepContext& ctx);          // steps/arrival.cc
// Live journeys, by the clock rather than by a fix: a device silent for longer than allowed, a
// time limit passed (steps/offline.cc, steps/overdue.cc).
void CheckSilence(const std::string& device, int64_t now_ms, StepContext& ctx);
void CheckDeadline(const std::string& device, int64_t now_ms, StepContext& ctx);

// An alert at the fix's time and place.
Alert AlertAt(AlertKind kind, const Fix& fix, Message detail);
// `v` with `decimals` digits after the point, as alert parameters carry numbers.
std::string Fixed(double v, int decimals);

}  // namespace oc::tracking
