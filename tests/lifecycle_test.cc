#include "declaration/lifecycle.h"

#include <gtest/gtest.h>

namespace oc {
namespace {

LifecycleState At(State s, ControlType c = ControlType::kNone) {
  LifecycleState l;
  l.state = s;
  l.control = c;
  return l;
}

State Go(State from, Action a, DeclarationType t = DeclarationType::kImport, ControlType c = ControlType::kNone,
         Actor actor = Actor::kOfficer) {
  auto r = ApplyAction(At(from), t, a, c, actor);
  return r.ok() ? r->state : State::kDraft;
}

TEST(Lifecycle, HappyPathOfAnImport) {
  LifecycleState s;
  for (auto [a, expect] : {std::pair{Action::kSubmit, State::kSubmitted}, {Action::kRegister, State::kRegistered},
                           {Action::kControl, State::kUnderControl}, {Action::kAssess, State::kAssessed},
                           {Action::kRelease, State::kReleased}}) {
    auto r = ApplyAction(s, DeclarationType::kImport, a, ControlType::kPhysical);
    ASSERT_TRUE(r.ok()) << ActionName(a) << ": " << r.status().ToString();
    EXPECT_EQ(r->state, expect);
    s = r.value();
  }
  EXPECT_FALSE(ApplyAction(s, DeclarationType::kImport, Action::kExit).ok());  // imports do not exit
}

TEST(Lifecycle, IllegalTransitionsAreConflicts) {
  auto r = ApplyAction(At(State::kDraft), DeclarationType::kImport, Action::kRelease);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), StatusKind::kConflict);
  EXPECT_EQ(r.status().code(), "illegal_transition");
  EXPECT_NE(r.status().message().find("draft"), std::string::npos);
  EXPECT_FALSE(ApplyAction(At(State::kReleased), DeclarationType::kImport, Action::kAssess).ok());
  EXPECT_FALSE(ApplyAction(At(State::kRejected), DeclarationType::kImport, Action::kRegister).ok());
  EXPECT_FALSE(ApplyAction(At(State::kCancelled), DeclarationType::kImport, Action::kSubmit).ok());
  EXPECT_FALSE(ApplyAction(At(State::kRegistered), DeclarationType::kImport, Action::kRelease).ok());  // needs assessment
}

TEST(Lifecycle, ControlNeedsAType) {
  auto r = ApplyAction(At(State::kRegistered), DeclarationType::kImport, Action::kControl);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), "control_type_required");
}

TEST(Lifecycle, HoldReturnsWhereItCameFrom) {
  auto held = ApplyAction(At(State::kUnderControl, ControlType::kPhysical), DeclarationType::kImport, Action::kHold);
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(held->state, State::kHeld);
  auto detained = ApplyAction(held.value(), DeclarationType::kImport, Action::kDetain, ControlType::kNone, Actor::kSupervisor);
  ASSERT_TRUE(detained.ok());
  EXPECT_EQ(detained->state, State::kDetained);
  auto lifted = ApplyAction(detained.value(), DeclarationType::kImport, Action::kLiftDetention);
  ASSERT_TRUE(lifted.ok());
  EXPECT_EQ(lifted->state, State::kUnderControl);
  EXPECT_EQ(lifted->control, ControlType::kPhysical);
}

TEST(Lifecycle, TransitAndExport) {
  EXPECT_EQ(Go(State::kRegistered, Action::kRelease, DeclarationType::kTransit), State::kReleased);
  EXPECT_EQ(Go(State::kReleased, Action::kExit, DeclarationType::kExport), State::kExited);
  EXPECT_EQ(Go(State::kReleased, Action::kInvalidate, DeclarationType::kExport, ControlType::kNone, Actor::kSupervisor),
            State::kInvalidated);
  EXPECT_FALSE(ApplyAction(At(State::kReleased), DeclarationType::kImport, Action::kInvalidate, ControlType::kNone,
                           Actor::kSupervisor).ok());
}

TEST(Lifecycle, TraderMayNotWithdrawAfterPhysicalControlIsAnnounced) {
  EXPECT_TRUE(ApplyAction(At(State::kRegistered), DeclarationType::kImport, Action::kInvalidate, ControlType::kNone,
                          Actor::kTrader).ok());
  EXPECT_FALSE(ApplyAction(At(State::kUnderControl, ControlType::kPhysical), DeclarationType::kImport,
                           Action::kInvalidate, ControlType::kNone, Actor::kTrader).ok());
  EXPECT_TRUE(ApplyAction(At(State::kUnderControl, ControlType::kPhysical), DeclarationType::kImport,
                          Action::kInvalidate, ControlType::kNone, Actor::kSupervisor).ok());
}

TEST(Lifecycle, AmendmentRules) {
  EXPECT_TRUE(AmendmentAllowed(At(State::kRegistered)));
  EXPECT_TRUE(AmendmentAllowed(At(State::kUnderControl, ControlType::kDocumentary)));
  EXPECT_FALSE(AmendmentAllowed(At(State::kUnderControl, ControlType::kPhysical)));
  EXPECT_FALSE(AmendmentAllowed(At(State::kReleased)));
  EXPECT_EQ(Go(State::kAssessed, Action::kAmend), State::kRegistered);  // must be assessed again
}

TEST(Lifecycle, RolesAndCusres) {
  EXPECT_FALSE(ActorMayTake(Actor::kTrader, Action::kRelease));
  EXPECT_FALSE(ActorMayTake(Actor::kOfficer, Action::kDetain));
  EXPECT_TRUE(ActorMayTake(Actor::kSupervisor, Action::kDetain));
  EXPECT_FALSE(ActorMayTake(Actor::kOfficer, Action::kRegister));
  EXPECT_EQ(CusresCode(At(State::kReleased), DeclarationType::kImport), "4");
  EXPECT_EQ(CusresCode(At(State::kReleased), DeclarationType::kTransit), "8");
  EXPECT_EQ(CusresCode(At(State::kUnderControl, ControlType::kPhysical), DeclarationType::kImport), "5");
  EXPECT_EQ(CusresCode(At(State::kUnderControl, ControlType::kDocumentary), DeclarationType::kImport), "6");
  EXPECT_EQ(CusresCode(At(State::kRejected), DeclarationType::kImport), "2");
  for (const char* n : {"draft", "under_control", "invalidated"}) EXPECT_STREQ(StateName(*StateFromName(n)), n);
}

}  // namespace
}  // namespace oc
