// The "counts once" rules of profiles and criterion tallies, without a store.
#include "risk/counting.h"

#include <gtest/gtest.h>

namespace oc::risk {
namespace {

constexpr int64_t kDay = 20454;  // 2026-01-01
constexpr int64_t kAt = kDay * 86400000 + 5000;

Decision DecisionWith(std::string accountable) {
  Decision d;
  d.accountable_tin = std::move(accountable);
  d.decided_ms = kAt;
  d.fired = {{"RC-0001", 2, Lane::kRed, 10, true, ""}, {"RC-0003", 1, Lane::kYellow, 5, false, ""}};
  return d;
}

std::vector<std::string> Ids(const std::vector<CriterionRef>& refs) {
  std::vector<std::string> out;
  for (const auto& r : refs) out.push_back(r.id + "/" + std::to_string(r.version));
  return out;
}

TEST(ProfiledTins, AccountableTraderThenAnotherDeclarantNeverTwiceNeverEmpty) {
  EXPECT_EQ(ProfiledTins("301", "302"), (std::vector<std::string>{"301", "302"}));
  EXPECT_EQ(ProfiledTins("301", "301"), (std::vector<std::string>{"301"}));
  EXPECT_EQ(ProfiledTins("", "302"), (std::vector<std::string>{"302"}));
  EXPECT_TRUE(ProfiledTins("", "").empty());
}

TEST(CountDecision, OnlyTheFirstDecisionCountsTheDeclarationButEveryOneFires) {
  auto first = CountDecision(DecisionWith("301"), "302", true);
  EXPECT_EQ(first.profile_tins, (std::vector<std::string>{"301", "302"}));
  EXPECT_EQ(Ids(first.fired), (std::vector<std::string>{"RC-0001/2", "RC-0003/1"}));
  EXPECT_EQ(first.day, kDay);
  auto again = CountDecision(DecisionWith("301"), "302", false);  // re-decided after an amendment
  EXPECT_TRUE(again.profile_tins.empty());
  EXPECT_EQ(Ids(again.fired), Ids(first.fired));
}

TEST(CountInspection, OnlyTheFirstResultCountsAgainstTheLatestDecision) {
  Inspection i;
  i.outcome = InspectionOutcome::kDiscrepancy;
  i.at_ms = kAt + 86400000;
  Decision latest = DecisionWith("301");
  auto first = CountInspection(i, true, latest.accountable_tin, latest.fired, "302");
  EXPECT_TRUE(first.hit);
  EXPECT_EQ(first.day, kDay + 1);
  EXPECT_EQ(first.profile_tins, (std::vector<std::string>{"301", "302"}));
  EXPECT_EQ(Ids(first.criteria), (std::vector<std::string>{"RC-0001/2", "RC-0003/1"}));

  auto reinspection = CountInspection(i, false, latest.accountable_tin, latest.fired, "302");
  EXPECT_TRUE(reinspection.profile_tins.empty());
  EXPECT_TRUE(reinspection.criteria.empty());

  i.outcome = InspectionOutcome::kNoDiscrepancy;
  auto clean = CountInspection(i, true, "", {}, "302");  // no decision: the declarant alone
  EXPECT_FALSE(clean.hit);
  EXPECT_EQ(clean.profile_tins, (std::vector<std::string>{"302"}));
  EXPECT_TRUE(clean.criteria.empty());
}

}  // namespace
}  // namespace oc::risk
