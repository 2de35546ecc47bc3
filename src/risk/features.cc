#include "risk/features.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <random>
#include <string_view>

namespace oc::risk {

namespace {

// The encoded keys: single fields and the combinations that characterise a consignment.
constexpr int kKeys = 19;
const char* const kKeyNames[kKeys] = {"importer", "declarant", "seller", "courier", "hs6", "hs4", "hs2", "origin",
                                      "departure", "office", "importer_declarant", "hs6_origin", "tax_type",
                                      "process_type", "import_type", "import_use", "payment_type", "transport_mode",
                                      "origin_indicator"};

// 64-bit FNV-1a over the key's parts, separated so that ("ab","c") and ("a","bc") differ. Hashing
// instead of building the key string keeps scoring free of allocations; at 64 bits a collision
// among the few hundred thousand keys of a history is negligible.
constexpr uint64_t kFnvOffset = 1469598103934665603ull, kFnvPrime = 1099511628211ull;
inline uint64_t Mix(uint64_t h, std::string_view s) {
  for (unsigned char c : s) h = (h ^ c) * kFnvPrime;
  return (h ^ 0xffu) * kFnvPrime;
}

uint64_t Key(const RiskRecord& r, int k) {
  std::string_view hs6 = r.hs6;
  switch (k) {
    case 0: return Mix(kFnvOffset, r.importer);
    case 1: return Mix(kFnvOffset, r.declarant);
    case 2: return Mix(kFnvOffset, r.seller);
    case 3: return Mix(kFnvOffset, r.courier);
    case 4: return Mix(kFnvOffset, hs6);
    case 5: return Mix(kFnvOffset, hs6.substr(0, 4));
    case 6: return Mix(kFnvOffset, hs6.substr(0, 2));
    case 7: return Mix(kFnvOffset, r.origin);
    case 8: return Mix(kFnvOffset, r.departure);
    case 9: return Mix(kFnvOffset, r.office);
    case 10: return Mix(Mix(kFnvOffset, r.importer), r.declarant);
    case 11: return Mix(Mix(kFnvOffset, hs6), r.origin);
    case 12: return Mix(kFnvOffset, r.tax_type);
    case 13: return Mix(kFnvOffset, r.process_type);
    case 14: return Mix(kFnvOffset, r.import_type);
    case 15: return Mix(kFnvOffset, r.import_use);
    case 16: return Mix(kFnvOffset, r.payment_type);
    case 17: return Mix(kFnvOffset, r.transport_mode);
    default: return Mix(kFnvOffset, r.origin_indicator);
  }
}

// Small categorical fields given as codes (their order in the history's sorted vocabulary).
constexpr int kCategorical = 8;
const char* const kCategoricalNames[kCategorical] = {"office", "process_type", "import_type", "import_use",
                                                     "payment_type", "transport_mode", "origin_indicator", "tax_type"};
const std::string& Categorical(const RiskRecord& r, int k) {
  switch (k) {
    case 0: return r.office;
    case 1: return r.process_type;
    case 2: return r.import_type;
    case 3: return r.import_use;
    case 4: return r.payment_type;
    case 5: return r.transport_mode;
    case 6: return r.origin_indicator;
    default: return r.tax_type;
  }
}

constexpr int kOwn = 10;  
const char* const kOwnNames[kOwn] = {"unit_value_vs_hs6_median", "log_unit_value", "log_price", "log_net_mass",
                                     "tax_rate", "seller_missing", "courier_missing", "hs2", "departure_is_origin",
                                     "log_duty_at_stake"};

std::string HexKey(uint64_t k) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(k));
  return buf;
}

double LogUnitValue(const RiskRecord& r) { return std::log1p(r.price / (r.net_mass + 1e-3)); }

double Median(std::vector<double>& v) {
  if (v.empty()) return 0;
  size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + mid, v.end());
  double hi = v[mid];
  if (v.size() % 2) return hi;
  double lo = *std::max_element(v.begin(), v.begin() + mid);
  return (lo + hi) / 2;
}

}  // namespace

int FeatureEncoder::Width() { return 2 * kKeys + kCategorical + kOwn; }

const std::vector<std::string>& FeatureEncoder::Names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const char* k : kKeyNames) {
      n.push_back(std::string(k) + "_fraud_rate");
      n.push_back(std::string(k) + "_history");
    }
    for (const char* c : kCategoricalNames) n.push_back(c);
    for (const char* o : kOwnNames) n.push_back(o);
    return n;
  }();
  return names;
}

void FeatureEncoder::Add(const RiskRecord& r, double sign) {
  frozen_ = false;
  for (int k = 0; k < kKeys; ++k) {
    Tally& t = tables_[k][Key(r, k)];
    t.frauds += sign * r.label;
    t.count += sign;
  }
}

FeatureEncoder FeatureEncoder::Fit(const std::vector<RiskRecord>& history, const EncoderOptions& options) {
  FeatureEncoder e;
  e.options_ = options;
  e.tables_.assign(kKeys, {});
  e.vocab_.assign(kCategorical, {});
  double frauds = 0, n = 0;
  std::unordered_map<uint64_t, std::vector<double>> by_hs6, by_hs4;
  std::vector<double> all;
  for (const auto& r : history) {
    for (int c = 0; c < kCategorical; ++c) e.vocab_[c].emplace(Categorical(r, c), 0);
    double uv = LogUnitValue(r);
    by_hs6[Mix(kFnvOffset, r.hs6)].push_back(uv);
    by_hs4[Mix(kFnvOffset, std::string_view(r.hs6).substr(0, 4))].push_back(uv);
    all.push_back(uv);
    if (r.label < 0) continue;
    e.Add(r, 1);
    frauds += r.label;
    n += 1;
  }
  e.prior_ = n > 0 ? frauds / n : 0;
  for (auto& v : e.vocab_) {
    std::vector<std::string> keys;
    for (auto& [k, _] : v) keys.push_back(k);
    std::sort(keys.begin(), keys.end());
    for (size_t i = 0; i < keys.size(); ++i) v[keys[i]] = static_cast<int>(i);
  }
  for (auto& [k, v] : by_hs6) e.uv_median_hs6_[k] = Median(v);
  for (auto& [k, v] : by_hs4) e.uv_median_hs4_[k] = Median(v);
  e.uv_median_all_ = Median(all);
  e.Freeze();
  return e;
}

void FeatureEncoder::Freeze() {
  const double a = options_.smoothing;
  for (auto& table : tables_)
    for (auto& [key, t] : table) {
      t.rate = static_cast<float>((t.frauds + a * prior_) / (t.count + a));
      t.log_count = static_cast<float>(std::log1p(t.count));
    }
  codes_.assign(vocab_.size(), {});
  for (size_t c = 0; c < vocab_.size(); ++c)
    for (const auto& [value, code] : vocab_[c]) codes_[c][Mix(kFnvOffset, value)] = code;
  frozen_ = true;
}

void FeatureEncoder::TransformOne(const RiskRecord& r, float* out) const {
  const double a = options_.smoothing;
  const float unseen_rate = static_cast<float>(prior_);  // (0 + a·prior) / (0 + a)
  int f = 0;
  for (int k = 0; k < kKeys; ++k) {
    auto it = tables_[k].find(Key(r, k));
    if (it == tables_[k].end()) {
      out[f++] = unseen_rate;
      out[f++] = 0;
    } else if (frozen_) {
      out[f++] = it->second.rate;
      out[f++] = it->second.log_count;
    } else {
      // Out-of-fold encoding changes the counts between folds: computed afresh.
      out[f++] = static_cast<float>((it->second.frauds + a * prior_) / (it->second.count + a));
      out[f++] = static_cast<float>(std::log1p(it->second.count));
    }
  }
  for (int c = 0; c < kCategorical; ++c) {
    if (frozen_) {
      auto it = codes_[c].find(Mix(kFnvOffset, Categorical(r, c)));
      out[f++] = it == codes_[c].end() ? std::numeric_limits<float>::quiet_NaN() : static_cast<float>(it->second);
    } else {
      auto it = vocab_[c].find(Categorical(r, c));
      out[f++] = it == vocab_[c].end() ? std::numeric_limits<float>::quiet_NaN() : static_cast<float>(it->second);
    }
  }
  double uv = LogUnitValue(r);
  double median = uv_median_all_;
  if (auto it = uv_median_hs6_.find(Mix(kFnvOffset, r.hs6)); it != uv_median_hs6_.end()) median = it->second;
  else if (auto it4 = uv_median_hs4_.find(Mix(kFnvOffset, std::string_view(r.hs6).substr(0, 4)));
           it4 != uv_median_hs4_.end())
    median = it4->second;
  out[f++] = static_cast<float>(uv - median);
  out[f++] = static_cast<float>(uv);
  out[f++] = static_cast<float>(std::log1p(r.price));
  out[f++] = static_cast<float>(std::log1p(r.net_mass));
  out[f++] = static_cast<float>(r.tax_rate);
  out[f++] = r.seller.empty() ? 1.f : 0.f;
  out[f++] = r.courier.empty() ? 1.f : 0.f;
  out[f++] = r.hs6.size() >= 2 && std::isdigit(static_cast<unsigned char>(r.hs6[0])) &&
                     std::isdigit(static_cast<unsigned char>(r.hs6[1]))
                 ? static_cast<float>((r.hs6[0] - '0') * 10 + (r.hs6[1] - '0'))
                 : std::numeric_limits<float>::quiet_NaN();
  out[f++] = r.departure == r.origin ? 1.f : 0.f;
  out[f++] = static_cast<float>(std::log1p(r.price * r.tax_rate / 100));
}

void FeatureEncoder::Transform(const std::vector<RiskRecord>& rows, std::vector<float>& out, int threads) const {
  const size_t w = static_cast<size_t>(Width());
  out.resize(rows.size() * w);
  const int64_t n = static_cast<int64_t>(rows.size());
  // OpenMP, like XGBoost's predictor right after: the same worker threads serve both, instead of
  // extra threads competing with XGBoost's spinning ones on a small machine. One declaration is
  // encoded inline.
#pragma omp parallel for schedule(static) num_threads(threads) if (n >= 4096)
  for (int64_t i = 0; i < n; ++i) TransformOne(rows[i], out.data() + i * w);
}

std::vector<float> FeatureEncoder::FitOutOfFold(const std::vector<RiskRecord>& rows, const EncoderOptions& options,
                                                FeatureEncoder& full) {
  full = Fit(rows, options);
  const int w = Width();
  std::vector<float> out(rows.size() * static_cast<size_t>(w));
  std::vector<size_t> order(rows.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(options.seed);
  std::shuffle(order.begin(), order.end(), rng);
  int folds = std::max(2, options.folds);
  // The other folds' statistics are the full ones minus this fold's: one pass per fold.
  FeatureEncoder other = full;
  for (int fold = 0; fold < folds; ++fold) {
    std::vector<size_t> members;
    for (size_t i = fold; i < order.size(); i += folds) members.push_back(order[i]);
    for (size_t i : members)
      if (rows[i].label >= 0) other.Add(rows[i], -1);
    for (size_t i : members) other.TransformOne(rows[i], out.data() + i * w);
    for (size_t i : members)
      if (rows[i].label >= 0) other.Add(rows[i], +1);
  }
  return out;
}

nlohmann::json FeatureEncoder::ToJson() const {
  nlohmann::json tables = nlohmann::json::array();
  for (const auto& t : tables_) {
    nlohmann::json obj = nlohmann::json::object();
    for (const auto& [k, v] : t)
      if (v.count > 0) obj[HexKey(k)] = {v.frauds, v.count};
    tables.push_back(std::move(obj));
  }
  nlohmann::json vocab = nlohmann::json::array();
  for (const auto& v : vocab_) vocab.push_back(v);
  auto medians = [](const std::unordered_map<uint64_t, double>& m) {
    nlohmann::json obj = nlohmann::json::object();
    for (const auto& [k, v] : m) obj[HexKey(k)] = v;
    return obj;
  };
  return {{"smoothing", options_.smoothing}, {"prior", prior_}, {"tables", tables}, {"vocab", vocab},
          {"uv_median_hs6", medians(uv_median_hs6_)}, {"uv_median_hs4", medians(uv_median_hs4_)},
          {"uv_median_all", uv_median_all_}};
}

Result<FeatureEncoder> FeatureEncoder::FromJson(const nlohmann::json& j) {
  try {
    FeatureEncoder e;
    e.options_.smoothing = j.at("smoothing").get<double>();
    e.prior_ = j.at("prior").get<double>();
    for (const auto& t : j.at("tables")) {
      Table table;
      for (auto it = t.begin(); it != t.end(); ++it)
        table[std::stoull(it.key(), nullptr, 16)] = Tally{(*it)[0].get<double>(), (*it)[1].get<double>()};
      e.tables_.push_back(std::move(table));
    }
    for (const auto& v : j.at("vocab")) e.vocab_.push_back(v.get<std::unordered_map<std::string, int>>());
    auto medians = [](const nlohmann::json& obj, std::unordered_map<uint64_t, double>& m) {
      for (auto it = obj.begin(); it != obj.end(); ++it) m[std::stoull(it.key(), nullptr, 16)] = it->get<double>();
    };
    medians(j.at("uv_median_hs6"), e.uv_median_hs6_);
    medians(j.at("uv_median_hs4"), e.uv_median_hs4_);
    e.uv_median_all_ = j.at("uv_median_all").get<double>();
    if (e.tables_.size() != kKeys || e.vocab_.size() != kCategorical)
      return Status::Invalid("bad_model", "the feature encoder was saved by another version");
    e.Freeze();
    return e;
  } catch (const std::exception& ex) {  // json errors, and std::stoull on a damaged key
    return Status::Invalid("bad_model", std::string("the feature encoder is damaged: ") + ex.what());
  }
}

}  // namespace oc::risk
