// Arrival: the first fix inside the destination's geofence ends the watched journey (corridor,
// stops, offline and overdue stop; the seal is still watched until an officer checks it).
#include "tracking/steps.h"

namespace oc::tracking {

void CheckArrival(const Fix& fix, StepContext& ctx) {
  if (ctx.state.arrived || !ctx.geometry.AtDestination(fix.lat, fix.lon)) return;
  ctx.alerts.push_back(AlertAt(AlertKind::kArrived, fix, {"alert_arrived", {}, "inside the destination's geofence"}));
  ctx.state.arrived = true;
}

}  // namespace oc::tracking
