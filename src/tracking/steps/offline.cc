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
  std::string minutes = Fixed(static_cast<double>(gap) / 60000, 0);
  Alert a = AlertAt(AlertKind::kOffline, *last, {"alert_no_fix", {{"minutes", minutes}}, "no fix for " + minutes + " min"});
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
  std::string minutes = Fixed(ctx.thresholds.offline_minutes, 0);
  Message detail = s.last ? Message{"alert_silent", {{"minutes", minutes}}, "no fix for over " + minutes + " min"}
                          : Message{"alert_silent_from_start", {{"minutes", minutes}},
                                    "no fix for over " + minutes + " min since the journey began"};
  Alert a = AlertAt(AlertKind::kOffline, where, std::move(detail));
  a.time_ms = since + limit;
  ctx.alerts.push_back(std::move(a));
  s.offline_alerted = true;
}

Alert AlertAt(AlertKind kind, const Fix& fix, Message detail) {
  return Alert{kind, fix.device, fix.time_ms, fix.lat, fix.lon, std::move(detail)};
}

std::string Fixed(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace oc::tracking
