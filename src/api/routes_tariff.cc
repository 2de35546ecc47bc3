// Routes for the tariff engine: POST /v1/tariff/quote (the same code path as `tariff quote`).
#include <algorithm>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/localise.h"
#include "api/problem.h"
#include "common/dates.h"
#include "common/encoding.h"
#include "tariff/exchange_rates.h"
#include "tariff/registry.h"

#include <set>

namespace oc::api {

using nlohmann::json;

json QuoteJson(const tariff::Quote& q) {
  json lines = json::array();
  for (const auto& l : q.lines)
    lines.push_back({{"kind", l.kind}, {"measure_id", l.measure_id}, {"legal_ref", l.legal_ref},
                     {"description", l.description}, {"base", l.base}, {"rate", l.rate_text},
                     {"amount", l.amount.ToFixed(2)}});
  return {{"code", q.code}, {"description", q.description}, {"customs_value", q.customs_value.ToFixed(2)},
          {"total", q.total.ToFixed(2)}, {"currency", q.currency}, {"lines", lines}, {"notes", q.notes}};
}

namespace {

// Reads {"amount": "decimal", "unit"|"currency": "..."}; Invalid naming the member otherwise.
Result<std::pair<Decimal, std::string>> AmountWith(const json& j, const char* name, const char* second) {
  if (!j.is_object() || !j.contains("amount") || !j["amount"].is_string() || !j.contains(second) ||
      !j[second].is_string())
    return Status::Invalid("bad_request", std::string("'") + name + "' must be {\"amount\": \"decimal string\", \"" +
                                              second + "\": \"...\"}");
  auto d = Decimal::Parse(j["amount"].get<std::string>());
  if (!d) return Status::Invalid("bad_request", std::string("'") + name + ".amount' is not a decimal string");
  return std::make_pair(*d, j[second].get<std::string>());
}

json LinesJson(const std::vector<tariff::DutyLine>& lines) {
  json out = json::array();
  for (const auto& l : lines)
    out.push_back({{"kind", l.kind}, {"measure_id", l.measure_id}, {"legal_ref", l.legal_ref},
                   {"description", l.description}, {"base", l.base}, {"rate", l.rate_text},
                   {"amount", l.amount.ToFixed(2)}});
  return out;
}

json TotalsJson(const std::map<std::string, Decimal>& totals) {
  json out = json::object();
  for (const auto& [k, v] : totals) out[k] = v.ToFixed(2);
  return out;
}

json AssessmentJson(const tariff::DeclarationAssessment& a) {
  json items = json::array();
  for (const auto& it : a.items)
    items.push_back({{"seq", it.seq}, {"code", it.code}, {"customs_value", it.customs_value.ToFixed(2)},
                     {"lines", LinesJson(it.lines)}, {"total", it.total.ToFixed(2)}, {"notes", it.notes}});
  return {{"schedule", a.schedule},
          {"currency", a.currency},
          {"acceptance_date", a.acceptance_date},
          {"customs_value", a.customs_value.ToFixed(2)},
          {"items", items},
          {"declaration_lines", LinesJson(a.declaration_lines)},
          {"totals_by_tax", TotalsJson(a.totals_by_kind)},
          {"total", a.total.ToFixed(2)},
          {"payable", a.payable.ToFixed(2)},
          {"secured", a.secured.ToFixed(2)},
          {"relief", a.relief},
          {"officer_review", a.officer_review},
          {"notes", a.notes}};
}

}  // namespace

void RegisterTariffRoutes(Router& router, ApiContext& ctx) {
  ClearanceService& svc = ctx.clearance;
  router.Authed("GET", "/v1/declarations/{ref}/assessment", Access::kReadDeclaration,
                [&svc](HttpRequest& req, const Principal& who, Respond respond) {
    std::string v = req.Query("version");
    if (!v.empty() && (v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos || v == "0"))
      return respond(StatusResponse(Status::Invalid("invalid_parameter", "'version' must be a version number")));
    auto view = svc.Assess(who, req.params["ref"], v.empty() ? 0 : std::stoi(v), RequestLanguage(req));
    if (!view.ok()) return respond(StatusResponse(view.status()));
    json body = AssessmentJson(view->assessment);
    body["version"] = view->version;
    if (view->previous) {
      // Positive: additional debt; negative: a refund is due.
      json diff = json::object();
      std::set<std::string> kinds;
      for (const auto& [k, _] : view->assessment.totals_by_kind) kinds.insert(k);
      for (const auto& [k, _] : view->previous->totals_by_kind) kinds.insert(k);
      for (const auto& k : kinds) {
        auto cur = view->assessment.totals_by_kind.count(k) ? view->assessment.totals_by_kind.at(k) : Decimal();
        auto prev = view->previous->totals_by_kind.count(k) ? view->previous->totals_by_kind.at(k) : Decimal();
        diff[k] = (cur - prev).ToFixed(2);
      }
      Decimal delta = view->assessment.total - view->previous->total;
      body["difference_from_previous"] = {{"version", view->version - 1},
                                          {"previous_total", view->previous->total.ToFixed(2)},
                                          {"by_tax", diff},
                                          {"total", delta.ToFixed(2)},
                                          {"meaning", delta.is_negative() ? "refund" : delta.is_zero() ? "no change" : "additional debt"}};
    }
    respond(JsonResponse(200, body));
  });

  // The official rate of a day (the one assessment uses), e.g. to pre-fill the exchange rate of a
  // foreign-currency invoice.
  router.Authed("GET", "/v1/reference/exchange-rates", Access::kUseReferenceData,
                [&svc](HttpRequest& req, const Principal&, Respond respond) {
    const ClearanceConfig& cfg = svc.config();
    auto is_code = [](const std::string& c) {
      return c.size() == 3 && std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
    };
    const std::string from = req.Query("currency");
    const std::string to = req.Query("to").empty() ? cfg.national_currency : req.Query("to");
    if (!is_code(from))
      return respond(StatusResponse(Status::Invalid("invalid_parameter", "'currency' must be an ISO 4217 code such as USD")));
    if (!is_code(to))
      return respond(StatusResponse(Status::Invalid("invalid_parameter", "'to' must be an ISO 4217 code such as UZS")));
    int64_t day = TodayUtcDays();
    if (std::string d = req.Query("date"); !d.empty()) {
      auto parsed = ParseIsoDate(d);
      if (!parsed) return respond(StatusResponse(Status::Invalid("invalid_parameter", "'date' must be a date YYYY-MM-DD")));
      day = *parsed;
    }
    const tariff::ExchangeRateEntry* e = cfg.rates ? cfg.rates->EntryFor(from, to, day) : nullptr;
    if (from != to && !e)
      return respond(StatusResponse(Status::NotFound("no_exchange_rate", "no official exchange rate from " + from + " to " +
                                                                             to + " is valid on " + FormatIsoDate(day))));
    json body = {{"currency", from}, {"to", to}, {"date", FormatIsoDate(day)}};
    if (!e) {
      body["rate"] = "1";
      body["valid_from"] = body["valid_to"] = nullptr;
    } else {
      body["rate"] = cfg.rates->Find(from, to, day)->ToString();  // the entry's rate, inverted as assessment does
      body["valid_from"] = FormatIsoDate(e->valid_from);
      body["valid_to"] = e->valid_to >= tariff::kOpenEndedDay ? json(nullptr) : json(FormatIsoDate(e->valid_to));
    }
    respond(JsonResponse(200, body));
  });

  router.Authed("POST", "/v1/tariff/quote", Access::kUseReferenceData,
                [](HttpRequest& req, const Principal&, Respond respond) {
    if (!IsValidUtf8(req.body)) return respond(StatusResponse(Status::Invalid("invalid_utf8", "the body is not valid UTF-8")));
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
      return respond(StatusResponse(Status::Invalid("malformed_json", "the body must be a JSON object")));
    for (auto it = body.begin(); it != body.end(); ++it) {
      static const char* kAllowed[] = {"schedule", "code", "origin", "value", "net_kg", "quantity", "preference", "date"};
      if (std::find(std::begin(kAllowed), std::end(kAllowed), it.key()) == std::end(kAllowed))
        return respond(StatusResponse(Status::Invalid("unknown_field", "unknown element '" + it.key() + "'")));
    }
    auto str = [&](const char* k) { return body.contains(k) && body[k].is_string() ? body[k].get<std::string>() : std::string(); };
    tariff::QuoteInput input;
    input.schedule = str("schedule").empty() ? "us-hts" : str("schedule");
    input.request.code = str("code");
    input.request.origin = str("origin");
    input.request.preference = str("preference");
    if (input.request.code.empty() || input.request.origin.size() != 2)
      return respond(StatusResponse(Status::Invalid("bad_request", "'code' and a two-letter 'origin' are required")));
    auto value = AmountWith(body.value("value", json()), "value", "currency");
    if (!value.ok()) return respond(StatusResponse(value.status()));
    input.request.customs_value = value->first;
    input.currency = value->second;
    if (body.contains("net_kg")) {
      auto kg = body["net_kg"].is_string() ? Decimal::Parse(body["net_kg"].get<std::string>()) : std::nullopt;
      if (!kg) return respond(StatusResponse(Status::Invalid("bad_request", "'net_kg' must be a decimal string")));
      input.request.net_kg = *kg;
    }
    if (body.contains("quantity")) {
      auto q = AmountWith(body["quantity"], "quantity", "unit");
      if (!q.ok()) return respond(StatusResponse(q.status()));
      input.request.quantities.push_back(tariff::Quantity{q->first, q->second});
    }
    input.day = TodayUtcDays();
    if (!str("date").empty()) {
      auto d = ParseIsoDate(str("date"));
      if (!d) return respond(StatusResponse(Status::Invalid("bad_request", "'date' must be YYYY-MM-DD")));
      input.day = *d;
    }
    input.language = RequestLanguage(req);
    auto quote = tariff::QuoteInSchedule(input);
    if (!quote.ok()) return respond(StatusResponse(quote.status()));
    respond(JsonResponse(200, QuoteJson(quote.value())));
  });
}

}  // namespace oc::api
