#include "classify/retrieval.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <unordered_set>

#include "classify/text.h"

namespace oc::classify {

namespace {

uint64_t Key(char kind, std::string_view term) {
  uint64_t h = 1469598103934665603ULL ^ static_cast<unsigned char>(kind);
  h *= 1099511628211ULL;
  for (unsigned char c : term) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

// Feature keys of a text: word stems ('w') and character 5-grams ('c'). Shorter grams have the
// longest postings: 4-grams as well cost half the classifier's throughput for no accuracy once
// the word block's share is 0.2 (HS6 top-1 0.383 with 4–5-grams at 0.3, 0.382 with 5-grams at
// 0.2); 3-grams added a point at twice the cost again.
struct Keys {
  std::vector<uint64_t> words, grams;
};

void KeysOf(const std::vector<std::string>& tokens, Keys& out) {
  out.words.clear();
  out.grams.clear();
  for (const auto& stem : Stems(tokens)) out.words.push_back(Key('w', stem));
  VisitCharGrams(tokens, 5, 5, [&](std::string_view g) { out.grams.push_back(Key('c', g)); });
}

}  // namespace

void FeatureSpace::Fit(const std::vector<std::string>& texts) {
  std::unordered_map<uint64_t, std::pair<uint32_t, bool>> df;  // key -> (texts, is a char gram)
  std::unordered_set<uint64_t> seen;
  Keys keys;
  for (const auto& t : texts) {
    KeysOf(Tokens(t), keys);
    seen.clear();
    for (uint64_t k : keys.words)
      if (seen.insert(k).second) ++df[k].first;
    for (uint64_t k : keys.grams)
      if (seen.insert(k).second) {
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
  max_idf_ = static_cast<float>(std::log(1 + n) + 1);
}

std::vector<std::pair<uint32_t, float>> FeatureSpace::WordTerms(const std::vector<std::string>& tokens) const {
  std::vector<uint64_t> keys;
  for (const auto& stem : Stems(tokens)) keys.push_back(Key('w', stem));
  std::vector<std::pair<uint32_t, float>> out;
  Block(keys, 1.0, &out);
  return out;
}

SparseVector FeatureSpace::Block(const std::vector<uint64_t>& keys, double share,
                                 std::vector<std::pair<uint32_t, float>>* terms) const {
  // Term counts by sorting the known ids (a hash map per call cost more than the counting).
  std::vector<uint32_t> ids;
  ids.reserve(keys.size());
  size_t unknown = 0;
  for (uint64_t key : keys) {
    auto it = ids_.find(key);
    if (it != ids_.end()) ids.push_back(it->second);
    else ++unknown;
  }
  std::sort(ids.begin(), ids.end());
  if (terms) {
    // Repeated stems count once; unknown ones each count (they are different words, or one
    // repeated: rare enough not to matter).
    terms->clear();
    for (size_t i = 0; i < ids.size(); ++i)
      if (i == 0 || ids[i] != ids[i - 1]) terms->emplace_back(ids[i], idf_[ids[i]]);
    terms->insert(terms->end(), unknown, {kUnknown, max_idf_});
  }
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

SparseVector FeatureSpace::Vectorize(std::string_view text) const { return VectorizeTokens(Tokens(text)); }

SparseVector FeatureSpace::VectorizeTokens(const std::vector<std::string>& tokens,
                                           std::vector<std::pair<uint32_t, float>>* word_terms) const {
  thread_local Keys keys;
  KeysOf(tokens, keys);
  SparseVector words = Block(keys.words, word_share_, word_terms);
  SparseVector grams = Block(keys.grams, 1 - word_share_);
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
  uint32_t features = 0;
  for (const auto& d : docs)
    for (const auto& e : d) features = std::max(features, e.first + 1);
  // One array of postings, each feature's a slice of it (compressed sparse rows): a query reads
  // a feature's head and then its slice, two cache lines, instead of chasing a vector per feature.
  heads_.assign(features + 1, Head{});
  for (const auto& d : docs)
    for (const auto& e : d) ++heads_[e.first + 1].start;
  for (uint32_t f = 0; f < features; ++f) heads_[f + 1].start += heads_[f].start;
  postings_.assign(heads_[features].start, Posting{});
  std::vector<uint32_t> fill(features, 0);
  // Documents in order: every slice is sorted by document.
  for (uint32_t i = 0; i < docs.size(); ++i)
    for (const auto& [f, w] : docs[i]) {
      postings_[heads_[f].start + fill[f]++] = Posting{i, w};
      heads_[f].max_weight = std::max(heads_[f].max_weight, w);
    }
  docs_ = docs.size();
}

namespace {

// The weight of `doc` in [from, end) of postings sorted by document, moving `from` to it
// (galloping: the documents asked for ascend, so each search starts where the last ended).
float WeightFrom(const NeighbourIndex::Posting*& from, const NeighbourIndex::Posting* end, uint32_t doc) {
  using Posting = NeighbourIndex::Posting;
  size_t step = 1;
  const Posting* lo = from;
  const Posting* hi = from;
  while (hi < end && hi->first < doc) {
    lo = hi;
    hi = static_cast<size_t>(end - hi) > step ? hi + step : end;
    step *= 2;
  }
  const Posting* it = std::lower_bound(lo, hi, doc, [](const Posting& p, uint32_t d) { return p.first < d; });
  from = it;
  return it != end && it->first == doc ? it->second : 0.f;
}

}  // namespace

std::vector<std::pair<uint32_t, float>> NeighbourIndex::Nearest(const SparseVector& query, size_t n,
                                                                double max_df_share) const {
  size_t max_df = static_cast<size_t>(max_df_share * static_cast<double>(docs_)) + 1;
  if (n == 0) return {};
  // MaxScore (Turtle & Flood): the query's features by the most they can add to any document,
  // largest first. Once the n-th best score so far exceeds what all the remaining features
  // together could add, no document they alone would bring can enter the answer: the rest is
  // read only for the documents still in the running, by searching their postings. The answer
  // is the exhaustive one; the long postings of common n-grams come last and are mostly skipped.
  struct Term {
    const Posting *begin, *end;
    float weight, bound;
  };
  thread_local std::vector<Term> terms;
  terms.clear();
  for (const auto& [f, qw] : query) {
    if (f + 1 >= heads_.size()) continue;
    size_t begin = heads_[f].start, end = heads_[f + 1].start;
    if (begin == end || end - begin > max_df) continue;
    terms.push_back(Term{postings_.data() + begin, postings_.data() + end, qw, qw * heads_[f].max_weight});
  }
  std::sort(terms.begin(), terms.end(), [](const Term& a, const Term& b) { return a.bound > b.bound; });
  thread_local std::vector<double> rest;  // rest[i]: the most terms i.. can add together
  rest.assign(terms.size() + 1, 0.0);
  for (size_t i = terms.size(); i-- > 0;) rest[i] = rest[i + 1] + terms[i].bound;

  // Dense accumulators reused per thread; only the touched entries are reset.
  thread_local std::vector<float> acc;
  thread_local std::vector<uint8_t> in_running;
  thread_local std::vector<uint32_t> touched, running;
  thread_local std::vector<float> above;
  if (acc.size() < docs_) acc.assign(docs_, 0.f), in_running.assign(docs_, 0), touched.resize(docs_ + 1);
  size_t touched_count = 0;
  running.clear();
  float best = 0.f;       // the best score so far: no break is possible while it is below rest
  float threshold = 0.f;  // the n-th best score, once the rest cannot lift a newcomer past it
  size_t i = 0;
  double next_check = rest[0] * 0.5;
  for (; i < terms.size(); ++i) {
    const float r = static_cast<float>(rest[i] * (1 + 1e-5));
    if (touched_count >= n && best > r && rest[i] <= next_check) {
      // At least n documents above r: then the n best are all among them.
      above.clear();
      for (size_t t = 0; t < touched_count; ++t)
        if (acc[touched[t]] > r) above.push_back(acc[touched[t]]);
      if (above.size() >= n) {
        std::nth_element(above.begin(), above.begin() + static_cast<std::ptrdiff_t>(n - 1), above.end(), std::greater<float>());
        threshold = above[n - 1];
        break;
      }
      next_check = rest[i] * 0.5;
    }
    // Without branches: whether a document is new is unpredictable, and a mispredicted branch
    // per posting cost more than the arithmetic. `touched` has room for every document.
    const float qw = terms[i].weight;
    uint32_t* out = touched.data();
    size_t count = touched_count;
    float* a = acc.data();
    for (const Posting* p = terms[i].begin; p < terms[i].end; ++p) {
      const uint32_t doc = p->first;
      const float before = a[doc];
      out[count] = doc;
      count += before == 0.f;
      const float after = before + qw * p->second;
      a[doc] = after;
      best = std::max(best, after);
    }
    touched_count = count;
  }
  const bool pruned = i < terms.size();
  if (pruned) {
    // Only documents that the remaining terms could still lift to the threshold stay; each
    // remaining term is read in full with a mark per document, or searched per document,
    // whichever reads less.
    for (size_t t = 0; t < touched_count; ++t)
      if (uint32_t d = touched[t]; acc[d] + rest[i] >= threshold) running.push_back(d), in_running[d] = 1;
    bool sorted = false;  // searching needs the running documents in order; reading does not
    const double searches = static_cast<double>(running.size());
    for (size_t t = i; t < terms.size(); ++t) {
      const Posting* from = terms[t].begin;
      const float qw = terms[t].weight;
      const double length = static_cast<double>(terms[t].end - terms[t].begin);
      if (searches * (2 + std::log2(length / std::max(1.0, searches) + 1)) * 3 < length) {
        if (!sorted) std::sort(running.begin(), running.end()), sorted = true;
        for (uint32_t d : running) acc[d] += qw * WeightFrom(from, terms[t].end, d);
      } else {
        for (const Posting* p = terms[t].begin; p < terms[t].end; ++p)  // + 0 outside the running
          acc[p->first] += qw * p->second * static_cast<float>(in_running[p->first]);
      }
    }
  }
  // The candidates are scored in a reused buffer (thousands for a long query: allocating it
  // afresh cost a tenth of the query), and only the best n are copied out.
  thread_local std::vector<std::pair<uint32_t, float>> scored;
  scored.clear();
  if (pruned) {
    for (uint32_t d : running) scored.emplace_back(d, acc[d]);
  } else {
    for (size_t t = 0; t < touched_count; ++t) scored.emplace_back(touched[t], acc[touched[t]]);
  }
  for (size_t t = 0; t < touched_count; ++t) acc[touched[t]] = 0.f;
  for (uint32_t d : running) in_running[d] = 0;
  auto better = [](const auto& a, const auto& b) { return a.second > b.second || (a.second == b.second && a.first < b.first); };
  size_t keep = std::min(n, scored.size());
  if (keep < scored.size()) std::nth_element(scored.begin(), scored.begin() + keep, scored.end(), better);
  std::sort(scored.begin(), scored.begin() + keep, better);
  std::vector<std::pair<uint32_t, float>> out(scored.begin(), scored.begin() + keep);
  return out;
}

}  // namespace oc::classify
