#include "clearance/risk_service.h"
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
#include "risk/declaration_facts.h"
#include "risk/metrics.h"
#include "risk/draw.h"
#include "risk/profile.h"

namespace oc {

namespace {

std::string Fixed(double v, int places) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", places, v);
  return buf;
}

}  // namespace

RiskService::RiskService(Store& store, RiskConfig config)
    : store_(store), config_(std::move(config)), snapshot_(std::make_shared<Snapshot>()), lanes_(config_.lanes) {}

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
    for (auto& v : stored.value()) {
      h.loaded_max_id = std::max(h.loaded_max_id, v.declaration_id);
      seen.insert(v.declaration_id);
      h.values.push_back(std::move(v));
    }
    bool added = false;
    for (const auto* list : {&writing_, &unwritten_})
      for (const auto& v : *list)
        if (v.hs6 == hs6 && v.day >= since_day && !seen.count(v.declaration_id)) {
          h.values.push_back(v);
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
  for (const auto& v : it->second.values) {
    if (v.day < since_day) continue;
    if (v.origin == origin && same_origin.size() < 500) same_origin.push_back(v.value);
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
                                    [&](const risk::UnitValueObservation& o) { return o.declaration_id == declaration_id; }),
                     h.values.end());
    else if (declaration_id <= h.loaded_max_id)
      continue;  // the load already saw it
    h.values.push_front(std::move(v));
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

Result<risk::Decision> RiskService::Decide(const Declaration& d, const Subject& subject) {
  auto snap = Current();
  const int64_t day = subject.registered_ms / 86400000;
  std::vector<double> values = risk::ItemValues(d, RateToNational(d.invoice.currency, day));

  risk::Decision out;
  out.declaration_id = subject.id;
  out.version = subject.version;
  out.decided_ms = NowUnixMillis();
  out.accountable_tin = risk::AccountableTin(d);
  double prior = PriorHitRate();
  risk::TraderProfile profile = Profile(out.accountable_tin, nullptr);
  double hit_rate = risk::SmoothedHitRate(profile, prior);

  // Valuation: each item's unit value against its commodity's recent history. The explanation
  // (details_json) is written with JsonWriter: building it as a JSON tree cost more than the rest
  // of the decision.
  std::vector<risk::ItemContext> context(d.items.size());
  std::vector<std::string> item_details(d.items.size());
  std::vector<std::string> valuation_reasons, classification_reasons;
  for (size_t i = 0; i < d.items.size(); ++i) {
    const GoodsItem& it = d.items[i];
    double mass = it.net_mass.ToDouble();
    double uv = mass > 0 ? values[i] / mass : NAN;
    // The commodity's history; the same origin's part when it is enough.
    std::vector<double> same_origin, any_origin;
    if (Status st = ReferenceValues(it.commodity.hs, it.origin, day - config_.reference_days, same_origin, any_origin);
        !st.ok())
      return st;
    std::vector<double>* used = nullptr;
    risk::ReferenceValue ref = ChooseReference(same_origin, any_origin, &used);
    risk::ValuationSignal v = risk::Valuation(uv, ref, config_.undervaluation_ratio);
    context[i].valuation_ratio = v.ratio;
    JsonWriter w(item_details[i]);
    w.Field("seq", it.seq).Field("hs", it.commodity.hs).Field("origin", it.origin);
    if (std::isfinite(values[i])) w.Field("customs_value", std::round(values[i] * 100) / 100);
    if (std::isfinite(uv)) w.Field("unit_value", uv);
    w.Key("valuation").BeginObject();
    if (ref.basis.empty()) {
      w.Key("reference").Null().Field("observations", ref.n);
    } else {
      w.Field("ratio", v.ratio).Field("median", ref.median).Field("q1", ref.q1).Field("q3", ref.q3)
          .Field("observations", ref.n).Field("basis", ref.basis).Field("undervalued", v.undervalued);
    }
    w.EndObject();
    if (checker_)
      if (auto c = checker_->Check(it.description, it.commodity.hs)) {
        context[i].misclassification = c->misclassification;
        w.Key("classification").BeginObject().Field("misclassification", c->misclassification);
        w.Field("suggested", c->suggested).Field("confidence", c->confidence).Field("contradicts", c->contradicts);
        w.EndObject();
        if (c->contradicts)
          classification_reasons.push_back("item " + std::to_string(it.seq) + " (" + it.commodity.hs +
                                           "): the description reads as " + c->suggested + " (" +
                                           c->suggested_description + ", confidence " + Fixed(c->confidence, 2) + ")");
      }
    if (v.undervalued)
      valuation_reasons.push_back("item " + std::to_string(it.seq) + " (" + it.commodity.hs + "): unit value " +
                                  Fixed(uv, 2) + " " + config_.national_currency + "/kg is " + Fixed(v.ratio, 2) +
                                  " of the reference median " + Fixed(ref.median, 2) + " (" + std::to_string(ref.n) +
                                  " declarations, " + ref.basis + ")");
    if (std::isfinite(uv) && uv > 0 && !it.commodity.hs.empty()) out.unit_values.push_back({it.commodity.hs, it.origin, uv});
  }

  // The fraud model: each item scored; the declaration's score is its riskiest item's.
  std::string explanation = "{}";
  std::vector<risk::Contribution> top_factors;
  if (snap->model) {
    auto records = risk::ToRiskRecords(d, values, day);
    auto scores = snap->model->Score(records);
    if (!scores.ok()) return scores.status();
    size_t worst = 0;
    for (size_t i = 0; i < scores->size(); ++i) {
      context[i].model_score = scores.value()[i];
      item_details[i] += ',';  // a fresh writer adds no separator of its own
      JsonWriter(item_details[i]).Field("score", scores.value()[i]);
      if (scores.value()[i] > scores.value()[worst]) worst = i;
    }
    if (!scores->empty()) {
      out.score = scores.value()[worst];
      out.model_version = snap->model->info().version;
      auto e = snap->model->Explain(records[worst], 8);
      if (e.ok()) {
        top_factors = e->top;
        explanation.clear();
        JsonWriter w(explanation);
        w.BeginObject().Field("item", d.items[worst].seq).Field("score", e->score).Field("base", e->base);
        w.Key("top").BeginArray();
        for (const auto& c : e->top) {
          w.BeginObject().Field("feature", c.feature).Key("value").Double(c.value).Field("contribution", c.contribution);
          w.EndObject();
        }
        w.EndArray().EndObject();
      }
    }
    if (snap->shadow) {
      auto shadow = snap->shadow->Score(records);
      if (shadow.ok() && !shadow->empty()) {
        out.shadow_version = snap->shadow->info().version;
        out.shadow_score = *std::max_element(shadow->begin(), shadow->end());
      }
    }
  }

  // Mirror comparison with the partner's export declaration the import cites.
  std::vector<std::string> mirror_reasons;
  if (export_lookup_ && d.type == DeclarationType::kImport)
    for (const auto& doc : d.documents) {
      if (doc.type != kExportDeclarationDocument) continue;
      auto exported = export_lookup_(doc.id);
      if (!exported) continue;
      risk::MirrorComparison m = risk::CompareWithExport(d, *exported);
      for (auto& r : m.reasons) mirror_reasons.push_back("export " + doc.id + ": " + r);
    }

  auto facts = risk::ToFacts(d, values, profile, prior, day, context, &out.facts_json);
  // The criteria's sampling key: the declarant and LRN (known before the store numbers the
  // declaration) with a secret suffix, so the drawn share is not predictable from the published
  // algorithm.
  std::string subject_key = subject.declarant_tin + "|" + subject.lrn;
  std::string key = subject_key + "|" + std::to_string(KeyedHash("criteria|" + subject_key));
  out.fired = snap->rules.Evaluate(facts, key, day);
  if (!valuation_reasons.empty())
    out.fired.push_back({"VALUATION", 0, config_.undervaluation_lane, 0, true,
                         "declared unit value far below the commodity's reference: check the invoice and the "
                         "transaction value (WTO Valuation Agreement, Article 17)"});
  if (!classification_reasons.empty())
    out.fired.push_back({"CLASSIFICATION", 0, config_.misclassification_lane, 0, true,
                         "declared commodity code contradicts the goods description: check the classification "
                         "(General Interpretative Rules of the HS)"});
  if (!mirror_reasons.empty())
    out.fired.push_back({"PARTNER_MISMATCH", 0, config_.partner_mismatch_lane, 0, true,
                         "the goods differ from the partner administration's export declaration: check the "
                         "invoice, the goods and their classification"});
  std::optional<risk::Lane> mandated = risk::RuleSet::MandatedLane(out.fired);
  risk::LaneChoice choice;
  risk::LaneAllocator::Thresholds thresholds;
  {
    std::lock_guard lk(lanes_mu_);
    thresholds = lanes_.Current();
    double u = risk::UnitDraw(KeyedHash("random|" + subject_key + "|" + std::to_string(subject.version)));
    choice = lanes_.Choose(mandated, static_cast<float>(out.score), u);
  }
  out.lane = choice.lane;
  out.source = choice.source;
  out.threshold = choice.threshold;

  // Reasons, most decisive first.
  for (const auto& f : out.fired)
    if (f.selected) out.reasons.push_back(std::string(risk::LaneName(f.lane)) + " by criterion " + f.id + ": " + f.description);
  for (const auto& r : valuation_reasons) out.reasons.push_back(r);
  for (const auto& r : classification_reasons) out.reasons.push_back(r);
  for (const auto& r : mirror_reasons) out.reasons.push_back(r);
  if (choice.source == risk::LaneSource::kRandom)
    out.reasons.push_back("selected at random: " + Fixed(config_.lanes.random_percent, 1) +
                          "% of declarations are, so that no trader can count on a green lane");
  if (std::isfinite(out.score)) {
    std::string why = "fraud model " + out.model_version + ": score " + Fixed(out.score, 3);
    if (choice.source == risk::LaneSource::kModel)
      why += " reached the " + std::string(risk::LaneName(choice.lane)) + " threshold " + Fixed(choice.threshold, 3);
    if (!top_factors.empty()) {
      why += "; strongest factors:";
      for (size_t n = 0; n < top_factors.size() && n < 3; ++n)
        why += " " + top_factors[n].feature + " (" + (top_factors[n].contribution >= 0 ? "+" : "") +
               Fixed(top_factors[n].contribution, 2) + ")";
    }
    out.reasons.push_back(why);
  } else {
    out.reasons.push_back("no fraud model is active: lanes come from the criteria and random selection");
  }
  out.reasons.push_back("trader " + out.accountable_tin + ": " + std::to_string(profile.declarations) +
                        " declarations, " + std::to_string(profile.hits) + " discrepancies in " +
                        std::to_string(profile.inspections) + " inspections (smoothed hit rate " + Fixed(hit_rate, 3) +
                        ")" + (profile.aeo ? ", authorised economic operator" : ""));
  if (choice.lane == risk::Lane::kGreen && out.fired.empty()) out.reasons.insert(out.reasons.begin(), "no risk indicator fired");

  JsonWriter w(out.details_json);
  w.BeginObject().Key("items").BeginArray();
  for (const auto& item : item_details) w.Raw("{" + item + "}");
  w.EndArray().Key("explanation").Raw(explanation);
  w.Key("profile").BeginObject().Field("tin", profile.tin).Field("declarations", profile.declarations)
      .Field("inspections", profile.inspections).Field("hits", profile.hits).Field("smoothed_hit_rate", hit_rate)
      .Field("aeo", profile.aeo).EndObject();
  w.Key("thresholds").BeginObject().Field("red", static_cast<double>(thresholds.red))
      .Field("yellow", static_cast<double>(thresholds.yellow)).Field("blue", static_cast<double>(thresholds.blue)).EndObject();
  w.Key("matched_not_selected").BeginArray();
  for (const auto& f : out.fired)
    if (!f.selected) w.String(f.id);
  w.EndArray().EndObject();
  return out;
}

void RiskService::DecideAsync(int64_t id, DecisionDone done) {
  boost::asio::post(workers_, [this, id, done = std::move(done)] {
    auto record = store_.GetDeclaration(id);
    if (!record.ok()) return done(record.status());
    auto parsed = ParseDeclarationText(record->content_json);
    if (!parsed.ok()) return done(parsed.status());
    const Declaration& declaration = parsed->declaration;
    auto decision = Decide(declaration, Subject{record->id, record->version, record->created_ms,
                                                record->declarant_tin, record->lrn});
    if (!decision.ok()) return done(decision.status());
    if (!plan_) return done(Status::Internal("no lifecycle plan is configured for risk decisions"));
    auto d = std::make_shared<risk::Decision>(std::move(decision.value()));
    auto step = plan_(declaration, record->created_ms, *d);
    if (!step.ok()) return done(step.status());
    store_.UpdateDeclaration(
        id,
        [d, step = std::move(step.value())](const DeclarationRecord& cur) -> Result<DeclarationChange> {
          if (cur.version != d->version)
            return Status::Conflict("stale_decision", "the declaration changed while it was being decided");
          auto ch = step(cur);
          if (!ch.ok()) return ch.status();
          ch->risk_decision = *d;
          return ch;
        },
        [this, id, d, done = std::move(done)](Result<DeclarationRecord> r) {
          if (r.ok()) Recorded(id, *d, /*values_written=*/true);
          done(std::move(r));
        });
  });
}

int RiskService::DecideMissing() {
  DeclarationFilter f;
  f.states = {"registered"};
  f.limit = 100000;
  auto list = store_.ListDeclarations(f);
  if (!list.ok()) return 0;
  int n = 0;
  for (const auto& r : list.value()) {
    if (!r.lane.empty()) continue;
    auto p = std::make_shared<std::promise<void>>();
    DecideAsync(r.id, [p](Result<DeclarationRecord>) { p->set_value(); });
    p->get_future().wait();
    ++n;
  }
  return n;
}

}  // namespace oc
