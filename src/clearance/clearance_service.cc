#include "clearance/clearance_service.h"
#include "clearance/risk_service.h"
#include "clearance/code_checker.h"
#include "clearance/clearance_internal.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/dates.h"
#include "common/encoding.h"
#include "declaration/mrn.h"
#include "declaration/parse.h"
#include "identity/access.h"

namespace oc {
namespace {

nlohmann::json ErrorsJson(const FieldErrors& errors) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& e : errors) arr.push_back({{"pointer", e.pointer}, {"code", e.code}, {"message", e.message}});
  return arr;
}

}  // namespace

namespace clearance_internal {

std::string ChangedPointers(const std::string& before, const std::string& after) {
  nlohmann::json patch = nlohmann::json::diff(nlohmann::json::parse(before), nlohmann::json::parse(after));
  nlohmann::json paths = nlohmann::json::array();
  for (const auto& op : patch) paths.push_back(op["path"]);
  return paths.dump();
}

Reply Fail(Status st, FieldErrors errors) {
  Reply r;
  r.status = std::move(st);
  r.errors = std::move(errors);
  return r;
}

TransitionEntry MakeTransition(Action a, const LifecycleState& from, const LifecycleState& to, DeclarationType type,
                               const std::string& actor, std::string reason, int64_t at) {
  TransitionEntry t;
  t.action = a;
  t.from = from;
  t.to = to;
  t.cusres = CusresCode(to, type);
  t.actor = actor;
  t.reason = std::move(reason);
  t.at_ms = at;
  return t;
}

// The reply to a declaration update: the record, or the store's status with the field errors
// and current state that the decision noted.
Done<DeclarationRecord> ReplyWhenDone(std::shared_ptr<Reply> noted, ReplyFn done) {
  return [noted, done = std::move(done)](Result<DeclarationRecord> r) {
    Reply rep;
    rep.errors = noted->errors;  // also on success: a submitted draft that was rejected
    if (!r.ok()) {
      rep.status = r.status();
      if (r.status().code() == "illegal_transition") rep.current_state = noted->current_state;
      return done(std::move(rep));
    }
    rep.record = std::move(r.value());
    done(std::move(rep));
  };
}

std::string AssessmentDetails(const tariff::DeclarationAssessment& a) {
  nlohmann::json by_tax = nlohmann::json::object();
  for (const auto& [k, v] : a.totals_by_kind) by_tax[k] = v.ToFixed(2);
  return nlohmann::json{{"schedule", a.schedule},        {"currency", a.currency},
                        {"customs_value", a.customs_value.ToFixed(2)}, {"total", a.total.ToFixed(2)},
                        {"payable", a.payable.ToFixed(2)}, {"secured", a.secured.ToFixed(2)},
                        {"by_tax", by_tax},              {"officer_review", a.officer_review}}
      .dump();
}

}  // namespace clearance_internal

using namespace clearance_internal;

std::optional<Actor> ActorOf(const Principal& p) {
  switch (p.role) {
    case Role::kTrader: return Actor::kTrader;
    case Role::kRiskOfficer:
    case Role::kInspectionOfficer: return Actor::kOfficer;
    case Role::kSupervisor: return Actor::kSupervisor;
    case Role::kAdmin: return std::nullopt;
  }
  return std::nullopt;
}

ClearanceService::ClearanceService(ClearanceStores stores, std::shared_ptr<const ReferenceData> ref, ClearanceConfig config)
    : declarations_(stores.declarations), notifications_(stores.notifications), risk_records_(stores.risk), journeys_(stores.journeys), ref_(std::move(ref)), config_(std::move(config)) {}

ValidationPolicy ClearanceService::Policy() const {
  ValidationPolicy p;
  p.country = config_.country;
  p.national_currency = config_.national_currency;
  p.today_days = TodayUtcDays();
  return p;
}

FieldErrors ClearanceService::Check(const Declaration& d) const {
  FieldErrors errors;
  ValidateDeclaration(d, *ref_, Policy(), errors);
  if (config_.schedule) {
    // A specific rate needs its quantity: a missing one is an error of the declaration (asked of
    // every item whose code and origin passed, together with the other errors).
    int64_t today = TodayUtcDays();
    auto has_error = [&errors](const std::string& pointer) {
      return std::any_of(errors.begin(), errors.end(), [&](const FieldError& e) { return e.pointer.rfind(pointer, 0) == 0; });
    };
    for (size_t i = 0; i < d.items.size(); ++i) {
      const GoodsItem& it = d.items[i];
      const std::string item = "/items/" + std::to_string(i);
      if (has_error(item + "/commodity") || has_error(item + "/origin")) continue;
      std::string code = it.commodity.hs + it.commodity.national;
      for (const auto& unit : tariff::UnitsNeeded(*config_.schedule, code, it.origin, today)) {
        bool have = false;
        if (it.supplementary) have = tariff::ConvertQuantity({it.supplementary->quantity, it.supplementary->unit}, unit).has_value();
        if (!have) have = tariff::ConvertQuantity({it.net_mass, "KGM"}, unit).has_value();
        if (!have)
          errors.push_back({"/items/" + std::to_string(i) + "/supplementary", "quantity_required",
                            "item " + std::to_string(it.seq) + ": the tariff measures for " + code +
                                " need the quantity in " + unit});
      }
    }
  }
  return errors;
}

Result<AssessmentView> ClearanceService::Assess(const Principal& who, const std::string& ref, int version,
                                               std::string_view language) {
  if (!config_.schedule || !config_.rates) return Status::Unavailable("no tariff schedule is configured");
  auto rec = Get(who, ref);
  if (!rec.ok()) return rec.status();
  auto versions = declarations_.Versions(rec->id);
  if (!versions.ok()) return versions.status();
  if (version == 0) version = rec->version;
  int64_t day = rec->created_ms / 86400000;
  auto assess = [&](int v) -> Result<tariff::DeclarationAssessment> {
    for (const auto& e : versions.value()) {
      if (e.version != v) continue;
      auto parsed = ParseDeclarationText(e.content_json);
      if (!parsed.ok()) return parsed.status();
      tariff::DeclarationAssessment a;
      FieldErrors errors = tariff::AssessDeclaration(parsed->declaration, *config_.schedule, *config_.rates, *ref_, day, a);
      if (!errors.empty()) {
        std::string msg;
        for (const auto& err : errors) msg += (msg.empty() ? "" : "; ") + err.pointer + ": " + err.message;
        return Status::Invalid("not_assessable", msg);
      }
      for (auto& item : a.items) tariff::LocaliseLines(*config_.schedule, language, item.lines);
      tariff::LocaliseLines(*config_.schedule, language, a.declaration_lines);
      return a;
    }
    return Status::NotFound("declaration " + ref + " has no version " + std::to_string(v));
  };
  AssessmentView view;
  view.version = version;
  auto current = assess(version);
  if (!current.ok()) return current.status();
  view.assessment = std::move(current.value());
  if (version > 1) {
    auto prev = assess(version - 1);
    if (prev.ok()) view.previous = std::move(prev.value());
  }
  return view;
}

bool ClearanceService::CanSee(const Principal& who, const DeclarationRecord& r) const {
  return access::Allowed(who, access::Action::kReadDeclaration, {r.declarant_tin, r.representative_tin});
}

void ClearanceService::Lodge(const Principal& who, std::string_view body, LodgeMode mode, ReplyFn done) {
  auto parsed = ParseDeclarationText(body);
  if (!parsed.ok()) return done(Fail(parsed.status()));
  if (!parsed->errors.empty()) {
    // Every error at once: what did parse is checked too (a draft only needs to parse).
    FieldErrors errors = std::move(parsed->errors);
    if (mode == LodgeMode::kSubmit) errors = MergeFieldErrors(std::move(errors), Check(parsed->declaration));
    return done(Fail(Status::Invalid("invalid_declaration", "the declaration has errors"), std::move(errors)));
  }
  LodgeParsed(who, std::move(parsed->declaration), mode, std::move(done));
}

void ClearanceService::LodgeParsed(const Principal& who, Declaration d, LodgeMode mode, ReplyFn done) {
  std::string rep_tin = d.parties.representative ? d.parties.representative->tin : "";
  if (Status st = access::Allow(who, access::Action::kLodgeDeclaration, {d.parties.declarant.tin, rep_tin}); !st.ok())
    return done(Fail(st));
  if (mode == LodgeMode::kSubmit) {
    FieldErrors errors = Check(d);
    if (!errors.empty())
      return done(Fail(Status::Invalid("invalid_declaration", "the declaration has errors"), std::move(errors)));
  }
  int64_t now = NowUnixMillis();
  std::string actor = who.ActorLabel();
  NewDeclaration nd;
  nd.lrn = d.lrn;
  nd.declarant_tin = d.parties.declarant.tin;
  nd.representative_tin = rep_tin;
  nd.office = d.office;
  nd.type = d.type;
  nd.item_count = static_cast<int>(d.items.size());
  nd.invoice_total = d.invoice.total.ToString();
  nd.invoice_currency = d.invoice.currency;
  VersionEntry v;
  v.version = 1;
  v.content_json = CanonicalJson(d);
  v.content_hash = Blake2bHex(v.content_json);
  v.actor = actor;
  v.at_ms = now;
  v.search_text = SearchText(d);
  nd.change.new_version = std::move(v);
  LifecycleState draft;
  if (mode == LodgeMode::kDraft) {
    nd.change.lifecycle = draft;
  } else {
    LifecycleState submitted = ApplyAction(draft, d.type, Action::kSubmit).value();
    LifecycleState registered = ApplyAction(submitted, d.type, Action::kRegister).value();
    nd.change.transitions.push_back(MakeTransition(Action::kSubmit, draft, submitted, d.type, actor, "", now));
    nd.change.transitions.push_back(
        MakeTransition(Action::kRegister, submitted, registered, d.type, "system", "accepted", now));
    nd.change.transitions.back().reason_code = "accepted";
    nd.change.lifecycle = registered;
    nd.change.assign_mrn = true;
    nd.change.mrn_country = config_.country;
    DecideOnRegistration(d, nd);
  }
  std::shared_ptr<const risk::Decision> decision;
  if (nd.change.risk_decision) decision = std::make_shared<risk::Decision>(*nd.change.risk_decision);
  FieldErrors warnings;
  if (checker_) warnings = checker_->Warnings(d);
  if (config_.rates)
    for (auto& w : tariff::DeclaredRateWarnings(d, *config_.rates, config_.national_currency)) warnings.push_back(std::move(w));
  declarations_.CreateDeclaration(std::move(nd), [this, decision, warnings = std::move(warnings),
                                           done = std::move(done)](Result<CreateOutcome> r) mutable {
    if (!r.ok()) return done(Fail(r.status()));
    Reply rep;
    rep.warnings = std::move(warnings);
    rep.created = r->created;
    rep.record = std::move(r->record);
    if (rep.created && decision && risk_) risk_->Recorded(rep.record->id, *decision, /*values_written=*/false);
    if (rep.created && rep.record->lifecycle.state == State::kRegistered && rep.record->lane.empty())
      return AfterRegistration(std::move(rep), done);
    done(std::move(rep));
  });
}

void ClearanceService::Act(const Principal& who, int64_t id, Action action, ControlType control, std::string reason,
                           ReplyFn done) {
  auto actor = ActorOf(who);
  if (action == Action::kAmend || action == Action::kRegister || action == Action::kReject)
    return done(Fail(Status::Invalid("unsupported_action", std::string("'") + ActionName(action) +
                                                               "' is not an action a user can request here")));
  // The policy keeps administrators out of the lifecycle; the lifecycle says which moves the others request.
  if (!access::Allowed(who, access::Action::kActOnDeclaration) || !actor || !ActorMayTake(*actor, action))
    return done(Fail(Status::Forbidden(std::string("role '") + RoleName(who.role) + "' may not " + ActionName(action))));
  auto failure = std::make_shared<Reply>();
  std::string actor_label = who.ActorLabel();
  Principal caller = who;
  DecideFn decide = [this, caller, action, control, reason, actor_label, failure,
                     actor = *actor](const DeclarationRecord& cur) -> Result<DeclarationChange> {
    if (!CanSee(caller, cur)) return Status::NotFound("no declaration with id " + std::to_string(cur.id));
    failure->current_state = StateName(cur.lifecycle.state);
    int64_t now = NowUnixMillis();
    DeclarationChange ch;
    if (action == Action::kSubmit) {
      // A draft is checked now; a rejected one is kept, with its errors, for the trader to see.
      auto next = ApplyAction(cur.lifecycle, cur.type, Action::kSubmit, control, actor);
      if (!next.ok()) return next.status();
      ch.transitions.push_back(MakeTransition(Action::kSubmit, cur.lifecycle, next.value(), cur.type, actor_label, reason, now));
      auto parsed = ParseDeclarationJson(nlohmann::json::parse(cur.content_json));
      FieldErrors errors = MergeFieldErrors(std::move(parsed.errors), Check(parsed.declaration));
      Action verdict = errors.empty() ? Action::kRegister : Action::kReject;
      LifecycleState final_state = ApplyAction(next.value(), cur.type, verdict).value();
      TransitionEntry t = MakeTransition(verdict, next.value(), final_state, cur.type, "system",
                                         errors.empty() ? "accepted" : "the declaration has errors", now);
      t.reason_code = errors.empty() ? "accepted" : "has_errors";
      if (!errors.empty()) t.details_json = nlohmann::json{{"errors", ErrorsJson(errors)}}.dump();
      failure->errors = errors;
      ch.transitions.push_back(std::move(t));
      ch.lifecycle = final_state;
      ch.assign_mrn = errors.empty();
      ch.mrn_country = config_.country;
      return ch;
    }
    auto next = ApplyAction(cur.lifecycle, cur.type, action, control, actor);
    if (!next.ok()) return next.status();
    ch.lifecycle = next.value();
    TransitionEntry t = MakeTransition(action, cur.lifecycle, next.value(), cur.type, actor_label, reason, now);
    if (action == Action::kAssess && config_.schedule && config_.rates)
      if (Status st = AddAssessment(cur, t, ch, &failure->errors, now); !st.ok()) return st;
    if (action == Action::kRelease && config_.schedule) {
      auto blockers = payment::ReleaseBlockers(cur.debt, cur.version);
      if (!blockers.empty()) {
        std::string why;
        for (const auto& b : blockers) why += (why.empty() ? "" : "; ") + b.text;
        return Status::Conflict("debt_not_settled", "the goods cannot be released: " + why);
      }
    }
    if (action == Action::kInvalidate && cur.debt)
      ch.debt = payment::PlanInvalidation(*cur.debt, "declaration invalidated" + (reason.empty() ? "" : ": " + reason));
    if (action == Action::kExit && cur.type == DeclarationType::kTransit && cur.debt && !cur.debt->guarantee.empty()) {
      // Arrival at the office of destination discharges the transit procedure.
      ch.debt = payment::DebtChange{};
      ch.debt->release_guarantee = true;
    }
    ch.transitions.push_back(std::move(t));
    return ch;
  };
  if (action == Action::kSubmit) {
    // A draft submitted and registered is decided like a direct lodgement.
    done = [this, done = std::move(done)](Reply rep) {
      if (rep.status.ok() && rep.record && rep.record->lifecycle.state == State::kRegistered)
        return AfterRegistration(std::move(rep), done);
      done(std::move(rep));
    };
  }
  declarations_.UpdateDeclaration(id, std::move(decide), ReplyWhenDone(failure, std::move(done)));
}

Status ClearanceService::AddAssessment(const DeclarationRecord& cur, TransitionEntry& t, DeclarationChange& ch,
                                       FieldErrors* errors, int64_t now) const {
  // Assessing means the duties can be computed: the amounts are recorded with the transition.
  auto assessed = AssessContent(cur, errors);
  if (!assessed.ok()) return assessed.status();
  const tariff::DeclarationAssessment& a = assessed.value();
  t.details_json = AssessmentDetails(a);
  // The debt follows the assessment: a payment order for what is due, a refund for what was
  // overpaid.
  ch.debt = payment::PlanAssessment(cur.debt, a, cur.version, now);
  return Status::Ok();
}

Result<tariff::DeclarationAssessment> ClearanceService::AssessContent(const DeclarationRecord& r, FieldErrors* errors) const {
  if (!config_.schedule || !config_.rates) return Status::Unavailable("no tariff schedule is configured");
  auto parsed = ParseDeclarationText(r.content_json);
  if (!parsed.ok()) return parsed.status();
  return AssessParsed(parsed->declaration, r.created_ms, errors);
}

Result<tariff::DeclarationAssessment> ClearanceService::AssessParsed(const Declaration& d, int64_t registered_ms,
                                                                     FieldErrors* errors) const {
  if (!config_.schedule || !config_.rates) return Status::Unavailable("no tariff schedule is configured");
  tariff::DeclarationAssessment a;
  FieldErrors errs = tariff::AssessDeclaration(d, *config_.schedule, *config_.rates, *ref_, registered_ms / 86400000, a);
  if (!errs.empty()) {
    if (errors) *errors = errs;
    return Status::Invalid("not_assessable", "the duties of this declaration cannot be computed");
  }
  return a;
}

void ClearanceService::UpdateDebt(const Principal& who, int64_t id,
                                  std::function<Result<payment::DebtChange>(const DeclarationRecord&, Reply&)> plan,
                                  ReplyFn done) {
  auto failure = std::make_shared<Reply>();
  Principal caller = who;
  DecideFn decide = [this, caller, plan = std::move(plan), failure](const DeclarationRecord& cur) -> Result<DeclarationChange> {
    if (!CanSee(caller, cur)) return Status::NotFound("no declaration with id " + std::to_string(cur.id));
    failure->current_state = StateName(cur.lifecycle.state);
    auto debt = plan(cur, *failure);
    if (!debt.ok()) return debt.status();
    DeclarationChange ch;
    ch.lifecycle = cur.lifecycle;
    ch.debt = std::move(debt.value());
    return ch;
  };
  declarations_.UpdateDeclaration(id, std::move(decide), ReplyWhenDone(failure, std::move(done)));
}

void ClearanceService::ReserveGuarantee(const Principal& who, int64_t id, std::string guarantee, ReplyFn done) {
  if (Status st = access::Allow(who, access::Action::kProvideGuarantee); !st.ok()) return done(Fail(st));
  if (!config_.schedule) return done(Fail(Status::Unavailable("no tariff schedule is configured")));
  UpdateDebt(who, id, [this, guarantee](const DeclarationRecord& cur, Reply& failure) -> Result<payment::DebtChange> {
    State s = cur.lifecycle.state;
    if (s != State::kRegistered && s != State::kUnderControl && s != State::kAssessed && s != State::kHeld)
      return Status::Conflict("illegal_transition", std::string("a guarantee is provided before release; the declaration is ") +
                                                        StateName(s));
    payment::DebtChange ch;
    if (cur.debt && cur.debt->version == cur.version) {
      ch.debt = *cur.debt;
    } else {
      // Not assessed yet (e.g. transit goods that carry no payable duty): the guarantee is
      // sized by the assessment made now.
      auto a = AssessContent(cur, &failure.errors);
      if (!a.ok()) return a.status();
      ch = payment::PlanAssessment(cur.debt, a.value(), cur.version, NowUnixMillis());
    }
    if (ch.debt->ToSecure() == 0)
      return Status::Invalid("nothing_to_secure", "the procedure of this declaration suspends no duties or taxes; "
                                                   "its debt is paid, not guaranteed");
    ch.reserve_guarantee = guarantee;
    return ch;
  }, [this, id, done = std::move(done)](Reply rep) {
    // Secured duties release a green-lane declaration that was waiting for them.
    if (!rep.status.ok() || !rep.record || rep.record->lifecycle.state != State::kAssessed) return done(std::move(rep));
    auto secured = std::make_shared<Reply>(std::move(rep));
    AutoRelease(id, [secured, done](Reply released) {
      if (released.status.ok() && released.record) secured->record = std::move(released.record);
      done(std::move(*secured));
    });
  });
}

void ClearanceService::Discharge(const Principal& who, int64_t id, ReplyFn done) {
  if (Status st = access::Allow(who, access::Action::kDischargeProcedure); !st.ok()) return done(Fail(st));
  UpdateDebt(who, id, [](const DeclarationRecord& cur, Reply&) -> Result<payment::DebtChange> {
    if (cur.lifecycle.state != State::kReleased && cur.lifecycle.state != State::kExited)
      return Status::Conflict("illegal_transition", std::string("only released goods are discharged; the declaration is ") +
                                                        StateName(cur.lifecycle.state));
    if (!cur.debt || cur.debt->guarantee.empty())
      return Status::Conflict("nothing_to_discharge", "no guarantee secures this declaration");
    payment::DebtChange ch;
    ch.release_guarantee = true;
    return ch;
  }, std::move(done));
}

void ClearanceService::Amend(const Principal& who, int64_t id, std::string_view body, std::string reason_code,
                             std::string reason, ReplyFn done) {
  if (Status st = access::Allow(who, access::Action::kAmendDeclaration); !st.ok()) return done(Fail(st));
  if (reason_code.empty() || reason_code.size() > 8)
    return done(Fail(Status::Invalid("reason_code_required", "an amendment needs a reason code (1-8 characters)")));
  auto parsed = ParseDeclarationText(body);
  if (!parsed.ok()) return done(Fail(parsed.status()));
  if (!parsed->errors.empty())
    return done(Fail(Status::Invalid("invalid_declaration", "the amended declaration has errors"),
                     MergeFieldErrors(std::move(parsed->errors), Check(parsed->declaration))));
  Declaration d = std::move(parsed->declaration);
  auto content = std::make_shared<std::string>(CanonicalJson(d));
  auto failure = std::make_shared<Reply>();
  FieldErrors errors = Check(d);
  Principal caller = who;
  std::string actor_label = who.ActorLabel();
  DecideFn decide = [this, caller, d = std::move(d), content, errors, reason_code, reason, actor_label,
                     failure](const DeclarationRecord& cur) -> Result<DeclarationChange> {
    if (!CanSee(caller, cur)) return Status::NotFound("no declaration with id " + std::to_string(cur.id));
    failure->current_state = StateName(cur.lifecycle.state);
    if (d.lrn != cur.lrn || d.parties.declarant.tin != cur.declarant_tin || d.type != cur.type) {
      failure->errors = {{"/lrn", "immutable_element", "an amendment keeps the LRN, declarant and declaration type"}};
      return Status::Invalid("invalid_amendment", "an amendment keeps the LRN, declarant and declaration type");
    }
    // Drafts may be saved incomplete; a declaration already lodged must stay valid.
    if (cur.lifecycle.state != State::kDraft && !errors.empty()) {
      failure->errors = errors;
      return Status::Invalid("invalid_declaration", "the amended declaration has errors");
    }
    if (*content == cur.content_json) return Status::Invalid("no_change", "the amendment changes nothing");
    auto next = ApplyAction(cur.lifecycle, cur.type, Action::kAmend);
    if (!next.ok()) return next.status();
    int64_t now = NowUnixMillis();
    DeclarationChange ch;
    ch.lifecycle = next.value();
    VersionEntry v;
    v.version = cur.version + 1;
    v.content_json = *content;
    v.content_hash = Blake2bHex(*content);
    v.reason_code = reason_code;
    v.reason = reason;
    v.changed_json = ChangedPointers(cur.content_json, *content);
    v.actor = actor_label;
    v.at_ms = now;
    v.search_text = SearchText(d);
    TransitionEntry t = MakeTransition(Action::kAmend, cur.lifecycle, next.value(), cur.type, actor_label,
                                       reason_code + (reason.empty() ? "" : ": " + reason), now);
    t.cusres = "15";  // Response after correction, correction approved
    t.version = v.version;
    t.details_json = nlohmann::json{{"version", v.version}, {"changed", nlohmann::json::parse(v.changed_json)}}.dump();
    if (cur.lifecycle.state != State::kDraft) ch.transitions.push_back(std::move(t));
    ch.new_version = std::move(v);
    ch.summary = DeclarationChange::Summary{static_cast<int>(d.items.size()), d.invoice.total.ToString(),
                                            d.invoice.currency};
    return ch;
  };
  // An amended registered declaration is decided again: its new content may carry new risk.
  ReplyFn then = [this, done = std::move(done)](Reply rep) {
    if (rep.status.ok() && rep.record && rep.record->lifecycle.state == State::kRegistered)
      return AfterRegistration(std::move(rep), done);
    done(std::move(rep));
  };
  declarations_.UpdateDeclaration(id, std::move(decide), ReplyWhenDone(failure, std::move(then)));
}

Result<DeclarationRecord> ClearanceService::Get(const Principal& who, const std::string& ref) {
  Result<DeclarationRecord> r = Status::NotFound("no declaration " + ref);
  if (IsValidMrn(ref)) {
    r = declarations_.GetDeclarationByMrn(ref);
  } else if (IsDigits(ref, 1, 18)) {
    r = declarations_.GetDeclaration(std::stoll(ref));
  } else {
    return Status::NotFound("'" + ref + "' is neither a declaration id nor a valid MRN");
  }
  if (!r.ok()) return r.status().kind() == StatusKind::kNotFound ? Status::NotFound("no declaration " + ref) : r.status();
  if (!CanSee(who, r.value())) return Status::NotFound("no declaration " + ref);
  return r;
}

bool ClearanceService::MaySee(const Principal& who, int64_t declaration_id) {
  if (access::Unrestricted(who, access::Action::kReadDeclaration)) return true;
  auto r = declarations_.GetDeclaration(declaration_id);
  return r.ok() && CanSee(who, r.value());
}

Result<std::vector<DeclarationRecord>> ClearanceService::List(const Principal& who, DeclarationFilter f) {
  if (access::Unrestricted(who, access::Action::kReadDeclaration)) f.visible_to_org.clear();
  else f.visible_to_org = who.org_tin.empty() ? "\x01" : who.org_tin;
  return declarations_.ListDeclarations(f);
}

Result<std::vector<TransitionEntry>> ClearanceService::History(const Principal& who, const std::string& ref) {
  auto r = Get(who, ref);
  if (!r.ok()) return r.status();
  auto history = declarations_.History(r->id);
  if (!history.ok() || access::Allowed(who, access::Action::kReadConfidentialRisk)) return history;
  for (auto& t : history.value()) t.internal_reason.clear();
  return history;
}

Result<DeclarationTimeline> ClearanceService::Timeline(const Principal& who, const std::string& ref) {
  auto r = Get(who, ref);
  if (!r.ok()) return r.status();
  DeclarationTimeline out;
  auto history = History(who, std::to_string(r->id));
  if (!history.ok()) return history.status();
  out.transitions = std::move(history).value();
  if (!journeys_ || r->type != DeclarationType::kTransit) return out;
  auto j = journeys_->JourneyOfDeclaration(r->id);
  if (!j.ok() && j.status().code() == "unknown_journey") return out;
  if (!j.ok()) return j.status();
  auto alerts = journeys_->ListAlerts({j->id, false, "", 0, 100000});
  if (!alerts.ok()) return alerts.status();
  out.journey_events = tracking::JourneyTimeline(j.value(), alerts.value());
  return out;
}

Result<std::vector<VersionEntry>> ClearanceService::Versions(const Principal& who, const std::string& ref) {
  auto r = Get(who, ref);
  if (!r.ok()) return r.status();
  return declarations_.Versions(r->id);
}

Result<std::vector<NotificationRecord>> ClearanceService::Notifications(const Principal& who, int64_t after, int limit,
                                                                        int64_t declaration_id, int64_t before) {
  if (access::Unrestricted(who, access::Action::kReadNotifications))
    return notifications_.Notifications("", after, limit, declaration_id, before);
  if (who.org_tin.empty()) return std::vector<NotificationRecord>{};
  return notifications_.Notifications(who.org_tin, after, limit, declaration_id, before);
}

}  // namespace oc
