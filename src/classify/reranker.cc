#include "classify/reranker.h"

#include <xgboost/c_api.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "classify/xgb_status.h"

namespace oc::classify {

namespace {

constexpr const char* kFormat = "opencustoms-hs-reranker-1";

struct Handles {
  DMatrixHandle matrix = nullptr;
  BoosterHandle booster = nullptr;
  ~Handles() {
    if (booster) XGBoosterFree(booster);
    if (matrix) XGDMatrixFree(matrix);
  }
};

}  // namespace

const std::array<const char*, CandidateFeatures::kCount>& CandidateFeatures::Names() {
  static const std::array<const char*, kCount> names = {
      "vote",            // Σ cos³ of its texts among the nearest, / the best code's
      "vote_raw",        // the same, not normalised
      "best_cos",        // cosine of its nearest text
      "document",        // its code document's cosine / the best document's
      "document_raw",    // the same, not normalised
      "log_p_chapter",   // chapter model's log-probability of its chapter
      "log_p_heading",   // heading model's log-probability of its heading
      "fused",           // the fused, level-weighted score / the best candidate's
      "log_rank",        // log(1 + rank) by that score
      "heading_share",   // its heading's share of all candidates' fused score
      "chapter_share",   // its chapter's share
      "labelled",        // 1 when a real description has this code
      "query_best_cos",  // the description's nearest text's cosine (how well it is known at all)
      "query_best_doc",  // the best code document's cosine
      "log_candidates",  // log(1 + number of candidates)
      // How often real descriptions have the code, its heading and its chapter (log(1 + count)):
      // the demand behind the descriptions, which no text similarity shows.
      "log_labelled_code", "log_labelled_heading", "log_labelled_chapter",
      // The share (by idf) of the description's word stems found in the code's own texts (its
      // subheading's description, its real descriptions, its tariff lines without their
      // ancestors), and in its subheading's description alone. Cosines over character grams
      // favour short texts that share fragments ("pile-drivers" for "screwdrivers"); every word
      // of the description being there is what a person looks for.
      "word_coverage", "own_word_coverage",
  };
  return names;
}

Result<std::shared_ptr<const Reranker>> Reranker::Fit(const std::vector<CandidateFeatures>& rows,
                                                      const std::vector<float>& labels) {
  if (rows.empty() || rows.size() != labels.size())
    return Status::Invalid("no_training_rows", "the reranker needs one label per candidate row");
  size_t positives = 0;
  for (float y : labels) positives += y > 0.5f;
  if (positives == 0 || positives == labels.size())
    return Status::Invalid("no_training_rows", "the reranker needs right and wrong candidates");
  const int width = CandidateFeatures::kCount;
  std::vector<float> x;
  x.reserve(rows.size() * width);
  for (const auto& r : rows) x.insert(x.end(), r.x.begin(), r.x.end());
  Handles h;
  if (XGDMatrixCreateFromMat(x.data(), rows.size(), width, NAN, &h.matrix) != 0) return XgbError("cannot build the matrix");
  if (XGDMatrixSetFloatInfo(h.matrix, "label", labels.data(), labels.size()) != 0) return XgbError("cannot set labels");
  if (XGBoosterCreate(&h.matrix, 1, &h.booster) != 0) return XgbError("cannot create the booster");
  auto set = [&](const char* k, const char* v) { return XGBoosterSetParam(h.booster, k, v) == 0; };
  // Unweighted classes and no penalty: the plain maximum-likelihood fit is what is calibrated (15
  // weights over tens of thousands of rows do not overfit; XGBoost's lambda scales with the rows
  // and shrank the weights by 15 % on a known law). base_score 0.5 is a zero margin, so the
  // weights alone are the model. Coordinate descent has converged by 200 rounds.
  bool ok = set("booster", "gblinear") && set("objective", "binary:logistic") && set("updater", "coord_descent") &&
            set("eta", "1.0") && set("lambda", "0") && set("alpha", "0") && set("base_score", "0.5") &&
            set("nthread", "2") && set("verbosity", "0");
  if (!ok) return XgbError("cannot set a training parameter");
  for (int i = 0; i < 200; ++i)
    if (XGBoosterUpdateOneIter(h.booster, i, h.matrix) != 0) return XgbError("training failed");
  bst_ulong length = 0;
  const char* raw = nullptr;
  if (XGBoosterSaveModelToBuffer(h.booster, "{\"format\": \"json\"}", &length, &raw) != 0)
    return XgbError("cannot read the fitted weights");
  std::shared_ptr<Reranker> r(new Reranker());
  try {
    auto model = nlohmann::json::parse(std::string_view(raw, length));
    const auto& w = model.at("learner").at("gradient_booster").at("model").at("weights");
    if (w.size() != static_cast<size_t>(width + 1)) return Status::Internal("unexpected number of linear weights");
    for (int i = 0; i < width; ++i) r->weights_.push_back(w[i].get<double>());
    r->bias_ = w[width].get<double>();
    double base = std::stod(model.at("learner").at("learner_model_param").at("base_score").get<std::string>());
    r->bias_ += std::log(base / (1 - base));
  } catch (const std::exception& e) {
    return Status::Internal(std::string("cannot read the fitted weights: ") + e.what());
  }
  // The weights were read out of XGBoost's own model format: check them against its prediction.
  const bst_ulong* shape = nullptr;
  bst_ulong dim = 0;
  const float* margins = nullptr;
  const char* config = "{\"type\": 1, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": false}";
  if (XGBoosterPredictFromDMatrix(h.booster, h.matrix, config, &shape, &dim, &margins) != 0) return XgbError("prediction failed");
  for (size_t i = 0; i < std::min<size_t>(rows.size(), 100); ++i)
    if (std::abs(r->Margin(rows[i]) - margins[i]) > 1e-3 * (1 + std::abs(margins[i])))
      return Status::Internal("the reranker's weights do not reproduce XGBoost's prediction");
  return std::shared_ptr<const Reranker>(std::move(r));
}

double Reranker::Margin(const CandidateFeatures& f) const {
  double m = bias_;
  for (size_t i = 0; i < weights_.size(); ++i) m += weights_[i] * f.x[i];
  return m;
}

double Reranker::Probability(const CandidateFeatures& f) const { return 1 / (1 + std::exp(-Margin(f))); }

Status Reranker::Save(const std::string& path) const {
  nlohmann::json j;
  j["format"] = kFormat;
  j["features"] = CandidateFeatures::Names();
  j["weights"] = weights_;
  j["bias"] = bias_;
  std::ofstream out(path, std::ios::trunc);
  out << j.dump(1) << "\n";
  out.flush();
  if (!out) return Status::Internal("cannot write " + path);
  return Status::Ok();
}

Result<std::shared_ptr<const Reranker>> Reranker::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("no reranker at " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::shared_ptr<Reranker> r(new Reranker());
  try {
    auto j = nlohmann::json::parse(ss.str());
    if (j.at("format") != kFormat) return Status::Invalid("bad_model", path + " is not a reranker");
    auto names = j.at("features").get<std::vector<std::string>>();
    const auto& expected = CandidateFeatures::Names();
    if (names.size() != expected.size() || !std::equal(names.begin(), names.end(), expected.begin()))
      return Status::Invalid("bad_model", path + " was fitted on other features: train the classifier again");
    r->weights_ = j.at("weights").get<std::vector<double>>();
    r->bias_ = j.at("bias").get<double>();
    if (r->weights_.size() != expected.size()) return Status::Invalid("bad_model", path + " has the wrong number of weights");
  } catch (const std::exception& e) {
    return Status::Invalid("bad_model", path + " is not a reranker: " + e.what());
  }
  return std::shared_ptr<const Reranker>(std::move(r));
}

}  // namespace oc::classify
