// Routes of risk management: the criteria editor (check, back-test, create, approve, retire),
// named lists, a declaration's decision and its inspection results, trader profiles and the
// model registry.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/localise.h"
#include "api/problem.h"
#include "api/request_util.h"
#include "clearance/risk_service.h"
#include "declaration/clearance_times.h"
#include "common/dates.h"
#include "declaration/parse.h"

namespace oc::api {

using nlohmann::json;

namespace {

json Num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

// A report's days from `from` and `to` (YYYY-MM-DD, UTC): `to` defaults to today, `from` to 29
// days before it; at most ten years.
Status ReportPeriod(const HttpRequest& req, int64_t* from, int64_t* to) {
  auto day = [&](const char* name, int64_t fallback, int64_t* out) {
    std::string v = req.Query(name);
    if (v.empty()) return *out = fallback, Status::Ok();
    auto d = ParseIsoDate(v);
    if (!d) return Status::Invalid("invalid_parameter", std::string("'") + name + "' must be a date YYYY-MM-DD");
    return *out = *d, Status::Ok();
  };
  if (Status st = day("to", TodayUtcDays(), to); !st.ok()) return st;
  if (Status st = day("from", *to - 29, from); !st.ok()) return st;
  if (*to < *from) return Status::Invalid("invalid_parameter", "'to' is before 'from'");
  if (*to - *from > 3660) return Status::Invalid("invalid_parameter", "at most ten years at a time");
  return Status::Ok();
}

json ClearanceFiguresJson(const ClearanceTimeFigures& f) {
  json buckets = json::array();
  for (size_t b = 0; b < f.histogram.size(); ++b)
    buckets.push_back({{"up_to_s", b < kClearanceBucketBounds.size() ? json(kClearanceBucketBounds[b]) : json(nullptr)},
                       {"released", f.histogram[b]}});
  return {{"released", f.released}, {"p50_s", f.p50_s}, {"p90_s", f.p90_s}, {"mean_s", f.mean_s},
          {"max_s", f.max_s}, {"histogram", buckets}};
}

json CriterionJson(const risk::Criterion& c) {
  json j = {{"id", c.id},
            {"version", c.version},
            {"name", c.name},
            {"expression", c.expression},
            {"lane", risk::LaneName(c.lane)},
            {"selection_percent", c.selection_percent},
            {"priority", c.priority},
            {"valid_from", c.valid_from.empty() ? json(nullptr) : json(c.valid_from)},
            {"valid_to", c.valid_to.empty() ? json(nullptr) : json(c.valid_to)},
            {"description", c.description},
            {"descriptions", c.descriptions},
            {"status", risk::CriterionStatusName(c.status)},
            {"created_by", c.created_by},
            {"created_at", TimestampOrEmpty(c.created_ms)},
            {"fired", c.fired},
            {"inspected", c.inspected},
            {"hits", c.hits},
            {"hit_rate", c.inspected ? json(static_cast<double>(c.hits) / static_cast<double>(c.inspected)) : json(nullptr)}};
  if (!c.approved_by.empty()) {
    j["approved_by"] = c.approved_by;
    j["approved_at"] = TimestampOrEmpty(c.approved_ms);
  }
  if (!c.retired_by.empty()) {
    j["retired_by"] = c.retired_by;
    j["retired_at"] = TimestampOrEmpty(c.retired_ms);
  }
  return j;
}

json BackTestJson(const BackTest& b) {
  return {{"days", b.days},           {"declarations", b.declarations}, {"matched", b.matched},
          {"selected", b.selected},   {"inspected", b.inspected},       {"hits", b.hits},
          {"match_share", b.match_share}, {"hit_rate", Num(b.hit_rate)}, {"warnings", b.warnings}};
}

json DecisionJson(const risk::Decision& d, std::string_view lang) {
  json fired = json::array();
  for (const auto& f : d.fired)
    fired.push_back({{"id", f.id}, {"version", f.version}, {"lane", risk::LaneName(f.lane)}, {"priority", f.priority},
                     {"selected", f.selected}, {"description", f.description}, {"descriptions", f.descriptions}});
  json j = {{"declaration_id", d.declaration_id},
            {"version", d.version},
            {"lane", risk::LaneName(d.lane)},
            {"source", d.source == risk::LaneSource::kNone ? json(nullptr) : json(risk::LaneSourceName(d.source))},
            {"score", Num(d.score)},
            {"threshold", Num(d.threshold)},
            {"model_version", d.model_version.empty() ? json(nullptr) : json(d.model_version)},
            {"criteria", fired},
            {"reasons", MessagesJson(d.reasons, lang)},
            {"accountable_tin", d.accountable_tin},
            {"decided_at", TimestampOrEmpty(d.decided_ms)}};
  if (!d.shadow_version.empty()) j["shadow"] = {{"model_version", d.shadow_version}, {"score", Num(d.shadow_score)}};
  auto details = json::parse(d.details_json, nullptr, false);
  if (details.is_object())
    for (auto it = details.begin(); it != details.end(); ++it) j[it.key()] = *it;
  return j;
}

json InspectionJson(const risk::Inspection& i) {
  return {{"id", i.id},          {"declaration_id", i.declaration_id}, {"outcome", risk::InspectionOutcomeName(i.outcome)},
          {"kind", i.kind},      {"additional_revenue", i.additional_revenue}, {"notes", i.notes},
          {"officer", i.officer}, {"at", TimestampOrEmpty(i.at_ms)}};
}

json ProfileJson(const ProfileView& v) {
  const risk::TraderProfile& p = v.profile;
  json j = {{"tin", p.tin},
          {"declarations", p.declarations},
          {"inspections", p.inspections},
          {"hits", p.hits},
          {"hit_rate", p.inspections ? json(static_cast<double>(p.hits) / static_cast<double>(p.inspections)) : json(nullptr)},
          {"first_declaration", p.first_day ? json(FormatIsoDate(p.first_day)) : json(nullptr)},
          {"last_declaration", p.last_day ? json(FormatIsoDate(p.last_day)) : json(nullptr)},
          {"last_hit", p.last_hit_day ? json(FormatIsoDate(p.last_hit_day)) : json(nullptr)},
          {"aeo", p.aeo},
          {"transits", p.transits},
          {"transit_incidents", p.transit_incidents},
          {"enquiries", p.enquiries}};
  if (v.smoothed_hit_rate) j["smoothed_hit_rate"] = *v.smoothed_hit_rate;
  return j;
}

json ModelJson(const risk::ModelEntry& m) {
  auto metrics = json::parse(m.metrics_json, nullptr, false);
  return {{"version", m.version}, {"role", risk::ModelRoleName(m.role)}, {"trained_from", m.trained_from},
          {"trained_to", m.trained_to}, {"rows", m.rows}, {"metrics", metrics.is_discarded() ? json::object() : metrics},
          {"registered_at", TimestampOrEmpty(m.registered_ms)}};
}

// The criterion members of a create request; Invalid naming the member at fault.
Result<risk::Criterion> CriterionFrom(const json& body) {
  if (Status st = RejectUnknownKeys(body, {"name", "expression", "lane", "selection_percent", "priority", "valid_from",
                                           "valid_to", "description", "descriptions"});
      !st.ok())
    return st;
  risk::Criterion c;
  for (auto [key, slot, max] : {std::tuple{"name", &c.name, size_t{200}}, std::tuple{"expression", &c.expression, size_t{4000}},
                                std::tuple{"description", &c.description, size_t{2000}},
                                std::tuple{"valid_from", &c.valid_from, size_t{10}}, std::tuple{"valid_to", &c.valid_to, size_t{10}}}) {
    auto v = OptString(body, key, max);
    if (!v.ok()) return v.status();
    *slot = v.value();
  }
  if (c.expression.empty()) return Status::Invalid("bad_request", "'expression' is required");
  if (body.contains("descriptions")) {
    const json& d = body["descriptions"];
    if (!d.is_object()) return Status::Invalid("wrong_type", "'descriptions' must be an object such as {\"ru\": \"...\"}");
    for (auto it = d.begin(); it != d.end(); ++it) {
      if (it.key() != "ru" && it.key() != "uz")
        return Status::Invalid("invalid_parameter", "'descriptions' has languages ru and uz (the description is the English one)");
      if (!it->is_string() || it->get<std::string>().size() > 2000)
        return Status::Invalid("wrong_type", "'descriptions." + it.key() + "' must be text of at most 2000 bytes");
      if (!it->get<std::string>().empty()) c.descriptions[it.key()] = it->get<std::string>();
    }
  }
  auto lane = OptString(body, "lane", 10);
  if (!lane.ok()) return lane.status();
  auto l = risk::LaneFromName(lane.value());
  if (!l) return Status::Invalid("invalid_criterion", "lane: must be red, yellow, blue or green");
  c.lane = *l;
  if (body.contains("selection_percent")) {
    if (!body["selection_percent"].is_number())
      return Status::Invalid("wrong_type", "'selection_percent' must be a number");
    c.selection_percent = body["selection_percent"].get<double>();
  }
  if (body.contains("priority")) {
    if (!body["priority"].is_number_integer() || body["priority"].get<int64_t>() < -1000 ||
        body["priority"].get<int64_t>() > 1000)
      return Status::Invalid("invalid_parameter", "'priority' must be an integer from -1000 to 1000");
    c.priority = body["priority"].get<int>();
  }
  return c;
}

// Invalid expressions answer 422 with the 1-based column and 0-based offset of the error, read
// from the message's "at <column>: " (the form risk/rule_expr.h gives every such error).
HttpResponse CriterionProblem(const Status& st, const std::string& expression) {
  if (st.code() != "invalid_expression") return StatusResponse(st);
  int column = 0;
  if (std::sscanf(st.message().c_str(), "at %d:", &column) != 1) column = 0;
  return ProblemResponse(422, "invalid_expression", "The expression does not compile", st.message(),
                         {{"position", column - 1}, {"column", column}, {"expression", expression}});
}

Result<risk::ModelRole> RoleFromPath(const std::string& action) {
  if (action == "activate") return risk::ModelRole::kActive;
  if (action == "shadow") return risk::ModelRole::kShadow;
  if (action == "retire") return risk::ModelRole::kRetired;
  return Status::NotFound("no such action: " + action + " (activate, shadow or retire)");
}

// The members of an inspection report; Invalid naming the member at fault.
Result<risk::Inspection> InspectionFrom(const json& b) {
  if (Status st = RejectUnknownKeys(b, {"outcome", "kind", "additional_revenue", "notes"}); !st.ok()) return st;
  risk::Inspection ins;
  auto outcome = OptString(b, "outcome", 20);
  if (!outcome.ok()) return outcome.status();
  if (outcome.value() == "no_discrepancy") ins.outcome = risk::InspectionOutcome::kNoDiscrepancy;
  else if (outcome.value() == "discrepancy") ins.outcome = risk::InspectionOutcome::kDiscrepancy;
  else if (outcome.value() == "seizure") ins.outcome = risk::InspectionOutcome::kSeizure;
  else return Status::Invalid("invalid_parameter", "'outcome' must be no_discrepancy, discrepancy or seizure");
  auto kind = OptString(b, "kind", 100);
  auto revenue = OptString(b, "additional_revenue", 30);
  auto notes = OptString(b, "notes", 4000);
  for (const auto* r : {&kind, &revenue, &notes})
    if (!r->ok()) return r->status();
  ins.kind = kind.value();
  if (ins.hit() && ins.kind.empty())
    return Status::Invalid("bad_request", "'kind' names the discrepancy (e.g. undervaluation, misclassification, origin, quantity, prohibited)");
  if (!ins.hit() && !ins.kind.empty()) return Status::Invalid("bad_request", "'kind' is only for a discrepancy or a seizure");
  ins.additional_revenue = revenue.value().empty() ? "0" : revenue.value();
  auto amount = Decimal::Parse(ins.additional_revenue);
  if (!amount || amount->is_negative() || amount->Round(2) != *amount)
    return Status::Invalid("invalid_amount", "'additional_revenue' must be a non-negative decimal string");
  ins.additional_revenue = amount->ToFixed(2);
  ins.notes = notes.value();
  return ins;
}

// A back-test request's members: the expression, the share drawn (default 100 %) and the days.
Status BackTestFrom(const json& b, std::string* expression, double* percent, int* days) {
  if (Status st = RejectUnknownKeys(b, {"expression", "selection_percent", "days"}); !st.ok()) return st;
  auto text = OptString(b, "expression", 4000);
  if (!text.ok()) return text.status();
  *expression = text.value();
  if (b.contains("selection_percent")) {
    if (!b["selection_percent"].is_number() || !(b["selection_percent"].get<double>() > 0) ||
        b["selection_percent"].get<double>() > 100)
      return Status::Invalid("invalid_parameter", "'selection_percent' must be in (0, 100]");
    *percent = b["selection_percent"].get<double>();
  }
  if (b.contains("days")) {
    if (!b["days"].is_number_integer() || b["days"].get<int64_t>() < 1 || b["days"].get<int64_t>() > 3660)
      return Status::Invalid("invalid_parameter", "'days' must be an integer from 1 to 3660");
    *days = b["days"].get<int>();
  }
  return Status::Ok();
}

json RiskReportJson(const RiskReport& report) {
  auto tally = [](const RiskReport::Tally& t) {
    return json{{"declarations", t.declarations}, {"inspected", t.inspected}, {"hits", t.hits},
                {"hit_rate", t.inspected ? json(static_cast<double>(t.hits) / static_cast<double>(t.inspected)) : json(nullptr)}};
  };
  json lanes = json::object(), sources = json::object(), days = json::array(), models = json::array();
  for (const auto& [k, t] : report.by_lane) lanes[k] = tally(t);
  for (const auto& [k, t] : report.by_source) sources[k] = tally(t);
  for (const auto& [day, mix] : report.lanes_by_day) {
    json d = {{"day", FormatIsoDate(day)}};
    for (const char* l : {"red", "yellow", "blue", "green"}) d[l] = mix.count(l) ? mix.at(l) : 0;
    days.push_back(d);
  }
  for (const auto& m : report.models)
    models.push_back({{"version", m.version}, {"role", m.role}, {"scored", m.scored}, {"inspected", m.inspected},
                      {"hits", m.hits}, {"auc", Num(m.auc)}, {"evaluated_auc", Num(m.evaluated_auc)},
                      {"evaluated_rows", m.evaluated_rows}});
  json hits_by_day = json::array(), criteria = json::array();
  for (const auto& [day, by_source] : report.sources_by_day) {
    json d = {{"day", FormatIsoDate(day)}};
    for (const char* source : {"rule", "model", "random", "none"})
      d[source] = tally(by_source.count(source) ? by_source.at(source) : RiskReport::Tally{});
    hits_by_day.push_back(d);
  }
  for (const auto& c : report.criteria) {
    json row = tally(c.selected);
    row["id"] = c.id;
    row["name"] = c.name;
    row["matched"] = c.matched;
    json by_day = json::array();
    for (const auto& [day, t] : c.selected_by_day) {
      json d = tally(t);
      d["day"] = FormatIsoDate(day);
      by_day.push_back(d);
    }
    row["by_day"] = by_day;
    criteria.push_back(row);
  }
  return {{"from", FormatIsoDate(report.from_day)}, {"to", FormatIsoDate(report.to_day)},
          {"total", tally(report.all)}, {"lanes", lanes}, {"sources", sources},
          {"by_day", days}, {"hits_by_day", hits_by_day}, {"criteria", criteria},
          {"models", models}};
}

json ListJson(const risk::NamedList& l) {
  return json{{"name", l.name}, {"description", l.description}, {"values", l.values}, {"count", l.values.size()},
              {"updated_by", l.updated_by}, {"updated_at", TimestampOrEmpty(l.updated_ms)}};
}

// A named list from a PUT body: its values sorted, without duplicates.
Result<risk::NamedList> ListFrom(const std::string& name, const json& body) {
  if (Status st = RejectUnknownKeys(body, {"description", "values"}); !st.ok()) return st;
  risk::NamedList l;
  l.name = name;
  auto desc = OptString(body, "description", 500);
  if (!desc.ok()) return desc.status();
  l.description = desc.value();
  const json& values = body["values"];
  if (!values.is_array()) return Status::Invalid("bad_request", "'values' must be an array of strings");
  for (const auto& v : values) {
    if (!v.is_string() || v.get_ref<const std::string&>().empty() || v.get_ref<const std::string&>().size() > 200)
      return Status::Invalid("invalid_list", "every value must be a string of 1 to 200 characters");
    l.values.push_back(v.get<std::string>());
  }
  std::sort(l.values.begin(), l.values.end());
  l.values.erase(std::unique(l.values.begin(), l.values.end()), l.values.end());
  return l;
}

}  // namespace

namespace {

// The criteria editor: fields, expression checks, back-tests, criteria and named lists.
void RegisterCriteriaRoutes(Router& router, RiskService& risk) {
  router.Authed("GET", "/v1/risk/fields", Access::kReadRiskRules,
                [&risk](HttpRequest&, const Principal& who, Respond respond) {
    auto fields = risk.Fields(who);
    if (!fields.ok()) return respond(StatusResponse(fields.status()));
    json items = json::array();
    const char* types[] = {"number", "string", "bool", "string_set"};
    for (const auto& f : fields.value())
      items.push_back({{"name", f.name}, {"type", types[static_cast<int>(f.type)]}, {"description", f.description}});
    respond(JsonResponse(200, {{"items", items}}));
  });

  router.Authed("POST", "/v1/risk/expressions/check", Access::kReadRiskRules,
                [&risk](HttpRequest& req, const Principal& who, Respond respond) {
    auto body = ParseBodyObject(req);
    if (!body.ok()) return respond(StatusResponse(body.status()));
    if (Status st = RejectUnknownKeys(body.value(), {"expression"}); !st.ok()) return respond(StatusResponse(st));
    auto text = OptString(body.value(), "expression", 100000);
    if (!text.ok()) return respond(StatusResponse(text.status()));
    auto c = risk.CheckExpression(who, text.value());
    if (!c.ok()) return respond(StatusResponse(c.status()));
    json j = {{"ok", c->ok}, {"warnings", c->warnings}};
    if (c->ok) {
      j["canonical"] = c->canonical;
      j["fields"] = c->fields;
    } else {
      j["position"] = c->position;
      j["column"] = c->position + 1;
      j["message"] = c->message;
    }
    respond(JsonResponse(200, j));
  });

  router.Authed("POST", "/v1/risk/backtest", Access::kReadRiskRules,
                [&risk](HttpRequest& req, const Principal& who, Respond respond) {
    auto body = ParseBodyObject(req);
    if (!body.ok()) return respond(StatusResponse(body.status()));
    std::string expression;
    double percent = 100;
    int days = 90;
    if (Status st = BackTestFrom(body.value(), &expression, &percent, &days); !st.ok()) return respond(StatusResponse(st));
    Status error;
    BackTest bt = risk.RunBackTest(who, expression, percent, days, &error);
    if (!error.ok()) return respond(CriterionProblem(error, expression));
    respond(JsonResponse(200, BackTestJson(bt)));
  });

  router.Authed("GET", "/v1/risk/criteria", Access::kReadRiskRules,
                [&risk](HttpRequest& req, const Principal& who, Respond respond) {
    std::string all = req.Query("all_versions");
    if (!all.empty() && all != "true" && all != "false")
      return respond(StatusResponse(Status::Invalid("invalid_parameter", "'all_versions' must be true or false")));
    RespondList(respond, risk.ListCriteria(who, all == "true"), CriterionJson);
  });

  auto create = [&risk](const std::string& id, HttpRequest& req, const Principal& who, Respond respond) {
    auto body = ParseBodyObject(req);
    if (!body.ok()) return respond(StatusResponse(body.status()));
    auto c = CriterionFrom(body.value());
    if (!c.ok()) return respond(StatusResponse(c.status()));
    c->id = id;
    std::string expression = c->expression;
    risk.CreateCriterion(who, std::move(c.value()), [respond, expression](Result<NewCriterion> r) {
      if (!r.ok()) return respond(CriterionProblem(r.status(), expression));
      json j = CriterionJson(r->criterion);
      j["back_test"] = BackTestJson(r->back_test);
      j["warnings"] = r->back_test.warnings;
      respond(JsonResponse(201, j));
    });
  };

  router.Authed("POST", "/v1/risk/criteria", Access::kWriteCriteria,
                [create](HttpRequest& req, const Principal& who, Respond respond) {
    create("", req, who, std::move(respond));
  });

  router.Authed("POST", "/v1/risk/criteria/{id}/versions", Access::kWriteCriteria,
                [create](HttpRequest& req, const Principal& who, Respond respond) {
    create(req.params["id"], req, who, std::move(respond));
  });

  router.Authed("GET", "/v1/risk/criteria/{id}", Access::kReadRiskRules,
                [&risk](HttpRequest& req, const Principal& who, Respond respond) {
    auto version = IntParam(req, "version", 0, 0, 1000000);
    if (!version.ok()) return respond(StatusResponse(version.status()));
    RespondOne(respond, risk.GetCriterion(who, req.params["id"], version.value()), CriterionJson);
  });

  router.Authed("GET", "/v1/risk/criteria/{id}/backtest", Access::kReadRiskRules,
                [&risk](HttpRequest& req, const Principal& who, Respond respond) {
    auto days = IntParam(req, "days", 90, 1, 3660);
    if (!days.ok()) return respond(StatusResponse(days.status()));
    Status error;
    BackTest bt = risk.BackTestCriterion(who, req.params["id"], days.value(), &error);
    if (!error.ok()) return respond(CriterionProblem(error, bt.expression));
    respond(JsonResponse(200, BackTestJson(bt)));
  });

  router.Authed("POST", "/v1/risk/criteria/{id}/approve", Late(Access::kApproveCriteria),
                [&risk](HttpRequest& req, const Principal& who, Respond respond) {
    // No body approves the latest pending version.
    auto body = req.body.empty() ? Result<json>(json::object()) : ParseBodyObject(req);
    if (!body.ok()) return respond(StatusResponse(body.status()));
    if (Status st = RejectUnknownKeys(body.value(), {"version"}); !st.ok()) return respond(StatusResponse(st));
    int version = 0;
    if (body->contains("version")) {
      if (!body.value()["version"].is_number_integer() || body.value()["version"].get<int64_t>() < 1)
        return respond(StatusResponse(Status::Invalid("invalid_parameter", "'version' must be a positive integer")));
      version = body.value()["version"].get<int>();
    }
    risk.ApproveCriterion(who, req.params["id"], version,
                          [respond](Result<risk::Criterion> r) { RespondOne(respond, r, CriterionJson); });
  });

  router.Authed("POST", "/v1/risk/criteria/{id}/retire", Access::kRetireCriteria,
                [&risk](HttpRequest& req, const Principal& who, Respond respond) {
    risk.RetireCriterion(who, req.params["id"], [respond](Result<risk::Criterion> r) { RespondOne(respond, r, CriterionJson); });
  });

  router.Authed("GET", "/v1/risk/lists", Access::kReadRiskRules,
                [&risk](HttpRequest&, const Principal& who, Respond respond) {
    RespondList(respond, risk.ListLists(who), ListJson);
  });

  router.Authed("PUT", "/v1/risk/lists/{name}", Late(Access::kMaintainLists),
                [&risk](HttpRequest& req, const Principal& who, Respond respond) {
    auto body = ParseBodyObject(req);
    if (!body.ok()) return respond(StatusResponse(body.status()));
    auto l = ListFrom(req.params["name"], body.value());
    if (!l.ok()) return respond(StatusResponse(l.status()));
    risk.PutList(who, std::move(l.value()), [respond](Result<risk::NamedList> r) { RespondOne(respond, r, ListJson); });
  });
}

// A declaration's decision and inspections, and trader profiles.
void RegisterInspectionRoutes(Router& router, ClearanceService& clearance, RiskService& risk) {
  router.Authed("GET", "/v1/declarations/{ref}/risk", Late(Access::kReadRiskDecision),
                [&clearance](HttpRequest& req, const Principal& who, Respond respond) {
    std::string lang = RequestLanguage(req);
    RespondOne(respond, clearance.RiskDecision(who, req.params["ref"]),
               [&lang](const risk::Decision& d) { return DecisionJson(d, lang); });
  });

  router.Authed("POST", "/v1/declarations/{ref}/inspection", Late(Access::kRecordInspection),
                [&clearance](HttpRequest& req, const Principal& who, Respond respond) {
    auto body = ParseBodyObject(req);
    if (!body.ok()) return respond(StatusResponse(body.status()));
    auto ins = InspectionFrom(body.value());
    if (!ins.ok()) return respond(StatusResponse(ins.status()));
    clearance.RecordInspection(who, req.params["ref"], std::move(ins.value()), [respond](Reply rep) {
      if (!rep.status.ok()) {
        json extra = json::object();
        if (!rep.current_state.empty()) extra["current_state"] = rep.current_state;
        return respond(StatusResponse(rep.status, rep.errors, extra));
      }
      respond(JsonResponse(201, DeclarationSummaryJson(*rep.record)));
    });
  });

  router.Authed("GET", "/v1/declarations/{ref}/inspections", Late(Access::kReadInspections),
                [&clearance](HttpRequest& req, const Principal& who, Respond respond) {
    RespondList(respond, clearance.Inspections(who, req.params["ref"]), InspectionJson);
  });

  router.Authed("GET", "/v1/traders/{tin}/profile", Access::kReadTraderProfile,
                [&risk](HttpRequest& req, const Principal& who, Respond respond) {
    RespondOne(respond, risk.Profile(who, req.params["tin"]), ProfileJson);
  });

  router.Authed("PUT", "/v1/traders/{tin}/aeo", Access::kSetAeo,
                [&risk](HttpRequest& req, const Principal& who, Respond respond) {
    auto body = ParseBodyObject(req);
    if (!body.ok()) return respond(StatusResponse(body.status()));
    if (Status st = RejectUnknownKeys(body.value(), {"aeo"}); !st.ok()) return respond(StatusResponse(st));
    if (!body->contains("aeo") || !body.value()["aeo"].is_boolean())
      return respond(StatusResponse(Status::Invalid("bad_request", "'aeo' must be true or false")));
    risk.SetAeo(who, req.params["tin"], body.value()["aeo"].get<bool>(),
                [respond](Result<ProfileView> r) { RespondOne(respond, r, ProfileJson); });
  });
}

// Dashboards: lane mix and hit rates, reference unit values, clearance times.
void RegisterRiskReportRoutes(Router& router, RiskService& risk) {
  router.Authed("GET", "/v1/reports/risk", Access::kReadReports,
                [&risk](HttpRequest& req, const Principal& who, Respond respond) {
    int64_t from = 0, to = 0;
    if (Status st = ReportPeriod(req, &from, &to); !st.ok()) return respond(StatusResponse(st));
    RespondOne(respond, risk.Report(who, from, to), RiskReportJson);
  });

  router.Authed("GET", "/v1/reference/unit-values", Access::kReadUnitValues,
                [&risk](HttpRequest& req, const Principal& who, Respond respond) {
    std::string hs = req.Query("hs"), origin = req.Query("origin");
    if (!IsDigits(hs, 6, 6)) return respond(StatusResponse(Status::Invalid("invalid_parameter", "'hs' must be a 6-digit HS subheading")));
    if (!origin.empty() && (origin.size() != 2 || !std::all_of(origin.begin(), origin.end(), [](char c) { return c >= 'A' && c <= 'Z'; })))
      return respond(StatusResponse(Status::Invalid("invalid_parameter", "'origin' must be an ISO 3166 alpha-2 country code")));
    auto buckets = IntParam(req, "buckets", 20, 1, 100);
    if (!buckets.ok()) return respond(StatusResponse(buckets.status()));
    auto ref = risk.ReferenceUnitValues(who, hs, origin);
    if (!ref.ok()) return respond(StatusResponse(ref.status()));
    const auto& r = ref->reference;
    json histogram = json::array();
    for (const auto& b : risk::LogHistogram(ref->values, buckets.value()))
      histogram.push_back({{"lower", b.lower}, {"upper", b.upper}, {"count", b.count}});
    json body = {{"hs", hs}, {"origin", origin.empty() ? json(nullptr) : json(origin)},
                 {"basis", r.basis.empty() ? json(nullptr) : json(r.basis)},
                 {"currency", risk.config().national_currency}, {"unit", "kg"},
                 {"days", risk.config().reference_days}, {"observations", ref->values.size()},
                 {"q1", Num(r.q1)}, {"median", Num(r.median)}, {"q3", Num(r.q3)}, {"histogram", histogram}};
    respond(JsonResponse(200, body));
  });

  router.Authed("GET", "/v1/reports/clearance", Access::kReadReports,
                [&risk](HttpRequest& req, const Principal& who, Respond respond) {
    int64_t from = 0, to = 0;
    if (Status st = ReportPeriod(req, &from, &to); !st.ok()) return respond(StatusResponse(st));
    std::string office = req.Query("office");
    auto summary = risk.ClearanceTimes(who, from, to, office);
    if (!summary.ok()) return respond(StatusResponse(summary.status()));
    json lanes = json::object();
    for (const auto& [lane, f] : summary->by_lane) lanes[lane.empty() ? "undecided" : lane] = ClearanceFiguresJson(f);
    json body = {{"from", FormatIsoDate(from)}, {"to", FormatIsoDate(to)}, {"total", ClearanceFiguresJson(summary->all)},
                 {"lanes", lanes}};
    if (!office.empty()) body["office"] = office;
    respond(JsonResponse(200, body));
  });
}

void RegisterModelRoutes(Router& router, RiskService& risk) {
  router.Authed("GET", "/v1/risk/models", Access::kReadRiskModels,
                [&risk](HttpRequest&, const Principal& who, Respond respond) {
    RespondList(respond, risk.ListModels(who), ModelJson);
  });

  router.Authed("POST", "/v1/risk/models/{version}/{action}", Access::kManageRiskModels,
                [&risk](HttpRequest& req, const Principal& who, Respond respond) {
    auto role = RoleFromPath(req.params["action"]);
    if (!role.ok()) return respond(StatusResponse(role.status()));
    risk.SetModelRole(who, req.params["version"], role.value(),
                      [respond](Result<risk::ModelEntry> r) { RespondOne(respond, r, ModelJson); });
  });
}

}  // namespace

void RegisterRiskRoutes(Router& router, ApiContext& ctx) {
  RegisterCriteriaRoutes(router, ctx.risk);
  RegisterInspectionRoutes(router, ctx.clearance, ctx.risk);
  RegisterRiskReportRoutes(router, ctx.risk);
  RegisterModelRoutes(router, ctx.risk);
}

}  // namespace oc::api
