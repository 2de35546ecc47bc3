#include "payment/debt.h"

#include <algorithm>
#include <map>

namespace oc::payment {

Cents Debt::Assessed() const {
  Cents n = 0;
  for (const auto& l : lines) n += l.assessed;
  return n;
}

Cents Debt::Settled() const {
  Cents n = 0;
  for (const auto& l : lines) n += l.settled;
  return n;
}

Cents Debt::Outstanding() const {
  Cents n = 0;
  for (const auto& l : lines)
    if (!l.secured) n += std::max<Cents>(0, l.assessed - l.settled);
  return n;
}

Cents Debt::ToSecure() const {
  Cents n = 0;
  for (const auto& l : lines)
    if (l.secured) n += l.assessed;
  return n;
}

const char* OrderStatusName(OrderStatus s) {
  switch (s) {
    case OrderStatus::kOpen: return "open";
    case OrderStatus::kPaid: return "paid";
    case OrderStatus::kCancelled: return "cancelled";
  }
  return "open";
}

const char* RefundStatusName(RefundStatus s) { return s == RefundStatus::kPaid ? "paid" : "due"; }

Cents Total(const std::vector<TaxAmount>& lines) {
  Cents n = 0;
  for (const auto& l : lines) n += l.amount;
  return n;
}

DebtChange PlanAssessment(const std::optional<Debt>& current, const tariff::DeclarationAssessment& a, int version,
                          int64_t at_ms) {
  // Settled amounts per tax carry over: money received is never forgotten by a reassessment.
  std::map<std::string, Cents> settled;
  if (current)
    for (const auto& l : current->lines) settled[l.tax] += l.settled;
  std::map<std::string, Cents> assessed;
  for (const auto& [tax, amount] : a.totals_by_kind) assessed[tax] = ToCents(amount);
  for (const auto& [tax, amount] : settled) assessed.try_emplace(tax, 0);

  DebtChange ch;
  Debt d;
  d.currency = a.currency;
  d.version = version;
  d.assessed_ms = at_ms;
  if (current) {
    d.guarantee = current->guarantee;
    d.guaranteed = current->guaranteed;
  }
  std::vector<TaxAmount> to_pay, to_refund;
  for (const auto& [tax, amount] : assessed) {
    DebtLine l;
    l.tax = tax;
    l.assessed = amount;
    l.secured = !a.relief.empty() && tax != "fee";
    l.settled = settled.count(tax) ? settled[tax] : 0;
    // What a secured tax had been paid before (the procedure changed) is given back.
    Cents due = (l.secured ? 0 : l.assessed) - l.settled;
    if (due > 0) to_pay.push_back({tax, due});
    if (due < 0) {
      to_refund.push_back({tax, -due});
      l.settled += due;
    }
    if (l.assessed != 0 || l.settled != 0) d.lines.push_back(l);
  }
  ch.cancel_open_orders = true;
  if (!to_pay.empty()) ch.order = std::move(to_pay);
  if (!to_refund.empty()) {
    ch.refund = std::move(to_refund);
    ch.refund_reason = "reassessment of version " + std::to_string(version) + " lowered the debt";
  }
  ch.debt = std::move(d);
  return ch;
}

DebtChange PlanInvalidation(const Debt& current, const std::string& reason) {
  DebtChange ch;
  Debt d = current;
  std::vector<TaxAmount> back;
  for (auto& l : d.lines) {
    if (l.settled > 0) back.push_back({l.tax, l.settled});
    l.settled = 0;
    l.assessed = 0;
  }
  ch.cancel_open_orders = true;
  if (!back.empty()) {
    ch.refund = std::move(back);
    ch.refund_reason = reason;
  }
  ch.release_guarantee = !current.guarantee.empty();
  d.guarantee.clear();
  d.guaranteed = 0;
  ch.debt = std::move(d);
  return ch;
}

std::vector<Message> ReleaseBlockers(const std::optional<Debt>& debt, int current_version) {
  std::vector<Message> out;
  if (!debt) {
    out.push_back({"not_assessed", {}, "the duties and taxes have not been assessed"});
    return out;
  }
  if (debt->version != current_version) {
    std::string assessed = std::to_string(debt->version), current = std::to_string(current_version);
    out.push_back({"assessment_outdated", {{"assessed", assessed}, {"current", current}},
                   "the declaration was amended after its assessment (version " + assessed +
                       " assessed, version " + current + " current): assess it again"});
    return out;
  }
  if (Cents unpaid = debt->Outstanding(); unpaid > 0)
    out.push_back({"debt_unpaid", {{"amount", FormatCents(unpaid)}, {"currency", debt->currency}},
                   FormatCents(unpaid) + " " + debt->currency + " is neither paid nor charged to a deferred account"});
  Cents need = debt->ToSecure();
  if (need > 0 && debt->guarantee.empty())
    out.push_back({"not_secured", {{"amount", FormatCents(need)}, {"currency", debt->currency}},
                   FormatCents(need) + " " + debt->currency +
                       " of suspended duties and taxes is not secured by a guarantee"});
  else if (need > debt->guaranteed)
    out.push_back({"guarantee_short",
                   {{"guarantee", debt->guarantee}, {"secured", FormatCents(debt->guaranteed)},
                    {"required", FormatCents(need)}, {"currency", debt->currency}},
                   "guarantee " + debt->guarantee + " secures " + FormatCents(debt->guaranteed) + " of the " +
                       FormatCents(need) + " " + debt->currency + " required"});
  return out;
}

}  // namespace oc::payment
