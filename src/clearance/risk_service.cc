#include "clearance/risk_service.h"

#include <chrono>
#include "clearance/code_checker.h"
#include "risk/mirror.h"

#include <boost/asio/post.hpp>
#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <future>
#include <sstream>
#include <thread>
#include <tuple>
#include <unordered_set>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "common/dates.h"
#include "common/json_writer.h"
#include "declaration/parse.h"
#include "risk/decide.h"
#include "risk/declaration_facts.h"
#include "risk/metrics.h"
#include "risk/draw.h"
#include "risk/profile.h"

namespace oc {

RiskService::RiskService(DeclarationStore& declarations, RiskStore& store, RiskConfig config)
    : declarations_(declarations), store_(store), config_(std::move(config)), snapshot_(std::make_shared<Snapshot>()), lanes_(config_.lanes) {}

RiskService::~RiskService() {
  {
    std::lock_guard lk(history_mu_);
    write_timer_.cancel();
  }
  workers_.join();
  FlushUnitValues();
}

uint64_t RiskService::KeyedHash(std::string_view what) const {
  unsigned char out[8];
  std::string_view key = config_.draw_secret;
  if (key.size() > crypto_generichash_KEYBYTES_MAX) key = key.substr(0, crypto_generichash_KEYBYTES_MAX);
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(what.data()), what.size(),
                     key.empty() ? nullptr : reinterpret_cast<const unsigned char*>(key.data()), key.size());
  uint64_t h = 0;
  for (unsigned char b : out) h = (h << 8) | b;
  return h;
}

std::shared_ptr<const RiskService::Snapshot> RiskService::Current() const {
  std::lock_guard lk(mu_);
  return snapshot_;
}

Status RiskService::Reload(std::vector<std::string>* problems) {
  auto snap = std::make_shared<Snapshot>();
  auto lists = std::make_shared<risk::ListCatalog>();
  auto stored = store_.ListRiskLists();
  if (!stored.ok()) return stored.status();
  for (auto& l : stored.value()) lists->Set(l.name, l.values);
  snap->lists = lists;
  auto criteria = store_.ListCriteria(/*all_versions=*/true);
  if (!criteria.ok()) return criteria.status();
  snap->rules = risk::RuleSet::Build(criteria.value(), risk::DeclarationFields(), *lists, problems);
  auto models = store_.ListRiskModels();
  if (!models.ok()) return models.status();
  for (const auto& m : models.value()) {
    if (m.role != risk::ModelRole::kActive && m.role != risk::ModelRole::kShadow) continue;
    auto content = store_.RiskModelContent(m.version);
    if (!content.ok()) return content.status();
    auto model = risk::FraudModel::FromJsonText(content.value());
    if (!model.ok()) {
      if (problems) problems->push_back("model " + m.version + ": " + model.status().message());
      continue;
    }
    (m.role == risk::ModelRole::kActive ? snap->model : snap->shadow) = std::move(model.value());
  }
  std::string before = ActiveModelVersion();
  std::vector<float> seed = snap->model ? snap->model->info().score_quantiles : std::vector<float>{};
  std::string after = snap->model ? snap->model->info().version : "";
  {
    std::lock_guard lk(mu_);
    snapshot_ = std::move(snap);
  }
  if (after != before) {
    // A new model scores on its own scale: its training scores set the first thresholds.
    std::lock_guard lk(lanes_mu_);
    lanes_.Seed(seed);
  }
  return Status::Ok();
}

std::string RiskService::ActiveModelVersion() const {
  auto s = Current();
  return s->model ? s->model->info().version : "";
}

double RiskService::RateToNational(const std::string& currency, int64_t day) const {
  if (currency.empty() || currency == config_.national_currency) return 1;
  if (!config_.rates) return NAN;
  auto r = config_.rates->Find(currency, config_.national_currency, day);
  return r.ok() ? r->ToDouble() : NAN;
}

double RiskService::PriorHitRate() const {
  // The administration-wide hit rate moves slowly: read at most once a second.
  int64_t now = NowUnixMillis();
  if (now - prior_read_ms_.load() < 1000) return prior_.load();
  auto totals = store_.InspectionTotals();
  double prior = (!totals.ok() || totals->first == 0)
                     ? 0.1  // before any result: a modest prior
                     : static_cast<double>(totals->second) / static_cast<double>(totals->first);
  prior_.store(prior);
  prior_read_ms_.store(now);
  return prior;
}

risk::TraderProfile RiskService::Profile(const std::string& tin, double* smoothed) const {
  auto p = store_.GetTraderProfile(tin);
  risk::TraderProfile out = p.ok() ? p.value() : risk::TraderProfile{tin};
  if (smoothed) *smoothed = risk::SmoothedHitRate(out, PriorHitRate());
  return out;
}

RiskService::Kept RiskService::Keep(const risk::UnitValueObservation& v) {
  Kept k;
  k.value = v.value;
  k.declaration_id = v.declaration_id;
  k.day = static_cast<int32_t>(v.day);
  if (v.origin.size() == 2) k.origin = {v.origin[0], v.origin[1]};
  return k;
}

Status RiskService::ReferenceValues(const std::string& hs6, const std::string& origin, int64_t since_day,
                                    std::vector<double>& same_origin, std::vector<double>& any_origin) {
  std::lock_guard lk(history_mu_);
  auto it = history_.find(hs6);
  if (it == history_.end()) {
    // First use of this commodity: load under the lock, so that a decision committing meanwhile
    // is either in the load or appended after it, never both (see Recorded). Values whose bulk
    // write is pending or under way are added from memory.
    auto stored = store_.UnitValues(hs6, since_day, static_cast<int>(kHistoryCap));
    if (!stored.ok()) return stored.status();
    History h;
    std::unordered_set<int64_t> seen;
    for (const auto& v : stored.value()) {
      h.loaded_max_id = std::max(h.loaded_max_id, v.declaration_id);
      seen.insert(v.declaration_id);
      h.values.push_back(Keep(v));
    }
    bool added = false;
    for (const auto* list : {&writing_, &unwritten_})
      for (const auto& v : *list)
        if (v.hs6 == hs6 && v.day >= since_day && !seen.count(v.declaration_id)) {
          h.values.push_back(Keep(v));
          h.loaded_max_id = std::max(h.loaded_max_id, v.declaration_id);
          added = true;
        }
    if (added)
      std::sort(h.values.begin(), h.values.end(), [](const auto& a, const auto& b) {
        return std::tie(a.day, a.declaration_id) > std::tie(b.day, b.declaration_id);
      });
    while (h.values.size() > kHistoryCap) h.values.pop_back();
    it = history_.emplace(hs6, std::move(h)).first;
  }
  const bool two_letters = origin.size() == 2;
  for (const auto& v : it->second.values) {
    if (v.day < since_day) continue;
    bool same = two_letters && v.origin[0] == origin[0] && v.origin[1] == origin[1];
    if (same && same_origin.size() < 500) same_origin.push_back(v.value);
    if (any_origin.size() < 500) any_origin.push_back(v.value);
  }
  return Status::Ok();
}

risk::ReferenceValue RiskService::ChooseReference(std::vector<double>& same_origin, std::vector<double>& any_origin,
                                                  std::vector<double>** used) const {
  *used = &same_origin;
  risk::ReferenceValue ref = risk::ComputeReference(same_origin, config_.reference_min);
  if (ref.n >= config_.reference_min) {
    ref.basis = "hs6+origin";
    return ref;
  }
  *used = &any_origin;
  ref = risk::ComputeReference(any_origin, config_.reference_min);
  if (ref.n >= config_.reference_min) ref.basis = "hs6";
  return ref;
}

Result<RiskService::UnitValueReference> RiskService::ReferenceUnitValues(const std::string& hs6, const std::string& origin) {
  std::vector<double> same_origin, any_origin;
  if (Status st = ReferenceValues(hs6, origin, TodayUtcDays() - config_.reference_days, same_origin, any_origin); !st.ok())
    return st;
  UnitValueReference out;
  std::vector<double>* used = nullptr;
  out.reference = ChooseReference(same_origin, any_origin, &used);
  out.values = std::move(*used);
  return out;
}

void RiskService::Recorded(int64_t declaration_id, const risk::Decision& d, bool values_written) {
  if (d.unit_values.empty()) return;
  int64_t day = d.decided_ms / 86400000;
  std::lock_guard lk(history_mu_);
  if (d.version > 1) {
    // A re-decision replaces the declaration's values (as the store does).
    for (auto* list : {&unwritten_, &writing_})
      list->erase(std::remove_if(list->begin(), list->end(),
                                 [&](const risk::UnitValueObservation& v) { return v.declaration_id == declaration_id; }),
                  list->end());
  }
  for (const auto& u : d.unit_values) {
    risk::UnitValueObservation v = u;
    v.day = day;
    v.declaration_id = declaration_id;
    if (!values_written) unwritten_.push_back(v);
    auto it = history_.find(u.hs6);
    if (it == history_.end()) continue;  // not loaded yet: the load will see it
    History& h = it->second;
    if (d.version > 1)
      h.values.erase(std::remove_if(h.values.begin(), h.values.end(),
                                    [&](const Kept& o) { return o.declaration_id == declaration_id; }),
                     h.values.end());
    else if (declaration_id <= h.loaded_max_id)
      continue;  // the load already saw it
    h.values.push_front(Keep(v));
    if (h.values.size() > kHistoryCap) h.values.pop_back();
  }
  int64_t now = NowUnixMillis();
  if (unwritten_.empty()) return;
  if ((now - last_write_ms_ >= 200 || unwritten_.size() >= 5000) && StartUnitValueWrite()) return;
  // Nothing else may come for a while: write what waits in 200 ms at the latest.
  ScheduleUnitValueWrite(200);
}

void RiskService::ScheduleUnitValueWrite(int delay_ms) {
  if (write_scheduled_) return;
  write_scheduled_ = true;
  write_timer_.expires_after(std::chrono::milliseconds(delay_ms));
  write_timer_.async_wait([this](const boost::system::error_code& ec) {
    std::lock_guard lk(history_mu_);
    write_scheduled_ = false;
    if (ec) return;  // cancelled: shutting down, FlushUnitValues writes the rest
    if (!StartUnitValueWrite() && !unwritten_.empty()) ScheduleUnitValueWrite(50);  // a write is under way
  });
}

bool RiskService::StartUnitValueWrite() {
  if (!writing_.empty() || unwritten_.empty()) return false;
  last_write_ms_ = NowUnixMillis();
  writing_.swap(unwritten_);
  auto written = std::make_shared<std::promise<void>>();
  write_done_ = written->get_future().share();
  store_.AppendUnitValues(writing_, [this, written](Result<bool> r) {
    if (!r.ok()) spdlog::warn("unit values not written (recovered from the decisions at start-up): {}", r.status().ToString());
    {
      std::lock_guard lk(history_mu_);
      writing_.clear();
    }
    written->set_value();  // last: whoever waits may destroy this service now
  });
  return true;
}

void RiskService::FlushUnitValues() {
  for (;;) {
    std::shared_future<void> done;
    {
      std::lock_guard lk(history_mu_);
      if (writing_.empty() && unwritten_.empty()) {
        done = write_done_;
        if (!done.valid()) return;
      } else {
        StartUnitValueWrite();
        done = write_done_;
      }
    }
    done.wait();
    std::lock_guard lk(history_mu_);
    if (writing_.empty() && unwritten_.empty()) return;
  }
}

Result<risk::Decision> RiskService::Evaluate(const DeclarationRecord& record) {
  auto parsed = ParseDeclarationText(record.content_json);
  if (!parsed.ok()) return parsed.status();
  return Decide(parsed->declaration, Subject{record.id, record.version, record.created_ms, record.declarant_tin, record.lrn});
}

// Gathers what the pure decision (risk/decide.h) needs: reference unit values, the classifier's
// checks, the models' scores, the partner's export declarations, the trader's profile, the
// criteria, the time, the keyed draws and the lane allocator.
Result<risk::Decision> RiskService::Decide(const Declaration& d, const Subject& subject) {
  auto snap = Current();
  risk::DecisionInputs in;
  in.declaration_id = subject.id;
  in.version = subject.version;
  in.decided_ms = NowUnixMillis();
  in.day = subject.registered_ms / 86400000;
  in.item_values = risk::ItemValues(d, RateToNational(d.invoice.currency, in.day));
  in.prior_hit_rate = PriorHitRate();
  in.profile = Profile(risk::AccountableTin(d), nullptr);
  in.items.resize(d.items.size());
  for (size_t i = 0; i < d.items.size(); ++i) {
    const GoodsItem& it = d.items[i];
    // The commodity's history; the same origin's part when it is enough.
    std::vector<double> same_origin, any_origin;
    if (Status st = ReferenceValues(it.commodity.hs, it.origin, in.day - config_.reference_days, same_origin, any_origin);
        !st.ok())
      return st;
    std::vector<double>* used = nullptr;
    in.items[i].reference = ChooseReference(same_origin, any_origin, &used);
    if (checker_)
      if (auto c = checker_->Check(it.description, it.commodity.hs))
        in.items[i].classification =
            risk::ClassificationEvidence{c->misclassification, c->suggested, c->suggested_description, c->confidence,
                                         c->contradicts};
  }
  if (snap->model) {
    auto records = risk::ToRiskRecords(d, in.item_values, in.day);
    auto scoring_started = std::chrono::steady_clock::now();
    auto scores = snap->model->Score(records);
    model_nanos_ += static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                              std::chrono::steady_clock::now() - scoring_started).count());
    ++model_scored_;
    if (!scores.ok()) return scores.status();
    risk::ModelEvidence& m = in.model.emplace();
    m.version = snap->model->info().version;
    m.item_scores = std::move(scores).value();
    if (!m.item_scores.empty())
      if (auto e = snap->model->Explain(records[risk::RiskiestItem(m.item_scores)], 8); e.ok()) m.explanation = std::move(e).value();
    if (snap->shadow) {
      auto shadow = snap->shadow->Score(records);
      if (shadow.ok() && !shadow->empty()) {
        m.shadow_version = snap->shadow->info().version;
        m.shadow_score = *std::max_element(shadow->begin(), shadow->end());
      }
    }
  }
  // Mirror comparison with the partner's export declaration the import cites.
  if (export_lookup_ && d.type == DeclarationType::kImport)
    for (const auto& doc : d.documents) {
      if (doc.type != kExportDeclarationDocument) continue;
      auto exported = export_lookup_(doc.id);
      if (!exported) continue;
      risk::MirrorComparison m = risk::CompareWithExport(d, *exported);
      for (auto& r : m.reasons) {
        r.params.insert(r.params.begin(), {"export", doc.id});
        r.text = "export " + doc.id + ": " + r.text;
        in.mirror_reasons.push_back(std::move(r));
      }
    }
  // The criteria's sampling key: the declarant and LRN (known before the store numbers the
  // declaration) with a secret suffix, so the drawn share is not predictable from the published
  // algorithm.
  std::string subject_key = subject.declarant_tin + "|" + subject.lrn;
  in.rules = &snap->rules;
  in.sampling_key = subject_key + "|" + std::to_string(KeyedHash("criteria|" + subject_key));
  in.policy = {config_.undervaluation_ratio, config_.undervaluation_lane, config_.misclassification_lane,
               config_.partner_mismatch_lane, config_.lanes.random_percent, config_.national_currency};
  in.choose_lane = [&](std::optional<risk::Lane> mandated, float score, risk::LaneAllocator::Thresholds* thresholds) {
    std::lock_guard lk(lanes_mu_);
    *thresholds = lanes_.Current();
    double u = risk::UnitDraw(KeyedHash("random|" + subject_key + "|" + std::to_string(subject.version)));
    return lanes_.Choose(mandated, score, u);
  };
  return risk::Decide(d, in);
}

void RiskService::DecideStoredAsync(int64_t id, StoredDecisionDone done) {
  boost::asio::post(workers_, [this, id, done = std::move(done)] {
    auto record = declarations_.GetDeclaration(id);
    if (!record.ok()) return done(record.status());
    auto parsed = ParseDeclarationText(record->content_json);
    if (!parsed.ok()) return done(parsed.status());
    auto decision = Decide(parsed->declaration, Subject{record->id, record->version, record->created_ms,
                                                        record->declarant_tin, record->lrn});
    if (!decision.ok()) return done(decision.status());
    done(StoredDecision{std::move(record.value()), std::move(parsed->declaration), std::move(decision.value())});
  });
}

}  // namespace oc
