// Fixes arrive late, twice, or out of order (a seal sends its buffer again after a lost
// acknowledgement): only a fix later than the last accepted one is applied. On a live journey a
// fix from before its binding (less the devices' clock skew) belongs to no journey.
#include "tracking/steps.h"

namespace oc::tracking {

Refusal CheckOrder(const Fix& fix, StepContext& ctx) {
  const auto& last = ctx.state.last;
  if (ctx.state.bound) {
    auto skew = static_cast<int64_t>(ctx.thresholds.skew_minutes * 60000);
    if (fix.time_ms < ctx.state.started_ms - skew) return Refusal::kOutOfOrder;
  }
  if (!last) return Refusal::kNone;
  if (fix.time_ms <= last->time_ms) return Refusal::kOutOfOrder;
  if (fix.sequence >= 0 && last->sequence >= 0 && fix.sequence <= last->sequence) return Refusal::kOutOfOrder;
  return Refusal::kNone;
}

}  // namespace oc::tracking
