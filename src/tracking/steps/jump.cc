// A fix that would need the truck to move faster than any truck can (a GPS glitch, a spoofed
// position) is refused; the next good fix is compared with the last accepted one, so one glitch
// does not drag the track.
#include "tracking/steps.h"

namespace oc::tracking {

Refusal CheckJump(const Fix& fix, StepContext& ctx) {
  const auto& last = ctx.state.last;
  if (!last) return Refusal::kNone;
  double metres = DistanceMetres(last->lat, last->lon, fix.lat, fix.lon);
  double hours = static_cast<double>(fix.time_ms - last->time_ms) / 3600000.0;
  // Small moves are GPS noise whatever the interval (two fixes a second apart, 30 m apart).
  if (metres > 1000 && metres / 1000 > ctx.thresholds.jump_kmh * hours) return Refusal::kImpossibleJump;
  return Refusal::kNone;
}

}  // namespace oc::tracking
