#include "classify/classifier.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "classify/level_model.h"
#include "classify/text.h"
#include "classify/vague.h"
#include "refdata/csv.h"

namespace oc::classify {

Result<Nomenclature> Nomenclature::Load(const std::string& path) {
  auto rows = ReadCsvFile(path);
  if (!rows.ok()) return rows.status();
  Nomenclature n;
  for (size_t i = 1; i < rows->size(); ++i) {
    const auto& r = rows.value()[i];
    if (r.size() < 4) return Status::Invalid("bad_nomenclature", path + " line " + std::to_string(i + 1) + ": expected 5 columns");
    n.codes[r[1]] = Entry{r[2], r[3]};
  }
  if (n.codes.empty()) return Status::Invalid("bad_nomenclature", path + " has no codes");
  return n;
}

std::vector<std::pair<std::string, std::string>> Nomenclature::Path(const std::string& code) const {
  std::vector<std::pair<std::string, std::string>> out;
  std::string c = code;
  // Chapter (2 digits), heading (4), subheading (6); the nomenclature's parents above chapters
  // are sections and the root, which are not codes.
  for (int guard = 0; guard < 3 && (c.size() == 2 || c.size() == 4 || c.size() == 6); ++guard) {
    auto it = codes.find(c);
    if (it == codes.end()) break;
    out.emplace_back(c, it->second.description);
    c = it->second.parent;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

Result<std::shared_ptr<const HsClassifier>> HsClassifier::Build(std::vector<TrainingText> texts, Nomenclature nomenclature,
                                                                 ClassifierOptions options) {
  if ((options.chapters && options.chapters->digits() != 2) || (options.headings && options.headings->digits() != 4))
    return Status::Invalid("bad_model", "the chapter model must predict 2 digits and the heading model 4");
  std::shared_ptr<HsClassifier> c(new HsClassifier());
  c->options_ = options;
  c->nomenclature_ = std::move(nomenclature);
  for (auto& t : texts) {
    if (t.hs6.size() != 6 || !c->nomenclature_.codes.count(t.hs6) || t.text.empty()) continue;
    auto [it, added] = c->code_ids_.emplace(t.hs6, static_cast<uint32_t>(c->code_names_.size()));
    if (added) c->code_names_.push_back(t.hs6), c->code_labelled_.push_back(false);
    if (t.labelled) c->code_labelled_[it->second] = true;
    c->text_code_.push_back(it->second);
    c->texts_.push_back(std::move(t));
  }
  if (c->texts_.empty()) return Status::Invalid("no_training_text", "no training text has a code of the nomenclature");
  for (const auto& name : c->code_names_) {
    if (name.find_first_not_of("0123456789") != std::string::npos)
      return Status::Invalid("bad_code", "training code " + name + " is not six digits");
    c->code_heading_.push_back(static_cast<uint32_t>(std::stoul(name.substr(0, 4))));
    c->code_paths_.push_back(c->nomenclature_.Path(name));
  }
  std::vector<std::string> raw;
  raw.reserve(c->texts_.size());
  for (const auto& t : c->texts_) raw.push_back(t.text);
  c->space_.Fit(raw);
  std::vector<SparseVector> vectors;
  vectors.reserve(raw.size());
  for (const auto& t : raw) vectors.push_back(c->space_.Vectorize(t));
  c->text_index_.Build(vectors);
  // Each code's document: all its texts together.
  std::vector<std::string> documents(c->code_names_.size());
  for (size_t i = 0; i < c->texts_.size(); ++i) documents[c->text_code_[i]] += c->texts_[i].text + " . ";
  c->code_vectors_.reserve(documents.size());
  for (const auto& d : documents) c->code_vectors_.push_back(c->space_.Vectorize(d));
  c->code_index_.Build(c->code_vectors_);
  c->IndexWordsAndLabels();
  return std::shared_ptr<const HsClassifier>(std::move(c));
}

namespace {

std::vector<uint32_t> KnownWordIds(const FeatureSpace& space, std::string_view text) {
  std::vector<uint32_t> ids;
  for (const auto& [id, idf] : space.WordTerms(Tokens(text)))
    if (id != FeatureSpace::kUnknown) ids.push_back(id);
  return ids;
}

}  // namespace

void HsClassifier::IndexWordsAndLabels() {
  const size_t n = code_names_.size();
  std::vector<uint32_t> code_labels(n, 0), heading_labels(10000, 0), chapter_labels(100, 0);
  std::vector<std::vector<uint32_t>> code_words(n);
  for (size_t i = 0; i < texts_.size(); ++i) {
    const uint32_t code = text_code_[i];
    if (texts_[i].labelled) {
      ++code_labels[code];
      ++heading_labels[code_heading_[code]];
      ++chapter_labels[code_heading_[code] / 100];
    }
    // Nomenclature and tariff texts carry their ancestors' descriptions after " ; "; a heading's
    // words are in every one of its codes' texts and would cover the description for all of them.
    const std::string& text = texts_[i].text;
    auto own = KnownWordIds(space_, std::string_view(text).substr(0, text.find(" ; ")));
    code_words[code].insert(code_words[code].end(), own.begin(), own.end());
  }
  std::vector<std::vector<uint32_t>> own_words(n);
  for (size_t code = 0; code < n; ++code) {
    auto it = nomenclature_.codes.find(code_names_[code]);
    if (it != nomenclature_.codes.end()) own_words[code] = KnownWordIds(space_, it->second.description);
    code_words[code].insert(code_words[code].end(), own_words[code].begin(), own_words[code].end());
  }
  auto logs = [](const std::vector<uint32_t>& counts) {
    std::vector<float> out;
    for (uint32_t c : counts) out.push_back(static_cast<float>(std::log1p(static_cast<double>(c))));
    return out;
  };
  code_labels_ = logs(code_labels);
  heading_labels_ = logs(heading_labels);
  chapter_labels_ = logs(chapter_labels);
  code_words_.Build(code_words, space_.features());
  own_words_.Build(own_words, space_.features());
}

void HsClassifier::WordCodeBits::Build(const std::vector<std::vector<uint32_t>>& words_by_code, size_t features) {
  rows.assign(features, -1);
  int32_t used = 0;
  for (const auto& words : words_by_code)
    for (uint32_t w : words)
      if (rows[w] < 0) rows[w] = used++;
  row_words = (words_by_code.size() + 63) / 64;
  bits.assign(static_cast<size_t>(used) * row_words, 0);
  for (size_t code = 0; code < words_by_code.size(); ++code)
    for (uint32_t w : words_by_code[code]) bits[static_cast<size_t>(rows[w]) * row_words + code / 64] |= uint64_t{1} << (code % 64);
}

bool HsClassifier::TooVague(std::string_view description) const {
  if (space_.Vectorize(description).empty()) return true;
  return options_.vague && options_.vague->TooVague(description);
}

// One description's candidates: the codes of its nearest texts and its nearest code documents
// (and a declared code, when checking one), with what each retrieval said about them.
struct HsClassifier::Query {
  struct Candidate {
    uint32_t code = 0;
    double vote = 0, best_cos = 0, document = 0;
    double score = 0;  // fused, × the level models' probabilities
    double p_chapter = 1, p_heading = 1;  // the level models' (floored at 1e-4)
    double heading_share = 0, chapter_share = 0;  // of all candidates' score
  };
  std::vector<Candidate> candidates;  // by score, best first
  std::vector<std::pair<uint32_t, float>> terms;  // the description's word stems (FeatureSpace::WordTerms)
  double terms_idf = 0;                           // their idf sum
  double max_vote = 0, max_doc = 0, best_cos = 0, total_score = 0;
  size_t declared = SIZE_MAX;  // index of the declared code among the candidates
};

namespace {

double Dot(const SparseVector& a, const SparseVector& b) {
  double s = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i].first < b[j].first) ++i;
    else if (b[j].first < a[i].first) ++j;
    else s += static_cast<double>(a[i++].second) * b[j++].second;
  }
  return s;
}


}  // namespace

HsClassifier::Query HsClassifier::Retrieve(std::string_view description, const std::string* declared) const {
  Query out;
  // Folded and tokenised once for the index and both level models.
  const std::vector<std::string> tokens = Tokens(description);
  SparseVector q = space_.VectorizeTokens(tokens, &out.terms);
  if (q.empty()) return out;
  for (const auto& [id, idf] : out.terms) out.terms_idf += idf;
  // A few dozen candidates: found by a linear search, cheaper than any map at this size.
  out.candidates.reserve(options_.neighbours + options_.candidates + 1);
  auto candidate = [&](uint32_t code) -> Query::Candidate& {
    for (auto& c : out.candidates)
      if (c.code == code) return c;
    out.candidates.push_back(Query::Candidate{code});
    return out.candidates.back();
  };
  // Votes of the nearest texts: cos³ favours close matches over many loose ones.
  for (const auto& [text, cos] : text_index_.Nearest(q, options_.neighbours, options_.max_df_share)) {
    auto& c = candidate(text_code_[text]);
    c.vote += std::pow(static_cast<double>(cos), 3);
    c.best_cos = std::max(c.best_cos, static_cast<double>(cos));
    out.best_cos = std::max(out.best_cos, static_cast<double>(cos));
  }
  for (const auto& [code, cos] : code_index_.Nearest(q, options_.candidates, options_.max_df_share))
    candidate(code).document = cos;
  if (declared) {
    auto it = code_ids_.find(*declared);
    if (it != code_ids_.end()) {
      auto& c = candidate(it->second);
      // Outside the nearest documents its cosine is still known: the code's own document.
      if (c.document == 0) c.document = Dot(q, code_vectors_[it->second]);
    }
  }
  for (const auto& c : out.candidates) {
    out.max_vote = std::max(out.max_vote, c.vote);
    out.max_doc = std::max(out.max_doc, c.document);
  }
  // The level models' probabilities and each heading's and chapter's total score in tables by
  // prefix number, reused per thread (a few dozen candidates: any map or search by string cost
  // more than the arithmetic); the sums are reset after use.
  thread_local std::vector<float> chapter_p(100, 0.f), heading_p(10000, 0.f);
  thread_local std::vector<double> chapter_sum(100, 0.0), heading_sum(10000, 0.0), heading_factor(10000, 0.0);
  if (options_.chapters) options_.chapters->Distribution(tokens, chapter_p);
  if (options_.headings) options_.headings->Distribution(tokens, heading_p);
  for (auto& c : out.candidates) {
    double s = (out.max_vote > 0 ? c.vote / out.max_vote : 0) +
               (out.max_doc > 0 ? options_.document_weight * c.document / out.max_doc : 0);
    const uint32_t heading = code_heading_[c.code], chapter = heading / 100;
    c.p_chapter = chapter_p[chapter] + 1e-4;
    c.p_heading = heading_p[heading] + 1e-4;
    // Candidates share headings: each one's factor is computed once (kept beside its sum).
    if (heading_factor[heading] == 0)
      heading_factor[heading] = (options_.chapters ? std::pow(c.p_chapter, options_.chapter_power) : 1.0) *
                                (options_.headings ? std::pow(c.p_heading, options_.heading_power) : 1.0);
    s *= heading_factor[heading];
    c.score = s;
    out.total_score += s;
    heading_sum[heading] += s;
    chapter_sum[chapter] += s;
  }
  const double total = out.total_score > 0 ? out.total_score : 1;
  for (auto& c : out.candidates) {
    const uint32_t heading = code_heading_[c.code], chapter = heading / 100;
    c.heading_share = heading_sum[heading] / total;
    c.chapter_share = chapter_sum[chapter] / total;
  }
  for (const auto& c : out.candidates) {
    const uint32_t heading = code_heading_[c.code];
    heading_sum[heading] = chapter_sum[heading / 100] = heading_factor[heading] = 0;
  }
  std::sort(out.candidates.begin(), out.candidates.end(), [this](const auto& a, const auto& b) {
    return a.score > b.score || (a.score == b.score && code_names_[a.code] < code_names_[b.code]);
  });
  if (declared)
    for (size_t i = 0; i < out.candidates.size(); ++i)
      if (code_names_[out.candidates[i].code] == *declared) out.declared = i;
  return out;
}

namespace {

// The share (by idf) of the terms for which `has` is true.
template <typename Has>
double Coverage(const std::vector<std::pair<uint32_t, float>>& terms, double terms_idf, Has has) {
  if (terms_idf <= 0) return 0;
  double covered = 0;
  for (const auto& [id, idf] : terms)
    if (id != FeatureSpace::kUnknown && has(id)) covered += idf;
  return covered / terms_idf;
}

}  // namespace

CandidateFeatures HsClassifier::FeaturesOf(const Query& q, size_t i) const {
  const auto& c = q.candidates[i];
  const double best = q.candidates.front().score;
  CandidateFeatures f;
  f.x = {static_cast<float>(q.max_vote > 0 ? c.vote / q.max_vote : 0),
         static_cast<float>(c.vote),
         static_cast<float>(c.best_cos),
         static_cast<float>(q.max_doc > 0 ? c.document / q.max_doc : 0),
         static_cast<float>(c.document),
         static_cast<float>(std::log(c.p_chapter)),
         static_cast<float>(std::log(c.p_heading)),
         static_cast<float>(best > 0 ? c.score / best : 0),
         static_cast<float>(std::log1p(static_cast<double>(i))),
         static_cast<float>(c.heading_share),
         static_cast<float>(c.chapter_share),
         code_labelled_[c.code] ? 1.f : 0.f,
         static_cast<float>(q.best_cos),
         static_cast<float>(q.max_doc),
         static_cast<float>(std::log1p(static_cast<double>(q.candidates.size()))),
         code_labels_[c.code],
         heading_labels_[code_heading_[c.code]],
         chapter_labels_[code_heading_[c.code] / 100],
         static_cast<float>(Coverage(q.terms, q.terms_idf, [&](uint32_t w) { return code_words_.Has(c.code, w); })),
         static_cast<float>(Coverage(q.terms, q.terms_idf, [&](uint32_t w) { return own_words_.Has(c.code, w); }))};
  return f;
}

std::vector<std::pair<std::string, CandidateFeatures>> HsClassifier::Candidates(std::string_view description) const {
  Query q = Retrieve(description, nullptr);
  std::vector<std::pair<std::string, CandidateFeatures>> out;
  for (size_t i = 0; i < q.candidates.size(); ++i) out.emplace_back(code_names_[q.candidates[i].code], FeaturesOf(q, i));
  return out;
}

// The candidates by confidence (the reranker's, else the fused score), the first k as suggestions;
// `confidences` (when given) receives every candidate's, in the query's candidate order.
std::vector<Suggestion> HsClassifier::Ranked(const Query& q, size_t k, std::vector<double>* confidences) const {
  std::vector<std::pair<size_t, double>> order;
  const double scale = 1 + options_.document_weight;
  for (size_t i = 0; i < q.candidates.size(); ++i) {
    double conf = options_.reranker ? options_.reranker->Probability(FeaturesOf(q, i)) : q.candidates[i].score / scale;
    order.emplace_back(i, conf);
    if (confidences) confidences->push_back(conf);
  }
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (order.size() > k) order.resize(k);
  std::vector<Suggestion> out;
  for (const auto& [i, conf] : order) {
    Suggestion s;
    s.hs6 = code_names_[q.candidates[i].code];
    const auto& c = q.candidates[i];
    s.score = ((q.max_vote > 0 ? c.vote / q.max_vote : 0) +
               (q.max_doc > 0 ? options_.document_weight * c.document / q.max_doc : 0)) / scale;
    s.confidence = conf;
    s.path = code_paths_[q.candidates[i].code];
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<Suggestion> HsClassifier::Suggest(std::string_view description, size_t k) const {
  if (k == 0) return {};
  return Ranked(Retrieve(description, nullptr), k, nullptr);
}

bool HsClassifier::Contradicts(const std::string& best_hs6, double best_confidence, const std::string& declared,
                               double heading_confidence, double chapter_confidence) {
  bool other_heading = best_hs6.compare(0, 4, declared, 0, 4) != 0;
  bool other_chapter = best_hs6.compare(0, 2, declared, 0, 2) != 0;
  return (other_heading && best_confidence >= kContradiction && heading_confidence <= kHeadingDoubt) ||
         (other_chapter && best_confidence >= kChapterContradiction && chapter_confidence <= kChapterDoubt);
}

CodeCheck HsClassifier::Check(std::string_view description, std::string_view declared_code, size_t k) const {
  CodeCheck out;
  if (TooVague(description)) return out;
  std::string declared(declared_code.substr(0, 6));
  Query q = Retrieve(description, &declared);
  if (q.candidates.empty()) return out;
  out.classifiable = true;
  std::vector<double> conf;
  out.suggestions = Ranked(q, std::max<size_t>(k, 1), &conf);
  // The candidates' confidences are each calibrated on their own; as shares of one answer they
  // are scaled to sum to at most 1.
  double sum = 0;
  for (double p : conf) sum += p;
  double norm = std::max(1.0, sum);
  std::string heading = declared.substr(0, 4), chapter = declared.substr(0, 2);
  for (size_t i = 0; i < q.candidates.size(); ++i) {
    const std::string& code = code_names_[q.candidates[i].code];
    if (code.compare(0, 4, heading) == 0) out.heading_confidence += conf[i] / norm;
    if (code.compare(0, 2, chapter) == 0) out.chapter_confidence += conf[i] / norm;
  }
  if (q.declared != SIZE_MAX) out.declared_confidence = conf[q.declared];
  out.heading_confidence = std::min(1.0, out.heading_confidence);
  out.chapter_confidence = std::min(1.0, out.chapter_confidence);
  out.misclassification = 1 - out.heading_confidence;
  const Suggestion& best = out.suggestions.front();
  out.contradicts = Contradicts(best.hs6, best.confidence, declared, out.heading_confidence, out.chapter_confidence);
  if (out.suggestions.size() > k) out.suggestions.resize(k);
  return out;
}

}  // namespace oc::classify
