// Corrections after an inspection: the officer's corrected values become the declaration's next
// version, assessed at once; the difference in duties becomes a payment order (or a refund).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "clearance/clearance_internal.h"
#include "clearance/clearance_service.h"
#include "common/dates.h"
#include "common/encoding.h"
#include "declaration/parse.h"
#include "identity/access.h"

namespace oc {

using namespace clearance_internal;

namespace {

// Errors of the corrected declaration that the declared one did not have: a correction answers
// for what it changed, not for what was accepted at lodgement under older reference data.
FieldErrors NewErrors(const FieldErrors& before, const FieldErrors& after) {
  FieldErrors out;
  for (const auto& e : after) {
    bool known = std::any_of(before.begin(), before.end(),
                             [&](const FieldError& b) { return b.pointer == e.pointer && b.code == e.code; });
    if (!known) out.push_back(e);
  }
  return out;
}

}  // namespace

void ClearanceService::Correct(const Principal& who, const std::string& ref, Correction correction, ReplyFn done) {
  // Another organisation's declaration is not found, whoever asks; then the role decides.
  auto rec = Get(who, ref);
  if (!rec.ok()) return done(Fail(rec.status()));
  if (Status st = access::Allow(who, access::Action::kCorrectDeclaration); !st.ok()) return done(Fail(st));
  std::optional<Actor> actor = ActorOf(who);
  if (!actor) return done(Fail(Status::Forbidden("customs officers correct declared values after an inspection")));
  auto failure = std::make_shared<Reply>();
  std::string actor_label = who.ActorLabel();
  DecideFn decide = [this, correction = std::move(correction), actor_label, failure,
                     actor = *actor](const DeclarationRecord& cur) -> Result<DeclarationChange> {
    failure->current_state = StateName(cur.lifecycle.state);
    auto next = ApplyAction(cur.lifecycle, cur.type, Action::kCorrect, ControlType::kNone, actor);
    if (!next.ok()) return next.status();
    auto parsed = ParseDeclarationText(cur.content_json);
    if (!parsed.ok()) return parsed.status();
    auto corrected = ApplyCorrection(parsed->declaration, correction, &failure->errors);
    if (!corrected.ok()) return corrected.status();
    FieldErrors added = NewErrors(Check(parsed->declaration), Check(corrected.value()));
    if (!added.empty()) {
      failure->errors = std::move(added);
      return Status::Invalid("invalid_declaration", "the corrected declaration has errors");
    }
    int64_t now = NowUnixMillis();
    DeclarationChange ch;
    ch.lifecycle = next.value();
    VersionEntry v;
    v.version = cur.version + 1;
    v.content_json = CanonicalJson(corrected.value());
    v.content_hash = Blake2bHex(v.content_json);
    v.reason_code = "INS";  // corrected by customs after an inspection
    v.reason = correction.reason;
    v.changed_json = ChangedPointers(cur.content_json, v.content_json);
    v.actor = actor_label;
    v.at_ms = now;
    v.search_text = SearchText(corrected.value());
    TransitionEntry t = MakeTransition(Action::kCorrect, cur.lifecycle, next.value(), cur.type, actor_label,
                                       correction.reason, now);
    t.version = v.version;
    nlohmann::json details{{"version", v.version}, {"changed", nlohmann::json::parse(v.changed_json)}};
    if (config_.schedule && config_.rates) {
      // The corrected values are assessed now; what was settled stays, the rest is ordered.
      auto assessed = AssessParsed(corrected.value(), cur.created_ms, &failure->errors);
      if (!assessed.ok()) return assessed.status();
      details["assessment"] = nlohmann::json::parse(AssessmentDetails(assessed.value()));
      ch.debt = payment::PlanAssessment(cur.debt, assessed.value(), v.version, now);
    }
    t.details_json = details.dump();
    ch.transitions.push_back(std::move(t));
    ch.new_version = std::move(v);
    ch.summary = DeclarationChange::Summary{static_cast<int>(corrected->items.size()),
                                            corrected->invoice.total.ToString(), corrected->invoice.currency};
    return ch;
  };
  declarations_.UpdateDeclaration(rec->id, std::move(decide), ReplyWhenDone(failure, std::move(done)));
}

}  // namespace oc
