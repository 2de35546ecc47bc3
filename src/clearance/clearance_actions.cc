// What the caller may do to a declaration now: the lifecycle moves its role may request, each
// allowed or not with the reasons, so that clients offer exactly what the API would accept.
#include "clearance/clearance_internal.h"
#include "clearance/clearance_service.h"
#include "identity/access.h"
#include "payment/debt.h"

namespace oc {

namespace {

struct Candidate {
  Action action;
  ControlType control;
  access::Action permission;
};

// In the order a client shows them: the usual path first, the exceptional moves after.
constexpr Candidate kCandidates[] = {
    {Action::kSubmit, ControlType::kNone, access::Action::kActOnDeclaration},
    {Action::kControl, ControlType::kDocumentary, access::Action::kActOnDeclaration},
    {Action::kControl, ControlType::kPhysical, access::Action::kActOnDeclaration},
    {Action::kAssess, ControlType::kNone, access::Action::kActOnDeclaration},
    {Action::kCorrect, ControlType::kNone, access::Action::kCorrectDeclaration},
    {Action::kRelease, ControlType::kNone, access::Action::kActOnDeclaration},
    {Action::kExit, ControlType::kNone, access::Action::kActOnDeclaration},
    {Action::kAmend, ControlType::kNone, access::Action::kAmendDeclaration},
    {Action::kHold, ControlType::kNone, access::Action::kActOnDeclaration},
    {Action::kUnhold, ControlType::kNone, access::Action::kActOnDeclaration},
    {Action::kDetain, ControlType::kNone, access::Action::kActOnDeclaration},
    {Action::kLiftDetention, ControlType::kNone, access::Action::kActOnDeclaration},
    {Action::kCancel, ControlType::kNone, access::Action::kWithdrawDeclaration},
    {Action::kInvalidate, ControlType::kNone, access::Action::kWithdrawDeclaration},
};

bool Ended(State s) {
  return s == State::kReleased || s == State::kExited || s == State::kCancelled || s == State::kInvalidated ||
         s == State::kRejected || s == State::kDraft || s == State::kSubmitted;
}

}  // namespace

Result<std::vector<ActionOption>> ClearanceService::Options(const Principal& who, const std::string& ref) {
  auto rec = Get(who, ref);
  if (!rec.ok()) return rec.status();
  const DeclarationRecord& r = rec.value();
  std::vector<ActionOption> out;
  std::optional<Actor> actor = ActorOf(who);
  if (!actor) return out;  // administrators take no part in the lifecycle
  for (const Candidate& c : kCandidates) {
    if (!ActorMayTake(*actor, c.action) || !access::RoleMay(who.role, c.permission)) continue;
    ActionOption o;
    o.action = c.action;
    o.control = c.control;
    auto next = ApplyAction(r.lifecycle, r.type, c.action, c.control, *actor);
    if (c.action == Action::kRelease) {
      // Release is shown while the goods wait for it, with what still stands in the way.
      if (Ended(r.lifecycle.state)) continue;
      if (config_.schedule) o.reasons = payment::ReleaseBlockers(r.debt, r.version);
      if (!next.ok() && (o.reasons.empty() || r.debt))
        o.reasons.insert(o.reasons.begin(), Message{"illegal_transition",
                                                    {{"action", "release"}, {"state", StateName(r.lifecycle.state)}},
                                                    next.status().message()});
    } else if (!next.ok()) {
      continue;  // not a move from this state: not offered
    }
    if (Status st = access::Allow(who, c.permission); !st.ok())
      o.reasons.push_back({"read_only", {}, st.message()});
    o.allowed = o.reasons.empty();
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace oc
