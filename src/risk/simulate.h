// Label scarcity, replayed: in reality only inspected declarations get a label, and what the
// model selects decides what it learns next. The simulation walks labelled history week by
// week; each week a strategy picks k% of the declarations to inspect, only those labels are
// revealed, and the model is retrained on everything revealed so far.
//
// Strategies: exploitation (the top k% by score), exploration (the top share plus a random
// share, which keeps the labels unbiased and finds fraud patterns the model does not know yet),
// and random selection (what a customs office without targeting does).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "risk/model.h"
#include "risk/record.h"

namespace oc::risk {

struct SimulateOptions {
  double inspect_percent = 5;  // share of each week's declarations inspected (capacity)
  double explore_share = 0.1;  // exploration strategy: this share of the inspections is random
  int warmup_weeks = 4;        // every strategy inspects at random until the first model
  TrainOptions train;          // retraining each week; fewer rounds than a production model
  uint64_t seed = 1;
};

struct WeekOutcome {
  int64_t first_day = 0;
  int declarations = 0, inspected = 0, found = 0, frauds = 0;
};

struct StrategyOutcome {
  std::string name;        // "exploitation", "exploration", "random"
  int inspected = 0, found = 0, frauds = 0;  // totals over all weeks (frauds: all that existed)
  double precision = 0, recall = 0;           // cumulative: found / inspected, found / frauds
  double precision_after_warmup = 0, recall_after_warmup = 0;
  std::vector<WeekOutcome> weeks;
};

// Replays `rows` (all labelled; any order) week by week from the earliest date. Invalid when a
// row lacks its label or there are fewer weeks than the warm-up plus one. Deterministic for a seed.
Result<std::vector<StrategyOutcome>> Simulate(const std::vector<RiskRecord>& rows, const SimulateOptions& options);

}  // namespace oc::risk
