// Features of the fraud model. What carries the signal is history: for each party, commodity,
// origin and their combinations, the smoothed fraud rate and the number of inspected
// declarations seen before (target encoding); and the declared unit value against the
// commodity's median. The declaration's own fields complete the vector.
//
// Leakage rules: an encoder is fitted on labelled history only and applied to later rows; the
// training rows themselves get out-of-fold encodings (each fold encoded by the other folds), so
// a row's own label never reaches its features.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "risk/record.h"

namespace oc::risk {

struct EncoderOptions {
  double smoothing = 5;  // pseudo-count of the prior in every smoothed rate
  int folds = 5;         // out-of-fold encoding of training rows
  uint64_t seed = 0;
};

class FeatureEncoder {
 public:
  // Statistics from labelled rows (rows with label < 0 are ignored).
  static FeatureEncoder Fit(const std::vector<RiskRecord>& history, const EncoderOptions& options);

  // Features of `rows` (not part of the history) into `out` (rows.size() * Width() floats,
  // row-major). Missing values are NaN. Thread-safe; big batches are split over `threads` threads.
  void Transform(const std::vector<RiskRecord>& rows, std::vector<float>& out, int threads = 1) const;
  void TransformOne(const RiskRecord& row, float* out) const;

  // Out-of-fold features of labelled training rows, and the encoder fitted on all of them.
  static std::vector<float> FitOutOfFold(const std::vector<RiskRecord>& rows, const EncoderOptions& options,
                                         FeatureEncoder& full);

  static int Width();
  static const std::vector<std::string>& Names();

  nlohmann::json ToJson() const;
  static Result<FeatureEncoder> FromJson(const nlohmann::json& j);

 private:
  struct Tally {
    double frauds = 0, count = 0;
    float rate = 0, log_count = 0;  // the encoded pair, cached by Freeze
  };
  using Table = std::unordered_map<uint64_t, Tally>;  // by the key's 64-bit hash

  void Add(const RiskRecord& r, double sign);
  // Caches each key's encoded pair and the categorical codes by hash: scoring then does no
  // arithmetic beyond the lookups. Adding history afterwards thaws the cache.
  void Freeze();

  EncoderOptions options_;
  double prior_ = 0;
  std::vector<Table> tables_;                                   // one per encoded key
  std::unordered_map<uint64_t, double> uv_median_hs6_, uv_median_hs4_;  // by hashed code
  double uv_median_all_ = 0;
  std::vector<std::unordered_map<std::string, int>> vocab_;    // codes of the small categorical fields
  std::vector<std::unordered_map<uint64_t, int>> codes_;       // the same by hashed value (Freeze)
  bool frozen_ = false;
};

}  // namespace oc::risk
