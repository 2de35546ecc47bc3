// ClearanceService and the risk engine: the decision on registration and what its lane does to
// the lifecycle, the automatic release of green lanes, and inspection results.
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "clearance/clearance_internal.h"
#include "clearance/clearance_service.h"
#include "clearance/risk_service.h"
#include "common/dates.h"
#include "payment/debt.h"

namespace oc {

using namespace clearance_internal;

namespace {

bool ReleasesAtOnce(const std::string& lane) { return lane == "green" || lane == "blue"; }

}  // namespace

void ClearanceService::SetRisk(RiskService* risk) {
  risk_ = risk;
  if (risk_)
    risk_->SetLifecyclePlan(
        [this](const DeclarationRecord& cur, const risk::Decision& d) { return PlanDecision(cur, d); });
}

Result<std::function<Result<DeclarationChange>(const DeclarationRecord&)>> ClearanceService::PlanDecision(
    const DeclarationRecord& decided_on, const risk::Decision& d) const {
  // Green and blue: the duties are assessed at once so the goods can go as soon as they are
  // paid. Assessing is the costly part; it is done here, on the risk worker.
  std::optional<tariff::DeclarationAssessment> assessment;
  bool releasing_lane = d.lane == risk::Lane::kGreen || d.lane == risk::Lane::kBlue;
  if (releasing_lane && config_.schedule && config_.rates) {
    auto a = AssessContent(decided_on, nullptr);
    if (a.ok()) assessment = std::move(a.value());  // else an officer assesses it by hand
  }
  std::string lane = risk::LaneName(d.lane);
  std::string reason = lane + " lane" + (d.reasons.empty() ? "" : ": " + d.reasons.front());
  std::string details = nlohmann::json{{"lane", lane}, {"source", risk::LaneSourceName(d.source)}}.dump();
  risk::Lane decided_lane = d.lane;
  return std::function<Result<DeclarationChange>(const DeclarationRecord&)>(
      [assessment = std::move(assessment), reason, details, decided_lane](const DeclarationRecord& cur) -> Result<DeclarationChange> {
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
          t.details_json = details;
          ch.transitions.push_back(std::move(t));
          ch.lifecycle = next.value();
          return ch;
        }
        if (!assessment) return ch;
        auto next = ApplyAction(cur.lifecycle, cur.type, Action::kAssess);
        if (!next.ok()) return ch;
        TransitionEntry t = MakeTransition(Action::kAssess, cur.lifecycle, next.value(), cur.type, "system", reason, now);
        t.details_json = AssessmentDetails(*assessment);
        ch.debt = payment::PlanAssessment(cur.debt, *assessment, cur.version, now);
        ch.transitions.push_back(std::move(t));
        ch.lifecycle = next.value();
        return ch;
      });
}

void ClearanceService::AfterRegistration(Reply registered, ReplyFn done) {
  if (!risk_) return done(std::move(registered));
  int64_t id = registered.record->id;
  // The registration is durable and answered now; the decision follows on the risk workers and
  // reaches the trader as a notification (control or assessment), like any later transition.
  // Deciding before the answer would halve lodging throughput for no gain in safety: a
  // registered declaration without a lane is decided again at start-up.
  BackgroundStarted();  // before the answer, so that whoever waits after it waits for this too
  done(std::move(registered));
  risk_->DecideAsync(id, [this, id](Result<DeclarationRecord> decided) {
    if (!decided.ok()) {
      spdlog::warn("risk decision of declaration {} failed: {}", id, decided.status().ToString());
      return BackgroundDone();
    }
    if (!ReleasesAtOnce(decided->lane) || decided->lifecycle.state != State::kAssessed) return BackgroundDone();
    AutoRelease(id, [this](Reply) { BackgroundDone(); });
  });
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
      if (!blockers.empty()) return Status::Conflict("not_releasable", "waiting for: " + blockers.front());
    }
    auto next = ApplyAction(cur.lifecycle, cur.type, Action::kRelease);
    if (!next.ok()) return next.status();
    DeclarationChange ch;
    ch.lifecycle = next.value();
    TransitionEntry t = MakeTransition(Action::kRelease, cur.lifecycle, next.value(), cur.type, "system",
                                       cur.lane + " lane: released automatically, duties settled or secured", NowUnixMillis());
    t.details_json = nlohmann::json{{"automatic", true}, {"lane", cur.lane}}.dump();
    ch.transitions.push_back(std::move(t));
    return ch;
  };
  store_.UpdateDeclaration(id, std::move(decide), ReplyWhenDone(failure, std::move(done)));
}

void ClearanceService::RecordInspection(const Principal& who, int64_t id, risk::Inspection inspection, ReplyFn done) {
  if (!(who.role == Role::kInspectionOfficer || who.role == Role::kRiskOfficer || who.role == Role::kSupervisor))
    return done(Fail(Status::Forbidden("inspection results are recorded by customs officers")));
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
        ch.lifecycle = next.value();
      }
    }
    return ch;
  };
  store_.UpdateDeclaration(id, std::move(decide), ReplyWhenDone(failure, std::move(done)));
}

}  // namespace oc
