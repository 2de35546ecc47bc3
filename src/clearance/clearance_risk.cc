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

Result<DeclarationChange> ClearanceService::PlanDecision(const DeclarationRecord& cur, const risk::Decision& d) const {
  if (cur.lifecycle.state != State::kRegistered)
    return Status::Conflict("illegal_transition", std::string("risk decisions are made on registration; the declaration is ") +
                                                      StateName(cur.lifecycle.state));
  DeclarationChange ch;
  ch.lifecycle = cur.lifecycle;
  int64_t now = NowUnixMillis();
  std::string lane = risk::LaneName(d.lane);
  std::string reason = lane + " lane" + (d.reasons.empty() ? "" : ": " + d.reasons.front());
  nlohmann::json details = {{"lane", lane}, {"source", risk::LaneSourceName(d.source)}};
  if (d.lane == risk::Lane::kRed || d.lane == risk::Lane::kYellow) {
    ControlType control = d.lane == risk::Lane::kRed ? ControlType::kPhysical : ControlType::kDocumentary;
    auto next = ApplyAction(cur.lifecycle, cur.type, Action::kControl, control);
    if (!next.ok()) return next.status();
    TransitionEntry t = MakeTransition(Action::kControl, cur.lifecycle, next.value(), cur.type, "system", reason, now);
    t.details_json = details.dump();
    ch.transitions.push_back(std::move(t));
    ch.lifecycle = next.value();
    return ch;
  }
  // Green and blue: the duties are assessed at once so the goods can go as soon as they are paid.
  if (!config_.schedule || !config_.rates) return ch;
  auto next = ApplyAction(cur.lifecycle, cur.type, Action::kAssess);
  if (!next.ok()) return ch;
  TransitionEntry t = MakeTransition(Action::kAssess, cur.lifecycle, next.value(), cur.type, "system", reason, now);
  DeclarationChange assessed = ch;
  if (!AddAssessment(cur, t, assessed, nullptr, now).ok()) return ch;  // an officer assesses it by hand
  assessed.transitions.push_back(std::move(t));
  assessed.lifecycle = next.value();
  return assessed;
}

void ClearanceService::AfterRegistration(Reply registered, ReplyFn done) {
  if (!risk_) return done(std::move(registered));
  int64_t id = registered.record->id;
  auto rep = std::make_shared<Reply>(std::move(registered));
  risk_->DecideAsync(id, [this, id, rep, done = std::move(done)](Result<DeclarationRecord> decided) mutable {
    // A failed decision leaves the declaration registered without a lane; the startup sweep
    // (RiskService::DecideMissing) decides it again. The lodgement itself has succeeded.
    if (!decided.ok()) {
      spdlog::warn("risk decision of declaration {} failed: {}", id, decided.status().ToString());
      return done(std::move(*rep));
    }
    rep->record = std::move(decided.value());
    if (!ReleasesAtOnce(rep->record->lane) || rep->record->lifecycle.state != State::kAssessed)
      return done(std::move(*rep));
    AutoRelease(id, [rep, done = std::move(done)](Reply released) {
      if (released.status.ok() && released.record) rep->record = std::move(released.record);
      done(std::move(*rep));
    });
  });
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
