// A device about to go silent: one alert when its battery first falls below the threshold.
#include "tracking/steps.h"

namespace oc::tracking {

void CheckBattery(const Fix& fix, StepContext& ctx) {
  if (!std::isfinite(fix.battery) || ctx.state.battery_alerted || fix.battery >= ctx.thresholds.low_battery) return;
  std::string percent = Fixed(fix.battery, 0);
  ctx.alerts.push_back(
      AlertAt(AlertKind::kLowBattery, fix, {"alert_low_battery", {{"percent", percent}}, "battery at " + percent + " %"}));
  ctx.state.battery_alerted = true;
}

}  // namespace oc::tracking
