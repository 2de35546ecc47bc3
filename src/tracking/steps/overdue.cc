// The journey's time limit passed before arrival: one alert, dated when the limit passed, at the
// last position known then.
#include "tracking/steps.h"

#include <cstdio>

namespace oc::tracking {

namespace {
int64_t Deadline(const StepContext& ctx) {
  if (ctx.state.deadline_ms >= 0) return ctx.state.deadline_ms;
  if (ctx.route.time_limit_h <= 0 || ctx.state.started_ms < 0) return -1;
  return ctx.state.started_ms + static_cast<int64_t>(ctx.route.time_limit_h * 3600000);
}
}  // namespace

void CheckOverdue(const Fix& fix, StepContext& ctx) {
  JourneyState& s = ctx.state;
  if (s.arrived || s.overdue_alerted) return;
  int64_t deadline = Deadline(ctx);
  if (deadline < 0 || fix.time_ms <= deadline) return;
  char detail[96];
  std::snprintf(detail, sizeof detail, "not arrived within %.1f h", ctx.route.time_limit_h);
  Alert a = AlertAt(AlertKind::kOverdue, s.last ? *s.last : fix, detail);
  a.time_ms = deadline;
  ctx.alerts.push_back(std::move(a));
  s.overdue_alerted = true;
}

}  // namespace oc::tracking

namespace oc::tracking {

void CheckDeadline(const std::string& device, int64_t now_ms, StepContext& ctx) {
  JourneyState& s = ctx.state;
  if (s.arrived || s.overdue_alerted) return;
  int64_t deadline = Deadline(ctx);
  if (deadline < 0 || now_ms <= deadline) return;
  Fix where;
  where.device = device;
  if (s.last) where = *s.last;
  Alert a = AlertAt(AlertKind::kOverdue, where, "not arrived within the time limit");
  a.time_ms = deadline;
  ctx.alerts.push_back(std::move(a));
  s.overdue_alerted = true;
}

}  // namespace oc::tracking
