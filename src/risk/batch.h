// Batch assessment: many declarations at once through the same steps as the online decision —
// features and the fraud model, selectivity criteria, lanes by capacity — for `risk assess`
// and the throughput benchmark. Lanes fill each lane's share of this batch (BatchThresholds).
#pragma once

#include <vector>

#include "common/status.h"
#include "risk/lanes.h"
#include "risk/model.h"
#include "risk/record.h"
#include "risk/selectivity.h"

namespace oc::risk {

struct BatchOutcome {
  std::vector<float> scores;       // NaN without a model
  std::vector<Lane> lanes;
  std::vector<LaneSource> sources;
  std::vector<std::vector<FiredCriterion>> fired;  // per row; empty for most
  LaneAllocator::Thresholds thresholds{};
};

// Assesses `rows` with `model` (may be null) and `rules`. `threads` splits the rule pass; the
// model uses its own threads. Internal if scoring fails.
Result<BatchOutcome> AssessBatch(const FraudModel* model, const RuleSet& rules, const std::vector<RiskRecord>& rows,
                                 const LanePolicy& policy, int threads = 2);

}  // namespace oc::risk
