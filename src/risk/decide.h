// The risk decision as a pure function: from a declaration and everything the service gathered
// about it (reference unit values, the classifier's checks, the fraud model's scores, the partner's
// export declaration, the trader's profile, the criteria in force) to the lane, its reasons and the
// explanation officers read. No store, no clock, no randomness of its own: the service gives the
// time, the sampling key and the lane allocator (which learns from every decision).
//
// Thread-safety: Decide is reentrant; it calls `choose_lane` exactly once.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "declaration/declaration.h"
#include "risk/decision.h"
#include "risk/lanes.h"
#include "risk/model.h"
#include "risk/profile.h"
#include "risk/selectivity.h"

namespace oc::risk {

// The declared code of an item checked against its description (clearance/CodeChecker).
struct ClassificationEvidence {
  double misclassification = NAN;  // 1 − P(the declared heading is right)
  std::string suggested, suggested_description;
  double confidence = 0;
  bool contradicts = false;        // confident enough to say the code is wrong
};

// What the service found about one goods item, in the declaration's order.
struct ItemEvidence {
  ReferenceValue reference;  // the commodity's unit-value reference (basis "" when too few values)
  std::optional<ClassificationEvidence> classification;  // none without a classifier
};

// The fraud model's view: a score per item and, for the riskiest item (RiskiestItem), the
// features that pushed it most. A shadow model scores alongside without deciding.
struct ModelEvidence {
  std::string version;
  std::vector<float> item_scores;         // one per item
  std::optional<Explanation> explanation;  // of item RiskiestItem(item_scores)
  std::string shadow_version;             // "" when none
  double shadow_score = NAN;
};

// The administration's settings that shape a decision (clearance's RiskConfig).
struct DecisionPolicy {
  double undervaluation_ratio = 0.5;
  Lane undervaluation_lane = Lane::kYellow;
  Lane misclassification_lane = Lane::kYellow;
  Lane partner_mismatch_lane = Lane::kYellow;
  double random_percent = 1;  // for the reason a random selection gives
  std::string national_currency;
};

// Chooses the lane from the criteria's mandated lane (nullopt: none) and the model's score (NaN
// without a model), and reports the model thresholds in force.
using LaneChooser = std::function<LaneChoice(std::optional<Lane> mandated, float score,
                                             LaneAllocator::Thresholds* thresholds)>;

struct DecisionInputs {
  int64_t declaration_id = 0;
  int version = 0;          // the content version decided on
  int64_t decided_ms = 0;   // when
  int64_t day = 0;          // the registration day (days since 1970-01-01): facts and criteria validity
  std::vector<double> item_values;  // customs value of each item in the national currency
  std::vector<ItemEvidence> items;  // one per item
  std::optional<ModelEvidence> model;  // none without an active model
  std::vector<Message> mirror_reasons;  // differences from the partner's export declarations
  TraderProfile profile;    // of AccountableTin(declaration)
  double prior_hit_rate = 0;
  const RuleSet* rules = nullptr;  // the criteria in force; null = none
  std::string sampling_key;        // keys the criteria's percentage draws
  DecisionPolicy policy;
  LaneChooser choose_lane;         // required
};

// The item whose score decides (the first of the highest); 0 for no scores.
size_t RiskiestItem(const std::vector<float>& scores);

// The decision: lane and source, the fired criteria (with the VALUATION, CLASSIFICATION and
// PARTNER_MISMATCH signals), reasons most decisive first, the details officers read, the facts
// criteria are back-tested on, and the unit values to add to the references.
// Invalid("decision_inputs") when the evidence does not match the items or no chooser is given.
Result<Decision> Decide(const Declaration& d, const DecisionInputs& in);

}  // namespace oc::risk
