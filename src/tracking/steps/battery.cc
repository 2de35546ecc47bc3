// A device about to go silent: one alert when its battery first falls below the threshold.
#include "tracking/steps.h"

#include <cstdio>

namespace oc::tracking {

void CheckBattery(const Fix& fix, StepContext& ctx) {
  if (!std::isfinite(fix.battery) || ctx.state.battery_alerted || fix.battery >= ctx.thresholds.low_battery) return;
  char detail[64];
  std::snprintf(detail, sizeof detail, "battery at %.0f %%", fix.battery);
  ctx.alerts.push_back(AlertAt(AlertKind::kLowBattery, fix, detail));
  ctx.state.battery_alerted = true;
}

}  // namespace oc::tracking
