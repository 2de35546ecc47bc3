// Leaving the corridor: a fix outside the corridor (and outside every authorised stop and the
// destination). For sparse fixes, both inside, the straight segment between them may leave the
// corridor at a bend — as a truck that followed the road would draw it — so it counts as a
// shortcut off the corridor only when following the corridor between the two fixes would have
// needed an impossible speed. Returning: the first fix back inside.
#include "tracking/steps.h"

#include <cmath>

namespace oc::tracking {

void CheckCorridor(const Fix& fix, StepContext& ctx) {
  JourneyState& s = ctx.state;
  if (s.arrived) return;
  bool inside = ctx.geometry.Allowed(fix.lat, fix.lon);
  if (!inside) {
    if (!s.outside) ctx.alerts.push_back(AlertAt(AlertKind::kCorridorExit, fix, {"alert_outside_corridor", {}, "outside the corridor"}));
    s.outside = true;
    return;
  }
  if (s.outside) {
    ctx.alerts.push_back(AlertAt(AlertKind::kCorridorReturn, fix, {"alert_back_in_corridor", {}, "back in the corridor"}));
    s.outside = false;
    return;
  }
  if (!s.last || ctx.geometry.SegmentAllowed(s.last->lat, s.last->lon, fix.lat, fix.lon)) return;
  double along_m = std::fabs(ctx.geometry.AlongMetres(fix.lat, fix.lon) -
                             ctx.geometry.AlongMetres(s.last->lat, s.last->lon));
  double hours = static_cast<double>(fix.time_ms - s.last->time_ms) / 3600000.0;
  if (along_m < 1000 || along_m / 1000 <= ctx.thresholds.route_kmh * hours) return;
  std::string km = Fixed(along_m / 1000, 1), minutes = Fixed(hours * 60, 0);
  Alert away = AlertAt(AlertKind::kCorridorExit, *s.last,
                       {"alert_shortcut", {{"km", km}, {"minutes", minutes}},
                        "left the corridor between two fixes: " + km + " km along it in " + minutes + " min"});
  away.time_ms = s.last->time_ms + (fix.time_ms - s.last->time_ms) / 2;
  away.lat = (s.last->lat + fix.lat) / 2;
  away.lon = (s.last->lon + fix.lon) / 2;
  ctx.alerts.push_back(std::move(away));
  ctx.alerts.push_back(AlertAt(AlertKind::kCorridorReturn, fix, {"alert_back_in_corridor", {}, "back in the corridor"}));
}

}  // namespace oc::tracking
