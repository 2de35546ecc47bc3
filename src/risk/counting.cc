#include "risk/counting.h"

namespace oc::risk {

namespace {

int64_t Day(int64_t ms) { return ms / 86400000; }

}  // namespace

std::vector<std::string> ProfiledTins(const std::string& accountable_tin, const std::string& declarant_tin) {
  std::vector<std::string> out;
  if (!accountable_tin.empty()) out.push_back(accountable_tin);
  if (!declarant_tin.empty() && declarant_tin != accountable_tin) out.push_back(declarant_tin);
  return out;
}

DecisionCounts CountDecision(const Decision& d, const std::string& declarant_tin, bool first_decision) {
  DecisionCounts c;
  c.day = Day(d.decided_ms);
  if (first_decision) c.profile_tins = ProfiledTins(d.accountable_tin, declarant_tin);
  for (const auto& f : d.fired) c.fired.push_back({f.id, f.version});
  return c;
}

InspectionCounts CountInspection(const Inspection& i, bool first_result, const std::string& latest_accountable_tin,
                                 const std::vector<FiredCriterion>& latest_fired, const std::string& declarant_tin) {
  InspectionCounts c;
  c.hit = i.hit();
  c.day = Day(i.at_ms);
  if (!first_result) return c;
  c.profile_tins = ProfiledTins(latest_accountable_tin, declarant_tin);
  for (const auto& f : latest_fired) c.criteria.push_back({f.id, f.version});
  return c;
}

}  // namespace oc::risk
