#include "classify/retrieval.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "classify/text.h"

namespace oc::classify {

namespace {

struct Terms {
  std::vector<std::string> words, grams;
};

// Character 4- and 5-grams: 3-grams add a point of accuracy at twice the query cost (their
// postings are the longest).
Terms TermsOf(std::string_view text) {
  auto tokens = Tokens(text);
  return Terms{Stems(tokens), CharGrams(tokens, 4, 5)};
}

uint64_t Key(char kind, std::string_view term) {
  uint64_t h = 1469598103934665603ULL ^ static_cast<unsigned char>(kind);
  h *= 1099511628211ULL;
  for (unsigned char c : term) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

void FeatureSpace::Fit(const std::vector<std::string>& texts) {
  std::unordered_map<uint64_t, std::pair<uint32_t, bool>> df;  // key -> (texts, is a char gram)
  std::unordered_set<uint64_t> seen;
  for (const auto& t : texts) {
    Terms terms = TermsOf(t);
    seen.clear();
    for (const auto& w : terms.words)
      if (uint64_t k = Key('w', w); seen.insert(k).second) ++df[k].first;
    for (const auto& g : terms.grams)
      if (uint64_t k = Key('c', g); seen.insert(k).second) {
        auto& e = df[k];
        ++e.first;
        e.second = true;
      }
  }
  ids_.clear();
  idf_.clear();
  double n = static_cast<double>(texts.size());
  // Sorted, so that the same texts always give the same feature numbers.
  std::vector<std::pair<uint64_t, std::pair<uint32_t, bool>>> sorted(df.begin(), df.end());
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [key, entry] : sorted) {
    if (entry.second && entry.first < 2) continue;
    ids_.emplace(key, static_cast<uint32_t>(idf_.size()));
    idf_.push_back(static_cast<float>(std::log((1 + n) / (1 + entry.first)) + 1));
  }
}

SparseVector FeatureSpace::Block(const std::vector<std::string>& terms, char kind, double share) const {
  // Term counts by sorting the known ids (a hash map per call cost more than the counting).
  std::vector<uint32_t> ids;
  ids.reserve(terms.size());
  for (const auto& t : terms) {
    auto it = ids_.find(Key(kind, t));
    if (it != ids_.end()) ids.push_back(it->second);
  }
  std::sort(ids.begin(), ids.end());
  SparseVector v;
  double norm = 0;
  for (size_t i = 0; i < ids.size();) {
    size_t j = i;
    while (j < ids.size() && ids[j] == ids[i]) ++j;
    double w = (1 + std::log(static_cast<double>(j - i))) * idf_[ids[i]];
    v.emplace_back(ids[i], static_cast<float>(w));
    norm += w * w;
    i = j;
  }
  if (norm <= 0) return {};
  double scale = std::sqrt(share / norm);
  for (auto& e : v) e.second = static_cast<float>(e.second * scale);
  return v;
}

SparseVector FeatureSpace::Vectorize(std::string_view text) const {
  Terms terms = TermsOf(text);
  SparseVector words = Block(terms.words, 'w', word_share_);
  SparseVector grams = Block(terms.grams, 'c', 1 - word_share_);
  // One block missing (e.g. a single unknown word): the other carries the whole norm.
  if (words.empty() || grams.empty()) {
    SparseVector& only = words.empty() ? grams : words;
    double norm = 0;
    for (const auto& e : only) norm += static_cast<double>(e.second) * e.second;
    if (norm > 0)
      for (auto& e : only) e.second = static_cast<float>(e.second / std::sqrt(norm));
  }
  SparseVector v = std::move(words);
  v.insert(v.end(), grams.begin(), grams.end());
  std::sort(v.begin(), v.end());
  return v;
}

void NeighbourIndex::Build(const std::vector<SparseVector>& docs) {
  uint32_t max_feature = 0;
  for (const auto& d : docs)
    for (const auto& e : d) max_feature = std::max(max_feature, e.first);
  postings_.assign(docs.empty() ? 0 : max_feature + 1, {});
  for (uint32_t i = 0; i < docs.size(); ++i)
    for (const auto& [f, w] : docs[i]) postings_[f].emplace_back(i, w);
  docs_ = docs.size();
}

size_t NeighbourIndex::postings() const {
  size_t n = 0;
  for (const auto& p : postings_) n += p.size();
  return n;
}

std::vector<std::pair<uint32_t, float>> NeighbourIndex::Nearest(const SparseVector& query, size_t n,
                                                                double max_df_share) const {
  size_t max_df = static_cast<size_t>(max_df_share * static_cast<double>(docs_)) + 1;
  // Dense accumulators reused per thread; only the touched entries are reset.
  thread_local std::vector<float> acc;
  thread_local std::vector<uint32_t> touched;
  if (acc.size() < docs_) acc.assign(docs_, 0.f);
  touched.clear();
  for (const auto& [f, qw] : query) {
    if (f >= postings_.size() || postings_[f].size() > max_df) continue;
    for (const auto& [doc, w] : postings_[f]) {
      if (acc[doc] == 0.f) touched.push_back(doc);
      acc[doc] += qw * w;
    }
  }
  // Every touched document is scored in a reused buffer (thousands for a long query: allocating
  // it afresh cost a tenth of the query), and only the best n are copied out.
  thread_local std::vector<std::pair<uint32_t, float>> scored;
  scored.clear();
  for (uint32_t d : touched) {
    scored.emplace_back(d, acc[d]);
    acc[d] = 0.f;
  }
  auto better = [](const auto& a, const auto& b) { return a.second > b.second || (a.second == b.second && a.first < b.first); };
  size_t keep = std::min(n, scored.size());
  if (keep < scored.size()) std::nth_element(scored.begin(), scored.begin() + keep, scored.end(), better);
  std::sort(scored.begin(), scored.begin() + keep, better);
  std::vector<std::pair<uint32_t, float>> out(scored.begin(), scored.begin() + keep);
  return out;
}

}  // namespace oc::classify
