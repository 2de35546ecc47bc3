// RiskService: the risk engine at work. On registration each declaration gets a decision — rules,
// the fraud model, the trader's profile and valuation control give a lane with its reasons —
// and the lane drives the lifecycle (red: physical control, yellow: documentary control,
// green and blue: assessed and released as soon as the debt is settled or secured). Risk
// officers manage criteria (four eyes), lists and models here; inspection results come back
// as labels, profile counts and criterion hit rates.
//
// Methods taking a Principal check it through the access policy (identity/access.h) and answer
// Forbidden with the policy's message; the others are the engine's own or the operator's (CLI).
//
// Thread-safety: every method may be called from any thread. Decisions run on the service's own
// workers, never on a store thread.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <array>
#include <atomic>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "declaration/clearance_times.h"
#include "declaration/declaration.h"
#include "identity/principal.h"
#include "risk/decision.h"
#include "risk/lanes.h"
#include "risk/model.h"
#include "risk/rule_expr.h"
#include "risk/selectivity.h"
#include "store/declaration_store.h"
#include "store/risk_store.h"
#include "tariff/exchange_rates.h"

namespace oc {

class CodeChecker;

struct RiskConfig {
  risk::LanePolicy lanes;
  double undervaluation_ratio = 0.5;   // below this share of the reference median: a signal
  risk::Lane undervaluation_lane = risk::Lane::kYellow;
  // A declared code its description contradicts (CodeChecker) sends the declaration here.
  risk::Lane misclassification_lane = risk::Lane::kYellow;
  // An import that differs from the partner's export declaration it cites (risk/mirror.h).
  risk::Lane partner_mismatch_lane = risk::Lane::kYellow;
  int reference_days = 365;            // rolling window of unit values
  int reference_min = 10;              // values needed for a reference
  std::string national_currency = "UZS";
  std::shared_ptr<const tariff::ExchangeRates> rates;
  // Keys the random draws (random selection, criteria percentages): without it, anyone who
  // reads this code could predict which declaration numbers are drawn.
  std::string draw_secret;
};

// A criterion draft's back-test over stored decisions.
struct BackTest {
  std::string expression;    // the text tested (a stored criterion's, for its back-test)
  int days = 0;
  int64_t declarations = 0;  // decided in the window
  int64_t matched = 0, selected = 0;  // matched the expression; of those, drawn by the percentage
  int64_t inspected = 0, hits = 0;    // of the matched, with an inspection result; of those, hits
  double match_share = 0;             // matched / declarations
  double hit_rate = NAN;              // hits / inspected; NaN when none inspected
  std::vector<std::string> warnings;  // e.g. selects everything
};

// What the lanes did over a period: the mix, each lane's and source's hit rate among inspected
// declarations, and each model's ranking quality where it scored inspected declarations.
struct RiskReport {
  struct Tally {
    int64_t declarations = 0, inspected = 0, hits = 0;
  };
  int64_t from_day = 0, to_day = 0;
  Tally all;
  std::map<std::string, Tally> by_lane, by_source;
  std::map<int64_t, std::map<std::string, int64_t>> lanes_by_day;
  // Each source's tally per day (the hit rate over time of the rules, the model, random picks).
  std::map<int64_t, std::map<std::string, Tally>> sources_by_day;
  // Each criterion that matched in the period: `declarations` = matched, `selected` = drawn by
  // its percentage; inspected and hits count the selected ones (what the criterion caused).
  struct CriterionFigures {
    std::string id;
    std::string name;  // the latest version's; "" for a pseudo-criterion such as VALUATION
    int64_t matched = 0;
    Tally selected;
    std::map<int64_t, Tally> selected_by_day;  // days it selected a declaration
  };
  std::vector<CriterionFigures> criteria;
  struct ModelFigures {
    std::string version, role;  // role: "active" (decided) or "shadow" (scored alongside)
    int64_t scored = 0, inspected = 0, hits = 0;
    double auc = NAN;           // among the inspected it scored; NaN below kMinInspectedForAuc
    double evaluated_auc = NAN; // recorded when it was registered (its validation period); NaN if none
    int64_t evaluated_rows = 0;
  };
  // An AUC of fewer inspections, or of fewer than kMinEachClassForAuc hits or clean ones, says
  // nothing (a 300-declaration demo inspects a dozen): it is reported as unknown.
  static constexpr int64_t kMinInspectedForAuc = 30, kMinEachClassForAuc = 5;
  std::vector<ModelFigures> models;
};

// The rule-editor's answer for a text: compiled (canonical text, fields read) or the error.
struct ExpressionCheck {
  bool ok = false;
  std::string canonical;
  std::vector<std::string> fields;
  int position = -1;  // 0-based byte offset of the error
  std::string message;
  std::vector<std::string> warnings;
};

// A criterion just stored, with the back-test of its expression over the last 90 days (its
// warnings flag, e.g., a criterion that selects everything: stored, but a second officer should
// look twice before approving it).
struct NewCriterion {
  risk::Criterion criterion;
  BackTest back_test;
};

// A trader's profile with its hit rate smoothed towards the administration's.
struct ProfileView {
  risk::TraderProfile profile;
  // What the risk engine scores with; customs readers only (access kReadConfidentialRisk).
  std::optional<double> smoothed_hit_rate;
};

class RiskService {
 public:
  // Reads declarations (never writes them: ClearanceService writes decisions); owns the rest.
  RiskService(DeclarationStore& declarations, RiskStore& store, RiskConfig config);
  ~RiskService();

  // Reads criteria, lists and the active and shadow models from the store. Internal on a
  // storage error; a model that cannot be loaded is left out and logged in `problems`.
  Status Reload(std::vector<std::string>* problems = nullptr);

  // What a decision is about. Before the declaration is stored (a decision taken with its
  // registration) id is 0; the random draws are keyed by declarant and LRN, never by the id.
  struct Subject {
    int64_t id = 0;
    int version = 1;
    int64_t registered_ms = 0;
    std::string declarant_tin, lrn;
  };

  // Checks each item's code against its description (the `misclassification` fact and the
  // CLASSIFICATION signal); set once before serving, may stay unset (no classifier trained).
  void SetCodeChecker(const CodeChecker* checker) { checker_ = checker; }
  // Finds the partner's export declaration an import cites (a document of type N830 whose id is
  // the export's reference), imported from a verified bundle: the PARTNER_MISMATCH signal. Set
  // once before serving; unset = no mirror comparison.
  using ExportLookup = std::function<std::optional<Declaration>(const std::string& reference)>;
  void SetExportLookup(ExportLookup lookup) { export_lookup_ = std::move(lookup); }

  // Decides a declaration now (rules, model, profile, valuation; reads the store, writes nothing).
  // Used on registration, in the request, so that the decision is written with it. Internal on a
  // storage error.
  Result<risk::Decision> Decide(const Declaration& d, const Subject& subject);
  // The same for a stored record (its current content).
  Result<risk::Decision> Evaluate(const DeclarationRecord& record);
  // Tells the engine a decision is durable: its unit values join the in-memory reference history.
  // `values_written`: the store wrote them with the decision; otherwise (a decision taken at
  // registration) the engine writes them in bulk, at most a second later (Store::AppendUnitValues).
  void Recorded(int64_t declaration_id, const risk::Decision& d, bool values_written);
  // Writes the unit values still waiting for their bulk write and waits until they are durable.
  void FlushUnitValues();

  // Decides the current version of a stored declaration on a worker thread (after an amendment,
  // or one registered while the engine failed); reads the store, writes nothing. `done` runs on
  // that worker with the record decided on, its parsed content and the decision (the caller
  // writes it and then calls Recorded); NotFound, Invalid or Internal otherwise.
  struct StoredDecision {
    DeclarationRecord record;
    Declaration declaration;
    risk::Decision decision;
  };
  using StoredDecisionDone = std::function<void(Result<StoredDecision>)>;
  void DecideStoredAsync(int64_t declaration_id, StoredDecisionDone done);

  // --- criteria and lists (staff read them; risk officers, supervisors and admins write) ---
  // The fields an expression may read.
  Result<std::vector<risk::FieldDef>> Fields(const Principal& who) const;
  // The rule editor's check of a text against the fields and the current lists.
  Result<ExpressionCheck> CheckExpression(const Principal& who, const std::string& text) const;
  // Invalid("invalid_expression", "at <column>: <message>") when the text does not compile;
  // Invalid("invalid_criterion") for other fields. The criterion is stored pending approval and
  // answered with its back-test.
  void CreateCriterion(const Principal& who, risk::Criterion c, Done<NewCriterion> done);
  // Back-tests an expression over the last `days` days; on failure *error is set (Forbidden,
  // Invalid("invalid_expression", "at <column>: ..."), the store's error) and the result is empty
  // but for `expression`.
  BackTest RunBackTest(const Principal& who, const std::string& expression, double selection_percent, int days,
                       Status* error) const;
  // The same for a stored criterion's latest version; NotFound("unknown_criterion").
  BackTest BackTestCriterion(const Principal& who, const std::string& id, int days, Status* error) const;
  Result<std::vector<risk::Criterion>> ListCriteria(const Principal& who, bool all_versions) const;
  // version 0: the latest. NotFound("unknown_criterion").
  Result<risk::Criterion> GetCriterion(const Principal& who, const std::string& id, int version) const;
  void ApproveCriterion(const Principal& who, std::string id, int version, Done<risk::Criterion> done);
  void RetireCriterion(const Principal& who, std::string id, Done<risk::Criterion> done);
  Result<std::vector<risk::NamedList>> ListLists(const Principal& who) const;
  void PutList(const Principal& who, risk::NamedList l, Done<risk::NamedList> done);

  // --- reports (staff) ---
  // Lane mix and hit rates for decisions made on days [from_day, to_day], criteria named.
  Result<RiskReport> Report(const Principal& who, int64_t from_day, int64_t to_day) const;
  // How long goods released on days [from_day, to_day] waited since registration; office "" = all.
  Result<ClearanceTimeSummary> ClearanceTimes(const Principal& who, int64_t from_day, int64_t to_day,
                                              const std::string& office) const;

  // A commodity's reference unit values as today's decisions see them: the same origin's when
  // there are enough, else every origin's (`reference.basis` says which; "" = too few, and
  // `values` are then every origin's). Values are national currency per kg, in no order.
  struct UnitValueReference {
    risk::ReferenceValue reference;
    std::vector<double> values;
  };
  // Staff only: other traders' prices in aggregate.
  Result<UnitValueReference> ReferenceUnitValues(const Principal& who, const std::string& hs6, const std::string& origin);

  // --- inspections and profiles ---
  risk::TraderProfile Profile(const std::string& tin, double* smoothed_hit_rate) const;
  double PriorHitRate() const;
  // Staff read any profile, a trader its own: another's is NotFound("unknown_trader"), as if it
  // had none. Invalid("invalid_parameter") for a TIN longer than 32 characters.
  Result<ProfileView> Profile(const Principal& who, const std::string& tin) const;
  // Supervisors and admins grant or withdraw AEO status; the updated profile.
  void SetAeo(const Principal& who, std::string tin, bool aeo, Done<ProfileView> done);

  // --- models ---
  // Registers a model file's content (validated by loading it) as a candidate. The operator's (CLI).
  void RegisterModel(std::string content, std::string metrics_json, Done<risk::ModelEntry> done);
  // Makes a registered model active, shadow or retired. The operator's (CLI); the API's is below.
  void SetModelRole(std::string version, risk::ModelRole role, Done<risk::ModelEntry> done);
  void SetModelRole(const Principal& who, std::string version, risk::ModelRole role, Done<risk::ModelEntry> done);
  Result<std::vector<risk::ModelEntry>> ListModels(const Principal& who) const;
  std::string ActiveModelVersion() const;
  // Declarations the fraud model scored since start and the seconds it took (for /metrics).
  struct ModelTiming {
    uint64_t scored = 0;
    double seconds = 0;
  };
  ModelTiming ModelStatistics() const { return {model_scored_.load(), model_nanos_.load() / 1e9}; }

  const RiskConfig& config() const { return config_; }

 private:
  struct Snapshot {
    risk::RuleSet rules;
    std::shared_ptr<const risk::ListCatalog> lists;
    std::shared_ptr<const risk::FraudModel> model, shadow;
  };
  std::shared_ptr<const Snapshot> Current() const;
  ExpressionCheck Compile(const std::string& text) const;
  Result<UnitValueReference> ReferenceUnitValues(const std::string& hs6, const std::string& origin);
  BackTest BackTestOf(const std::string& expression, double selection_percent, int days, Status* error) const;
  // Keyed BLAKE2b of `what` with the draw secret, as 64 bits.
  uint64_t KeyedHash(std::string_view what) const;
  double RateToNational(const std::string& currency, int64_t day) const;
  // The reference unit values of one item: same origin (at most 500) and any origin (at most
  // 500), newest first, from the in-memory history (loaded from the store on first use).
  Status ReferenceValues(const std::string& hs6, const std::string& origin, int64_t since_day,
                         std::vector<double>& same_origin, std::vector<double>& any_origin);
  // The reference from those: same origin when it has reference_min values, else any origin;
  // `used` gets the values it was computed from.
  risk::ReferenceValue ChooseReference(std::vector<double>& same_origin, std::vector<double>& any_origin,
                                       std::vector<double>** used) const;

  DeclarationStore& declarations_;
  RiskStore& store_;
  RiskConfig config_;
  const CodeChecker* checker_ = nullptr;
  ExportLookup export_lookup_;
  mutable std::atomic<double> prior_{0.1};
  std::atomic<uint64_t> model_scored_{0}, model_nanos_{0};
  mutable std::atomic<int64_t> prior_read_ms_{0};
  mutable std::mutex mu_;
  std::shared_ptr<const Snapshot> snapshot_;
  std::mutex lanes_mu_;
  risk::LaneAllocator lanes_;
  // Unit-value history per commodity, newest first, capped at kHistoryCap: every decision reads
  // five of these, far too often to ask the store each time. Decisions append as they commit.
  // Kept compact (the commodity is the map's key): a soak filled ~5,000 commodities towards the
  // cap, and 88-byte observations grew the server by ~24 MB a minute.
  struct Kept {
    double value = 0;
    int64_t declaration_id = 0;
    int32_t day = 0;
    std::array<char, 2> origin{};
  };
  static Kept Keep(const risk::UnitValueObservation& v);
  struct History {
    std::deque<Kept> values;
    int64_t loaded_max_id = 0;  // newest declaration id the store load saw (skips re-appends)
  };
  static constexpr size_t kHistoryCap = 600;  // a reference reads at most 500 of each kind
  std::mutex history_mu_;
  std::unordered_map<std::string, History> history_;
  // Unit values of decisions taken at registration: waiting for the bulk write, and sent to the
  // store but not yet durable (a history loaded meanwhile takes them from here).
  std::vector<risk::UnitValueObservation> unwritten_, writing_;
  int64_t last_write_ms_ = 0;
  bool write_scheduled_ = false;
  std::shared_future<void> write_done_;  // of the latest bulk write  // a timer will start the bulk write of what is unwritten
  // Sends unwritten_ to the store (history_mu_ held); false when a write is already under way.
  bool StartUnitValueWrite();
  // Starts the bulk write in `delay_ms` unless a start is already scheduled (history_mu_ held).
  void ScheduleUnitValueWrite(int delay_ms);
  boost::asio::thread_pool workers_{2};
  boost::asio::steady_timer write_timer_{workers_};
};

}  // namespace oc
