// A long stop: the truck stays within a small radius, outside every authorised stop and the
// destination, for longer than allowed (a seal can be bypassed in an hour). One alert per stop,
// dated when it was detected (the first fix past the threshold), placed where the stop began.
#include "tracking/steps.h"

namespace oc::tracking {

void CheckStop(const Fix& fix, StepContext& ctx) {
  JourneyState& s = ctx.state;
  if (s.arrived) return;
  if (!s.stop_anchor ||
      DistanceMetres(s.stop_anchor->lat, s.stop_anchor->lon, fix.lat, fix.lon) > ctx.thresholds.stop_radius_m) {
    s.stop_anchor = fix;  // moving: a new run may start here
    s.stop_alerted = false;
    return;
  }
  double minutes = static_cast<double>(fix.time_ms - s.stop_anchor->time_ms) / 60000;
  if (s.stop_alerted || minutes < ctx.thresholds.stop_minutes) return;
  if (ctx.geometry.AtStop(s.stop_anchor->lat, s.stop_anchor->lon)) return;
  std::string m = Fixed(minutes, 0);
  Alert a = AlertAt(AlertKind::kLongStop, fix,
                    {"alert_long_stop", {{"minutes", m}}, "stationary " + m + " min outside authorised stops"});
  a.lat = s.stop_anchor->lat;
  a.lon = s.stop_anchor->lon;
  ctx.alerts.push_back(std::move(a));
  s.stop_alerted = true;
}

}  // namespace oc::tracking
