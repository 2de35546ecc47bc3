// Fixes arrive late, twice, or out of order (a seal sends its buffer again after a lost
// acknowledgement): only a fix later than the last accepted one is applied.
#include "tracking/steps.h"

namespace oc::tracking {

Refusal CheckOrder(const Fix& fix, StepContext& ctx) {
  const auto& last = ctx.state.last;
  if (!last) return Refusal::kNone;
  if (fix.time_ms <= last->time_ms) return Refusal::kOutOfOrder;
  if (fix.sequence >= 0 && last->sequence >= 0 && fix.sequence <= last->sequence) return Refusal::kOutOfOrder;
  return Refusal::kNone;
}

}  // namespace oc::tracking
