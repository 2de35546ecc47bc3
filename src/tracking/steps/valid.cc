// Decoded values a position cannot have: coordinates out of range or not numbers, a time before
// 2000 or (live) in the future, a negative speed.
#include "tracking/steps.h"

namespace oc::tracking {

Refusal CheckValid(const Fix& fix, StepContext& ctx) {
  constexpr int64_t kYear2000 = 946684800000;
  if (fix.device.empty() || !std::isfinite(fix.lat) || !std::isfinite(fix.lon) || fix.lat < -90 || fix.lat > 90 ||
      fix.lon < -180 || fix.lon > 180 || fix.time_ms < kYear2000)
    return Refusal::kInvalid;
  if (std::isfinite(fix.speed_kmh) && (fix.speed_kmh < 0 || fix.speed_kmh > 1000)) return Refusal::kInvalid;
  if (ctx.now_ms && fix.time_ms > *ctx.now_ms + static_cast<int64_t>(ctx.thresholds.future_minutes * 60000))
    return Refusal::kInvalid;
  return Refusal::kNone;
}

}  // namespace oc::tracking
