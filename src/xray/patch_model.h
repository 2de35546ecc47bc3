// The patch models: a threat classifier (handgun, shuriken, razor blade against clutter) for
// crops of baggage scans, and an anomaly model for patches of homogeneous cargo (trained on the
// casting-defect patches: a defect stands for something hidden in uniform goods). Features are
// computed with OpenCV (HOG over a fixed-size view of the patch, intensity histogram, shape);
// each model is two RBF SVMs (cv::ml): one over all classes for the label, one threat (or
// defect) against the rest whose decision value is the score. See docs/notes/xray.md for why.
//
// Thread-safety: a trained model is read-only; Predict may be called from several threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "common/status.h"
#include "xray/patches.h"

namespace oc::xray {

// The features of one grey 8-bit patch (dark = high attenuation) for `task`.
std::vector<float> PatchFeatures(const cv::Mat& grey, PatchTask task);

struct PatchPrediction {
  int label = 0;       // index into the model's classes
  double score = 0;    // higher: more likely a threat (or a defect); uncalibrated
};

class PatchModel {
 public:
  // Trains on `set` (all of it). Invalid("too_few_patches") below 20 patches or one class.
  static Result<std::unique_ptr<PatchModel>> Train(const PatchSet& set, PatchTask task);
  // Loads what Save wrote. NotFound("no_model"), Invalid("bad_model").
  static Result<std::unique_ptr<PatchModel>> Load(const std::string& dir, PatchTask task);
  Status Save(const std::string& dir) const;

  PatchPrediction Predict(const cv::Mat& grey) const;
  const std::vector<std::string>& classes() const { return classes_; }
  // The class whose patches are "negative" for the score: other_clutter or no_defect.
  int negative_class() const { return task_ == PatchTask::kThreats ? 3 : 0; }

 private:
  PatchTask task_ = PatchTask::kThreats;
  std::vector<std::string> classes_;
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// Quality of predictions against labels: accuracy, per class precision and recall, the ROC AUC
// of the score for "not the negative class", and the recall at the score threshold that gives at
// most `fa_rate` false alarms among negatives.
struct PatchMetrics {
  size_t rows = 0;
  double accuracy = 0, auc = 0, recall_at_fa = 0, threshold_at_fa = 0;
  std::vector<double> precision, recall;  // per class
};
PatchMetrics Evaluate(const std::vector<PatchPrediction>& predictions, const std::vector<int>& labels, int classes,
                      int negative_class, double fa_rate = 0.05);

// Grouped k-fold cross-validation on `set`: each fold's model is trained on the other folds.
Result<std::vector<PatchPrediction>> CrossValidate(const PatchSet& set, PatchTask task, int k);

}  // namespace oc::xray
