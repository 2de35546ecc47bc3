// LevelModel: a fastText softmax classifier from a description to the first digits of its code
// (2: chapter, 4: heading). With ~4k labelled examples over ~2k six-digit codes no model learns
// six digits, but chapters and headings are learnt well, and their probabilities keep the
// retrieval's ranking consistent from chapter down to subheading.
//
// Thread-safety: Predict may be called from any number of threads at once.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "classify/classifier.h"
#include "common/status.h"

namespace fasttext {
class FastText;
}

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

  // Probabilities of the `k` likeliest prefixes ("64" or "6403"); empty for text it cannot read.
  std::unordered_map<std::string, float> Predict(std::string_view text, int k) const;
  int digits() const { return digits_; }

 private:
  LevelModel();
  std::unique_ptr<fasttext::FastText> model_;
  int digits_ = 0;
};

}  // namespace oc::classify
