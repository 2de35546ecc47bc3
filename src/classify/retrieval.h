// Nearest-neighbour retrieval over short texts: TF-IDF vectors of word stems and character
// 5-grams (two blocks, weighted, together L2-normalised) and an inverted index scored by
// cosine. The classifier's memory of every training text is one of these.
//
// Thread-safety: after Fit/Build, const methods may be called from any number of threads.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace oc::classify {

// (feature, weight) sorted by feature.
using SparseVector = std::vector<std::pair<uint32_t, float>>;

class FeatureSpace {
 public:
  // word_share: the word block's share of the squared norm (the char block has the rest).
  explicit FeatureSpace(double word_share = 0.2) : word_share_(word_share) {}

  // Learns the vocabulary and inverse document frequencies from texts (character n-grams seen in
  // fewer than two texts are left out: they identify nothing).
  void Fit(const std::vector<std::string>& texts);
  // The text's vector; empty when none of its features is known.
  SparseVector Vectorize(std::string_view text) const;
  // The same from the text's Tokens (a caller that needs them for other models too folds once);
  // `word_terms`, when given, receives what WordTerms would (the stems are computed once).
  SparseVector VectorizeTokens(const std::vector<std::string>& tokens,
                               std::vector<std::pair<uint32_t, float>>* word_terms = nullptr) const;
  size_t features() const { return idf_.size(); }
  // The tokens' distinct word stems as (feature id, idf), sorted by id; a stem outside the
  // vocabulary comes last with id kUnknown and the largest idf (the rarest word: never matched).
  static constexpr uint32_t kUnknown = UINT32_MAX;
  std::vector<std::pair<uint32_t, float>> WordTerms(const std::vector<std::string>& tokens) const;

 private:
  // `terms` (when given) receives the keys' distinct (id, idf), unknown keys as (kUnknown, max idf).
  SparseVector Block(const std::vector<uint64_t>& keys, double share, std::vector<std::pair<uint32_t, float>>* terms = nullptr) const;
  double word_share_;
  // Feature ids by a 64-bit hash of kind and term (collisions are as likely as in any hashed
  // vocabulary of this size: negligible, and harmless for retrieval).
  std::unordered_map<uint64_t, uint32_t> ids_;
  std::vector<float> idf_;
  float max_idf_ = 1.f;
};

class NeighbourIndex {
 public:
  void Build(const std::vector<SparseVector>& docs);
  // The `n` documents most similar to `query` (cosine, highest first; only those sharing a
  // feature). Exhaustive, but pruned (MaxScore): the long postings of common features are mostly
  // searched, not read. Features in more than
  // `max_df_share` of the documents are left out of the sum (kept in the norms): they are the
  // long postings and add little to the ranking, so this bounds the cost of long queries.
  std::vector<std::pair<uint32_t, float>> Nearest(const SparseVector& query, size_t n, double max_df_share = 1.0) const;
  size_t size() const { return docs_; }
  size_t postings() const { return postings_.size(); }
  using Posting = std::pair<uint32_t, float>;  // (document, weight)

 private:
  struct Head {
    uint32_t start = 0;      // the feature's postings are [start, next feature's start)
    float max_weight = 0.f;  // its largest weight
  };
  std::vector<Head> heads_;        // per feature, and one past the last
  std::vector<Posting> postings_;  // by feature, then document
  size_t docs_ = 0;
};

}  // namespace oc::classify
