// The seal's own state: opened or cut after it was closed (or first reported so) is an alert,
// once per change; a seal closed again may alert again.
#include "tracking/steps.h"

namespace oc::tracking {

void CheckSeal(const Fix& fix, StepContext& ctx) {
  SealState& known = ctx.state.seal;
  if (fix.seal == SealState::kUnknown || fix.seal == known) return;
  if (fix.seal == SealState::kOpened) ctx.alerts.push_back(AlertAt(AlertKind::kSealOpened, fix, {"alert_seal_opened", {}, "the seal reports opened"}));
  if (fix.seal == SealState::kCut) ctx.alerts.push_back(AlertAt(AlertKind::kSealCut, fix, {"alert_seal_cut", {}, "the seal reports its wire cut"}));
  known = fix.seal;
}

}  // namespace oc::tracking
