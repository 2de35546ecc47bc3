// The rules of the debt of a declaration: what an assessment asks to pay or secure given what
// was already settled, what an invalidation gives back, and whether the goods may be released.
// Pure functions over plain values; the store applies their results inside its transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/message.h"
#include "payment/records.h"
#include "tariff/declaration_assessment.h"

namespace oc::payment {

// A change to a declaration's debt, written atomically with the declaration's own change.
struct DebtChange {
  std::optional<Debt> debt;          // the new debt (lines with what stays settled)
  bool cancel_open_orders = false;   // open orders are replaced by `order`
  std::optional<std::vector<TaxAmount>> order;   // a new payment order for these amounts
  std::optional<std::vector<TaxAmount>> refund;  // a refund due for these amounts
  std::string refund_reason;
  std::string reserve_guarantee;     // reserve debt->ToSecure() on this guarantee
  bool release_guarantee = false;    // the procedure is discharged or the declaration ended
};

// The debt after assessing version `version`: each tax keeps what was settled; the unsettled
// part of payable taxes becomes one new order (replacing open ones), an overpayment becomes a
// refund. Taxes the procedure secures (assessment.relief) are to be guaranteed, the fee is paid.
DebtChange PlanAssessment(const std::optional<Debt>& current, const tariff::DeclarationAssessment& assessment,
                          int version, int64_t at_ms);

// An invalidated declaration: open orders cancelled, everything settled refunded, the
// guarantee released.
DebtChange PlanInvalidation(const Debt& current, const std::string& reason);

// Why the goods of a declaration whose content is at `current_version` may not be released yet;
// empty when the debt is paid (or charged to a deferred account) and the secured part is covered
// by a guarantee. A declaration without an assessment of its current version is not released.
// Codes: not_assessed; assessment_outdated {assessed, current}; debt_unpaid {amount, currency};
// not_secured {amount, currency}; guarantee_short {guarantee, secured, required, currency}.
std::vector<Message> ReleaseBlockers(const std::optional<Debt>& debt, int current_version);

// Sums the amounts of `lines`.
Cents Total(const std::vector<TaxAmount>& lines);

}  // namespace oc::payment
