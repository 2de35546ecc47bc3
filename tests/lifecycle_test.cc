#include "declaration/clearance_times.h"
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
  EXPECT_FALSE(ActorMayTake(Actor::kTrader, Action::kCorrect));
  EXPECT_TRUE(ActorMayTake(Actor::kOfficer, Action::kCorrect));
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

namespace oc {
namespace {

// Clearance-time figures: nearest-rank percentiles and the histogram's buckets, overall and per lane.
TEST(ClearanceTimes, PercentilesAndHistogramPerLane) {
  std::vector<ReleaseTiming> timings;
  // Green: 10 s … 100 s (ten); red: 2 h and 2 days; one released "before" its registration.
  for (int i = 1; i <= 10; ++i) timings.push_back({i, "UZ0001", "green", 1'000'000, 1'000'000 + i * 10'000});
  timings.push_back({11, "UZ0001", "red", 0, 7'200'000});
  timings.push_back({12, "UZ0001", "red", 0, 172'800'000});
  timings.push_back({13, "UZ0001", "", 5'000, 1'000});
  auto s = SummariseClearanceTimes(timings);
  EXPECT_EQ(s.all.released, 13);
  const auto& green = s.by_lane.at("green");
  EXPECT_EQ(green.released, 10);
  EXPECT_DOUBLE_EQ(green.p50_s, 50);
  EXPECT_DOUBLE_EQ(green.p90_s, 90);
  EXPECT_DOUBLE_EQ(green.mean_s, 55);
  EXPECT_DOUBLE_EQ(green.max_s, 100);
  EXPECT_EQ(green.histogram[0], 6);  // 10..60 s
  EXPECT_EQ(green.histogram[1], 4);  // 70..100 s
  const auto& red = s.by_lane.at("red");
  EXPECT_EQ(red.histogram[4], 1);    // 2 h: over 1 h, within 4 h
  EXPECT_EQ(red.histogram[6], 1);    // 2 days: over 1 day, within 3
  EXPECT_DOUBLE_EQ(s.by_lane.at("").max_s, 0);
  int64_t total = 0;
  for (int64_t n : s.all.histogram) total += n;
  EXPECT_EQ(total, 13);
  EXPECT_EQ(SummariseClearanceTimes({}).all.released, 0);
}

TEST(Lifecycle, OfficersCorrectControlledAssessedAndReleasedGoodsOnly) {
  EXPECT_EQ(Go(State::kUnderControl, Action::kCorrect), State::kAssessed);  // assessed with the correction
  EXPECT_EQ(Go(State::kAssessed, Action::kCorrect), State::kAssessed);
  EXPECT_EQ(Go(State::kReleased, Action::kCorrect), State::kReleased);  // recovered after release
  for (State s : {State::kDraft, State::kRegistered, State::kHeld, State::kDetained, State::kExited,
                  State::kInvalidated, State::kRejected})
    EXPECT_EQ(Go(s, Action::kCorrect), State::kDraft) << StateName(s);  // refused
  EXPECT_EQ(ActionFromName("correct"), Action::kCorrect);
}

}  // namespace
}  // namespace oc
