// LevelModel: a fastText softmax classifier from a description to the first digits of its code
// (2: chapter, 4: heading). With ~4k labelled examples over ~2k six-digit codes no model learns
// six digits, but chapters and headings are learnt well, and their probabilities keep the
// retrieval's ranking consistent from chapter down to subheading.
//
// Thread-safety: Predict may be called from any number of threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "classify/classifier.h"
#include "common/status.h"

namespace fasttext {
class FastText;
class Dictionary;
class DenseMatrix;
}  // namespace fasttext

namespace oc::classify {

struct LevelModelOptions {
  int digits = 2;
  int dim = 50;
  int epoch = 25;
  double lr = 0.5;
  int threads = 2;
  int labelled_repeats = 3;  // real descriptions weigh more than nomenclature and tariff text
};

class LevelModel {
 public:
  ~LevelModel();
  // Trains on the texts (labels: the first `digits` digits of each code) and saves the model to
  // `path`. Internal when fastText fails (its message included).
  static Result<std::shared_ptr<const LevelModel>> Train(const std::vector<TrainingText>& texts,
                                                          const LevelModelOptions& options, const std::string& path);
  // NotFound / Invalid (not a fastText model).
  static Result<std::shared_ptr<const LevelModel>> Load(const std::string& path);

  // Every prefix's probability for a text given as its Tokens, written into `by_prefix` indexed
  // by the prefix read as a number ("6403" → 6403; resized to 10^digits; prefixes the model does
  // not know stay 0). All 0 when there are no tokens. The classifier's per-query call.
  void Distribution(const std::vector<std::string>& tokens, std::vector<float>& by_prefix) const;
  // The `k` likeliest prefixes of a text given as its Tokens, as (prefix read as a number: "6403"
  // → 6403, probability), likeliest first; empty when there are no tokens.
  std::vector<std::pair<uint32_t, float>> Predict(const std::vector<std::string>& tokens, int k) const;
  // The same as fastText's own predictLine answers it (slower: parses a line, a log per label);
  // what Predict is tested against.
  std::vector<std::pair<uint32_t, float>> PredictWithFastText(const std::vector<std::string>& tokens, int k) const;
  // The same keyed by prefix ("64" or "6403") from raw text.
  std::unordered_map<std::string, float> Predict(std::string_view text, int k) const;
  int digits() const { return digits_; }

 private:
  LevelModel();
  void IndexLabels();
  // Every label's probability (by fastText label id); false when no token is known.
  bool Softmax(const std::vector<std::string>& tokens, std::vector<float>& probabilities) const;
  std::unique_ptr<fasttext::FastText> model_;
  int digits_ = 0;
  std::vector<uint32_t> label_prefix_;  // fastText label id → prefix number
  int32_t end_of_line_ = -1;            // fastText's "</s>" token: every line it read ended with one
  std::shared_ptr<const fasttext::Dictionary> dictionary_;
  std::shared_ptr<const fasttext::DenseMatrix> input_, output_;  // the model's own, read in place
  std::vector<float> output_by_dim_;  // output_ transposed: dim rows of one float per label
};

}  // namespace oc::classify
