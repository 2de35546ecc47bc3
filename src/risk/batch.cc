#include "risk/batch.h"

#include <cmath>

#include "risk/declaration_facts.h"
#include "risk/draw.h"

namespace oc::risk {

namespace {

// The same kind of draw as online decisions: fixed by the declaration, uniform in [0, 1).
double Draw(const std::string& id) { return UnitDraw(Fnv1a(id)); }

}  // namespace

Result<BatchOutcome> AssessBatch(const FraudModel* model, const RuleSet& rules, const std::vector<RiskRecord>& rows,
                                 const LanePolicy& policy, int threads) {
  BatchOutcome out;
  const size_t n = rows.size();
  if (model) {
    auto s = model->Score(rows);
    if (!s.ok()) return s.status();
    out.scores = std::move(s.value());
  } else {
    out.scores.assign(n, NAN);
  }
  out.lanes.assign(n, Lane::kGreen);
  out.sources.assign(n, LaneSource::kNone);
  out.fired.assign(n, {});
  std::vector<signed char> mandated(n, -1);
  if (rules.size() > 0) {
    const int64_t rows_n = static_cast<int64_t>(n);
    // OpenMP threads, shared with the model's predictor (see FeatureEncoder::Transform).
#pragma omp parallel num_threads(threads) if (rows_n >= 4096)
    {
      std::vector<Facts> one;
      one.emplace_back(DeclarationFields());
#pragma omp for schedule(static)
      for (int64_t i = 0; i < rows_n; ++i) {
        RecordFacts(rows[i], out.scores[i], one[0]);
        out.fired[i] = rules.Evaluate(one, rows[i].id, rows[i].day);
        if (auto lane = RuleSet::MandatedLane(out.fired[i])) mandated[i] = static_cast<signed char>(*lane);
      }
    }
  }

  double rule_share[4] = {0, 0, 0, 0};
  for (size_t i = 0; i < n; ++i)
    if (mandated[i] >= 0) rule_share[mandated[i]] += 1.0 / static_cast<double>(std::max<size_t>(1, n));
  std::vector<float> finite;
  finite.reserve(n);
  for (float s : out.scores)
    if (!std::isnan(s)) finite.push_back(s);
  out.thresholds = BatchThresholds(finite, policy, rule_share[3], rule_share[2], rule_share[1]);
  const double random = policy.random_percent / 100;
  const double cap = policy.red_percent + policy.yellow_percent;
  for (size_t i = 0; i < n; ++i) {
    float s = out.scores[i];
    double u = Draw(rows[i].id);
    if (mandated[i] >= 0) {
      out.lanes[i] = static_cast<Lane>(mandated[i]);
      out.sources[i] = LaneSource::kRule;
    } else if (u < random) {
      out.lanes[i] = cap > 0 && u < random * policy.red_percent / cap ? Lane::kRed : Lane::kYellow;
      out.sources[i] = LaneSource::kRandom;
    } else if (!std::isnan(s)) {
      const auto& t = out.thresholds;
      Lane l = s >= t.red ? Lane::kRed : s >= t.yellow ? Lane::kYellow : s >= t.blue ? Lane::kBlue : Lane::kGreen;
      out.lanes[i] = l;
      if (l != Lane::kGreen) out.sources[i] = LaneSource::kModel;
    }
  }
  return out;
}

}  // namespace oc::risk
