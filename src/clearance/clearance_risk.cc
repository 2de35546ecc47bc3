// ClearanceService and the risk engine: the decision on registration and what its lane does to
// the lifecycle, the automatic release of green lanes, and inspection results.
#include <future>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "clearance/clearance_internal.h"
#include "clearance/clearance_service.h"
#include "clearance/risk_service.h"
#include "common/dates.h"
#include "identity/access.h"
#include "payment/debt.h"

namespace oc {

using namespace clearance_internal;

namespace {

bool ReleasesAtOnce(const std::string& lane) { return lane == "green" || lane == "blue"; }

}  // namespace

void ClearanceService::SetRisk(RiskService* risk) { risk_ = risk; }

Result<std::function<Result<DeclarationChange>(const DeclarationRecord&)>> ClearanceService::PlanDecision(
    const Declaration& decided_on, int64_t registered_ms, const risk::Decision& d) const {
  // Green and blue: the duties are assessed at once so the goods can go as soon as they are
  // paid. Assessing is the costly part; it is done here, on the risk worker.
  std::optional<tariff::DeclarationAssessment> assessment;
  bool releasing_lane = d.lane == risk::Lane::kGreen || d.lane == risk::Lane::kBlue;
  if (releasing_lane && config_.schedule && config_.rates) {
    auto a = AssessParsed(decided_on, registered_ms, nullptr);
    if (a.ok()) assessment = std::move(a.value());  // else an officer assesses it by hand
  }
  // The declarant learns the lane and what it asks; the criteria, scores and factors behind it
  // stay with customs (the risk decision, and the transition's internal reason).
  std::string lane = risk::LaneName(d.lane);
  std::string reason = risk::PublicLaneReason(d.lane);
  std::string reason_code = "lane_" + lane;
  std::string internal = lane + " lane" + (d.reasons.empty() ? "" : ": " + d.reasons.front().text);
  std::string details = nlohmann::json{{"lane", lane}}.dump();
  risk::Lane decided_lane = d.lane;
  return std::function<Result<DeclarationChange>(const DeclarationRecord&)>(
      [assessment = std::move(assessment), reason, reason_code, internal, details,
       decided_lane](const DeclarationRecord& cur) -> Result<DeclarationChange> {
        if (cur.lifecycle.state != State::kRegistered)
          return Status::Conflict("illegal_transition", std::string("risk decisions are made on registration; the "
                                                                    "declaration is ") + StateName(cur.lifecycle.state));
        DeclarationChange ch;
        ch.lifecycle = cur.lifecycle;
        int64_t now = NowUnixMillis();
        if (decided_lane == risk::Lane::kRed || decided_lane == risk::Lane::kYellow) {
          ControlType control = decided_lane == risk::Lane::kRed ? ControlType::kPhysical : ControlType::kDocumentary;
          auto next = ApplyAction(cur.lifecycle, cur.type, Action::kControl, control);
          if (!next.ok()) return next.status();
          TransitionEntry t = MakeTransition(Action::kControl, cur.lifecycle, next.value(), cur.type, "system", reason, now);
          t.reason_code = reason_code;
          t.internal_reason = internal;
          t.details_json = details;
          ch.transitions.push_back(std::move(t));
          ch.lifecycle = next.value();
          return ch;
        }
        if (!assessment) return ch;
        auto next = ApplyAction(cur.lifecycle, cur.type, Action::kAssess);
        if (!next.ok()) return ch;
        TransitionEntry t = MakeTransition(Action::kAssess, cur.lifecycle, next.value(), cur.type, "system", reason, now);
        t.reason_code = reason_code;
        t.internal_reason = internal;
        t.details_json = AssessmentDetails(*assessment);
        ch.debt = payment::PlanAssessment(cur.debt, *assessment, cur.version, now);
        ch.transitions.push_back(std::move(t));
        ch.lifecycle = next.value();
        // Nothing to pay or secure (duty-free goods): released in the same write.
        if (!ch.debt->debt || !payment::ReleaseBlockers(ch.debt->debt, cur.version).empty()) return ch;
        auto released = ApplyAction(ch.lifecycle, cur.type, Action::kRelease);
        if (!released.ok()) return ch;
        TransitionEntry r = MakeTransition(Action::kRelease, ch.lifecycle, released.value(), cur.type, "system",
                                           std::string(risk::LaneName(decided_lane)) +
                                               " lane: released automatically, nothing to pay or secure",
                                           now);
        r.reason_code = "released_nothing_due";
        r.details_json = nlohmann::json{{"automatic", true}, {"lane", risk::LaneName(decided_lane)}}.dump();
        ch.transitions.push_back(std::move(r));
        ch.lifecycle = released.value();
        return ch;
      });
}

void ClearanceService::DecideOnRegistration(const Declaration& d, NewDeclaration& nd) const {
  if (!risk_) return;
  const VersionEntry& v = *nd.change.new_version;
  auto decision = risk_->Decide(d, RiskService::Subject{0, v.version, v.at_ms, nd.declarant_tin, nd.lrn});
  if (!decision.ok()) {
    spdlog::warn("risk decision of {}/{} failed, deciding after registration: {}", nd.declarant_tin, nd.lrn,
                 decision.status().ToString());
    return;
  }
  auto step = PlanDecision(d, v.at_ms, decision.value());
  if (!step.ok()) return;
  // The step sees the record as the store will have it once registered.
  DeclarationRecord registered;
  registered.type = nd.type;
  registered.lifecycle = nd.change.lifecycle;
  registered.version = v.version;
  auto change = step.value()(registered);
  if (!change.ok()) return;
  for (auto& t : change->transitions) nd.change.transitions.push_back(std::move(t));
  nd.change.lifecycle = change->lifecycle;
  nd.change.debt = std::move(change->debt);
  nd.change.risk_decision = std::move(decision.value());
}

void ClearanceService::AfterRegistration(Reply registered, ReplyFn done) {
  if (!risk_) return done(std::move(registered));
  int64_t id = registered.record->id;
  // Registered without a decision (a draft submitted, an amendment, or the engine failed on
  // registration): the registration is durable and answered now; the decision follows on the
  // risk workers and reaches the trader as a notification. One still missing at start-up is
  // decided then.
  BackgroundStarted();  // before the answer, so that whoever waits after it waits for this too
  done(std::move(registered));
  DecideStored(id, [this, id](Result<DeclarationRecord> decided) {
    if (!decided.ok()) {
      spdlog::warn("risk decision of declaration {} failed: {}", id, decided.status().ToString());
      return BackgroundDone();
    }
    if (!ReleasesAtOnce(decided->lane) || decided->lifecycle.state != State::kAssessed) return BackgroundDone();
    AutoRelease(id, [this](Reply) { BackgroundDone(); });
  });
}

void ClearanceService::DecideStored(int64_t id, std::function<void(Result<DeclarationRecord>)> done) {
  // Deciding and planning (the assessment) run on the risk worker; the store applies the step
  // to the record as it is when written.
  risk_->DecideStoredAsync(id, [this, id, done = std::move(done)](Result<RiskService::StoredDecision> decided) {
    if (!decided.ok()) return done(decided.status());
    auto d = std::make_shared<risk::Decision>(std::move(decided->decision));
    auto step = PlanDecision(decided->declaration, decided->record.created_ms, *d);
    if (!step.ok()) return done(step.status());
    declarations_.UpdateDeclaration(
        id,
        [d, step = std::move(step.value())](const DeclarationRecord& cur) -> Result<DeclarationChange> {
          if (cur.version != d->version)
            return Status::Conflict("stale_decision", "the declaration changed while it was being decided");
          auto ch = step(cur);
          if (!ch.ok()) return ch.status();
          ch->risk_decision = *d;
          return ch;
        },
        [this, id, d, done](Result<DeclarationRecord> r) {
          if (r.ok()) risk_->Recorded(id, *d, /*values_written=*/true);
          done(std::move(r));
        });
  });
}

int ClearanceService::DecideMissing() {
  if (!risk_) return 0;
  DeclarationFilter f;
  f.states = {"registered"};
  f.limit = 100000;
  auto list = declarations_.ListDeclarations(f);
  if (!list.ok()) return 0;
  int n = 0;
  for (const auto& r : list.value()) {
    if (!r.lane.empty()) continue;
    std::promise<void> decided;
    DecideStored(r.id, [&decided](Result<DeclarationRecord>) { decided.set_value(); });
    decided.get_future().wait();
    ++n;
  }
  return n;
}

void ClearanceService::BackgroundStarted() {
  std::lock_guard lk(background_mu_);
  ++background_;
}

void ClearanceService::BackgroundDone() {
  std::lock_guard lk(background_mu_);
  if (--background_ == 0) background_cv_.notify_all();
}

void ClearanceService::WaitForBackground() {
  std::unique_lock lk(background_mu_);
  background_cv_.wait(lk, [this] { return background_ == 0; });
}

void ClearanceService::AutoRelease(int64_t id, ReplyFn done) {
  auto failure = std::make_shared<Reply>();
  DecideFn decide = [this, failure](const DeclarationRecord& cur) -> Result<DeclarationChange> {
    failure->current_state = StateName(cur.lifecycle.state);
    if (!ReleasesAtOnce(cur.lane))
      return Status::Conflict("not_releasable", "the declaration is in the " + (cur.lane.empty() ? std::string("(no)") : cur.lane) +
                                                    " lane; an officer releases it");
    if (cur.lifecycle.state != State::kAssessed)
      return Status::Conflict("not_releasable", std::string("the declaration is ") + StateName(cur.lifecycle.state));
    if (config_.schedule) {
      auto blockers = payment::ReleaseBlockers(cur.debt, cur.version);
      if (!blockers.empty()) return Status::Conflict("not_releasable", "waiting for: " + blockers.front().text);
    }
    auto next = ApplyAction(cur.lifecycle, cur.type, Action::kRelease);
    if (!next.ok()) return next.status();
    DeclarationChange ch;
    ch.lifecycle = next.value();
    TransitionEntry t = MakeTransition(Action::kRelease, cur.lifecycle, next.value(), cur.type, "system",
                                       cur.lane + " lane: released automatically, duties settled or secured", NowUnixMillis());
    t.reason_code = "released_settled";
    t.details_json = nlohmann::json{{"automatic", true}, {"lane", cur.lane}}.dump();
    ch.transitions.push_back(std::move(t));
    return ch;
  };
  declarations_.UpdateDeclaration(id, std::move(decide), ReplyWhenDone(failure, std::move(done)));
}

void ClearanceService::RecordInspection(const Principal& who, int64_t id, risk::Inspection inspection, ReplyFn done) {
  if (Status st = access::Allow(who, access::Action::kRecordInspection); !st.ok()) return done(Fail(st));
  inspection.officer = who.ActorLabel();
  inspection.at_ms = NowUnixMillis();
  auto failure = std::make_shared<Reply>();
  Principal caller = who;
  DecideFn decide = [this, caller, inspection, failure](const DeclarationRecord& cur) -> Result<DeclarationChange> {
    if (!CanSee(caller, cur)) return Status::NotFound("no declaration with id " + std::to_string(cur.id));
    State s = cur.lifecycle.state;
    failure->current_state = StateName(s);
    // Inspected goods are under control, assessed, held or detained; released ones are audited
    // after clearance (the blue lane).
    if (s != State::kUnderControl && s != State::kAssessed && s != State::kHeld && s != State::kDetained &&
        s != State::kReleased && s != State::kExited)
      return Status::Conflict("illegal_transition", std::string("there is nothing to inspect while the declaration is ") +
                                                        StateName(s));
    DeclarationChange ch;
    ch.lifecycle = cur.lifecycle;
    ch.inspection = inspection;
    ch.inspection->declaration_id = cur.id;
    if (inspection.outcome == risk::InspectionOutcome::kSeizure && s != State::kDetained) {
      auto next = ApplyAction(cur.lifecycle, cur.type, Action::kDetain, ControlType::kNone, Actor::kOfficer);
      if (next.ok()) {
        ch.transitions.push_back(MakeTransition(Action::kDetain, cur.lifecycle, next.value(), cur.type,
                                                caller.ActorLabel(), "goods seized on inspection", inspection.at_ms));
        ch.transitions.back().reason_code = "seized";
        ch.lifecycle = next.value();
      }
    }
    return ch;
  };
  declarations_.UpdateDeclaration(id, std::move(decide), ReplyWhenDone(failure, std::move(done)));
}

}  // namespace oc
