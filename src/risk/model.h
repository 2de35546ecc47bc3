// The fraud-targeting model: gradient-boosted trees (XGBoost through its C API) over the
// features of features.h, trained on inspected declarations, scoring any declaration with the
// probability that an inspection finds fraud, and explaining each score by the features'
// contributions (SHAP values that XGBoost computes exactly for trees).
//
// Thread-safety: Score and Explain may be called from any thread (they serialise on the booster).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "risk/features.h"
#include "risk/record.h"

namespace oc::risk {

struct TrainOptions {
  int rounds = 100;
  int max_depth = 8;
  double eta = 0.12;
  double subsample = 0.8;
  double colsample = 0.7;
  double min_child_weight = 2;
  int threads = 2;
  uint64_t seed = 0;
  EncoderOptions encoder;
};

struct ModelInfo {
  std::string version;             // "fraud-<last training day>-<rows>"
  int64_t trained_from_day = 0, trained_to_day = 0;
  int rows = 0;
  double fraud_rate = 0;
  int64_t trained_ms = 0;
  int rounds = 0, max_depth = 0;
  // The distribution of the model's scores on its training rows (200 evenly spaced quantiles):
  // until live scores calibrate the lanes' thresholds, this stands in for them.
  std::vector<float> score_quantiles;
  std::string metrics_json = "{}";  // an evaluation recorded with the model (risk evaluate --out)
};

struct Contribution {
  std::string feature;
  float value = 0;         // the feature's value for this declaration (NaN = missing)
  float contribution = 0;  // its push on the log-odds: > 0 towards fraud
};

struct Explanation {
  float score = 0;      // probability of fraud
  float base = 0;       // log-odds before any feature
  std::vector<Contribution> top;  // largest |contribution| first
};

class FraudModel {
 public:
  ~FraudModel();
  FraudModel(const FraudModel&) = delete;
  FraudModel& operator=(const FraudModel&) = delete;

  // Trains on the labelled rows (label 0/1; others ignored). Invalid without both classes.
  static Result<std::unique_ptr<FraudModel>> Train(const std::vector<RiskRecord>& rows, const TrainOptions& options);

  // Fraud probability of each row.
  Result<std::vector<float>> Score(const std::vector<RiskRecord>& rows) const;
  // Score of one row with its `top` most influential features.
  Result<Explanation> Explain(const RiskRecord& row, int top = 8) const;

  // One JSON file: info, feature encoder and the booster (UBJSON, base64). Atomic replace.
  Status Save(const std::string& path) const;
  static Result<std::unique_ptr<FraudModel>> Load(const std::string& path);
  // The same from the file's content (the model registry keeps it in the store).
  static Result<std::unique_ptr<FraudModel>> FromJsonText(std::string_view text);
  // The file's content, as Save writes it.
  Result<std::string> ToJsonText() const;

  const ModelInfo& info() const { return info_; }
  // Records an evaluation's figures (a JSON object) to be saved with the model.
  void SetMetrics(std::string metrics_json) { info_.metrics_json = std::move(metrics_json); }

 private:
  FraudModel() = default;
  Result<std::vector<float>> Predict(const std::vector<float>& features, size_t rows, int type,
                                     std::vector<uint64_t>* shape) const;

  void* booster_ = nullptr;  // BoosterHandle
  FeatureEncoder encoder_;
  ModelInfo info_;
  mutable std::mutex mu_;
};

}  // namespace oc::risk
