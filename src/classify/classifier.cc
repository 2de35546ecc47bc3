#include "classify/classifier.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "classify/level_model.h"
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
  std::shared_ptr<HsClassifier> c(new HsClassifier());
  c->options_ = options;
  c->nomenclature_ = std::move(nomenclature);
  std::unordered_map<std::string, uint32_t> code_ids;
  for (auto& t : texts) {
    if (t.hs6.size() != 6 || !c->nomenclature_.codes.count(t.hs6) || t.text.empty()) continue;
    auto [it, added] = code_ids.emplace(t.hs6, static_cast<uint32_t>(c->code_names_.size()));
    if (added) c->code_names_.push_back(t.hs6);
    c->text_code_.push_back(it->second);
    c->texts_.push_back(std::move(t));
  }
  if (c->texts_.empty()) return Status::Invalid("no_training_text", "no training text has a code of the nomenclature");
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
  std::vector<SparseVector> code_vectors;
  code_vectors.reserve(documents.size());
  for (const auto& d : documents) code_vectors.push_back(c->space_.Vectorize(d));
  c->code_index_.Build(code_vectors);
  return std::shared_ptr<const HsClassifier>(std::move(c));
}

bool HsClassifier::TooVague(std::string_view description) const {
  if (space_.Vectorize(description).empty()) return true;
  return options_.vague && options_.vague->TooVague(description);
}

std::vector<Suggestion> HsClassifier::Suggest(std::string_view description, size_t k) const {
  SparseVector q = space_.Vectorize(description);
  if (q.empty() || k == 0) return {};
  // Votes of the nearest texts: cos³ favours close matches over many loose ones.
  std::unordered_map<uint32_t, double> votes;
  for (const auto& [text, cos] : text_index_.Nearest(q, options_.neighbours, options_.max_df_share))
    votes[text_code_[text]] += std::pow(static_cast<double>(cos), 3);
  auto documents = code_index_.Nearest(q, options_.candidates, options_.max_df_share);
  double max_vote = 0, max_doc = 0;
  for (const auto& [code, v] : votes) max_vote = std::max(max_vote, v);
  for (const auto& [code, cos] : documents) max_doc = std::max(max_doc, static_cast<double>(cos));
  std::unordered_map<uint32_t, double> fused;
  for (const auto& [code, v] : votes)
    if (max_vote > 0) fused[code] += v / max_vote;
  for (const auto& [code, cos] : documents)
    if (max_doc > 0) fused[code] += options_.document_weight * cos / max_doc;
  std::vector<std::pair<uint32_t, double>> ranked;
  ranked.reserve(fused.size());
  std::unordered_map<std::string, float> chapters, headings;
  if (options_.chapters) chapters = options_.chapters->Predict(description, 50);
  if (options_.headings) headings = options_.headings->Predict(description, 50);
  auto probability = [](const std::unordered_map<std::string, float>& p, const std::string& key) {
    auto it = p.find(key);
    return (it == p.end() ? 0.0 : static_cast<double>(it->second)) + 1e-4;
  };
  for (const auto& [code, score] : fused) {
    double s = score;
    const std::string& name = code_names_[code];
    if (options_.chapters) s *= std::pow(probability(chapters, name.substr(0, 2)), options_.chapter_power);
    if (options_.headings) s *= std::pow(probability(headings, name.substr(0, 4)), options_.heading_power);
    ranked.emplace_back(code, s);
  }
  std::sort(ranked.begin(), ranked.end(), [this](const auto& a, const auto& b) {
    return a.second > b.second || (a.second == b.second && code_names_[a.first] < code_names_[b.first]);
  });
  if (ranked.size() > k) ranked.resize(k);
  std::vector<Suggestion> out;
  for (const auto& [code, score] : ranked) {
    Suggestion s;
    s.hs6 = code_names_[code];
    s.score = fused[code] / (1 + options_.document_weight);
    s.path = nomenclature_.Path(s.hs6);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace oc::classify
