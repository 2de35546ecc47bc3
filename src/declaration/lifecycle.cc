#include "declaration/lifecycle.h"

#include <array>

namespace oc {
namespace {

constexpr std::array<std::pair<State, const char*>, 12> kStates{{
    {State::kDraft, "draft"}, {State::kSubmitted, "submitted"}, {State::kRegistered, "registered"},
    {State::kRejected, "rejected"}, {State::kUnderControl, "under_control"}, {State::kAssessed, "assessed"},
    {State::kReleased, "released"}, {State::kExited, "exited"}, {State::kHeld, "held"},
    {State::kDetained, "detained"}, {State::kCancelled, "cancelled"}, {State::kInvalidated, "invalidated"},
}};

constexpr std::array<std::pair<Action, const char*>, 15> kActions{{
    {Action::kSubmit, "submit"}, {Action::kRegister, "register"}, {Action::kReject, "reject"},
    {Action::kControl, "control"}, {Action::kAssess, "assess"}, {Action::kRelease, "release"},
    {Action::kExit, "exit"}, {Action::kHold, "hold"}, {Action::kUnhold, "unhold"}, {Action::kDetain, "detain"},
    {Action::kLiftDetention, "lift_detention"}, {Action::kCancel, "cancel"}, {Action::kInvalidate, "invalidate"},
    {Action::kAmend, "amend"}, {Action::kCorrect, "correct"},
}};

bool In(State s, std::initializer_list<State> set) {
  for (State x : set) if (x == s) return true;
  return false;
}

Status Illegal(Action a, const LifecycleState& s) {
  std::string where = StateName(s.state);
  if (s.state == State::kUnderControl) where += std::string(" (") + ControlTypeName(s.control) + ")";
  return Status::Conflict("illegal_transition",
                          std::string("cannot ") + ActionName(a) + " a declaration that is " + where);
}

}  // namespace

const char* StateName(State s) {
  for (auto& [k, n] : kStates) if (k == s) return n;
  return "unknown";
}
std::optional<State> StateFromName(std::string_view name) {
  for (auto& [k, n] : kStates) if (name == n) return k;
  return std::nullopt;
}
const char* ControlTypeName(ControlType c) {
  return c == ControlType::kDocumentary ? "documentary" : c == ControlType::kPhysical ? "physical" : "";
}
std::optional<ControlType> ControlTypeFromName(std::string_view name) {
  if (name == "documentary") return ControlType::kDocumentary;
  if (name == "physical") return ControlType::kPhysical;
  return std::nullopt;
}
const char* ActionName(Action a) {
  for (auto& [k, n] : kActions) if (k == a) return n;
  return "unknown";
}
std::optional<Action> ActionFromName(std::string_view name) {
  for (auto& [k, n] : kActions) if (name == n) return k;
  return std::nullopt;
}

std::string CusresCode(const LifecycleState& s, DeclarationType type) {
  switch (s.state) {
    case State::kDraft: return "";
    case State::kSubmitted: return "17";     // Message received
    case State::kRegistered: return "1";     // Message content accepted
    case State::kRejected: return "2";       // Message content rejected with comment
    case State::kUnderControl:
      return s.control == ControlType::kPhysical ? "5"   // Goods required for examination
                                                 : "6";  // Documents to be produced
    case State::kAssessed: return "1";       // accepted; duties assessed
    case State::kReleased:
      return type == DeclarationType::kTransit ? "8"  // Goods may move under Customs transfer
                                               : "4"; // Goods released
    case State::kExited: return type == DeclarationType::kTransit ? "24" : "22";  // Transit / Export
    case State::kHeld:
    case State::kDetained: return "7";       // Goods detained
    case State::kCancelled:
    case State::kInvalidated: return "129";  // Cancellation executed
  }
  return "";
}

bool ActorMayTake(Actor actor, Action action) {
  switch (action) {
    case Action::kSubmit:
    case Action::kCancel:
    case Action::kAmend:
      return actor == Actor::kTrader || actor == Actor::kSystem;
    case Action::kRegister:
    case Action::kReject:
      return actor == Actor::kSystem;
    case Action::kControl:
    case Action::kAssess:
    case Action::kCorrect:
    case Action::kRelease:
    case Action::kExit:
    case Action::kHold:
    case Action::kUnhold:
      return actor == Actor::kOfficer || actor == Actor::kSupervisor || actor == Actor::kSystem;
    case Action::kDetain:
    case Action::kLiftDetention:
      return actor == Actor::kSupervisor;
    case Action::kInvalidate:
      return actor == Actor::kTrader || actor == Actor::kSupervisor;
  }
  return false;
}

bool CorrectionAllowed(const LifecycleState& s) {
  return s.state == State::kUnderControl || s.state == State::kAssessed || s.state == State::kReleased;
}

bool AmendmentAllowed(const LifecycleState& s) {
  return s.state == State::kDraft || s.state == State::kRegistered || s.state == State::kAssessed ||
         (s.state == State::kUnderControl && s.control == ControlType::kDocumentary);
}

Result<LifecycleState> ApplyAction(const LifecycleState& cur, DeclarationType type, Action action,
                                   ControlType control, Actor actor) {
  LifecycleState next = cur;
  auto go = [&](State s) {
    next.state = s;
    if (s != State::kUnderControl) next.control = ControlType::kNone;
    return next;
  };
  switch (action) {
    case Action::kSubmit:
      if (cur.state == State::kDraft) return go(State::kSubmitted);
      break;
    case Action::kRegister:
      if (cur.state == State::kSubmitted) return go(State::kRegistered);
      break;
    case Action::kReject:
      if (cur.state == State::kSubmitted) return go(State::kRejected);
      break;
    case Action::kControl:
      if (control == ControlType::kNone)
        return Status::Invalid("control_type_required", "control needs a type: documentary or physical");
      if (cur.state == State::kRegistered || (cur.state == State::kUnderControl && cur.control != control) ||
          cur.state == State::kAssessed) {
        next.state = State::kUnderControl;
        next.control = control;
        return next;
      }
      break;
    case Action::kAssess:
      if (In(cur.state, {State::kRegistered, State::kUnderControl})) return go(State::kAssessed);
      break;
    case Action::kRelease:
      if (cur.state == State::kAssessed) return go(State::kReleased);
      // Transit carries no duty to assess: goods move under a guarantee once checked.
      if (type == DeclarationType::kTransit && In(cur.state, {State::kRegistered, State::kUnderControl}))
        return go(State::kReleased);
      break;
    case Action::kExit:
      if (cur.state == State::kReleased && type != DeclarationType::kImport) return go(State::kExited);
      break;
    case Action::kHold:
      if (In(cur.state, {State::kRegistered, State::kUnderControl, State::kAssessed})) {
        next.resume_state = cur.state;
        next.resume_control = cur.control;
        return go(State::kHeld);
      }
      break;
    case Action::kUnhold:
      if (cur.state == State::kHeld) {
        next.state = cur.resume_state;
        next.control = cur.resume_control;
        return next;
      }
      break;
    case Action::kDetain:
      if (In(cur.state, {State::kRegistered, State::kUnderControl, State::kAssessed})) {
        next.resume_state = cur.state;
        next.resume_control = cur.control;
        return go(State::kDetained);
      }
      if (cur.state == State::kHeld) return go(State::kDetained);  // keeps the held-from state
      break;
    case Action::kLiftDetention:
      if (cur.state == State::kDetained) {
        next.state = cur.resume_state;
        next.control = cur.resume_control;
        return next;
      }
      break;
    case Action::kCancel:
      if (cur.state == State::kDraft) return go(State::kCancelled);
      break;
    case Action::kInvalidate:
      // A trader may withdraw only before customs has announced a physical examination;
      // a supervisor may invalidate any declaration whose goods were not released, and an export
      // whose goods did not leave.
      if (actor == Actor::kTrader) {
        if (cur.state == State::kRegistered ||
            (cur.state == State::kUnderControl && cur.control == ControlType::kDocumentary) ||
            (cur.state == State::kReleased && type == DeclarationType::kExport))
          return go(State::kInvalidated);
      } else if (In(cur.state, {State::kRegistered, State::kUnderControl, State::kAssessed, State::kHeld,
                                State::kDetained}) ||
                 (cur.state == State::kReleased && type == DeclarationType::kExport)) {
        return go(State::kInvalidated);
      }
      break;
    case Action::kCorrect:
      // Corrected values are assessed with the correction; released goods stay released (the
      // difference is recovered after release).
      if (CorrectionAllowed(cur)) return cur.state == State::kReleased ? next : go(State::kAssessed);
      break;
    case Action::kAmend:
      if (AmendmentAllowed(cur)) {
        // An assessed declaration must be assessed again after its content changed.
        if (cur.state == State::kAssessed) return go(State::kRegistered);
        return next;
      }
      break;
  }
  return Illegal(action, cur);
}

}  // namespace oc
