// RiskService's administration side, apart from the per-declaration decision path in
// risk_service.cc: the lane report, selectivity criteria (checking, back-testing, the
// four-eyes approval) and the fraud-model registry.
#include "clearance/risk_service.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "common/dates.h"
#include "common/format.h"
#include "identity/access.h"
#include "risk/declaration_facts.h"
#include "risk/metrics.h"

namespace oc {

// ------------------------------------------------------------------ reporting

Result<RiskReport> RiskService::Report(const Principal& who, int64_t from_day, int64_t to_day) const {
  if (Status st = access::Allow(who, access::Action::kReadReports); !st.ok()) return st;
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
  std::map<std::string, RiskReport::CriterionFigures> criteria;
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
    count(r.sources_by_day[day][*source ? source : "none"], h.label);
    ++r.lanes_by_day[day][risk::LaneName(h.lane)];
    for (const auto& f : h.fired) {
      auto& c = criteria[f.id];
      c.id = f.id;
      ++c.matched;
      if (f.selected) {
        count(c.selected, h.label);
        count(c.selected_by_day[day], h.label);
      }
    }
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
    if (f.inspected >= RiskReport::kMinInspectedForAuc && f.hits >= RiskReport::kMinEachClassForAuc &&
        f.inspected - f.hits >= RiskReport::kMinEachClassForAuc)
      f.auc = risk::Auc(m.s, m.y);
    r.models.push_back(std::move(f));
  }
  // What each model measured on its own validation period when it was registered.
  if (auto registered = store_.ListRiskModels(); registered.ok())
    for (auto& f : r.models)
      for (const auto& e : registered.value())
        if (e.version == f.version) {
          auto metrics = nlohmann::json::parse(e.metrics_json, nullptr, false);
          if (metrics.is_object() && metrics.contains("auc") && metrics["auc"].is_number()) {
            f.evaluated_auc = metrics["auc"].get<double>();
            f.evaluated_rows = metrics.value("rows", int64_t{0});
          }
        }
  // Names from the criteria themselves (the latest version's).
  if (auto all = store_.ListCriteria(false); all.ok())
    for (const auto& c : all.value())
      if (auto it = criteria.find(c.id); it != criteria.end()) it->second.name = c.name;
  for (auto& [id, c] : criteria) r.criteria.push_back(std::move(c));
  return r;
}

// ------------------------------------------------------------------ criteria

ExpressionCheck RiskService::Compile(const std::string& text) const {
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

BackTest RiskService::BackTestOf(const std::string& expression, double percent, int days, Status* error) const {
  BackTest bt;
  bt.expression = expression;
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
    bool match = false;
    for (const auto& item : risk::StoredFactItems(h.facts_json)) {
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

void RiskService::CreateCriterion(const Principal& who, risk::Criterion c, Done<NewCriterion> done) {
  if (Status st = access::Allow(who, access::Action::kWriteCriteria); !st.ok()) return done(st);
  if (Status st = risk::CheckCriterion(c); !st.ok()) return done(st);
  auto check = Compile(c.expression);
  if (!check.ok)
    return done(Status::Invalid("invalid_expression",
                                "at " + std::to_string(check.position + 1) + ": " + check.message));
  Status unused;  // the expression compiled: only a storage error is left, and then no warnings
  BackTest bt = BackTestOf(c.expression, c.selection_percent, 90, &unused);
  c.expression = check.canonical;
  c.created_by = who.ActorLabel();
  c.created_ms = NowUnixMillis();
  store_.CreateCriterion(std::move(c), [bt = std::move(bt), done = std::move(done)](Result<risk::Criterion> r) {
    if (!r.ok()) return done(r.status());
    done(NewCriterion{std::move(r.value()), bt});
  });
}

void RiskService::ApproveCriterion(const Principal& who, std::string id, int version, Done<risk::Criterion> done) {
  if (Status st = access::Allow(who, access::Action::kApproveCriteria); !st.ok()) return done(st);
  store_.ApproveCriterion(std::move(id), version, who.ActorLabel(), [this, done = std::move(done)](Result<risk::Criterion> r) {
    if (r.ok()) Reload();
    done(std::move(r));
  });
}

void RiskService::RetireCriterion(const Principal& who, std::string id, Done<risk::Criterion> done) {
  if (Status st = access::Allow(who, access::Action::kRetireCriteria); !st.ok()) return done(st);
  store_.RetireCriterion(std::move(id), who.ActorLabel(), [this, done = std::move(done)](Result<risk::Criterion> r) {
    if (r.ok()) Reload();
    done(std::move(r));
  });
}

void RiskService::PutList(const Principal& who, risk::NamedList l, Done<risk::NamedList> done) {
  if (Status st = access::Allow(who, access::Action::kMaintainLists); !st.ok()) return done(st);
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

void RiskService::SetModelRole(const Principal& who, std::string version, risk::ModelRole role,
                               Done<risk::ModelEntry> done) {
  if (Status st = access::Allow(who, access::Action::kManageRiskModels); !st.ok()) return done(st);
  SetModelRole(std::move(version), role, std::move(done));
}

void RiskService::SetModelRole(std::string version, risk::ModelRole role, Done<risk::ModelEntry> done) {
  store_.SetRiskModelRole(std::move(version), role, [this, done = std::move(done)](Result<risk::ModelEntry> r) {
    if (r.ok()) Reload();
    done(std::move(r));
  });
}

}  // namespace oc
