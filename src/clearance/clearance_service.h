// ClearanceService: the use cases of the declaration lifecycle (lodge, submit, act, amend, read),
// shared by the REST API, the CLI and the demo generator so that every path runs the same checks.
// It joins the domain (declaration/, identity/) to the Store interface; it knows no HTTP. Every
// method taking a Principal checks it through the access policy (identity/access.h).
//
// Thread-safety: all methods may be called from any thread. Write replies arrive on a store thread.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/message.h"
#include "declaration/correction.h"
#include "declaration/field_error.h"
#include "declaration/lifecycle.h"
#include "declaration/validate.h"
#include "identity/principal.h"
#include "refdata/reference_data.h"
#include "risk/decision.h"
#include "store/declaration_store.h"
#include "store/journey_store.h"
#include "store/notification_store.h"
#include "store/risk_store.h"
#include "tariff/declaration_assessment.h"
#include "tracking/journey.h"

namespace oc {

class RiskService;
class CodeChecker;

struct ClearanceConfig {
  std::string country = "UZ";             // the administration's country: MRNs and validation
  std::string national_currency = "UZS";
  // The national schedule and official exchange rates; when set, lodgements are also checked
  // for the quantities its measures need, and declarations can be assessed.
  std::shared_ptr<const tariff::NationalSchedule> schedule;
  std::shared_ptr<const tariff::ExchangeRates> rates;
};

// An assessment of one version, with the difference from the previous version's.
struct AssessmentView {
  int version = 0;
  tariff::DeclarationAssessment assessment;
  std::optional<tariff::DeclarationAssessment> previous;  // version - 1, when there is one
};

// The outcome of a write: status (ok, Invalid, Forbidden, NotFound, Conflict...), the field
// errors of a rejected document, and the record as it stands after the write.
struct Reply {
  Status status;
  FieldErrors errors;
  FieldErrors warnings;  // accepted, but worth a second look (e.g. possible_misclassification)
  std::optional<DeclarationRecord> record;
  bool created = false;       // lodge: false when an identical lodgement was replayed
  std::string current_state;  // on illegal_transition: the state the declaration is in
};
using ReplyFn = std::function<void(Reply)>;

// A lifecycle move the caller's role may request, and whether it would be accepted now.
struct ActionOption {
  Action action = Action::kSubmit;
  ControlType control = ControlType::kNone;  // for control: documentary or physical
  bool allowed = false;
  std::vector<Message> reasons;  // why not, when !allowed (release blockers, state, read-only key)
};

enum class LodgeMode { kSubmit, kDraft };

// The storage facets ClearanceService writes and reads (one Store is all of them).
struct ClearanceStores {
  DeclarationStore& declarations;
  NotificationStore& notifications;
  RiskStore& risk;
  JourneyStore* journeys = nullptr;  // transit journeys, for the history; none: no journey events
};

// A declaration's history: its transitions and, for a transit, its journey's events.
struct DeclarationTimeline {
  std::vector<TransitionEntry> transitions;
  std::vector<tracking::JourneyEvent> journey_events;
};

class ClearanceService {
 public:
  ClearanceService(ClearanceStores stores, std::shared_ptr<const ReferenceData> ref, ClearanceConfig config);
  const ClearanceConfig& config() const { return config_; }

  // Parses, checks and stores a declaration. kSubmit: registered with an MRN when valid, else
  // Invalid with every field error and nothing stored. kDraft: stored as draft after parsing.
  void Lodge(const Principal& who, std::string_view body, LodgeMode mode, ReplyFn done);
  // An already parsed declaration (CLI import, demo generator): same checks and storage.
  void LodgeParsed(const Principal& who, Declaration d, LodgeMode mode, ReplyFn done);
  // Lodges each body as Lodge does (kSubmit), all at once; `done` gets the replies in the order
  // of `bodies` when the last is in (on a store thread).
  void LodgeAll(const Principal& who, std::vector<std::string> bodies, std::function<void(std::vector<Reply>)> done);

  // Moves a declaration through the state machine (submit, control, assess, release, hold, ...).
  // Forbidden("role '<role>' may not <action>") unless the lifecycle lets the caller's role.
  void Act(const Principal& who, int64_t id, Action action, ControlType control, std::string reason, ReplyFn done);
  // The same for a declaration named by id or MRN: NotFound, as Get, when `who` may not see it.
  void Act(const Principal& who, const std::string& ref, Action action, ControlType control, std::string reason,
           ReplyFn done);
  // Withdraws a declaration: a draft is cancelled, a lodged one invalidated where the law allows.
  void Withdraw(const Principal& who, const std::string& ref, std::string reason, ReplyFn done);

  // Replaces the content with a new version (kept with the old ones), naming the changed elements.
  void Amend(const Principal& who, int64_t id, std::string_view body, std::string reason_code, std::string reason,
             ReplyFn done);
  void Amend(const Principal& who, const std::string& ref, std::string_view body, std::string reason_code,
             std::string reason, ReplyFn done);

  // Officers: the values an inspection found (code, quantities, value, origin) become the next
  // version with its reason, assessed at once; the difference in duties is ordered (or refunded).
  // Under control or assessed -> assessed; released goods stay released. NotFound as Get;
  // Forbidden for traders and administrators; Conflict("illegal_transition") in other states;
  // Invalid("invalid_correction" / "invalid_declaration" / "not_assessable") with field errors.
  void Correct(const Principal& who, const std::string& ref, Correction correction, ReplyFn done);

  // The moves `who` may request on the declaration now (NotFound as Get): those the state allows,
  // and release whenever the goods wait for it, refused with its blockers. Administrators: none.
  Result<std::vector<ActionOption>> Options(const Principal& who, const std::string& ref);

  // Reads, filtered by what `who` may see; another trader's declaration is NotFound.
  Result<DeclarationRecord> Get(const Principal& who, const std::string& id_or_mrn);
  // True when `who` may see the declaration with this id (payments name their declaration by id).
  bool MaySee(const Principal& who, int64_t declaration_id);
  Result<std::vector<DeclarationRecord>> List(const Principal& who, DeclarationFilter filter);
  Result<std::vector<TransitionEntry>> History(const Principal& who, const std::string& id_or_mrn);
  // History plus the events of the declaration's latest transit journey (tracking::JourneyTimeline).
  Result<DeclarationTimeline> Timeline(const Principal& who, const std::string& id_or_mrn);
  Result<std::vector<VersionEntry>> Versions(const Principal& who, const std::string& id_or_mrn);
  // Oldest first after `after`; with before > 0, newest first below `before` (paging back).
  Result<std::vector<NotificationRecord>> Notifications(const Principal& who, int64_t after, int limit,
                                                        int64_t declaration_id = 0, int64_t before = 0);

  // Validation only (no storage): what a lodgement would answer.
  FieldErrors Check(const Declaration& d) const;

  // The store's schema version when the store answers a query (a health check); its error
  // otherwise. Needs no principal: it tells nothing about any declaration.
  Result<int> Health();

  // Duties and taxes of a version (0 = current) at the registration date, and the difference
  // from the version before, the measures worded in `language` where the schedule has it.
  // Unavailable if no schedule is configured; Invalid with the
  // assessment's field errors folded into the message when it cannot be computed.
  Result<AssessmentView> Assess(const Principal& who, const std::string& id_or_mrn, int version,
                                std::string_view language = "en");

  // Reserves the suspended duties and taxes of a declaration (transit, inward processing,
  // temporary admission, warehousing) on a guarantee of the declarant or representative; assesses
  // first if the current version was not. NotFound("unknown_guarantee"), Forbidden,
  // Conflict("guarantee_insufficient"), Invalid("nothing_to_secure").
  void ReserveGuarantee(const Principal& who, int64_t id, std::string guarantee, ReplyFn done);
  // Officers: the procedure of released goods ended (re-export, warehouse exit); the guarantee is
  // released. Transit is discharged by the exit action at destination.
  void Discharge(const Principal& who, int64_t id, ReplyFn done);

  // --- risk (clearance_risk.cc) ---
  // From now on every registered declaration is decided by `risk` right after its registration
  // is answered; the decision's lane drives the lifecycle. Call once, before serving.
  void SetRisk(RiskService* risk);
  // Lodged items whose code contradicts their description get a warning in the answer. Call once,
  // before serving; unset when no classifier is trained.
  void SetCodeChecker(const CodeChecker* checker) { checker_ = checker; }
  // Officers record what an inspection found: stored, a label for the model, counted in the
  // trader's profile and the fired criteria's hit rates; a seizure also detains the goods.
  // Forbidden for traders; Conflict("illegal_transition") before control or after the end.
  void RecordInspection(const Principal& who, int64_t id, risk::Inspection inspection, ReplyFn done);
  // The same by id or MRN: NotFound first when `who` may not see the declaration.
  void RecordInspection(const Principal& who, const std::string& ref, risk::Inspection inspection, ReplyFn done);
  // A declaration's latest risk decision and its inspection results: staff only (Forbidden after
  // NotFound, so that a trader learns nothing of another's declarations).
  Result<risk::Decision> RiskDecision(const Principal& who, const std::string& ref);
  Result<std::vector<risk::Inspection>> Inspections(const Principal& who, const std::string& ref);
  // Declarations registered without a decision (a crash between the two writes): decided now,
  // one after the other. Call once at start-up, after SetRisk; returns how many.
  int DecideMissing();
  // Blocks until every risk decision started so far (and the automatic release it may lead to)
  // is written. For shutdown, the demo seed and tests; requests never wait for it.
  void WaitForBackground();
  // Releases a green- or blue-lane declaration whose debt is settled or secured (the automatic
  // release); Conflict("not_releasable") naming why otherwise. Called after decisions and payments.
  void AutoRelease(int64_t id, ReplyFn done);

  const ReferenceData& reference() const { return *ref_; }

 private:
  bool CanSee(const Principal& who, const DeclarationRecord& r) const;
  // Adds the assessment of `cur` to a transition and its debt to the change.
  Status AddAssessment(const DeclarationRecord& cur, TransitionEntry& t, DeclarationChange& ch, FieldErrors* errors,
                       int64_t now) const;
  // The lifecycle part of a risk decision: control for red and yellow, assessment for the rest,
  // and release with it when nothing is to be paid or secured (computed here, off the store's
  // writer thread; the returned step only applies it).
  Result<std::function<Result<DeclarationChange>(const DeclarationRecord&)>> PlanDecision(
      const Declaration& decided_on, int64_t registered_ms, const risk::Decision& d) const;
  // Adds the risk decision of a declaration being registered to its registration: lane,
  // lifecycle, debt and decision are then written in one transaction. Leaves `nd` as it was when
  // the engine fails (the declaration is then decided after its registration).
  void DecideOnRegistration(const Declaration& d, NewDeclaration& nd) const;
  // Decides the current version of a stored declaration on the risk workers and writes the
  // decision with its lifecycle step; `done` gets the updated record (Conflict("stale_decision")
  // when the declaration changed meanwhile).
  void DecideStored(int64_t id, std::function<void(Result<DeclarationRecord>)> done);
  // Decides a just-registered declaration that has no lane yet (asynchronously) and replies.
  void AfterRegistration(Reply registered, ReplyFn done);
  ValidationPolicy Policy() const;
  Result<tariff::DeclarationAssessment> AssessContent(const DeclarationRecord& r, FieldErrors* errors) const;
  Result<tariff::DeclarationAssessment> AssessParsed(const Declaration& d, int64_t registered_ms, FieldErrors* errors) const;
  // Changes only the debt of a declaration (no lifecycle move), atomically with its checks.
  void UpdateDebt(const Principal& who, int64_t id,
                  std::function<Result<payment::DebtChange>(const DeclarationRecord&, Reply&)> plan, ReplyFn done);

  DeclarationStore& declarations_;
  NotificationStore& notifications_;
  RiskStore& risk_records_;  // decisions and inspections, read for their views
  JourneyStore* journeys_;   // may be null
  std::shared_ptr<const ReferenceData> ref_;
  ClearanceConfig config_;
  RiskService* risk_ = nullptr;
  const CodeChecker* checker_ = nullptr;
  void BackgroundStarted();
  void BackgroundDone();
  std::mutex background_mu_;
  std::condition_variable background_cv_;
  int background_ = 0;
};

// Maps a principal's role to its actor class in the lifecycle; nullopt for administrators.
std::optional<Actor> ActorOf(const Principal& p);

}  // namespace oc
