// The patch models: the metrics are right on known scores; the casting-anomaly model, trained
// and validated on grouped folds of the shared casting patches, finds defects at 5% false alarms;
// a saved model predicts as it did before saving; bad directories are refused with their reason.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "refdata/data_dirs.h"
#include "xray/patch_model.h"

namespace oc::xray {
namespace {

TEST(Metrics, AccuracyAucAndRecallAtAFalseAlarmRate) {
  // Negatives (label 0) score 0..19, positives (label 1) 15..24: 5 of 10 positives tie or beat
  // negatives below the top one.
  std::vector<PatchPrediction> p;
  std::vector<int> labels;
  for (int i = 0; i < 20; ++i) p.push_back({0, static_cast<double>(i)}), labels.push_back(0);
  for (int i = 15; i < 25; ++i) p.push_back({1, static_cast<double>(i)}), labels.push_back(1);
  auto m = Evaluate(p, labels, 2, 0, 0.05);
  EXPECT_EQ(m.rows, 30u);
  EXPECT_DOUBLE_EQ(m.accuracy, 1.0);
  // Pairs: positive s beats negatives below s, ties count half.
  double pairs = 0;
  for (int s = 15; s < 25; ++s) pairs += std::min(s, 20) + (s < 20 ? 0.5 : 0);
  EXPECT_NEAR(m.auc, pairs / 200, 1e-12);
  // 5% of 20 negatives: one may alarm, so the threshold sits just above 18: positives 19..24.
  EXPECT_NEAR(m.recall_at_fa, 0.6, 1e-12);
  std::vector<PatchPrediction> wrong = p;
  wrong[0].label = 1;
  EXPECT_NEAR(Evaluate(wrong, labels, 2, 0).accuracy, 29.0 / 30, 1e-12);
  EXPECT_NEAR(Evaluate(wrong, labels, 2, 0).precision[1], 10.0 / 11, 1e-12);
}

TEST(GroupFolds, WholeGroupsStableWhateverTheOrder) {
  std::vector<std::string> groups = {"B0049/0", "B0049/0", "B0049/1", "B0080/3", "B0049/1"};
  auto folds = GroupFolds(groups, 4);
  EXPECT_EQ(folds[0], folds[1]);
  EXPECT_EQ(folds[2], folds[4]);
  std::vector<std::string> reversed(groups.rbegin(), groups.rend());
  auto again = GroupFolds(reversed, 4);
  EXPECT_EQ(again[4], folds[0]);
  for (int f : folds) EXPECT_TRUE(f >= 0 && f < 4);
}

TEST(CastingModel, FindsDefectsOnGroupedFoldsAndSurvivesSaving) {
  std::string labels = SharedDataFile("xray/gdxray_casting_patches/labels.csv");
  if (labels.empty()) GTEST_SKIP() << "no xray/gdxray_casting_patches in the shared data directory";
  auto set = ReadPatchSet(labels.substr(0, labels.rfind('/')), PatchTask::kCastings);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  ASSERT_GE(set->images.size(), 1000u);
  auto predictions = CrossValidate(set.value(), PatchTask::kCastings, 4);
  ASSERT_TRUE(predictions.ok()) << predictions.status().ToString();
  auto m = Evaluate(predictions.value(), set->labels, 2, 0);
  // Session 19: accuracy 0.955, AUC 0.988, 96% of defects at 5% false alarms.
  EXPECT_GE(m.accuracy, 0.93);
  EXPECT_GE(m.auc, 0.97);
  EXPECT_GE(m.recall_at_fa, 0.93);

  PatchSet small;
  small.classes = set->classes;
  for (size_t i = 0; i < 300; ++i) {
    small.images.push_back(set->images[i * 5]);
    small.labels.push_back(set->labels[i * 5]);
    small.groups.push_back(set->groups[i * 5]);
  }
  auto model = PatchModel::Train(small, PatchTask::kCastings);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  std::string dir = (std::filesystem::temp_directory_path() / ("xray_model_test_" + std::to_string(::getpid()))).string();
  ASSERT_TRUE(model.value()->Save(dir).ok());
  auto loaded = PatchModel::Load(dir, PatchTask::kCastings);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded.value()->classes(), set->classes);
  for (size_t i = 1; i < set->images.size(); i += 97) {
    auto a = model.value()->Predict(set->images[i]), b = loaded.value()->Predict(set->images[i]);
    EXPECT_EQ(a.label, b.label);
    EXPECT_NEAR(a.score, b.score, 1e-4);
  }
  EXPECT_EQ(PatchModel::Load(dir, PatchTask::kThreats).status().code(), "no_model");
  std::filesystem::remove_all(dir);
}

TEST(PatchSets, ClearErrorsForWhatIsNotThere) {
  EXPECT_EQ(ReadPatchSet("/nonexistent/patches", PatchTask::kThreats).status().code(), "no_labels");
  std::string dir = (std::filesystem::temp_directory_path() / ("xray_patches_" + std::to_string(::getpid()))).string();
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir + "/labels.csv") << "file,label\nimages/a.jpg,1\n";
  }
  auto no_hash = ReadPatchSet(dir, PatchTask::kCastings);
  EXPECT_EQ(no_hash.status().code(), "bad_labels");
  EXPECT_NE(no_hash.status().message().find("sha256"), std::string::npos);
  {
    std::ofstream(dir + "/labels.csv") << "file,label,sha256\nimages/a.jpg,1,abc\n";
  }
  auto missing = ReadPatchSet(dir, PatchTask::kCastings);
  EXPECT_EQ(missing.status().code(), "bad_image");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace oc::xray
