// ClearanceService as requests reach it: a declaration named by id or MRN is first found with
// the caller's visibility (another organisation's is NotFound), then the use case runs; bulk
// lodgement; the health check.
#include <mutex>

#include "clearance/clearance_internal.h"
#include "clearance/clearance_service.h"
#include "identity/access.h"
#include "store/store.h"  // SqliteSchemaVersion: the backend's schema, for the health check

namespace oc {

using namespace clearance_internal;

void ClearanceService::Act(const Principal& who, const std::string& ref, Action action, ControlType control,
                           std::string reason, ReplyFn done) {
  auto rec = Get(who, ref);
  if (!rec.ok()) return done(Fail(rec.status()));
  Act(who, rec->id, action, control, std::move(reason), std::move(done));
}

void ClearanceService::Withdraw(const Principal& who, const std::string& ref, std::string reason, ReplyFn done) {
  auto rec = Get(who, ref);
  if (!rec.ok()) return done(Fail(rec.status()));
  Action a = rec->lifecycle.state == State::kDraft ? Action::kCancel : Action::kInvalidate;
  // Worded as Act words it: the refusal names the move the state called for.
  if (!access::Allowed(who, access::Action::kWithdrawDeclaration))
    return done(Fail(Status::Forbidden(std::string("role '") + RoleName(who.role) + "' may not " + ActionName(a))));
  Act(who, rec->id, a, ControlType::kNone, std::move(reason), std::move(done));
}

void ClearanceService::Amend(const Principal& who, const std::string& ref, std::string_view body,
                             std::string reason_code, std::string reason, ReplyFn done) {
  auto rec = Get(who, ref);
  if (!rec.ok()) return done(Fail(rec.status()));
  Amend(who, rec->id, body, std::move(reason_code), std::move(reason), std::move(done));
}

void ClearanceService::RecordInspection(const Principal& who, const std::string& ref, risk::Inspection inspection,
                                        ReplyFn done) {
  auto rec = Get(who, ref);
  if (!rec.ok()) return done(Fail(rec.status()));
  RecordInspection(who, rec->id, std::move(inspection), std::move(done));
}

Result<risk::Decision> ClearanceService::RiskDecision(const Principal& who, const std::string& ref) {
  auto rec = Get(who, ref);
  if (!rec.ok()) return rec.status();
  // Traders see their lane on the declaration; why it was chosen is for officers only.
  if (Status st = access::Allow(who, access::Action::kReadRiskDecision); !st.ok()) return st;
  return risk_records_.GetRiskDecision(rec->id);
}

Result<std::vector<risk::Inspection>> ClearanceService::Inspections(const Principal& who, const std::string& ref) {
  auto rec = Get(who, ref);
  if (!rec.ok()) return rec.status();
  if (Status st = access::Allow(who, access::Action::kReadInspections); !st.ok()) return st;
  return risk_records_.Inspections(rec->id);
}

void ClearanceService::LodgeAll(const Principal& who, std::vector<std::string> bodies,
                                std::function<void(std::vector<Reply>)> done) {
  if (Status st = access::Allow(who, access::Action::kLodgeDeclaration); !st.ok())
    return done(std::vector<Reply>(bodies.size(), Fail(st)));
  if (bodies.empty()) return done({});
  struct Batch {
    std::mutex mu;
    std::vector<Reply> replies;
    size_t pending = 0;
    std::function<void(std::vector<Reply>)> done;
  };
  auto batch = std::make_shared<Batch>();
  batch->replies.resize(bodies.size());
  batch->pending = bodies.size();
  batch->done = std::move(done);
  for (size_t i = 0; i < bodies.size(); ++i)
    Lodge(who, bodies[i], LodgeMode::kSubmit, [batch, i](Reply r) {
      std::unique_lock lk(batch->mu);
      batch->replies[i] = std::move(r);
      if (--batch->pending > 0) return;
      lk.unlock();
      batch->done(std::move(batch->replies));
    });
}

Result<int> ClearanceService::Health() {
  auto counts = declarations_.CountByState();
  if (!counts.ok()) return counts.status();
  return SqliteSchemaVersion();
}

}  // namespace oc
