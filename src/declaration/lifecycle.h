// The declaration lifecycle as an explicit state machine.
//
//   draft -> submitted -> registered (MRN) | rejected
//   registered -> under_control (documentary | physical) -> assessed -> released -> exited
//   hold / detention by officers from any controlled state, returning to where they came from;
//   cancellation of drafts; invalidation before release (and of exports whose goods did not leave).
//
// Pure functions over plain values: the store applies them inside its write transaction.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "declaration/declaration.h"

namespace oc {

enum class State {
  kDraft, kSubmitted, kRegistered, kRejected, kUnderControl, kAssessed,
  kReleased, kExited, kHeld, kDetained, kCancelled, kInvalidated,
};
enum class ControlType { kNone, kDocumentary, kPhysical };

enum class Action {
  kSubmit, kRegister, kReject, kControl, kAssess, kRelease, kExit,
  kHold, kUnhold, kDetain, kLiftDetention, kCancel, kInvalidate, kAmend,
  // An officer corrects declared values after an inspection: a new version, assessed at once.
  kCorrect,
};

struct LifecycleState {
  State state = State::kDraft;
  ControlType control = ControlType::kNone;
  // For held / detained: the state (and control) to return to when the hold is lifted.
  State resume_state = State::kDraft;
  ControlType resume_control = ControlType::kNone;
};

const char* StateName(State s);                     // "under_control"
std::optional<State> StateFromName(std::string_view name);
const char* ControlTypeName(ControlType c);         // "documentary", "physical", "" for none
std::optional<ControlType> ControlTypeFromName(std::string_view name);
const char* ActionName(Action a);                   // "lift_detention"
std::optional<Action> ActionFromName(std::string_view name);

// UN/EDIFACT CUSRES processing indicator (data element 7365) that tells partners the status.
// Empty for a draft, which is never sent to partners.
std::string CusresCode(const LifecycleState& s, DeclarationType type);

// Who may take an action. Authorisation to the particular declaration is checked elsewhere.
enum class Actor { kTrader, kOfficer, kSupervisor, kSystem };
bool ActorMayTake(Actor actor, Action action);

// Applies `action` to `current`. `control` is the requested control type for kControl.
// Conflict("illegal_transition") naming the current state when the machine forbids it;
// Invalid("control_type_required") when kControl lacks a control type.
Result<LifecycleState> ApplyAction(const LifecycleState& current, DeclarationType type, Action action,
                                   ControlType control = ControlType::kNone, Actor actor = Actor::kSystem);

// True while an officer may correct the declared values (after control, before the end).
bool CorrectionAllowed(const LifecycleState& s);
// True while the declaration content may still be amended by the trader.
bool AmendmentAllowed(const LifecycleState& s);

}  // namespace oc
