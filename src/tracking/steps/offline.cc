// A device that went quiet for longer than allowed (jammed, switched off, out of coverage): the
// alert is dated when the silence passed the threshold, at the last known position.
#include "tracking/steps.h"

#include <cstdio>

namespace oc::tracking {

void CheckOffline(const Fix& fix, StepContext& ctx) {
  const auto& last = ctx.state.last;
  if (!last || ctx.state.arrived) return;
  if (ctx.state.offline_alerted) {  // the clock already said so: this fix ends the silence
    ctx.state.offline_alerted = false;
    return;
  }
  auto limit = static_cast<int64_t>(ctx.thresholds.offline_minutes * 60000);
  int64_t gap = fix.time_ms - last->time_ms;
  if (gap <= limit) return;
  char detail[96];
  std::snprintf(detail, sizeof detail, "no fix for %.0f min", static_cast<double>(gap) / 60000);
  Alert a = AlertAt(AlertKind::kOffline, *last, detail);
  a.time_ms = last->time_ms + limit;
  ctx.alerts.push_back(std::move(a));
}

void CheckSilence(const std::string& device, int64_t now_ms, StepContext& ctx) {
  JourneyState& s = ctx.state;
  if (s.arrived || s.offline_alerted) return;
  auto limit = static_cast<int64_t>(ctx.thresholds.offline_minutes * 60000);
  int64_t since = s.last ? s.last->time_ms : s.started_ms;
  if (since < 0 || now_ms - since <= limit) return;
  Fix where;
  where.device = device;
  if (s.last) where = *s.last;
  char detail[96];
  std::snprintf(detail, sizeof detail, s.last ? "no fix for over %.0f min" : "no fix for over %.0f min since the journey began",
                ctx.thresholds.offline_minutes);
  Alert a = AlertAt(AlertKind::kOffline, where, detail);
  a.time_ms = since + limit;
  ctx.alerts.push_back(std::move(a));
  s.offline_alerted = true;
}

Alert AlertAt(AlertKind kind, const Fix& fix, std::string detail) {
  return Alert{kind, fix.device, fix.time_ms, fix.lat, fix.lon, std::move(detail)};
}

}  // namespace oc::tracking
