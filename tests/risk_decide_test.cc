// The risk decision as a pure function (risk/decide.h): each piece of evidence moves the lane and
// shows in the reasons and the details, with no store, clock or randomness of its own.
#include "risk/decide.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "risk/declaration_facts.h"
#include "tests/test_support.h"

namespace oc::risk {
namespace {

constexpr int64_t kDay = 20454;

struct Fixture {
  Declaration d = testing::ValidDeclaration(1, "301234567", 2);
  RuleSet rules;
  DecisionInputs in;
  int chooser_calls = 0;
  std::optional<Lane> mandated_seen;
  float score_seen = 0;

  Fixture() {
    in.declaration_id = 7;
    in.version = 1;
    in.decided_ms = kDay * 86400000 + 1000;
    in.day = kDay;
    in.item_values = ItemValues(d, 12500.0);
    in.items.resize(d.items.size());
    in.profile.tin = AccountableTin(d);
    in.profile.declarations = 40;
    in.profile.inspections = 10;
    in.profile.hits = 1;
    in.prior_hit_rate = 0.1;
    in.rules = &rules;
    in.sampling_key = "301234567|LRN|1";
    in.policy.national_currency = "UZS";
    in.choose_lane = [this](std::optional<Lane> mandated, float score, LaneAllocator::Thresholds* t) {
      ++chooser_calls;
      mandated_seen = mandated;
      score_seen = score;
      *t = {0.9, 0.6, 0.3};
      if (mandated) return LaneChoice{*mandated, LaneSource::kRule, NAN};
      return LaneChoice{Lane::kGreen, LaneSource::kNone, NAN};
    };
  }
  // A reference whose median is `factor` times the item's declared unit value.
  ReferenceValue ReferenceAt(size_t i, double factor) const {
    double uv = in.item_values[i] / d.items[i].net_mass.ToDouble();
    return ReferenceValue{40, uv * factor * 0.8, uv * factor, uv * factor * 1.2, "hs6"};
  }
  Decision Run() {
    auto r = Decide(d, in);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : Decision{};
  }
};

bool HasReason(const Decision& d, const std::string& part) {
  for (const auto& r : d.reasons)
    if (r.text.find(part) != std::string::npos) return true;
  return false;
}

TEST(RiskDecide, NoEvidenceIsGreenAndSaysSo) {
  Fixture f;
  Decision out = f.Run();
  EXPECT_EQ(f.chooser_calls, 1);
  EXPECT_FALSE(f.mandated_seen);
  EXPECT_TRUE(std::isnan(f.score_seen));
  EXPECT_EQ(out.lane, Lane::kGreen);
  EXPECT_EQ(out.declaration_id, 7);
  EXPECT_EQ(out.decided_ms, f.in.decided_ms);
  EXPECT_EQ(out.accountable_tin, f.in.profile.tin);
  ASSERT_FALSE(out.reasons.empty());
  EXPECT_EQ(out.reasons.front().text, "no risk indicator fired");
  EXPECT_EQ(out.reasons.front().code, "risk_none");
  EXPECT_TRUE(HasReason(out, "no fraud model is active"));
  EXPECT_TRUE(HasReason(out, "40 declarations, 1 discrepancies in 10 inspections"));
  EXPECT_EQ(out.unit_values.size(), f.d.items.size());
  auto details = nlohmann::json::parse(out.details_json);
  EXPECT_EQ(details["items"].size(), f.d.items.size());
  EXPECT_TRUE(details["items"][0]["valuation"]["reference"].is_null());
  EXPECT_EQ(details["thresholds"]["red"], 0.9);
  EXPECT_EQ(details["profile"]["declarations"], 40);
  EXPECT_FALSE(out.facts_json.empty());
}

TEST(RiskDecide, AnUndervaluedItemFiresValuationWithItsLane) {
  Fixture f;
  f.in.policy.undervaluation_lane = Lane::kRed;
  f.in.items[1].reference = f.ReferenceAt(1, 4.0);  // declared at a quarter of the usual price
  f.in.items[0].reference = f.ReferenceAt(0, 1.0);
  Decision out = f.Run();
  EXPECT_EQ(f.mandated_seen, Lane::kRed);
  EXPECT_EQ(out.lane, Lane::kRed);
  ASSERT_EQ(out.fired.size(), 1u);
  EXPECT_EQ(out.fired[0].id, "VALUATION");
  EXPECT_TRUE(HasReason(out, "UZS/kg is 0.25 of the reference median"));
  auto details = nlohmann::json::parse(out.details_json);
  EXPECT_EQ(details["items"][1]["valuation"]["undervalued"], true);
  EXPECT_EQ(details["items"][0]["valuation"]["undervalued"], false);
}

TEST(RiskDecide, AContradictedCodeAndAPartnerMismatchFireTheirSignals) {
  Fixture f;
  f.in.items[0].classification = ClassificationEvidence{0.9, "640399", "Footwear", 0.85, true};
  f.in.mirror_reasons = {Message{"mirror_mass", {{"export", "EX1"}, {"seq", "1"}}, "export EX1: item 1 mass differs"}};
  Decision out = f.Run();
  ASSERT_EQ(out.fired.size(), 2u);
  EXPECT_EQ(out.fired[0].id, "CLASSIFICATION");
  EXPECT_EQ(out.fired[1].id, "PARTNER_MISMATCH");
  EXPECT_TRUE(HasReason(out, "the description reads as 640399 (Footwear, confidence 0.85)"));
  EXPECT_TRUE(HasReason(out, "export EX1: item 1 mass differs"));
  auto details = nlohmann::json::parse(out.details_json);
  EXPECT_EQ(details["items"][0]["classification"]["suggested"], "640399");
  EXPECT_FALSE(details["items"][1].contains("classification"));
}

TEST(RiskDecide, TheRiskiestItemsScoreDecidesAndItsFactorsAreGiven) {
  Fixture f;
  ModelEvidence m;
  m.version = "m1";
  m.item_scores = {0.25f, 0.75f};
  m.explanation = Explanation{0.75f, -2.0f, {{"origin_rate", 0.5f, 1.25f}, {"price", 3.0f, -0.5f}}};
  m.shadow_version = "m2";
  m.shadow_score = 0.5;
  f.in.model = m;
  f.in.choose_lane = [&f](std::optional<Lane>, float score, LaneAllocator::Thresholds* t) {
    ++f.chooser_calls;
    f.score_seen = score;
    *t = {0.7, 0.5, 0.3};
    return LaneChoice{Lane::kRed, LaneSource::kModel, 0.7};
  };
  Decision out = f.Run();
  EXPECT_FLOAT_EQ(f.score_seen, 0.75f);
  EXPECT_EQ(out.score, 0.75);
  EXPECT_EQ(out.model_version, "m1");
  EXPECT_EQ(out.shadow_version, "m2");
  EXPECT_EQ(out.lane, Lane::kRed);
  EXPECT_EQ(out.source, LaneSource::kModel);
  EXPECT_TRUE(HasReason(out, "fraud model m1: score 0.750 reached the red threshold 0.700; strongest factors: "
                             "origin_rate (+1.25), price (-0.50)"));
  auto details = nlohmann::json::parse(out.details_json);
  EXPECT_EQ(details["explanation"]["item"], f.d.items[1].seq);
  EXPECT_EQ(details["items"][1]["score"], 0.75);
}

TEST(RiskDecide, ACriterionThatMatchesMandatesItsLane) {
  Fixture f;
  Criterion c;
  c.id = "RC-0001";
  c.version = 2;
  c.expression = "customs_value > 0";
  c.lane = Lane::kYellow;
  c.description = "check every value";
  c.status = CriterionStatus::kActive;
  ListCatalog lists;
  f.rules = RuleSet::Build({c}, DeclarationFields(), lists);
  Decision out = f.Run();
  ASSERT_EQ(out.fired.size(), 1u);
  EXPECT_EQ(out.fired[0].id, "RC-0001");
  EXPECT_EQ(out.lane, Lane::kYellow);
  EXPECT_EQ(out.reasons.front().text, "yellow by criterion RC-0001: check every value");
  // Each reason is a code with the values it is made of, so that each reader words it.
  EXPECT_EQ(out.reasons.front().code, "risk_criterion");
  EXPECT_EQ(out.reasons.front().Param("lane"), "yellow");
  EXPECT_EQ(out.reasons.front().Param("id"), "RC-0001");
}

TEST(RiskDecide, EvidenceThatDoesNotMatchTheItemsIsRefused) {
  Fixture f;
  f.in.items.pop_back();
  EXPECT_EQ(Decide(f.d, f.in).status().code(), "decision_inputs");
  Fixture g;
  g.in.choose_lane = nullptr;
  EXPECT_EQ(Decide(g.d, g.in).status().code(), "decision_inputs");
  EXPECT_EQ(g.chooser_calls, 0);
}

}  // namespace
}  // namespace oc::risk
