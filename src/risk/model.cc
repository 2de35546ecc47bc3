#include "risk/model.h"

#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

#include "common/dates.h"
#include "common/encoding.h"

namespace oc::risk {

namespace {

Status XgbError(const char* what) { return Status::Internal(std::string(what) + ": " + XGBGetLastError()); }

// Owns a DMatrix for the duration of a call.
struct Matrix {
  DMatrixHandle h = nullptr;
  ~Matrix() {
    if (h) XGDMatrixFree(h);
  }
};

}  // namespace

FraudModel::~FraudModel() {
  if (booster_) XGBoosterFree(booster_);
}

Result<std::unique_ptr<FraudModel>> FraudModel::Train(const std::vector<RiskRecord>& all, const TrainOptions& o) {
  std::vector<RiskRecord> rows;
  for (const auto& r : all)
    if (r.label == 0 || r.label == 1) rows.push_back(r);
  double frauds = 0;
  for (const auto& r : rows) frauds += r.label;
  if (rows.empty() || frauds == 0 || frauds == static_cast<double>(rows.size()))
    return Status::Invalid("not_trainable", "training needs inspected declarations with and without fraud");
  std::unique_ptr<FraudModel> m(new FraudModel());
  std::vector<float> x = FeatureEncoder::FitOutOfFold(rows, o.encoder, m->encoder_);
  std::vector<float> y;
  y.reserve(rows.size());
  for (const auto& r : rows) y.push_back(static_cast<float>(r.label));
  Matrix train;
  if (XGDMatrixCreateFromMat_omp(x.data(), rows.size(), FeatureEncoder::Width(), NAN, &train.h, o.threads) != 0)
    return XgbError("cannot build the training matrix");
  if (XGDMatrixSetFloatInfo(train.h, "label", y.data(), y.size()) != 0) return XgbError("cannot set labels");
  if (XGBoosterCreate(&train.h, 1, &m->booster_) != 0) return XgbError("cannot create the booster");
  auto set = [&](const char* k, const std::string& v) { return XGBoosterSetParam(m->booster_, k, v.c_str()) == 0; };
  bool ok = set("objective", "binary:logistic") && set("tree_method", "hist") &&
            set("max_depth", std::to_string(o.max_depth)) && set("eta", std::to_string(o.eta)) &&
            set("subsample", std::to_string(o.subsample)) && set("colsample_bytree", std::to_string(o.colsample)) &&
            set("min_child_weight", std::to_string(o.min_child_weight)) && set("nthread", std::to_string(o.threads)) &&
            set("seed", std::to_string(o.seed)) && set("verbosity", "0");
  if (!ok) return XgbError("cannot set a training parameter");
  for (int i = 0; i < o.rounds; ++i)
    if (XGBoosterUpdateOneIter(m->booster_, i, train.h) != 0) return XgbError("training failed");
  auto [lo, hi] = std::minmax_element(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.day < b.day; });
  m->info_.trained_from_day = lo->day;
  m->info_.trained_to_day = hi->day;
  m->info_.rows = static_cast<int>(rows.size());
  m->info_.fraud_rate = frauds / static_cast<double>(rows.size());
  m->info_.trained_ms = NowUnixMillis();
  m->info_.rounds = o.rounds;
  m->info_.max_depth = o.max_depth;
  m->info_.version = "fraud-" + FormatIsoDate(hi->day) + "-" + std::to_string(rows.size());
  auto scores = m->Predict(x, rows.size(), 0, nullptr);
  if (!scores.ok()) return scores.status();
  std::sort(scores->begin(), scores->end());
  for (int q = 0; q < 200; ++q)
    m->info_.score_quantiles.push_back(scores.value()[(scores->size() - 1) * q / 199]);
  return m;
}

Result<std::vector<float>> FraudModel::Predict(const std::vector<float>& x, size_t rows, int type,
                                               std::vector<uint64_t>* shape) const {
  std::lock_guard lk(mu_);
  Matrix m;
  if (XGDMatrixCreateFromMat_omp(x.data(), rows, FeatureEncoder::Width(), NAN, &m.h, 2) != 0)
    return XgbError("cannot build the matrix to score");
  std::string config = "{\"type\": " + std::to_string(type) +
                       ", \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": false}";
  const bst_ulong* out_shape = nullptr;
  bst_ulong dim = 0;
  const float* out = nullptr;
  if (XGBoosterPredictFromDMatrix(booster_, m.h, config.c_str(), &out_shape, &dim, &out) != 0)
    return XgbError("scoring failed");
  size_t n = 1;
  if (shape) shape->clear();
  for (bst_ulong i = 0; i < dim; ++i) {
    n *= out_shape[i];
    if (shape) shape->push_back(out_shape[i]);
  }
  return std::vector<float>(out, out + n);
}

Result<std::vector<float>> FraudModel::Score(const std::vector<RiskRecord>& rows) const {
  if (rows.empty()) return std::vector<float>{};
  // Reused per thread: a batch's features are ~15 MB, which would otherwise be page-faulted in
  // afresh for every chunk.
  thread_local std::vector<float> x;
  encoder_.Transform(rows, x, 2);
  // In-place prediction reads the dense features where they are: no DMatrix copy per batch.
  char iface[160];
  std::snprintf(iface, sizeof iface,
                "{\"data\": [%llu, true], \"shape\": [%zu, %d], \"typestr\": \"<f4\", \"version\": 3}",
                static_cast<unsigned long long>(reinterpret_cast<uintptr_t>(x.data())), rows.size(),
                FeatureEncoder::Width());
  static const char* kConfig =
      "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": false, "
      "\"cache_id\": 0, \"missing\": NaN}";
  std::lock_guard lk(mu_);
  const bst_ulong* shape = nullptr;
  bst_ulong dim = 0;
  const float* out = nullptr;
  if (XGBoosterPredictFromDense(booster_, iface, kConfig, nullptr, &shape, &dim, &out) != 0) return XgbError("scoring failed");
  return std::vector<float>(out, out + rows.size());
}

Result<Explanation> FraudModel::Explain(const RiskRecord& row, int top) const {
  std::vector<float> x(FeatureEncoder::Width());
  encoder_.TransformOne(row, x.data());
  std::vector<uint64_t> shape;
  auto contribs = Predict(x, 1, 2, &shape);  // type 2: per-feature contributions + bias
  if (!contribs.ok()) return contribs.status();
  const int w = FeatureEncoder::Width();
  if (contribs->size() != static_cast<size_t>(w + 1)) return Status::Internal("unexpected contribution shape");
  Explanation e;
  e.base = contribs.value()[w];
  double logit = e.base;
  for (int i = 0; i < w; ++i) {
    logit += contribs.value()[i];
    e.top.push_back({FeatureEncoder::Names()[i], x[i], contribs.value()[i]});
  }
  e.score = static_cast<float>(1 / (1 + std::exp(-logit)));
  std::sort(e.top.begin(), e.top.end(),
            [](const auto& a, const auto& b) { return std::fabs(a.contribution) > std::fabs(b.contribution); });
  if (static_cast<int>(e.top.size()) > top) e.top.resize(top);
  return e;
}

Result<std::string> FraudModel::ToJsonText() const {
  bst_ulong len = 0;
  const char* buf = nullptr;
  std::string booster;
  {
    std::lock_guard lk(mu_);
    if (XGBoosterSaveModelToBuffer(booster_, "{\"format\": \"ubj\"}", &len, &buf) != 0) return XgbError("cannot save the model");
    booster.assign(buf, len);
  }
  nlohmann::json j = {{"format", "opencustoms-fraud-model-2"},
                      {"info",
                       {{"version", info_.version},
                        {"trained_from", FormatIsoDate(info_.trained_from_day)},
                        {"trained_to", FormatIsoDate(info_.trained_to_day)},
                        {"rows", info_.rows},
                        {"fraud_rate", info_.fraud_rate},
                        {"trained_at", FormatTimestamp(info_.trained_ms)},
                        {"rounds", info_.rounds},
                        {"max_depth", info_.max_depth},
                        {"score_quantiles", info_.score_quantiles},
                        {"metrics", nlohmann::json::parse(info_.metrics_json, nullptr, false).is_object()
                                        ? nlohmann::json::parse(info_.metrics_json)
                                        : nlohmann::json::object()}}},
                      {"features", FeatureEncoder::Names()},
                      {"encoder", encoder_.ToJson()},
                      {"booster", Base64UrlEncode(booster)}};
  return j.dump();
}

Status FraudModel::Save(const std::string& path) const {
  auto text = ToJsonText();
  if (!text.ok()) return text.status();
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!(out << text.value()) || !out.flush()) return Status::Internal("cannot write " + tmp);
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::Internal("cannot write " + path + ": " + ec.message());
  return Status::Ok();
}

Result<std::unique_ptr<FraudModel>> FraudModel::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("unknown_model", "no model file " + path + " (train one: opencustoms risk train)");
  std::stringstream ss;
  ss << in.rdbuf();
  auto m = FromJsonText(ss.str());
  if (!m.ok()) return Status::Invalid(m.status().code(), path + ": " + m.status().message());
  return m;
}

Result<std::unique_ptr<FraudModel>> FraudModel::FromJsonText(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("format", "") != "opencustoms-fraud-model-2")
    return Status::Invalid("bad_model", "not an OpenCustoms fraud model (format opencustoms-fraud-model-2)");
  if (j.value("features", std::vector<std::string>{}) != FeatureEncoder::Names())
    return Status::Invalid("bad_model", "the model was trained with other features; train it again");
  if (!j.contains("encoder") || !j.contains("info") || !j["info"].is_object())
    return Status::Invalid("bad_model", "the model lacks its encoder or its info");
  auto enc = FeatureEncoder::FromJson(j["encoder"]);
  if (!enc.ok()) return enc.status();
  auto booster = Base64UrlDecode(j.value("booster", ""));
  if (!booster || booster->empty()) return Status::Invalid("bad_model", "the booster is damaged");
  std::unique_ptr<FraudModel> m(new FraudModel());
  m->encoder_ = std::move(enc.value());
  if (XGBoosterCreate(nullptr, 0, &m->booster_) != 0) return XgbError("cannot create the booster");
  if (XGBoosterLoadModelFromBuffer(m->booster_, booster->data(), booster->size()) != 0)
    return Status::Invalid("bad_model", std::string("the booster is damaged: ") + XGBGetLastError());
  XGBoosterSetParam(m->booster_, "nthread", "2");
  const auto& info = j["info"];
  try {
    m->info_.version = info.value("version", "");
    m->info_.trained_from_day = ParseIsoDate(info.value("trained_from", "")).value_or(0);
    m->info_.trained_to_day = ParseIsoDate(info.value("trained_to", "")).value_or(0);
    m->info_.rows = info.value("rows", 0);
    m->info_.fraud_rate = info.value("fraud_rate", 0.0);
    m->info_.rounds = info.value("rounds", 0);
    m->info_.max_depth = info.value("max_depth", 0);
    m->info_.score_quantiles = info.value("score_quantiles", std::vector<float>{});
    if (info.contains("metrics") && info["metrics"].is_object()) m->info_.metrics_json = info["metrics"].dump();
  } catch (const nlohmann::json::exception& e) {
    return Status::Invalid("bad_model", std::string("the model's info is damaged: ") + e.what());
  }
  if (m->info_.version.empty()) return Status::Invalid("bad_model", "the model has no version");
  return m;
}

}  // namespace oc::risk
