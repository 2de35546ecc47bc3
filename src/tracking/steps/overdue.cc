// The journey's time limit passed before arrival: one alert, dated when the limit passed, at the
// last position known then.
#include "tracking/steps.h"

#include <cstdio>

namespace oc::tracking {

void CheckOverdue(const Fix& fix, StepContext& ctx) {
  JourneyState& s = ctx.state;
  if (s.arrived || s.overdue_alerted || ctx.route.time_limit_h <= 0 || s.started_ms < 0) return;
  auto deadline = s.started_ms + static_cast<int64_t>(ctx.route.time_limit_h * 3600000);
  if (fix.time_ms <= deadline) return;
  char detail[96];
  std::snprintf(detail, sizeof detail, "not arrived within %.1f h", ctx.route.time_limit_h);
  Alert a = AlertAt(AlertKind::kOverdue, s.last ? *s.last : fix, detail);
  a.time_ms = deadline;
  ctx.alerts.push_back(std::move(a));
  s.overdue_alerted = true;
}

}  // namespace oc::tracking
