#include "risk/simulate.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>

namespace oc::risk {

namespace {

struct Strategy {
  std::string name;
  double explore = 0;  // share of the week's inspections chosen at random; 1 = pure random
};

// Indices of the rows to inspect this week: the best-scored (1 - explore) * k, then random ones
// among the rest.
std::vector<size_t> Select(const std::vector<float>& scores, size_t k, double explore, std::mt19937_64& rng) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  size_t exploit = std::min(k, static_cast<size_t>(std::llround(static_cast<double>(k) * (1 - explore))));
  if (exploit > 0)
    std::partial_sort(order.begin(), order.begin() + exploit, order.end(),
                      [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  std::shuffle(order.begin() + exploit, order.end(), rng);
  order.resize(std::min(k, order.size()));
  return order;
}

}  // namespace

Result<std::vector<StrategyOutcome>> Simulate(const std::vector<RiskRecord>& input, const SimulateOptions& o) {
  if (input.empty()) return Status::Invalid("empty", "nothing to replay");
  if (o.inspect_percent <= 0 || o.inspect_percent > 100)
    return Status::Invalid("bad_percent", "the inspected share must be in (0, 100]");
  if (o.explore_share < 0 || o.explore_share > 1) return Status::Invalid("bad_explore", "the exploration share must be in [0, 1]");
  int64_t first = input.front().day;
  for (const auto& r : input) {
    if (r.label != 0 && r.label != 1)
      return Status::Invalid("unlabelled", "declaration " + r.id + " has no inspection outcome; the replay needs all labels");
    first = std::min(first, r.day);
  }
  std::map<int64_t, std::vector<const RiskRecord*>> weeks;
  for (const auto& r : input) weeks[(r.day - first) / 7].push_back(&r);
  if (static_cast<int>(weeks.size()) <= o.warmup_weeks)
    return Status::Invalid("too_short", "the data covers " + std::to_string(weeks.size()) + " weeks; the warm-up alone is " +
                                            std::to_string(o.warmup_weeks));

  std::vector<Strategy> strategies = {{"exploitation", 0}, {"exploration", o.explore_share}, {"random", 1}};
  std::vector<StrategyOutcome> out;
  for (const auto& s : strategies) {
    StrategyOutcome res;
    res.name = s.name;
    std::mt19937_64 rng(o.seed);  // same warm-up draws for every strategy
    std::vector<RiskRecord> revealed;
    std::unique_ptr<FraudModel> model;
    int week_no = 0, after_inspected = 0, after_found = 0, after_frauds = 0;
    for (const auto& [week, members] : weeks) {
      std::vector<RiskRecord> rows;
      rows.reserve(members.size());
      for (const auto* r : members) rows.push_back(*r);
      size_t k = static_cast<size_t>(std::floor(static_cast<double>(rows.size()) * o.inspect_percent / 100));
      std::vector<float> scores(rows.size(), 0.f);
      bool warm = week_no >= o.warmup_weeks && model;
      if (warm && s.explore < 1) {
        auto sc = model->Score(rows);
        if (!sc.ok()) return sc.status();
        scores = std::move(sc.value());
      }
      auto chosen = Select(scores, k, warm ? s.explore : 1.0, rng);
      WeekOutcome w;
      w.first_day = first + week * 7;
      w.declarations = static_cast<int>(rows.size());
      w.inspected = static_cast<int>(chosen.size());
      for (const auto& r : rows) w.frauds += r.label;
      for (size_t i : chosen) {
        w.found += rows[i].label;
        revealed.push_back(rows[i]);  // only what was inspected becomes history
      }
      res.inspected += w.inspected;
      res.found += w.found;
      res.frauds += w.frauds;
      if (week_no >= o.warmup_weeks) {
        after_inspected += w.inspected;
        after_found += w.found;
        after_frauds += w.frauds;
      }
      res.weeks.push_back(w);
      ++week_no;
      if (s.explore < 1 && week_no >= o.warmup_weeks) {
        auto m = FraudModel::Train(revealed, o.train);
        if (m.ok()) model = std::move(m.value());  // not trainable yet (one class only): keep the last
      }
    }
    res.precision = res.inspected ? static_cast<double>(res.found) / res.inspected : 0;
    res.recall = res.frauds ? static_cast<double>(res.found) / res.frauds : 0;
    res.precision_after_warmup = after_inspected ? static_cast<double>(after_found) / after_inspected : 0;
    res.recall_after_warmup = after_frauds ? static_cast<double>(after_found) / after_frauds : 0;
    out.push_back(std::move(res));
  }
  return out;
}

}  // namespace oc::risk
