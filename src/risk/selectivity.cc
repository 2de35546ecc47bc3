#include "risk/selectivity.h"

#include <algorithm>
#include <climits>
#include <cmath>

#include "common/dates.h"
#include "risk/draw.h"

namespace oc::risk {

const char* CriterionStatusName(CriterionStatus s) {
  switch (s) {
    case CriterionStatus::kPending: return "pending";
    case CriterionStatus::kActive: return "active";
    case CriterionStatus::kRetired: return "retired";
    case CriterionStatus::kSuperseded: return "superseded";
  }
  return "pending";
}

bool Sampled(std::string_view key, std::string_view criterion_id, double percent) {
  if (percent >= 100) return true;
  if (percent <= 0) return false;
  double u = UnitDraw(Fnv1a(criterion_id, Fnv1a("|", Fnv1a(key))));
  return u * 100 < percent;
}

Status CheckCriterion(const Criterion& c) {
  if (c.name.empty() || c.name.size() > 200)
    return Status::Invalid("invalid_criterion", "name: give the criterion a name of 1 to 200 characters");
  if (c.description.empty() || c.description.size() > 2000)
    return Status::Invalid("invalid_criterion",
                           "description: say in 1 to 2000 characters what the examining officer should check");
  if (!(c.selection_percent > 0 && c.selection_percent <= 100))
    return Status::Invalid("invalid_criterion", "selection_percent: must be more than 0 and at most 100");
  std::optional<int64_t> from, to;
  if (!c.valid_from.empty() && !(from = ParseIsoDate(c.valid_from)))
    return Status::Invalid("invalid_criterion", "valid_from: not a date (YYYY-MM-DD): '" + c.valid_from + "'");
  if (!c.valid_to.empty() && !(to = ParseIsoDate(c.valid_to)))
    return Status::Invalid("invalid_criterion", "valid_to: not a date (YYYY-MM-DD): '" + c.valid_to + "'");
  if (from && to && *to < *from) return Status::Invalid("invalid_criterion", "valid_to: is before valid_from");
  return Status::Ok();
}

RuleSet RuleSet::Build(const std::vector<Criterion>& criteria, const FieldCatalog& fields, const ListCatalog& lists,
                       std::vector<std::string>* broken) {
  RuleSet set;
  for (const auto& c : criteria) {
    if (c.status != CriterionStatus::kActive) continue;
    auto expr = CompiledExpr::Compile(c.expression, fields, lists);
    if (!expr.ok()) {
      if (broken) broken->push_back(c.id + ": " + expr.status().message());
      continue;
    }
    int64_t from = c.valid_from.empty() ? INT64_MIN : ParseIsoDate(c.valid_from).value_or(INT64_MIN);
    int64_t to = c.valid_to.empty() ? INT64_MAX : ParseIsoDate(c.valid_to).value_or(INT64_MAX);
    set.rules_.push_back({c, std::move(expr.value()), from, to});
  }
  std::stable_sort(set.rules_.begin(), set.rules_.end(), [](const Rule& a, const Rule& b) {
    if (a.criterion.priority != b.criterion.priority) return a.criterion.priority > b.criterion.priority;
    return a.criterion.lane > b.criterion.lane;
  });
  return set;
}

std::vector<FiredCriterion> RuleSet::Evaluate(const std::vector<Facts>& items, std::string_view key, int64_t day) const {
  std::vector<FiredCriterion> fired;
  for (const auto& r : rules_) {
    if (day < r.from_day || day > r.to_day) continue;
    bool match = false;
    for (const auto& f : items)
      if ((match = r.expr.Evaluate(f))) break;
    if (!match) continue;
    const Criterion& c = r.criterion;
    fired.push_back({c.id, c.version, c.lane, c.priority, Sampled(key, c.id, c.selection_percent), c.description,
                     c.descriptions});
  }
  return fired;
}

std::optional<Lane> RuleSet::MandatedLane(const std::vector<FiredCriterion>& fired) {
  std::optional<Lane> lane;
  for (const auto& f : fired)
    if (f.selected && (!lane || f.lane > *lane)) lane = f.lane;
  return lane;
}

}  // namespace oc::risk
