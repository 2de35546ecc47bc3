#include "clearance/code_checker.h"

#include <cstdio>
#include <functional>

namespace oc {

namespace {

std::string TwoPlaces(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

}  // namespace

CodeChecker::CodeChecker(std::shared_ptr<const classify::HsClassifier> classifier, size_t capacity)
    : classifier_(std::move(classifier)), shard_capacity_(std::max<size_t>(1, capacity / kShards)) {}

std::optional<ItemCodeCheck> CodeChecker::Check(std::string_view description, std::string_view hs) const {
  if (description.empty() || hs.size() < 6) return std::nullopt;
  std::string key;
  key.reserve(7 + description.size());
  key.append(hs.substr(0, 6)).append(1, '\n').append(description);
  Shard& shard = shards_[std::hash<std::string>{}(key) % kShards];
  {
    std::lock_guard lk(shard.mu);
    if (auto it = shard.answers.find(key); it != shard.answers.end()) return it->second;
  }
  std::optional<ItemCodeCheck> answer;
  classify::CodeCheck c = classifier_->Check(description, hs.substr(0, 6), 1);
  if (c.classifiable && !c.suggestions.empty()) {
    const classify::Suggestion& best = c.suggestions.front();
    answer = ItemCodeCheck{c.misclassification, c.contradicts, best.hs6,
                           best.path.empty() ? std::string() : best.path.back().second, best.confidence};
  }
  std::lock_guard lk(shard.mu);
  if (shard.answers.size() >= shard_capacity_) shard.answers.clear();
  shard.answers.emplace(std::move(key), answer);
  return answer;
}

FieldErrors CodeChecker::Warnings(const Declaration& d) const {
  FieldErrors out;
  for (size_t i = 0; i < d.items.size(); ++i) {
    const GoodsItem& it = d.items[i];
    auto c = Check(it.description, it.commodity.hs);
    if (!c || !c->contradicts) continue;
    out.push_back({"/items/" + std::to_string(i) + "/commodity/hs", "possible_misclassification",
                   "item " + std::to_string(it.seq) + ": the description reads as " + c->suggested + " (" +
                       c->suggested_description + ", confidence " + TwoPlaces(c->confidence) + "), not heading " +
                       it.commodity.hs.substr(0, 4) + "; check the code (a warning: the declaration is accepted)"});
  }
  return out;
}

}  // namespace oc
