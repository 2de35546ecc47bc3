// The fraud-targeting pieces: ranking metrics against hand-computed values, leakage-free
// encodings, and a model trained on the real labelled data (where ../shared/data is present).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "refdata/data_dirs.h"
#include "common/dates.h"
#include "tariff/schedule.h"
#include "risk/features.h"
#include "risk/metrics.h"
#include "risk/model.h"
#include "tests/test_support.h"

namespace oc::risk {
namespace {

TEST(RiskMetrics, AucAndTopPercentMatchHandComputedValues) {
  // 2 frauds among 5: scores rank them 1st and 4th -> 5 of 6 pairs ordered -> AUC 5/6.
  std::vector<float> s = {0.9f, 0.8f, 0.7f, 0.6f, 0.1f};
  std::vector<int> y = {1, 0, 0, 1, 0};
  EXPECT_NEAR(Auc(s, y), 4.0 / 6.0, 1e-12);
  std::vector<float> tied = {0.5f, 0.5f};
  EXPECT_NEAR(Auc(tied, {1, 0}), 0.5, 1e-12);
  EXPECT_TRUE(std::isnan(Auc(s, {0, 0, 0, 0, 0})));
  std::vector<float> s10(10);
  std::vector<int> y10(10, 0);
  for (int i = 0; i < 10; ++i) s10[i] = static_cast<float>(10 - i);
  y10[0] = y10[2] = y10[9] = 1;
  auto top = TopPercent(s10, y10, 30);  // k = 3: rows 0, 1, 2 -> 2 frauds
  EXPECT_EQ(top.k, 3);
  EXPECT_NEAR(top.precision, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(top.recall, 2.0 / 3.0, 1e-12);
  EXPECT_EQ(TopPercent(s10, y10, 5).k, 0);  // floor(10 * 5 / 100)
}

RiskRecord Row(std::string importer, int label) {
  RiskRecord r;
  r.importer = std::move(importer);
  r.declarant = "D";
  r.hs6 = "847130";
  r.origin = "CN";
  r.price = 1000;
  r.net_mass = 10;
  r.label = label;
  return r;
}

TEST(RiskFeatures, EncodingsAreSmoothedAndOutOfFoldNeverSeesTheRowsOwnLabel) {
  std::vector<RiskRecord> rows;
  for (int i = 0; i < 20; ++i) rows.push_back(Row("IMP" + std::to_string(i), i % 2));  // each importer once
  FeatureEncoder full;
  EncoderOptions o;
  o.smoothing = 5;
  auto oof = FeatureEncoder::FitOutOfFold(rows, o, full);
  const int w = FeatureEncoder::Width();
  ASSERT_EQ(FeatureEncoder::Names().size(), static_cast<size_t>(w));
  ASSERT_EQ(FeatureEncoder::Names()[0], "importer_fraud_rate");
  // Every importer appears once: out of fold, nothing is known about it -> the prior, count 0.
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_NEAR(oof[i * w + 0], 0.5, 1e-6) << i;
    EXPECT_EQ(oof[i * w + 1], 0.f);
  }
  // Fitted on all rows, a known importer's fraud row gets (1 + 5 * 0.5) / (1 + 5).
  std::vector<float> x(w);
  full.TransformOne(rows[1], x.data());
  EXPECT_NEAR(x[0], 3.5 / 6, 1e-6);
  EXPECT_NEAR(x[1], std::log1p(1.0), 1e-6);
  // An unseen categorical value is missing (NaN), not a made-up code.
  RiskRecord odd = rows[0];
  odd.office = "never-seen";
  full.TransformOne(odd, x.data());
  EXPECT_TRUE(std::isnan(x[2 * 19]));
  // Round trip through JSON keeps the features.
  auto back = FeatureEncoder::FromJson(full.ToJson());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  std::vector<float> y(w);
  full.TransformOne(rows[1], x.data());
  back->TransformOne(rows[1], y.data());
  for (int i = 0; i < w; ++i)
    if (!std::isnan(x[i])) {
      EXPECT_EQ(x[i], y[i]) << FeatureEncoder::Names()[i];
    }
}

TEST(RiskData, MalformedRowsAreRefusedWithLineAndColumn) {
  testing::TempDir dir;
  std::string path = dir.path() + "/bad.csv";
  FILE* f = std::fopen(path.c_str(), "w");
  std::fputs("Declaration ID,Date,Office ID,Process Type,Import Type,Import Use,Payment Type,Mode of Transport,"
             "Declarant ID,Importer ID,Seller ID,Courier ID,HS6 Code,Country of Departure,Country of Origin,Tax Rate,"
             "Tax Type,Country of Origin Indicator,Net Mass,Item Price,Fraud,Critical Fraud\n"
             "1,2020-01-01,30,B,11,21,11,10,D,I,S,,440890,BE,BE,0.0,FEU1,G,108.0,372254.4,0,0\n"
             "2,2020-01-02,30,B,11,21,11,10,D,I,S,,440890,BE,BE,0.0,FEU1,G,-5,372254.4,0,0\n",
             f);
  std::fclose(f);
  auto r = LoadKcsCsv(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line 3, column 'Net Mass'"), std::string::npos) << r.status().message();
  EXPECT_EQ(LoadKcsCsv(dir.path() + "/none.csv").status().kind(), StatusKind::kNotFound);
}

TEST(FraudModel, LearnsFromTheLabelledDataAndExplainsItsScores) {
  std::string path = SharedDataDir() + "/fraud/kcs-customs-declaration-datasets/df_syn_train_eng.csv";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "the labelled data set is not here (" << path << "); CI has it";
  auto rows = LoadKcsCsv(path);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 37385u);
  // Train on the first ten months, check on the last two: far better than chance.
  std::vector<RiskRecord> train, test;
  int64_t cut = *ParseIsoDate("2020-11-01");
  for (auto& r : rows.value()) (r.day < cut ? train : test).push_back(r);
  TrainOptions o;
  o.rounds = 120;
  auto model = FraudModel::Train(train, o);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto scores = model.value()->Score(test);
  ASSERT_TRUE(scores.ok());
  std::vector<int> labels;
  for (const auto& r : test) labels.push_back(r.label);
  double auc = Auc(scores.value(), labels);
  EXPECT_GT(auc, 0.80) << "AUC " << auc;
  EXPECT_GT(TopPercent(scores.value(), labels, 5).precision, 0.7);
  // The explanation adds up to the score.
  auto e = model.value()->Explain(test[0], 100);
  ASSERT_TRUE(e.ok());
  double logit = e->base;
  for (const auto& c : e->top) logit += c.contribution;
  EXPECT_NEAR(1 / (1 + std::exp(-logit)), scores.value()[0], 1e-3);
  EXPECT_GE(std::fabs(e->top[0].contribution), std::fabs(e->top[1].contribution));
  // Saved and loaded, it scores the same.
  testing::TempDir dir;
  ASSERT_TRUE(model.value()->Save(dir.path() + "/m.json").ok());
  auto loaded = FraudModel::Load(dir.path() + "/m.json");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  auto again = loaded.value()->Score({test[0], test[1]});
  ASSERT_TRUE(again.ok());
  EXPECT_FLOAT_EQ(again.value()[0], scores.value()[0]);
  EXPECT_FLOAT_EQ(again.value()[1], scores.value()[1]);
  EXPECT_EQ(FraudModel::Train({}, o).status().code(), "not_trainable");
}

}  // namespace
}  // namespace oc::risk
