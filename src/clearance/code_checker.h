// CodeChecker: each goods item's declared commodity code against its description, for the trader
// (a warning when they lodge) and the risk engine (the `misclassification` fact). The classifier
// costs ~0.3 ms per check and the same descriptions come back declaration after declaration, so
// answers are remembered (bounded; a full shard is emptied rather than tracking recency).
//
// Thread-safety: Check may be called from any number of threads.
#pragma once

#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "classify/classifier.h"
#include "declaration/declaration.h"
#include "declaration/field_error.h"

namespace oc {

struct ItemCodeCheck {
  double misclassification = 0;  // 1 − P(the declared heading is right)
  bool contradicts = false;      // a confident suggestion in another heading
  std::string suggested;         // the best code (6 digits)
  std::string suggested_description;
  double confidence = 0;         // its calibrated confidence
};

class CodeChecker {
 public:
  // `classifier` must not be null. `capacity`: answers remembered.
  explicit CodeChecker(std::shared_ptr<const classify::HsClassifier> classifier, size_t capacity = 200000);

  // Nothing when the item has no description or code, or the description is too vague to judge.
  std::optional<ItemCodeCheck> Check(std::string_view description, std::string_view hs) const;

  // One "possible_misclassification" warning per item whose declared code contradicts its
  // description (pointer /items/i/commodity/hs).
  FieldErrors Warnings(const Declaration& d) const;

 private:
  static constexpr size_t kShards = 16;
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, std::optional<ItemCodeCheck>> answers;  // key: hs6 '\n' description
  };
  std::shared_ptr<const classify::HsClassifier> classifier_;
  size_t shard_capacity_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace oc
