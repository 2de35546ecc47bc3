#include "tracking/pipeline.h"

namespace oc::tracking {

Pipeline::Pipeline(const Route& route, const RouteGeometry& geometry, Thresholds thresholds)
    : route_(route), geometry_(geometry), thresholds_(thresholds) {}

Refusal Pipeline::Process(const Fix& fix, std::vector<Alert>& alerts, std::optional<int64_t> now_ms) {
  JourneyState scratch;  // an invalid fix's device gets no state
  auto found = states_.find(fix.device);
  JourneyState& state = found != states_.end() ? found->second : scratch;
  StepContext ctx{route_, geometry_, thresholds_, state, alerts, now_ms};
  for (auto check : {CheckValid, CheckOrder, CheckJump}) {
    Refusal r = check(fix, ctx);
    if (r == Refusal::kNone) continue;
    (r == Refusal::kInvalid ? counts_.invalid : r == Refusal::kOutOfOrder ? counts_.out_of_order : counts_.impossible_jump)++;
    return r;
  }
  JourneyState& s = found != states_.end() ? state : states_[fix.device];
  StepContext live{route_, geometry_, thresholds_, s, alerts, now_ms};
  if (s.started_ms < 0) s.started_ms = fix.time_ms;
  for (auto step : {CheckOffline, CheckCorridor, CheckStop, CheckSeal, CheckBattery, CheckOverdue, CheckArrival})
    step(fix, live);
  s.last = fix;
  ++counts_.accepted;
  return Refusal::kNone;
}

JourneyState& Pipeline::Begin(const std::string& device, int64_t started_ms, int64_t deadline_ms) {
  JourneyState& s = states_[device];
  s.started_ms = started_ms;
  s.deadline_ms = deadline_ms;
  s.bound = true;
  return s;
}

void Pipeline::Tick(int64_t now_ms, std::vector<Alert>& alerts) {
  for (auto& [device, state] : states_) {
    StepContext ctx{route_, geometry_, thresholds_, state, alerts, now_ms};
    CheckSilence(device, now_ms, ctx);
    CheckDeadline(device, now_ms, ctx);
  }
}

const JourneyState* Pipeline::State(const std::string& device) const {
  auto it = states_.find(device);
  return it == states_.end() ? nullptr : &it->second;
}

}  // namespace oc::tracking
