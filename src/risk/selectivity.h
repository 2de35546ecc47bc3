// Selectivity criteria: the risk officers' rules, as data. A criterion is an expression over the
// facts of a goods item (rule_expr.h) with the lane it sends matching declarations to, the share
// of matches actually selected, a priority, validity dates and the text the examining officer
// reads. A RuleSet is the compiled set of active criteria.
//
// Thread-safety: Criterion is a value; a RuleSet is immutable after Build and may be evaluated
// from any number of threads.
#pragma once

#include <cstdint>
#include <optional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "risk/lanes.h"
#include "risk/rule_expr.h"

namespace oc::risk {

enum class CriterionStatus { kPending, kActive, kRetired, kSuperseded };
const char* CriterionStatusName(CriterionStatus s);  // "pending", "active", "retired", "superseded"

struct Criterion {
  std::string id;           // "RC-0001"; one id, many versions
  int version = 0;
  std::string name;
  std::string expression;   // canonical text
  Lane lane = Lane::kYellow;
  double selection_percent = 100;  // share of matching declarations selected (0, 100]
  int priority = 0;                // higher first when several fire
  std::string valid_from, valid_to;  // ISO dates, "" = open
  std::string description;         // shown to the examining officer
  std::map<std::string, std::string> descriptions;  // the description in other languages: "ru", "uz"
  CriterionStatus status = CriterionStatus::kPending;
  std::string created_by, approved_by, retired_by;
  int64_t created_ms = 0, approved_ms = 0, retired_ms = 0;
  // Results while active (all versions share nothing: each version has its own record).
  int64_t fired = 0, inspected = 0, hits = 0;
};

// A criterion that matched a declaration.
struct FiredCriterion {
  std::string id;
  int version = 0;
  Lane lane = Lane::kYellow;
  int priority = 0;
  bool selected = false;    // false: matched but not drawn by the selection percentage
  std::string description;
  std::map<std::string, std::string> descriptions;  // in other languages, as the criterion has them
};

// Whether a declaration falls in the `percent` share of a criterion's matches. Deterministic in
// (declaration key, criterion id), so replaying a decision draws the same way.
bool Sampled(std::string_view declaration_key, std::string_view criterion_id, double percent);

// Checks the fields of a criterion other than the expression (lane, percentage, dates).
// Invalid("invalid_criterion") naming the field.
Status CheckCriterion(const Criterion& c);

class RuleSet {
 public:
  RuleSet() = default;
  // Compiles the active criteria of `criteria` (others are skipped). A criterion whose
  // expression no longer compiles (a list it names was removed) is left out and reported in
  // `broken` as "id: message"; it does not stop the others.
  static RuleSet Build(const std::vector<Criterion>& criteria, const FieldCatalog& fields, const ListCatalog& lists,
                       std::vector<std::string>* broken = nullptr);

  // The criteria valid on `day` (days since 1970-01-01) that match any of `items`, highest
  // priority first, each with its sampling draw for `declaration_key`.
  std::vector<FiredCriterion> Evaluate(const std::vector<Facts>& items, std::string_view declaration_key,
                                       int64_t day) const;

  // The most severe lane among the selected criteria; nullopt when none was selected.
  static std::optional<Lane> MandatedLane(const std::vector<FiredCriterion>& fired);

  size_t size() const { return rules_.size(); }

 private:
  struct Rule {
    Criterion criterion;
    CompiledExpr expr;
    int64_t from_day, to_day;  // inclusive; INT64_MIN / INT64_MAX when open
  };
  std::vector<Rule> rules_;  // by priority, highest first
};

}  // namespace oc::risk
