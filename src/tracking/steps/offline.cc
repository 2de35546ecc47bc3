// A device that went quiet for longer than allowed (jammed, switched off, out of coverage): the
// alert is dated when the silence passed the threshold, at the last known position.
#include "tracking/steps.h"

#include <cstdio>

namespace oc::tracking {

void CheckOffline(const Fix& fix, StepContext& ctx) {
  const auto& last = ctx.state.last;
  if (!last || ctx.state.arrived) return;
  auto limit = static_cast<int64_t>(ctx.thresholds.offline_minutes * 60000);
  int64_t gap = fix.time_ms - last->time_ms;
  if (gap <= limit) return;
  char detail[96];
  std::snprintf(detail, sizeof detail, "no fix for %.0f min", static_cast<double>(gap) / 60000);
  Alert a = AlertAt(AlertKind::kOffline, *last, detail);
  a.time_ms = last->time_ms + limit;
  ctx.alerts.push_back(std::move(a));
}

Alert AlertAt(AlertKind kind, const Fix& fix, std::string detail) {
  return Alert{kind, fix.device, fix.time_ms, fix.lat, fix.lon, std::move(detail)};
}

}  // namespace oc::tracking
