// VagueDetector: is a goods description too vague to classify ("khaki, 6", "10.00, boys",
// "gift")? Logistic regression (XGBoost's linear booster) over the character 1–5-grams of the
// case-folded text, digits and punctuation kept: vagueness is what the text lacks, and numbers
// without nouns are a sign of it. Trained on HMRC's list of vague descriptions against the
// labelled, classifiable ones.
//
// Thread-safety: Probability may be called from any number of threads at once.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace oc::classify {

class VagueDetector {
 public:
  // Above this probability a description is answered "too vague" (held-out split: precision
  // 0.85, recall 0.41; a false alarm costs the trader a rewrite, so precision comes first).
  static constexpr double kThreshold = 0.8;

  ~VagueDetector();
  // Trains on vague and classifiable examples and saves the model to `path`. Invalid when either
  // list is empty; Internal when XGBoost fails.
  static Result<std::shared_ptr<const VagueDetector>> Train(const std::vector<std::string>& vague,
                                                             const std::vector<std::string>& classifiable,
                                                             const std::string& path);
  // NotFound / Invalid.
  static Result<std::shared_ptr<const VagueDetector>> Load(const std::string& path);

  // Probability that the text is too vague to classify.
  double Probability(std::string_view text) const;
  bool TooVague(std::string_view text) const { return Probability(text) >= kThreshold; }

 private:
  VagueDetector() = default;
  void* booster_ = nullptr;  // BoosterHandle
  mutable std::mutex mu_;    // XGBoost boosters are not safe for concurrent prediction
};

// Reads the vague-terms file (description,label): the descriptions labelled VAGUE.
Result<std::vector<std::string>> ReadVagueTerms(const std::string& path);

}  // namespace oc::classify
