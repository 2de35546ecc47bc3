// The risk engine's pure parts: lanes filled to capacity, deterministic sampling, criteria sets
// (validity, priority, mandated lane), reference unit values and valuation, smoothed profiles,
// stored facts that evaluate as the originals did, batch assessment, the label-scarcity replay,
// and model files refused when damaged.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

#include "common/dates.h"
#include "risk/batch.h"
#include "risk/declaration_facts.h"
#include "risk/features.h"
#include "risk/lanes.h"
#include "risk/model.h"
#include "risk/profile.h"
#include "risk/selectivity.h"
#include "risk/simulate.h"
#include "tests/test_support.h"

namespace oc::risk {
namespace {

TEST(Lanes, ModelFillsWhatRulesAndRandomLeaveOfEachLanesCapacity) {
  LanePolicy p;
  p.red_percent = 3;
  p.yellow_percent = 7;
  p.blue_percent = 0;
  p.random_percent = 1;
  p.window = 5000;
  p.min_window = 500;
  LaneAllocator lanes(p);
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> score(0, 1);
  std::uniform_real_distribution<double> u(0, 1);
  int counts[4] = {0, 0, 0, 0}, by_rule = 0, random = 0;
  const int warmup = 1000, n = 20000;
  for (int i = 0; i < warmup + n; ++i) {
    // One declaration in a hundred is sent red by a criterion.
    std::optional<Lane> rule = i % 100 == 0 ? std::optional<Lane>(Lane::kRed) : std::nullopt;
    LaneChoice c = lanes.Choose(rule, score(rng), u(rng));
    if (i < warmup) continue;  // until the window calibrates, the fixed cold-start thresholds apply
    ++counts[static_cast<int>(c.lane)];
    by_rule += c.source == LaneSource::kRule;
    random += c.source == LaneSource::kRandom;
  }
  EXPECT_EQ(by_rule, n / 100) << "rule-mandated selections always apply";
  EXPECT_NEAR(random / double(n), 0.01, 0.003);
  // Capacity: red 3% in all (1% rules + 0.3% random + the model's share), yellow 7%.
  EXPECT_NEAR(counts[3] / double(n), 0.03, 0.004);
  EXPECT_NEAR(counts[2] / double(n), 0.07, 0.006);
  auto t = lanes.Current();
  EXPECT_GT(t.red, t.yellow);
  EXPECT_NEAR(t.red, 1 - (0.03 - 0.01 - 0.003), 0.01) << "uniform scores: the threshold is the quantile";
  // Without a model score, only rules and random selection pick.
  LaneAllocator no_model(p);
  for (int i = 0; i < 1000; ++i) EXPECT_NE(no_model.Choose(std::nullopt, NAN, 0.5).source, LaneSource::kModel);
}

TEST(Lanes, NamesRoundTrip) {
  for (Lane l : {Lane::kGreen, Lane::kBlue, Lane::kYellow, Lane::kRed}) EXPECT_EQ(LaneFromName(LaneName(l)), l);
  EXPECT_FALSE(LaneFromName("purple"));
}

TEST(Selectivity, SamplingIsDeterministicAndMatchesThePercentage) {
  int selected = 0;
  for (int i = 0; i < 20000; ++i) selected += Sampled("26UZ" + std::to_string(i), "RC-0001", 30);
  EXPECT_NEAR(selected / 20000.0, 0.30, 0.015);
  EXPECT_EQ(Sampled("X", "RC-0001", 30), Sampled("X", "RC-0001", 30));
  EXPECT_TRUE(Sampled("X", "RC-1", 100));
  EXPECT_FALSE(Sampled("X", "RC-1", 0));
  // Different criteria draw independently.
  int both = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string k = std::to_string(i);
    both += Sampled(k, "A", 50) && Sampled(k, "B", 50);
  }
  EXPECT_NEAR(both / 20000.0, 0.25, 0.015);
}

Criterion Active(std::string id, std::string expr, Lane lane, int priority = 0) {
  Criterion c;
  c.id = std::move(id);
  c.version = 1;
  c.name = c.id;
  c.expression = std::move(expr);
  c.lane = lane;
  c.priority = priority;
  c.description = "check " + c.id;
  c.status = CriterionStatus::kActive;
  return c;
}

TEST(Selectivity, ActiveValidCriteriaFireByPriorityAndTheMostSevereLaneIsMandated) {
  ListCatalog lists;
  ASSERT_TRUE(lists.Set("watch", {"111"}).ok());
  std::vector<Criterion> cs = {Active("A", "origin = \"CN\"", Lane::kYellow, 1),
                               Active("B", "importer in @watch", Lane::kRed, 5),
                               Active("C", "customs_value > 1000", Lane::kBlue, 0),
                               Active("D", "importer in @gone", Lane::kRed, 9)};
  cs.push_back(Active("E", "origin = \"CN\"", Lane::kRed));
  cs.back().status = CriterionStatus::kPending;  // not approved: never fires
  cs.push_back(Active("F", "origin = \"CN\"", Lane::kRed));
  cs.back().valid_from = "2026-12-01";  // not yet valid
  std::vector<std::string> broken;
  RuleSet set = RuleSet::Build(cs, DeclarationFields(), lists, &broken);
  ASSERT_EQ(broken.size(), 1u);
  EXPECT_NE(broken[0].find("D:"), std::string::npos) << "a criterion naming a removed list is reported, not fatal";
  EXPECT_EQ(set.size(), 4u);

  std::vector<Facts> items;
  items.emplace_back(DeclarationFields());
  items.emplace_back(DeclarationFields());
  items[0].SetString(Field::kOrigin, "TR");
  items[1].SetString(Field::kOrigin, "CN");  // any item matching fires the criterion
  items[1].SetString(Field::kImporter, "111");
  items[0].SetNumber(Field::kCustomsValue, 50);
  int64_t day = *ParseIsoDate("2026-11-21");
  auto fired = set.Evaluate(items, "MRN1", day);
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[0].id, "B") << "highest priority first";
  EXPECT_EQ(fired[1].id, "A");
  EXPECT_EQ(RuleSet::MandatedLane(fired), Lane::kRed);
  auto later = set.Evaluate(items, "MRN1", *ParseIsoDate("2026-12-02"));
  EXPECT_EQ(later.size(), 3u) << "F becomes valid";
  EXPECT_FALSE(RuleSet::MandatedLane({}));
}

TEST(Selectivity, CriterionFieldsAreChecked) {
  Criterion c = Active("A", "true", Lane::kRed);
  EXPECT_TRUE(CheckCriterion(c).ok());
  c.selection_percent = 0;
  EXPECT_NE(CheckCriterion(c).message().find("selection_percent"), std::string::npos);
  c = Active("A", "true", Lane::kRed);
  c.valid_from = "2026-13-01";
  EXPECT_NE(CheckCriterion(c).message().find("valid_from"), std::string::npos);
  c.valid_from = "2026-12-01";
  c.valid_to = "2026-11-01";
  EXPECT_NE(CheckCriterion(c).message().find("before"), std::string::npos);
  c = Active("A", "true", Lane::kRed);
  c.description.clear();
  EXPECT_EQ(CheckCriterion(c).code(), "invalid_criterion");
}

TEST(Valuation, ReferenceIsRobustAndUndervaluationIsARatio) {
  std::vector<double> v = {10, 11, 9, 10, 12, 10, 8, 10, 11, 1000, -5, NAN};  // one outlier, two invalid
  ReferenceValue r = ComputeReference(v, 10);
  EXPECT_EQ(r.n, 10);
  EXPECT_DOUBLE_EQ(r.median, 10);
  EXPECT_DOUBLE_EQ(r.q1, 10) << "type-7 quantile of 8 9 10 10 10 10 11 11 12 1000";
  EXPECT_DOUBLE_EQ(r.q3, 11);
  auto s = Valuation(3, r, 0.5);
  EXPECT_DOUBLE_EQ(s.ratio, 0.3);
  EXPECT_TRUE(s.undervalued);
  EXPECT_FALSE(Valuation(9, r, 0.5).undervalued);
  std::vector<double> few = {1, 2, 3};
  EXPECT_TRUE(std::isnan(ComputeReference(few, 10).median));
  EXPECT_TRUE(std::isnan(Valuation(3, ComputeReference(few, 10)).ratio)) << "no reference, no signal";
}

TEST(Profile, HitRateShrinksTowardsThePrior) {
  TraderProfile p;
  EXPECT_DOUBLE_EQ(SmoothedHitRate(p, 0.2), 0.2);
  p.inspections = 1;
  p.hits = 0;
  EXPECT_NEAR(SmoothedHitRate(p, 0.2), 1.0 / 6.0, 1e-12) << "one clean inspection is not spotless";
  p.inspections = 100;
  p.hits = 50;
  EXPECT_NEAR(SmoothedHitRate(p, 0.2), (50 + 1.0) / 105, 1e-12);
}

TEST(DeclarationFacts, StoredFactsEvaluateAsTheOriginals) {
  Declaration d = testing::ValidDeclaration(11, "301234567", 3);
  std::vector<double> values = ItemValues(d, 12650);
  ASSERT_EQ(values.size(), 3u);
  double prices = 0;
  for (const auto& it : d.items) prices += it.price.ToDouble();
  double sum = 0;
  for (double v : values) sum += v;
  EXPECT_GE(sum, prices * 12650 * 0.999) << "customs values include the items' prices in national currency";
  TraderProfile profile;
  profile.tin = AccountableTin(d);
  profile.declarations = 4;
  std::vector<ItemContext> ctx(3);
  ctx[1].model_score = 0.91;
  std::string stored_text;
  auto facts = ToFacts(d, values, profile, 0.1, TodayUtcDays(), ctx, &stored_text);
  auto stored = StoredFactItems(stored_text);
  ASSERT_EQ(stored.size(), 3u);
  ListCatalog lists;
  const char* exprs[] = {"model_score > 0.9", "trader_declarations = 4 and item_count = 3",
                         "chapter = \"" /* filled below */};
  std::string chapter_expr = std::string(exprs[2]) + d.items[0].commodity.hs.substr(0, 2) + "\"";
  Facts back(DeclarationFields());
  for (const std::string& text : {std::string(exprs[0]), std::string(exprs[1]), chapter_expr,
                                  std::string("documents contains \"N935\""), std::string("valuation_ratio < 1")}) {
    auto e = CompiledExpr::Compile(text, DeclarationFields(), lists);
    ASSERT_TRUE(e.ok()) << text << ": " << e.status().ToString();
    for (size_t i = 0; i < facts.size(); ++i) {
      FactsFromJson(stored[i], back);
      EXPECT_EQ(e->Evaluate(back), e->Evaluate(facts[i])) << text << " item " << i;
    }
  }
  auto score = CompiledExpr::Compile("model_score > 0.9", DeclarationFields(), lists);
  EXPECT_FALSE(score->Evaluate(facts[0]));
  EXPECT_TRUE(score->Evaluate(facts[1]));
  // Stored facts become training records when the inspection result comes back.
  RiskRecord learned = RecordFromFactsJson(stored[2], "1/3", 20001, 1);
  EXPECT_EQ(learned.hs6, d.items[2].commodity.hs);
  EXPECT_EQ(learned.origin, d.items[2].origin);
  EXPECT_EQ(learned.declarant, d.parties.declarant.tin);
  EXPECT_NEAR(learned.price, values[2], 0.01);
  EXPECT_NEAR(learned.net_mass, d.items[2].net_mass.ToDouble(), 1e-9);
  EXPECT_EQ(learned.label, 1);
  EXPECT_EQ(learned.process_type, d.procedure.substr(0, 2));
  auto records = ToRiskRecords(d, values, 20000);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].hs6, d.items[0].commodity.hs);
  EXPECT_DOUBLE_EQ(records[2].price, values[2]);
}

// History where importer "BAD" is caught 80% of the time and everyone else 5%.
std::vector<RiskRecord> Synthetic(int n, int weeks) {
  std::vector<RiskRecord> rows;
  std::mt19937 rng(7);
  for (int i = 0; i < n; ++i) {
    RiskRecord r;
    r.id = "R" + std::to_string(i);
    r.day = 19000 + (i * weeks * 7) / n;
    bool bad = rng() % 10 == 0;
    r.importer = bad ? "BAD" + std::to_string(rng() % 3) : "IMP" + std::to_string(rng() % 200);
    r.hs6 = "8517" + std::to_string(10 + rng() % 20);
    r.origin = rng() % 2 ? "CN" : "TR";
    r.office = "0" + std::to_string(rng() % 5);
    r.price = 1000 + rng() % 100000;
    r.net_mass = 1 + rng() % 500;
    r.label = bad ? (rng() % 10 < 8) : (rng() % 20 == 0);
    rows.push_back(r);
  }
  return rows;
}

TEST(Simulate, TargetingBeatsRandomSelectionUnderLabelScarcity) {
  SimulateOptions o;
  o.inspect_percent = 10;
  o.warmup_weeks = 2;
  o.train.rounds = 20;
  auto res = Simulate(Synthetic(4000, 12), o);
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  ASSERT_EQ(res->size(), 3u);
  const auto& exploit = res.value()[0];
  const auto& random = res.value()[2];
  EXPECT_EQ(exploit.name, "exploitation");
  EXPECT_EQ(exploit.inspected, random.inspected) << "same capacity for every strategy";
  EXPECT_EQ(exploit.weeks.size(), 12u);
  EXPECT_GT(exploit.precision_after_warmup, random.precision_after_warmup * 2) << exploit.precision_after_warmup;
  EXPECT_NEAR(random.precision, 0.125, 0.05) << "random finds the base rate";
  // Bad input: unlabelled rows, an impossible share, too little data.
  auto rows = Synthetic(200, 12);
  rows[5].label = -1;
  EXPECT_EQ(Simulate(rows, o).status().code(), "unlabelled");
  o.inspect_percent = 0;
  EXPECT_EQ(Simulate(Synthetic(200, 12), o).status().code(), "bad_percent");
  o.inspect_percent = 5;
  o.warmup_weeks = 20;
  EXPECT_EQ(Simulate(Synthetic(200, 12), o).status().code(), "too_short");
}

TEST(Batch, LanesFillTheBatchsCapacityAndCriteriaAlwaysApply) {
  auto rows = Synthetic(20000, 10);
  TrainOptions t;
  t.rounds = 30;
  auto model = FraudModel::Train(rows, t);
  ASSERT_TRUE(model.ok());
  ListCatalog lists;
  RuleSet rules = RuleSet::Build({Active("OFFICE", "office = \"01\" and customs_value > 99000", Lane::kRed)},
                                 DeclarationFields(), lists);
  LanePolicy p;
  p.red_percent = 3;
  p.yellow_percent = 7;
  p.blue_percent = 0;
  p.random_percent = 1;
  auto out = AssessBatch(model.value().get(), rules, rows, p, 2);
  ASSERT_TRUE(out.ok());
  int red = 0, yellow = 0, rule = 0, rule_expected = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    red += out->lanes[i] == Lane::kRed;
    yellow += out->lanes[i] == Lane::kYellow;
    rule += out->sources[i] == LaneSource::kRule;
    bool match = rows[i].office == "01" && rows[i].price > 99000;
    rule_expected += match;
    if (match) {
      EXPECT_EQ(out->lanes[i], Lane::kRed) << rows[i].id;
    }
  }
  EXPECT_EQ(rule, rule_expected);
  EXPECT_GT(rule_expected, 0);
  double n = static_cast<double>(rows.size());
  EXPECT_NEAR(red / n, 0.03, 0.005);
  EXPECT_NEAR(yellow / n, 0.07, 0.005);
  // The model's red lane is its highest scores.
  float min_red = 1, max_green = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (out->sources[i] == LaneSource::kModel && out->lanes[i] == Lane::kRed) min_red = std::min(min_red, out->scores[i]);
    if (out->lanes[i] == Lane::kGreen) max_green = std::max(max_green, out->scores[i]);
  }
  EXPECT_GE(min_red, max_green);
}

TEST(FraudModelFile, DamagedOrForeignFilesAreRefused) {
  auto rows = Synthetic(2000, 4);
  TrainOptions t;
  t.rounds = 5;
  auto model = FraudModel::Train(rows, t);
  ASSERT_TRUE(model.ok());
  auto text = model.value()->ToJsonText();
  ASSERT_TRUE(text.ok());
  auto back = FraudModel::FromJsonText(text.value());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  auto a = model.value()->Score(rows), b = back.value()->Score(rows);
  ASSERT_TRUE(a.ok() && b.ok());
  for (size_t i = 0; i < rows.size(); i += 97) EXPECT_FLOAT_EQ(a.value()[i], b.value()[i]);
  EXPECT_EQ(FraudModel::FromJsonText("not json").status().code(), "bad_model");
  EXPECT_EQ(FraudModel::FromJsonText("{\"format\": \"something-else\"}").status().code(), "bad_model");
  std::string damaged = text.value();
  size_t at = damaged.find("\"booster\":\"") + 20;
  damaged[at] = damaged[at] == 'A' ? 'B' : 'A';
  damaged[at + 1] = '!';  // not base64url
  EXPECT_EQ(FraudModel::FromJsonText(damaged).status().code(), "bad_model");
  auto j = nlohmann::json::parse(text.value());
  j["features"][0] = "renamed";
  EXPECT_NE(FraudModel::FromJsonText(j.dump()).status().message().find("other features"), std::string::npos);
}

TEST(FeatureEncoder, CachedEncodingsEqualTheSmoothedRateComputedByHand) {
  auto rows = Synthetic(3000, 4);
  FeatureEncoder enc = FeatureEncoder::Fit(rows, EncoderOptions{});
  std::map<std::string, std::pair<double, double>> by_importer;  // frauds, count
  double frauds = 0;
  for (const auto& r : rows) {
    by_importer[r.importer].first += r.label;
    by_importer[r.importer].second += 1;
    frauds += r.label;
  }
  double prior = frauds / static_cast<double>(rows.size());
  std::vector<float> x;
  enc.Transform(rows, x, 2);
  const int w = FeatureEncoder::Width();
  for (size_t i = 0; i < rows.size(); i += 37) {
    auto [f, n] = by_importer[rows[i].importer];
    EXPECT_NEAR(x[i * w + 0], (f + 5 * prior) / (n + 5), 1e-6) << rows[i].importer;
    EXPECT_NEAR(x[i * w + 1], std::log1p(n), 1e-5);
  }
  // An importer never seen: the prior and no history.
  RiskRecord unseen = rows[0];
  unseen.importer = "NEVER-SEEN";
  std::vector<float> one(static_cast<size_t>(w));
  enc.TransformOne(unseen, one.data());
  EXPECT_NEAR(one[0], prior, 1e-6);
  EXPECT_EQ(one[1], 0.f);
}

}  // namespace
}  // namespace oc::risk

namespace oc::risk {
namespace {

// The reference chart's buckets: equal steps of log(value), every positive value counted once.
TEST(LogHistogram, LogSpacedBucketsCountEveryPositiveValue) {
  std::vector<double> values = {1, 20, 200, 1000, 1000, -5, 0, NAN};
  auto h = LogHistogram(values, 3);
  ASSERT_EQ(h.size(), 3u);
  EXPECT_DOUBLE_EQ(h[0].lower, 1);
  EXPECT_NEAR(h[0].upper, 10, 1e-9);
  EXPECT_NEAR(h[1].upper, 100, 1e-9);
  EXPECT_DOUBLE_EQ(h[2].upper, 1000);
  EXPECT_EQ(h[0].count, 1);  // 1
  EXPECT_EQ(h[1].count, 1);  // 20
  EXPECT_EQ(h[2].count, 3);  // 200, 1000, 1000 (the last bucket includes its upper bound)
  auto same = LogHistogram({7, 7, 7}, 10);
  ASSERT_EQ(same.size(), 1u);
  EXPECT_EQ(same[0].count, 3);
  EXPECT_TRUE(LogHistogram({0, -1}, 5).empty());
}

}  // namespace
}  // namespace oc::risk
