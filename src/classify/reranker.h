// Reranker: the calibrated confidence of each candidate code. A logistic regression over what the
// retrievals and the level models say about a candidate (its votes, its document's cosine, the
// chapter and heading probabilities, its rank, its heading's and chapter's share of the
// candidates' score) gives P(this code is right | description), fitted on held-out descriptions
// so that "0.8" means right four times in five.
//
// The regression is fitted with XGBoost's linear booster; its weights are then read out and
// applied as a dot product, so scoring a candidate costs ~20 multiplications and takes no lock.
//
// Thread-safety: a loaded Reranker is immutable; Probability may run on any number of threads.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"

namespace oc::classify {

// What the classifier knows about one candidate code for one description.
struct CandidateFeatures {
  static constexpr int kCount = 20;
  std::array<float, kCount> x{};
  // Names in the order of x (saved with the weights, checked when loading).
  static const std::array<const char*, kCount>& Names();
};

class Reranker {
 public:
  // Fits the regression on candidate rows (label 1: the row's code is right). Invalid when the
  // rows are empty or of one class; Internal when XGBoost fails.
  static Result<std::shared_ptr<const Reranker>> Fit(const std::vector<CandidateFeatures>& rows,
                                                     const std::vector<float>& labels);
  // Saves / loads {"format":"opencustoms-hs-reranker-1","features":[...],"weights":[...],"bias":b}.
  Status Save(const std::string& path) const;
  // NotFound, or Invalid when the file is not a reranker for these features.
  static Result<std::shared_ptr<const Reranker>> Load(const std::string& path);

  // P(right) of a candidate.
  double Probability(const CandidateFeatures& f) const;
  // The raw margin w·x + b (tests compare it with XGBoost's own prediction).
  double Margin(const CandidateFeatures& f) const;
  const std::vector<double>& weights() const { return weights_; }

 private:
  std::vector<double> weights_;
  double bias_ = 0;
};

}  // namespace oc::classify
