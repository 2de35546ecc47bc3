// What a risk decision and an inspection result count towards: the economic operators' profiles
// (declarations, inspections, hits) and each criterion's tallies (fired, inspected, hits). These
// are the "counts once" rules that keep hit rates honest; the store applies the counts inside the
// transaction that records the decision or the result.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "risk/decision.h"

namespace oc::risk {

// The profiles a declaration counts towards: the accountable trader (importer or exporter) and,
// when another organisation, the declarant. Empty TINs are skipped.
std::vector<std::string> ProfiledTins(const std::string& accountable_tin, const std::string& declarant_tin);

// A criterion version whose tallies change.
struct CriterionRef {
  std::string id;
  int version = 0;
};

// What one decision counts. Every decision raises the `fired` tally of each criterion that
// matched (a re-decision after an amendment fires again); only a declaration's first decision
// adds to the profiles' declaration counts, on the decision's day.
struct DecisionCounts {
  std::vector<std::string> profile_tins;  // each: declarations + 1, last_day = max(last_day, day)
  std::vector<CriterionRef> fired;        // each: fired + 1
  int64_t day = 0;                        // days since 1970-01-01 (UTC)
};
DecisionCounts CountDecision(const Decision& d, const std::string& declarant_tin, bool first_decision);

// What one inspection result counts. Only a declaration's first result counts (a re-inspection
// is kept for the record only), judged against the latest decision: the profiles it counted and
// the criteria that fired on it gain an inspection, and a hit when the result found something.
struct InspectionCounts {
  std::vector<std::string> profile_tins;  // each: inspections + 1, hits + hit, last_hit_day on a hit
  std::vector<CriterionRef> criteria;     // each: inspected + 1, hits + hit
  bool hit = false;
  int64_t day = 0;
};
// `latest_accountable_tin` and `latest_fired` are of the declaration's latest decision ("" and
// none without one).
InspectionCounts CountInspection(const Inspection& i, bool first_result, const std::string& latest_accountable_tin,
                                 const std::vector<FiredCriterion>& latest_fired, const std::string& declarant_tin);

}  // namespace oc::risk
