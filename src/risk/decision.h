// The risk decision of a declaration and the inspection result that later judges it: plain
// records that the store keeps with the declaration and that the ledger and dashboards read.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "common/message.h"
#include "risk/lanes.h"
#include "risk/selectivity.h"

namespace oc::risk {

// A unit value observed on a declaration, kept as history for the commodity's reference.
struct UnitValueObservation {
  std::string hs6, origin;
  double value = 0;             // national currency per kg
  int64_t day = 0;              // days since 1970-01-01 (UTC) of the decision; set by the store
  int64_t declaration_id = 0;   // set by the store
};

struct Decision {
  int64_t declaration_id = 0;
  int version = 0;                 // the content version decided on
  Lane lane = Lane::kGreen;
  LaneSource source = LaneSource::kNone;
  double score = NAN;              // highest item fraud probability; NaN without a model
  double threshold = NAN;          // the score the model's lane needed
  std::string model_version;       // "" without a model
  std::string shadow_version;      // a challenger scored alongside, never deciding
  double shadow_score = NAN;
  std::vector<FiredCriterion> fired;
  std::vector<Message> reasons;    // code, parameters and English text, most important first
  std::string accountable_tin;     // whose profile counted
  std::string details_json;        // explanation, valuation per item, profile snapshot
  std::string facts_json;          // the items' rule facts, for back-testing criteria
  std::vector<UnitValueObservation> unit_values;
  int64_t decided_ms = 0;
};

enum class InspectionOutcome { kNoDiscrepancy, kDiscrepancy, kSeizure };
const char* InspectionOutcomeName(InspectionOutcome o);  // "no_discrepancy", "discrepancy", "seizure"

struct Inspection {
  int64_t id = 0;  // assigned by the store
  int64_t declaration_id = 0;
  InspectionOutcome outcome = InspectionOutcome::kNoDiscrepancy;
  std::string kind;                // discrepancy kind: "undervaluation", "misclassification", "origin", ...
  std::string additional_revenue;  // decimal text in the national currency, "0" when none
  std::string notes;
  std::string officer;
  int64_t at_ms = 0;
  bool hit() const { return outcome != InspectionOutcome::kNoDiscrepancy; }
};

// A stored decision as back-tests read it: its facts and, when inspected, the outcome.
struct DecisionHistory {
  int64_t declaration_id = 0;
  std::string facts_json;
  int64_t decided_ms = 0;
  int label = -1;  // 1 discrepancy found, 0 none, -1 not inspected
  Lane lane = Lane::kGreen;
  LaneSource source = LaneSource::kNone;
  double score = NAN, shadow_score = NAN;
  std::string model_version, shadow_version;
  std::vector<FiredCriterion> fired;  // the criteria that matched, drawn (selected) or not
};

// A registered fraud model.
enum class ModelRole { kCandidate, kActive, kShadow, kRetired };
const char* ModelRoleName(ModelRole r);  // "candidate", "active", "shadow", "retired"

struct ModelEntry {
  std::string version;
  ModelRole role = ModelRole::kCandidate;
  std::string trained_from, trained_to;  // ISO dates of the training data
  int rows = 0;
  std::string metrics_json;              // whatever evaluation was recorded ("{}" when none)
  int64_t registered_ms = 0;
};

// A named list of values for criteria (`@name`).
struct NamedList {
  std::string name, description;
  std::vector<std::string> values;
  std::string updated_by;
  int64_t updated_ms = 0;
};

}  // namespace oc::risk
