#include "clearance/risk_service.h"

#include <boost/asio/post.hpp>
#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <future>
#include <sstream>
#include <tuple>

#include <nlohmann/json.hpp>

#include "common/dates.h"
#include "declaration/parse.h"
#include "risk/declaration_facts.h"
#include "risk/metrics.h"
#include "risk/draw.h"
#include "risk/profile.h"

namespace oc {

namespace {

bool IsRiskOfficer(const Principal& p) {
  return p.role == Role::kRiskOfficer || p.role == Role::kSupervisor || p.role == Role::kAdmin;
}

std::string Fixed(double v, int places) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", places, v);
  return buf;
}

}  // namespace

RiskService::RiskService(Store& store, RiskConfig config)
    : store_(store), config_(std::move(config)), snapshot_(std::make_shared<Snapshot>()), lanes_(config_.lanes) {}

RiskService::~RiskService() { workers_.join(); }

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

Result<risk::Decision> RiskService::Evaluate(const DeclarationRecord& record) {
  auto parsed = ParseDeclarationText(record.content_json);
  if (!parsed.ok()) return parsed.status();
  const Declaration& d = parsed->declaration;
  auto snap = Current();
  const int64_t day = record.created_ms / 86400000;
  std::vector<double> values = risk::ItemValues(d, RateToNational(d.invoice.currency, day));

  risk::Decision out;
  out.declaration_id = record.id;
  out.version = record.version;
  out.decided_ms = NowUnixMillis();
  out.accountable_tin = risk::AccountableTin(d);
  double prior = PriorHitRate();
  risk::TraderProfile profile = Profile(out.accountable_tin, nullptr);
  double hit_rate = risk::SmoothedHitRate(profile, prior);

  // Valuation: each item's unit value against its commodity's recent history.
  std::vector<risk::ItemContext> context(d.items.size());
  nlohmann::json items = nlohmann::json::array();
  std::vector<std::string> valuation_reasons;
  for (size_t i = 0; i < d.items.size(); ++i) {
    const GoodsItem& it = d.items[i];
    double mass = it.net_mass.ToDouble();
    double uv = mass > 0 ? values[i] / mass : NAN;
    // One read per item: the commodity's history; the same origin's part when it is enough.
    auto history = store_.UnitValues(it.commodity.hs, day - config_.reference_days, 1000);
    if (!history.ok()) return history.status();
    std::vector<double> same_origin, any_origin;
    for (const auto& [origin, value] : history.value()) {
      if (origin == it.origin) same_origin.push_back(value);
      if (any_origin.size() < 500) any_origin.push_back(value);
    }
    if (same_origin.size() > 500) same_origin.resize(500);
    risk::ReferenceValue ref = risk::ComputeReference(same_origin, config_.reference_min);
    if (ref.n >= config_.reference_min) {
      ref.basis = "hs6+origin";
    } else {
      ref = risk::ComputeReference(any_origin, config_.reference_min);
      if (ref.n >= config_.reference_min) ref.basis = "hs6";
    }
    risk::ValuationSignal v = risk::Valuation(uv, ref, config_.undervaluation_ratio);
    context[i].valuation_ratio = v.ratio;
    nlohmann::json item = {{"seq", it.seq}, {"hs", it.commodity.hs}, {"origin", it.origin}};
    if (std::isfinite(values[i])) item["customs_value"] = std::round(values[i] * 100) / 100;
    if (std::isfinite(uv)) item["unit_value"] = uv;
    if (ref.basis.empty()) {
      item["valuation"] = {{"reference", nullptr}, {"observations", ref.n}};
    } else {
      item["valuation"] = {{"ratio", v.ratio}, {"median", ref.median}, {"q1", ref.q1}, {"q3", ref.q3},
                           {"observations", ref.n}, {"basis", ref.basis}, {"undervalued", v.undervalued}};
    }
    if (v.undervalued)
      valuation_reasons.push_back("item " + std::to_string(it.seq) + " (" + it.commodity.hs + "): unit value " +
                                  Fixed(uv, 2) + " " + config_.national_currency + "/kg is " + Fixed(v.ratio, 2) +
                                  " of the reference median " + Fixed(ref.median, 2) + " (" + std::to_string(ref.n) +
                                  " declarations, " + ref.basis + ")");
    if (std::isfinite(uv) && uv > 0 && !it.commodity.hs.empty()) out.unit_values.push_back({it.commodity.hs, it.origin, uv});
    items.push_back(std::move(item));
  }

  // The fraud model: each item scored; the declaration's score is its riskiest item's.
  nlohmann::json explanation;
  if (snap->model) {
    auto records = risk::ToRiskRecords(d, values, day);
    auto scores = snap->model->Score(records);
    if (!scores.ok()) return scores.status();
    size_t worst = 0;
    for (size_t i = 0; i < scores->size(); ++i) {
      context[i].model_score = scores.value()[i];
      items[i]["score"] = scores.value()[i];
      if (scores.value()[i] > scores.value()[worst]) worst = i;
    }
    if (!scores->empty()) {
      out.score = scores.value()[worst];
      out.model_version = snap->model->info().version;
      auto e = snap->model->Explain(records[worst], 8);
      if (e.ok()) {
        nlohmann::json top = nlohmann::json::array();
        for (const auto& c : e->top)
          top.push_back({{"feature", c.feature},
                         {"value", std::isfinite(c.value) ? nlohmann::json(c.value) : nlohmann::json(nullptr)},
                         {"contribution", c.contribution}});
        explanation = {{"item", d.items[worst].seq}, {"score", e->score}, {"base", e->base}, {"top", top}};
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

  nlohmann::json facts_json;
  auto facts = risk::ToFacts(d, values, profile, prior, day, context, &facts_json);
  out.facts_json = facts_json.dump();
  // The criteria's sampling key: the MRN with a secret suffix, so the drawn share is not
  // predictable from the published algorithm.
  std::string mrn = record.mrn.empty() ? std::to_string(record.id) : record.mrn;
  std::string key = mrn + "|" + std::to_string(KeyedHash("criteria|" + mrn));
  out.fired = snap->rules.Evaluate(facts, key, day);
  if (!valuation_reasons.empty())
    out.fired.push_back({"VALUATION", 0, config_.undervaluation_lane, 0, true,
                         "declared unit value far below the commodity's reference: check the invoice and the "
                         "transaction value (WTO Valuation Agreement, Article 17)"});
  std::optional<risk::Lane> mandated = risk::RuleSet::MandatedLane(out.fired);
  risk::LaneChoice choice;
  risk::LaneAllocator::Thresholds thresholds;
  {
    std::lock_guard lk(lanes_mu_);
    thresholds = lanes_.Current();
    double u = risk::UnitDraw(KeyedHash("random|" + std::to_string(record.id) + "|" + std::to_string(record.version)));
    choice = lanes_.Choose(mandated, static_cast<float>(out.score), u);
  }
  out.lane = choice.lane;
  out.source = choice.source;
  out.threshold = choice.threshold;

  // Reasons, most decisive first.
  for (const auto& f : out.fired)
    if (f.selected) out.reasons.push_back(std::string(risk::LaneName(f.lane)) + " by criterion " + f.id + ": " + f.description);
  for (const auto& r : valuation_reasons) out.reasons.push_back(r);
  if (choice.source == risk::LaneSource::kRandom)
    out.reasons.push_back("selected at random: " + Fixed(config_.lanes.random_percent, 1) +
                          "% of declarations are, so that no trader can count on a green lane");
  if (std::isfinite(out.score)) {
    std::string why = "fraud model " + out.model_version + ": score " + Fixed(out.score, 3);
    if (choice.source == risk::LaneSource::kModel)
      why += " reached the " + std::string(risk::LaneName(choice.lane)) + " threshold " + Fixed(choice.threshold, 3);
    if (explanation.contains("top") && !explanation["top"].empty()) {
      why += "; strongest factors:";
      int n = 0;
      for (const auto& c : explanation["top"]) {
        if (n++ == 3) break;
        why += " " + c["feature"].get<std::string>() + " (" + (c["contribution"].get<double>() >= 0 ? "+" : "") +
               Fixed(c["contribution"].get<double>(), 2) + ")";
      }
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

  nlohmann::json matched_only = nlohmann::json::array();
  for (const auto& f : out.fired)
    if (!f.selected) matched_only.push_back(f.id);
  out.details_json = nlohmann::json{{"items", items},
                                    {"explanation", explanation.is_null() ? nlohmann::json::object() : explanation},
                                    {"profile",
                                     {{"tin", profile.tin}, {"declarations", profile.declarations},
                                      {"inspections", profile.inspections}, {"hits", profile.hits},
                                      {"smoothed_hit_rate", hit_rate}, {"aeo", profile.aeo}}},
                                    {"thresholds", {{"red", thresholds.red}, {"yellow", thresholds.yellow}, {"blue", thresholds.blue}}},
                                    {"matched_not_selected", matched_only}}
                         .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return out;
}

void RiskService::DecideAsync(int64_t id, DecisionDone done) {
  boost::asio::post(workers_, [this, id, done = std::move(done)] {
    auto record = store_.GetDeclaration(id);
    if (!record.ok()) return done(record.status());
    auto decision = Evaluate(record.value());
    if (!decision.ok()) return done(decision.status());
    if (!plan_) return done(Status::Internal("no lifecycle plan is configured for risk decisions"));
    auto d = std::make_shared<risk::Decision>(std::move(decision.value()));
    auto step = plan_(record.value(), *d);
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
        std::move(done));
  });
}

int RiskService::DecideMissing() {
  DeclarationFilter f;
  f.state = "registered";
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

// ------------------------------------------------------------------ reporting

Result<RiskReport> RiskService::Report(int64_t from_day, int64_t to_day) const {
  auto history = store_.DecisionsSince(from_day * 86400000);
  if (!history.ok()) return history.status();
  RiskReport r;
  r.from_day = from_day;
  r.to_day = to_day;
  struct Scores {
    std::string role;
    int64_t scored = 0;
    std::vector<float> s;
    std::vector<int> y;
  };
  std::map<std::string, Scores> models;
  auto count = [](RiskReport::Tally& t, int label) {
    ++t.declarations;
    if (label >= 0) {
      ++t.inspected;
      t.hits += label;
    }
  };
  for (const auto& h : history.value()) {
    int64_t day = h.decided_ms / 86400000;
    if (day > to_day) continue;
    count(r.all, h.label);
    count(r.by_lane[risk::LaneName(h.lane)], h.label);
    const char* source = risk::LaneSourceName(h.source);
    count(r.by_source[*source ? source : "none"], h.label);
    ++r.lanes_by_day[day][risk::LaneName(h.lane)];
    for (auto [version, score, role] : {std::tuple{&h.model_version, h.score, "active"},
                                        std::tuple{&h.shadow_version, h.shadow_score, "shadow"}}) {
      if (version->empty() || std::isnan(score)) continue;
      Scores& m = models[*version];
      m.role = role;
      ++m.scored;
      if (h.label >= 0) {
        m.s.push_back(static_cast<float>(score));
        m.y.push_back(h.label);
      }
    }
  }
  for (auto& [version, m] : models) {
    RiskReport::ModelFigures f;
    f.version = version;
    f.role = m.role;
    f.scored = m.scored;
    f.inspected = static_cast<int64_t>(m.y.size());
    for (int y : m.y) f.hits += y;
    f.auc = risk::Auc(m.s, m.y);
    r.models.push_back(std::move(f));
  }
  return r;
}

// ------------------------------------------------------------------ criteria

ExpressionCheck RiskService::CheckExpression(const std::string& text) const {
  ExpressionCheck out;
  auto snap = Current();
  risk::ExprError err;
  auto expr = risk::CompileExpr(text, risk::DeclarationFields(), *snap->lists, &err);
  if (!expr.ok()) {
    out.position = err.position;
    out.message = err.message;
    return out;
  }
  out.ok = true;
  out.canonical = expr->Canonical();
  for (int slot : expr->FieldsUsed()) out.fields.push_back(risk::DeclarationFields().Defs()[slot].name);
  bool value = false;
  if (expr->IsConstant(&value))
    out.warnings.push_back(value ? "the expression reads no field and is always true: it selects every declaration"
                                 : "the expression reads no field and is always false: it never selects anything");
  return out;
}

BackTest RiskService::RunBackTest(const std::string& expression, double percent, int days, Status* error) const {
  BackTest bt;
  bt.days = days;
  auto snap = Current();
  risk::ExprError err;
  auto expr = risk::CompileExpr(expression, risk::DeclarationFields(), *snap->lists, &err);
  if (!expr.ok()) {
    if (error) *error = expr.status();
    return bt;
  }
  auto history = store_.DecisionsSince(NowUnixMillis() - static_cast<int64_t>(days) * 86400000);
  if (!history.ok()) {
    if (error) *error = history.status();
    return bt;
  }
  risk::Facts facts(risk::DeclarationFields());
  for (const auto& h : history.value()) {
    ++bt.declarations;
    auto items = nlohmann::json::parse(h.facts_json, nullptr, false);
    bool match = false;
    if (items.is_array())
      for (const auto& item : items) {
        risk::FactsFromJson(item, facts);
        if ((match = expr->Evaluate(facts))) break;
      }
    if (!match) continue;
    ++bt.matched;
    if (risk::Sampled(std::to_string(h.declaration_id), "back-test", percent)) ++bt.selected;
    if (h.label >= 0) {
      ++bt.inspected;
      bt.hits += h.label;
    }
  }
  bt.match_share = bt.declarations ? static_cast<double>(bt.matched) / static_cast<double>(bt.declarations) : 0;
  bt.hit_rate = bt.inspected ? static_cast<double>(bt.hits) / static_cast<double>(bt.inspected) : NAN;
  bool value = false;
  if (expr->IsConstant(&value) && value) bt.warnings.push_back("the expression is always true: it selects every declaration");
  else if (bt.declarations >= 20 && bt.match_share >= 0.5)
    bt.warnings.push_back("the expression matches " + Fixed(bt.match_share * 100, 1) + "% of the last " +
                          std::to_string(days) + " days' declarations: it selects nearly everything");
  if (error) *error = Status::Ok();
  return bt;
}

void RiskService::CreateCriterion(const Principal& who, risk::Criterion c, Done<risk::Criterion> done) {
  if (!IsRiskOfficer(who)) return done(Status::Forbidden("risk officers write selectivity criteria"));
  if (Status st = risk::CheckCriterion(c); !st.ok()) return done(st);
  auto check = CheckExpression(c.expression);
  if (!check.ok)
    return done(Status::Invalid("invalid_expression",
                                "at " + std::to_string(check.position + 1) + ": " + check.message));
  c.expression = check.canonical;
  c.created_by = who.ActorLabel();
  c.created_ms = NowUnixMillis();
  store_.CreateCriterion(std::move(c), std::move(done));
}

void RiskService::ApproveCriterion(const Principal& who, std::string id, int version, Done<risk::Criterion> done) {
  if (!IsRiskOfficer(who)) return done(Status::Forbidden("risk officers approve selectivity criteria"));
  store_.ApproveCriterion(std::move(id), version, who.ActorLabel(), [this, done = std::move(done)](Result<risk::Criterion> r) {
    if (r.ok()) Reload();
    done(std::move(r));
  });
}

void RiskService::RetireCriterion(const Principal& who, std::string id, Done<risk::Criterion> done) {
  if (!IsRiskOfficer(who)) return done(Status::Forbidden("risk officers retire selectivity criteria"));
  store_.RetireCriterion(std::move(id), who.ActorLabel(), [this, done = std::move(done)](Result<risk::Criterion> r) {
    if (r.ok()) Reload();
    done(std::move(r));
  });
}

void RiskService::PutList(const Principal& who, risk::NamedList l, Done<risk::NamedList> done) {
  if (!IsRiskOfficer(who)) return done(Status::Forbidden("risk officers maintain the lists of criteria"));
  risk::ListCatalog probe;
  if (Status st = probe.Set(l.name, l.values); !st.ok()) return done(st);
  if (l.values.size() > 100000) return done(Status::Invalid("invalid_list", "a list holds at most 100,000 values"));
  l.updated_by = who.ActorLabel();
  l.updated_ms = NowUnixMillis();
  store_.PutRiskList(std::move(l), [this, done = std::move(done)](Result<risk::NamedList> r) {
    if (r.ok()) Reload();
    done(std::move(r));
  });
}

// ------------------------------------------------------------------ models

void RiskService::RegisterModel(std::string content, std::string metrics_json, Done<risk::ModelEntry> done) {
  auto model = risk::FraudModel::FromJsonText(content);
  if (!model.ok()) return done(model.status());
  const auto& info = model.value()->info();
  risk::ModelEntry m;
  m.version = info.version;
  m.trained_from = FormatIsoDate(info.trained_from_day);
  m.trained_to = FormatIsoDate(info.trained_to_day);
  m.rows = info.rows;
  m.metrics_json = metrics_json.empty() ? "{}" : metrics_json;
  m.registered_ms = NowUnixMillis();
  store_.PutRiskModel(std::move(m), std::move(content), std::move(done));
}

void RiskService::SetModelRole(std::string version, risk::ModelRole role, Done<risk::ModelEntry> done) {
  store_.SetRiskModelRole(std::move(version), role, [this, done = std::move(done)](Result<risk::ModelEntry> r) {
    if (r.ok()) Reload();
    done(std::move(r));
  });
}

}  // namespace oc
