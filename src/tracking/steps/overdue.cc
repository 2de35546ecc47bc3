// The journey's time limit passed before arrival: one alert, dated when the limit passed, at the
// last position known then.
#include "tracking/steps.h"

namespace oc::tracking {

namespace {
int64_t Deadline(const StepContext& ctx) {
  if (ctx.state.deadline_ms >= 0) return ctx.state.deadline_ms;
  if (ctx.route.time_limit_h <= 0 || ctx.state.started_ms < 0) return -1;
  return ctx.state.started_ms + static_cast<int64_t>(ctx.route.time_limit_h * 3600000);
}

Message OverdueDetail(const StepContext& ctx, int64_t deadline) {
  if (ctx.state.started_ms < 0 || deadline < ctx.state.started_ms)
    return {"alert_overdue_limit", {}, "not arrived within the time limit"};
  std::string hours = Fixed(static_cast<double>(deadline - ctx.state.started_ms) / 3600000, 1);
  return {"alert_overdue", {{"hours", hours}}, "not arrived within " + hours + " h"};
}

void RaiseOverdue(const Fix& where, int64_t deadline, StepContext& ctx) {
  Alert a = AlertAt(AlertKind::kOverdue, where, OverdueDetail(ctx, deadline));
  a.time_ms = deadline;
  ctx.alerts.push_back(std::move(a));
  ctx.state.overdue_alerted = true;
}
}  // namespace

void CheckOverdue(const Fix& fix, StepContext& ctx) {
  JourneyState& s = ctx.state;
  if (s.arrived || s.overdue_alerted) return;
  int64_t deadline = Deadline(ctx);
  if (deadline < 0 || fix.time_ms <= deadline) return;
  RaiseOverdue(s.last ? *s.last : fix, deadline, ctx);
}

void CheckDeadline(const std::string& device, int64_t now_ms, StepContext& ctx) {
  JourneyState& s = ctx.state;
  if (s.arrived || s.overdue_alerted) return;
  int64_t deadline = Deadline(ctx);
  if (deadline < 0 || now_ms <= deadline) return;
  Fix where;
  where.device = device;
  if (s.last) where = *s.last;
  RaiseOverdue(where, deadline, ctx);
}

}  // namespace oc::tracking
