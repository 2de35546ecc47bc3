// Routes for declarations: lodge, read, list, act, amend, cancel, history, versions, notifications.
#include <algorithm>
#include <map>
#include <memory>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/localise.h"
#include "api/request_util.h"
#include "api/problem.h"
#include "common/dates.h"
#include "common/encoding.h"
#include "common/json_writer.h"
#include "declaration/correction.h"
#include "declaration/csv_import.h"
#include "declaration/parse.h"
#include "refdata/display_names.h"

namespace oc::api {

using nlohmann::json;

json DeclarationSummaryJson(const DeclarationRecord& r) {
  json j = {{"id", r.id},
            {"lrn", r.lrn},
            {"mrn", r.mrn.empty() ? json(nullptr) : json(r.mrn)},
            {"type", DeclarationTypeCode(r.type)},
            {"state", StateName(r.lifecycle.state)},
            {"cusres", CusresCode(r.lifecycle, r.type)},
            {"version", r.version},
            {"declarant_tin", r.declarant_tin},
            {"office", r.office},
            {"item_count", r.item_count},
            {"invoice_total", r.invoice_total},
            {"invoice_currency", r.invoice_currency},
            {"created_at", FormatTimestamp(r.created_ms)},
            {"updated_at", FormatTimestamp(r.updated_ms)}};
  if (r.lifecycle.control != ControlType::kNone) j["control"] = ControlTypeName(r.lifecycle.control);
  if (!r.representative_tin.empty()) j["representative_tin"] = r.representative_tin;
  j["lane"] = r.lane.empty() ? json(nullptr) : json(r.lane);
  if (r.lifecycle.state == State::kHeld || r.lifecycle.state == State::kDetained)
    j["resumes_to"] = StateName(r.lifecycle.resume_state);
  return j;
}

json NotificationJson(const NotificationRecord& e, std::string_view lang) {
  json j = {{"seq", e.seq}, {"declaration_id", e.declaration_id}, {"mrn", e.mrn}, {"lrn", e.lrn},
            {"org_tin", e.org_tin}, {"action", e.action}, {"state", e.state}, {"cusres", e.cusres},
            {"reason", LocalisedReason(e.reason_code, e.reason, lang)}, {"at", FormatTimestamp(e.at_ms)}};
  if (!e.control.empty()) j["control"] = e.control;
  if (!e.reason_code.empty()) j["reason_code"] = e.reason_code;
  return j;
}

json DeclarationJson(const DeclarationRecord& r) {
  json j = DeclarationSummaryJson(r);
  j["declaration"] = r.content_json.empty() ? json(nullptr) : json::parse(r.content_json);
  return j;
}

namespace {

json TransitionJson(const TransitionEntry& t, std::string_view lang) {
  json j = {{"seq", t.seq},
            {"action", ActionName(t.action)},
            {"from", StateName(t.from.state)},
            {"to", StateName(t.to.state)},
            {"cusres", t.cusres},
            {"actor", t.actor},
            {"reason", LocalisedReason(t.reason_code, t.reason, lang)},
            {"version", t.version},
            {"at", FormatTimestamp(t.at_ms)}};
  if (t.to.control != ControlType::kNone) j["control"] = ControlTypeName(t.to.control);
  if (!t.reason_code.empty()) j["reason_code"] = t.reason_code;
  if (!t.internal_reason.empty()) j["internal_reason"] = t.internal_reason;  // customs readers only
  if (!t.details_json.empty()) j["details"] = json::parse(t.details_json);
  return j;
}

// A transit journey's event in the declaration's history (tracking::JourneyTimeline).
json JourneyEventJson(const tracking::JourneyEvent& e, std::string_view lang) {
  json j = {{"type", e.type}, {"at", FormatTimestamp(e.at_ms)}, {"actor", e.actor}, {"journey", e.journey_id},
            {"message", MessageJson(e.message, lang)}};
  if (e.alert_id) j["alert"] = e.alert_id;
  if (!e.kind.empty()) j["kind"] = e.kind;
  if (!e.note.empty()) j["note"] = e.note;
  if (!e.reasons.empty()) j["reasons"] = MessagesJson(e.reasons, lang);
  return j;
}

// The nomenclature's text of each item's heading and subheading, for pages that show the code
// with its words (empty when no nomenclature is loaded).
json CommodityTexts(const json& declaration, const ReferenceData& ref) {
  json out = json::object();
  if (!declaration.is_object() || !declaration.contains("items") || !ref.hs_available()) return out;
  for (const auto& item : declaration["items"]) {
    const json* hs = item.contains("commodity") ? &item["commodity"] : nullptr;
    if (!hs || !hs->contains("hs") || !(*hs)["hs"].is_string()) continue;
    std::string code = (*hs)["hs"];
    for (const std::string& c : {code.substr(0, 4), code})
      if (const HsEntry* e = ref.Hs(c)) out[c] = e->description;
  }
  return out;
}

// The summary written straight to text: this answers every lodgement, so it skips the JSON tree.
std::string SummaryText(const DeclarationRecord& r) {
  std::string out;
  out.reserve(512);
  JsonWriter w(out);
  w.BeginObject().Field("id", r.id).Field("lrn", r.lrn);
  if (r.mrn.empty()) out += ",\"mrn\":null"; else w.Field("mrn", r.mrn);
  w.Field("type", DeclarationTypeCode(r.type)).Field("state", StateName(r.lifecycle.state));
  w.FieldIf("control", ControlTypeName(r.lifecycle.control));
  if (r.lifecycle.state == State::kHeld || r.lifecycle.state == State::kDetained)
    w.Field("resumes_to", StateName(r.lifecycle.resume_state));
  w.Field("cusres", CusresCode(r.lifecycle, r.type)).Field("version", r.version);
  w.Field("declarant_tin", r.declarant_tin).FieldIf("representative_tin", r.representative_tin);
  if (r.lane.empty()) out += ",\"lane\":null"; else w.Field("lane", r.lane);
  w.Field("office", r.office).Field("item_count", r.item_count).Field("invoice_total", r.invoice_total);
  w.Field("invoice_currency", r.invoice_currency).Field("created_at", FormatTimestamp(r.created_ms));
  w.Field("updated_at", FormatTimestamp(r.updated_ms)).EndObject();
  return out;
}

void ReplyWithRecord(Metrics* metrics, int ok_status, Reply rep, const Respond& respond) {
  if (!rep.status.ok()) {
    json extra = json::object();
    if (!rep.current_state.empty()) extra["current_state"] = rep.current_state;
    return respond(StatusResponse(rep.status, rep.errors, std::move(extra)));
  }
  if (metrics) metrics->CountLodged(rep.created);
  HttpResponse r;
  r.status = rep.created || !metrics ? ok_status : 200;
  if (rep.errors.empty() && rep.warnings.empty()) {
    r.body = SummaryText(*rep.record);
  } else {
    json body = json::parse(SummaryText(*rep.record));
    if (!rep.errors.empty()) body["errors"] = FieldErrorsJson(rep.errors);
    if (!rep.warnings.empty()) body["warnings"] = FieldErrorsJson(rep.warnings);
    r.body = body.dump();
  }
  r.headers.emplace_back("Location", "/v1/declarations/" + std::to_string(rep.record->id));
  respond(std::move(r));
}

// The answer to a CSV import: each declaration's outcome, its errors by CSV line.
json ImportOutcomeJson(const std::vector<CsvDeclaration>& declarations, const std::vector<Reply>& replies) {
  json items = json::array();
  int lodged = 0, replayed = 0, rejected = 0;
  for (size_t i = 0; i < declarations.size(); ++i) {
    const CsvDeclaration& d = declarations[i];
    const Reply& r = replies[i];
    json o = {{"lrn", d.lrn}, {"line", d.lines.front()}};
    if (r.status.ok() && r.record) {
      o["outcome"] = r.created ? "lodged" : "replayed";
      o["declaration"] = DeclarationSummaryJson(*r.record);
      (r.created ? lodged : replayed)++;
    } else {
      o["outcome"] = "rejected";
      o["code"] = r.status.code();
      o["message"] = r.status.message();
      json errors = json::array();
      for (const auto& e : r.errors)
        errors.push_back({{"line", d.LineFor(e.pointer)}, {"pointer", e.pointer}, {"code", e.code}, {"message", e.message}});
      o["errors"] = errors;
      rejected++;
    }
    items.push_back(std::move(o));
  }
  return {{"declarations", items.size()}, {"lodged", lodged}, {"replayed", replayed}, {"rejected", rejected},
          {"items", items}};
}

}  // namespace

void RegisterDeclarationRoutes(Router& router, ApiContext& ctx) {
  ClearanceService& svc = ctx.clearance;
  Metrics* metrics = &ctx.metrics;

  router.Authed("POST", "/v1/declarations", Late(Access::kLodgeDeclaration),
                [&svc, metrics](HttpRequest& req, const Principal& who, Respond respond) {
    std::string draft = req.Query("draft");
    if (!draft.empty() && draft != "true" && draft != "false")
      return respond(StatusResponse(Status::Invalid("invalid_parameter", "'draft' must be true or false")));
    svc.Lodge(who, req.body, draft == "true" ? LodgeMode::kDraft : LodgeMode::kSubmit,
              [metrics, respond](Reply rep) { ReplyWithRecord(metrics, 201, std::move(rep), respond); });
  });

  // Bulk lodgement from the CSV the CLI `import` reads (docs/import-csv.md): each declaration is
  // lodged as by POST /v1/declarations; the answer lists each one's outcome, errors by CSV line.
  router.Authed("POST", "/v1/declarations/import", Access::kLodgeDeclaration,
                [&svc](HttpRequest& req, const Principal& who, Respond respond) {
    std::vector<int> lines;
    auto rows = ParseCsv(req.body, &lines);
    if (!rows.ok()) return respond(StatusResponse(Status::Invalid("invalid_csv", rows.status().message())));
    auto parsed = DeclarationsFromCsv(rows.value(), &lines);
    if (!parsed.ok()) return respond(StatusResponse(parsed.status()));
    constexpr size_t kMaxDeclarations = 1000;
    if (parsed->empty()) return respond(StatusResponse(Status::Invalid("empty_csv", "the CSV has a header but no rows")));
    if (parsed->size() > kMaxDeclarations)
      return respond(StatusResponse(Status::Invalid("too_many_declarations", "at most " + std::to_string(kMaxDeclarations) +
                                                                                 " declarations per request; split the file")));
    auto declarations = std::make_shared<std::vector<CsvDeclaration>>(std::move(parsed.value()));
    std::vector<std::string> bodies;
    for (const auto& d : *declarations) bodies.push_back(d.declaration.dump());
    svc.LodgeAll(who, std::move(bodies), [declarations, respond](std::vector<Reply> replies) {
      respond(JsonResponse(200, ImportOutcomeJson(*declarations, replies)));
    });
  }, "text/csv");

  router.Authed("GET", "/v1/declarations", Access::kReadDeclaration,
                [&svc](HttpRequest& req, const Principal& who, Respond respond) {
    DeclarationFilter f;
    auto limit = IntParam(req, "limit", 50, 1, 500);
    if (!limit.ok()) return respond(StatusResponse(limit.status()));
    f.limit = limit.value();
    std::string cursor = req.Query("cursor");
    if (!cursor.empty()) {
      if (!IsDigits(cursor, 1, 18)) return respond(StatusResponse(Status::Invalid("invalid_parameter", "'cursor' is not a cursor from a previous page")));
      f.before_id = std::stoll(cursor);
    }
    const std::string states = req.Query("state");
    for (std::string_view rest = states; !rest.empty();) {
      size_t comma = rest.find(',');
      std::string state(rest.substr(0, comma));
      if (!StateFromName(state))
        return respond(StatusResponse(Status::Invalid("invalid_parameter", "'state' is not a declaration state (or a comma-separated list of them)")));
      f.states.push_back(std::move(state));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    f.text = req.Query("q");
    if (f.text.size() > 64) return respond(StatusResponse(Status::Invalid("invalid_parameter", "'q' is at most 64 characters")));
    f.type = req.Query("type");
    if (!f.type.empty() && f.type != "IM" && f.type != "EX" && f.type != "TR")
      return respond(StatusResponse(Status::Invalid("invalid_parameter", "'type' must be IM, EX or TR")));
    f.office = req.Query("office");
    f.lane = req.Query("lane");
    if (!f.lane.empty() && !risk::LaneFromName(f.lane))
      return respond(StatusResponse(Status::Invalid("invalid_parameter", "'lane' must be green, blue, yellow or red")));
    f.lrn = req.Query("lrn");
    f.mrn = req.Query("mrn");
    f.declarant_tin = req.Query("declarant");
    for (auto [name, slot] : {std::pair{"from", &f.from_ms}, std::pair{"to", &f.to_ms}}) {
      std::string v = req.Query(name);
      if (v.empty()) continue;
      auto d = ParseIsoDate(v);
      if (!d) return respond(StatusResponse(Status::Invalid("invalid_parameter", std::string("'") + name + "' must be a date YYYY-MM-DD")));
      *slot = (*d + (std::string(name) == "to" ? 1 : 0)) * 86400000;
    }
    auto list = svc.List(who, f);
    if (!list.ok()) return respond(StatusResponse(list.status()));
    json items = json::array();
    for (const auto& r : list.value()) items.push_back(DeclarationSummaryJson(r));
    json body = {{"items", items}};
    body["next_cursor"] = static_cast<int>(list->size()) == f.limit && !list->empty()
                              ? json(std::to_string(list->back().id)) : json(nullptr);
    respond(JsonResponse(200, body));
  });

  router.Authed("GET", "/v1/declarations/{ref}", Access::kReadDeclaration,
                [&svc](HttpRequest& req, const Principal& who, Respond respond) {
    auto r = svc.Get(who, req.params["ref"]);
    if (!r.ok()) return respond(StatusResponse(r.status()));
    json body = DeclarationJson(r.value());
    body["commodity_texts"] = CommodityTexts(body["declaration"], svc.reference());
    respond(JsonResponse(200, body));
  });

  router.Authed("GET", "/v1/declarations/{ref}/history", Access::kReadDeclaration,
                [&svc](HttpRequest& req, const Principal& who, Respond respond) {
    auto h = svc.Timeline(who, req.params["ref"]);
    if (!h.ok()) return respond(StatusResponse(h.status()));
    json arr = json::array(), events = json::array();
    std::string lang = RequestLanguage(req);
    for (const auto& t : h->transitions) arr.push_back(TransitionJson(t, lang));
    for (const auto& e : h->journey_events) events.push_back(JourneyEventJson(e, lang));
    respond(JsonResponse(200, {{"transitions", arr}, {"journey_events", events}}));
  });

  router.Authed("GET", "/v1/declarations/{ref}/versions", Access::kReadDeclaration,
                [&svc](HttpRequest& req, const Principal& who, Respond respond) {
    auto v = svc.Versions(who, req.params["ref"]);
    if (!v.ok()) return respond(StatusResponse(v.status()));
    json arr = json::array();
    for (const auto& e : v.value())
      arr.push_back({{"version", e.version}, {"content_hash", e.content_hash}, {"reason_code", e.reason_code},
                     {"reason", e.reason}, {"changed", json::parse(e.changed_json)}, {"actor", e.actor},
                     {"at", FormatTimestamp(e.at_ms)}});
    respond(JsonResponse(200, {{"versions", arr}}));
  });

  router.Authed("GET", "/v1/declarations/{ref}/versions/{n}", Access::kReadDeclaration,
                [&svc](HttpRequest& req, const Principal& who, Respond respond) {
    auto v = svc.Versions(who, req.params["ref"]);
    if (!v.ok()) return respond(StatusResponse(v.status()));
    const std::string& n = req.params["n"];
    for (const auto& e : v.value())
      if (std::to_string(e.version) == n)
        return respond(JsonResponse(200, {{"version", e.version}, {"content_hash", e.content_hash},
                                          {"reason_code", e.reason_code}, {"reason", e.reason},
                                          {"changed", json::parse(e.changed_json)}, {"actor", e.actor},
                                          {"at", FormatTimestamp(e.at_ms)}, {"declaration", json::parse(e.content_json)}}));
    respond(StatusResponse(Status::NotFound("declaration " + req.params["ref"] + " has no version " + n)));
  });

  router.Authed("POST", "/v1/declarations/{ref}/actions", Late(Access::kActOnDeclaration),
                [&svc](HttpRequest& req, const Principal& who, Respond respond) {
    auto body = ParseBodyObject(req);
    if (!body.ok()) return respond(StatusResponse(body.status()));
    if (Status st = RejectUnknownKeys(body.value(), {"action", "control", "reason"}); !st.ok()) return respond(StatusResponse(st));
    auto action_name = OptString(body.value(), "action", 32);
    auto control_name = OptString(body.value(), "control", 16);
    auto reason = OptString(body.value(), "reason", 512);
    for (auto* r : {&action_name, &control_name, &reason})
      if (!r->ok()) return respond(StatusResponse(r->status()));
    auto action = ActionFromName(action_name.value());
    if (!action)
      return respond(StatusResponse(Status::Invalid("unknown_action", "'" + action_name.value() + "' is not an action; "
                                                    "use submit, control, assess, release, exit, hold, unhold, detain, "
                                                    "lift_detention, cancel or invalidate")));
    if (*action == Action::kCorrect)
      return respond(StatusResponse(Status::Invalid("unsupported_action", "corrections are posted to "
                                                    "/v1/declarations/{ref}/corrections with the corrected values")));
    ControlType control = ControlType::kNone;
    if (!control_name->empty()) {
      auto c = ControlTypeFromName(control_name.value());
      if (!c) return respond(StatusResponse(Status::Invalid("invalid_parameter", "'control' must be documentary or physical")));
      control = *c;
    }
    svc.Act(who, req.params["ref"], *action, control, reason.value(),
            [respond](Reply rep) { ReplyWithRecord(nullptr, 200, std::move(rep), respond); });
  });

  // The moves the caller may request now, each allowed or not with its reasons.
  router.Authed("GET", "/v1/declarations/{ref}/actions", Access::kReadDeclaration,
                [&svc](HttpRequest& req, const Principal& who, Respond respond) {
    auto options = svc.Options(who, req.params["ref"]);
    if (!options.ok()) return respond(StatusResponse(options.status()));
    json items = json::array();
    for (const auto& o : options.value()) {
      json j = {{"action", ActionName(o.action)}, {"allowed", o.allowed},
                {"reasons", MessagesJson(o.reasons, RequestLanguage(req))}};
      if (o.control != ControlType::kNone) j["control"] = ControlTypeName(o.control);
      items.push_back(std::move(j));
    }
    respond(JsonResponse(200, {{"actions", items}}));
  });

  router.Authed("POST", "/v1/declarations/{ref}/corrections", Late(Access::kCorrectDeclaration),
                [&svc](HttpRequest& req, const Principal& who, Respond respond) {
    auto body = ParseBodyObject(req);
    if (!body.ok()) return respond(StatusResponse(body.status()));
    ParsedCorrection parsed = ParseCorrectionJson(body.value());
    if (!parsed.errors.empty())
      return respond(StatusResponse(Status::Invalid("invalid_correction", "the correction has errors"), parsed.errors));
    svc.Correct(who, req.params["ref"], std::move(parsed.correction),
                [respond](Reply rep) { ReplyWithRecord(nullptr, 200, std::move(rep), respond); });
  });

  router.Authed("POST", "/v1/declarations/{ref}/cancellation", Late(Access::kWithdrawDeclaration),
                [&svc](HttpRequest& req, const Principal& who, Respond respond) {
    std::string reason;
    if (!req.body.empty()) {
      auto body = ParseBodyObject(req);
      if (!body.ok()) return respond(StatusResponse(body.status()));
      if (Status st = RejectUnknownKeys(body.value(), {"reason"}); !st.ok()) return respond(StatusResponse(st));
      auto r = OptString(body.value(), "reason", 512);
      if (!r.ok()) return respond(StatusResponse(r.status()));
      reason = r.value();
    }
    svc.Withdraw(who, req.params["ref"], reason,
                 [respond](Reply rep) { ReplyWithRecord(nullptr, 200, std::move(rep), respond); });
  });

  router.Authed("POST", "/v1/declarations/{ref}/amendments", Late(Access::kAmendDeclaration),
                [&svc](HttpRequest& req, const Principal& who, Respond respond) {
    auto body = ParseBodyObject(req);
    if (!body.ok()) return respond(StatusResponse(body.status()));
    if (Status st = RejectUnknownKeys(body.value(), {"reason_code", "reason", "declaration"}); !st.ok())
      return respond(StatusResponse(st));
    auto code = OptString(body.value(), "reason_code", 8);
    auto reason = OptString(body.value(), "reason", 512);
    if (!code.ok()) return respond(StatusResponse(code.status()));
    if (!reason.ok()) return respond(StatusResponse(reason.status()));
    auto decl = body->find("declaration");
    if (decl == body->end() || !decl->is_object())
      return respond(StatusResponse(Status::Invalid("bad_request", "'declaration' must hold the complete amended declaration")));
    svc.Amend(who, req.params["ref"], decl->dump(), code.value(), reason.value(),
              [respond](Reply rep) { ReplyWithRecord(nullptr, 200, std::move(rep), respond); });
  });

  // The code lists a declaration is checked against, for forms (pick lists, hints). Country and
  // currency names come in the asked language from ICU's locale data; others are in English.
  router.Authed("GET", "/v1/code-lists/{list}", Access::kUseReferenceData,
                [&svc](HttpRequest& req, const Principal&, Respond respond) {
    const ReferenceData& ref = svc.reference();
    const std::string& list = req.params["list"];
    std::string lang = req.Query("lang").empty() ? "en" : req.Query("lang");
    if (lang != "en" && lang != "ru" && lang != "uz")
      return respond(StatusResponse(Status::Invalid("invalid_parameter", "'lang' must be uz, ru or en")));
    // The extra columns each list exposes, in the order ReferenceData keeps them.
    static const std::map<std::string, std::pair<const CodeList& (ReferenceData::*)() const, std::vector<const char*>>> kLists = {
        {"countries", {&ReferenceData::countries, {}}},
        {"currencies", {&ReferenceData::currencies, {"numeric", "minor_units"}}},
        {"units", {&ReferenceData::units, {"dimension"}}},
        {"document-types", {&ReferenceData::document_types, {}}},
        {"offices", {&ReferenceData::offices, {"country", "roles"}}},
        {"package-kinds", {&ReferenceData::package_kinds, {}}},
        {"incoterms", {&ReferenceData::incoterms, {}}},
        {"transport-modes", {&ReferenceData::transport_modes, {}}},
        {"procedures", {&ReferenceData::procedures, {"declaration_types"}}},
        {"valuation-methods", {&ReferenceData::valuation_methods, {}}},
        {"representative-statuses", {&ReferenceData::representative_statuses, {}}}};
    auto it = kLists.find(list);
    if (it == kLists.end()) {
      std::string known;
      for (const auto& [name, unused] : kLists) known += (known.empty() ? "" : ", ") + name;
      return respond(StatusResponse(Status::NotFound("no_such_list", "no code list '" + list + "'; lists: " + known)));
    }
    const auto& [getter, extras] = it->second;
    const CodeList& codes = (ref.*getter)();
    std::vector<const std::pair<const std::string, CodeEntry>*> sorted;
    for (const auto& e : codes.entries()) sorted.push_back(&e);
    std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });
    json items = json::array();
    for (const auto* e : sorted) {
      std::string name = codes.NameIn(e->first, lang);
      if (list == "countries" || list == "currencies") {
        std::string local = list == "countries" ? CountryDisplayName(e->first, lang) : CurrencyDisplayName(e->first, lang);
        if (!local.empty()) name = std::move(local);
      }
      json item = {{"code", e->first}, {"name", name}};
      for (size_t i = 0; i < extras.size() && i < e->second.extra.size(); ++i) item[extras[i]] = e->second.extra[i];
      items.push_back(std::move(item));
    }
    respond(JsonResponse(200, {{"list", list}, {"lang", lang}, {"items", items}}));
  });

  router.Authed("GET", "/v1/notifications", Access::kReadNotifications,
                [&svc](HttpRequest& req, const Principal& who, Respond respond) {
    auto limit = IntParam(req, "limit", 100, 1, 1000);
    if (!limit.ok()) return respond(StatusResponse(limit.status()));
    std::string after = req.Query("after");
    if (!after.empty() && !IsDigits(after, 1, 18))
      return respond(StatusResponse(Status::Invalid("invalid_parameter", "'after' must be a cursor from a previous page")));
    int64_t cursor = after.empty() ? 0 : std::stoll(after);
    // Paging back from the newest: order=newest, then before=<next_cursor of the page shown>.
    std::string order = req.Query("order"), before = req.Query("before");
    if (!order.empty() && order != "oldest" && order != "newest")
      return respond(StatusResponse(Status::Invalid("invalid_parameter", "'order' must be oldest or newest")));
    if (!before.empty() && !IsDigits(before, 1, 18))
      return respond(StatusResponse(Status::Invalid("invalid_parameter", "'before' must be a cursor from a previous page")));
    if (!before.empty() && !after.empty())
      return respond(StatusResponse(Status::Invalid("invalid_parameter", "give 'after' or 'before', not both")));
    bool newest = order == "newest" || !before.empty();
    int64_t below = !before.empty() ? std::stoll(before) : newest ? INT64_MAX : 0;
    std::string declaration = req.Query("declaration");
    if (!declaration.empty() && !IsDigits(declaration, 1, 18))
      return respond(StatusResponse(Status::Invalid("invalid_parameter", "'declaration' must be a declaration id")));
    auto n = svc.Notifications(who, cursor, limit.value(), declaration.empty() ? 0 : std::stoll(declaration), below);
    if (!n.ok()) return respond(StatusResponse(n.status()));
    json events = json::array();
    std::string lang = RequestLanguage(req);
    for (const auto& e : n.value()) events.push_back(NotificationJson(e, lang));
    int64_t next = n->empty() ? (newest ? below : cursor) : n->back().seq;
    json page = {{"events", events}, {"next_cursor", std::to_string(next)}};
    if (newest) page["more"] = static_cast<int>(n->size()) == limit.value();
    respond(JsonResponse(200, page));
  });
}

}  // namespace oc::api
