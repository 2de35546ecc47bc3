#include "payment/settlement.h"

#include "common/dates.h"

namespace oc::payment {

namespace {

std::string Money(Cents c, const std::string& currency) { return FormatCents(c) + " " + currency; }

}  // namespace

Status CheckBankPayment(const PaymentOrder& order, const BankConfirmation& c) {
  if (order.status != OrderStatus::kOpen)
    return Status::Conflict("order_not_open", "payment order " + order.reference + " is " +
                                                  OrderStatusName(order.status) + " and takes no payment");
  if (c.currency != order.currency)
    return Status::Invalid("currency_mismatch", "payment order " + order.reference + " is in " + order.currency +
                                                    ", the confirmation in " + c.currency);
  if (c.amount != order.amount)
    return Status::Invalid("amount_mismatch", "payment order " + order.reference + " is for " +
                                                  Money(order.amount, order.currency) + ", the confirmation is for " +
                                                  Money(c.amount, c.currency));
  return Status::Ok();
}

Status CheckBankReplay(const BankConfirmation& earlier, const BankConfirmation& again) {
  if (earlier.order != again.order || earlier.amount != again.amount || earlier.currency != again.currency)
    return Status::Conflict("bank_ref_reused", "bank " + again.bank_id + " already confirmed payment " +
                                                   again.bank_ref + " with different content");
  return Status::Ok();
}

Status CheckRepayment(const DeferredAccount& account, const BankConfirmation& c) {
  if (c.currency != account.currency)
    return Status::Invalid("currency_mismatch", "deferred account " + account.id + " is in " + account.currency +
                                                    ", the confirmation in " + c.currency);
  if (c.amount > account.balance)
    return Status::Invalid("amount_exceeds_balance", "deferred account " + account.id + " owes " +
                                                         Money(account.balance, account.currency) + ", the confirmation is for " +
                                                         Money(c.amount, c.currency));
  return Status::Ok();
}

Status CheckDeferredCharge(const PaymentOrder& order, const DeferredAccount& account) {
  if (order.status != OrderStatus::kOpen)
    return Status::Conflict("order_not_open", "payment order " + order.reference + " is " +
                                                  OrderStatusName(order.status));
  if (account.org_tin != order.org_tin)
    return Status::Forbidden("deferred account " + account.id + " belongs to another organisation");
  if (account.currency != order.currency)
    return Status::Invalid("currency_mismatch", "deferred account " + account.id + " is in " + account.currency);
  if (account.balance + order.amount > account.limit)
    return Status::Conflict("deferred_limit_exceeded",
                            "deferred account " + account.id + " owes " + Money(account.balance, account.currency) +
                                " of its " + Money(account.limit, account.currency) + " limit; " +
                                Money(order.amount, order.currency) + " does not fit");
  return Status::Ok();
}

Status CheckReservation(const Guarantee& g, const std::string& declarant_tin, const std::string& representative_tin,
                        const std::string& office, const std::string& currency, Cents need, Cents held_here) {
  if (g.org_tin != declarant_tin && (representative_tin.empty() || g.org_tin != representative_tin))
    return Status::Forbidden("guarantee " + g.reference + " is held by another organisation");
  if (!g.office.empty() && g.office != office)
    return Status::Invalid("office_mismatch", "guarantee " + g.reference + " is valid at office " + g.office +
                                                  ", the declaration is lodged at " + office);
  if (g.currency != currency)
    return Status::Invalid("currency_mismatch", "guarantee " + g.reference + " is in " + g.currency +
                                                    ", the debt in " + currency);
  Cents free = g.amount - g.in_use + held_here;
  if (need > free)
    return Status::Conflict("guarantee_insufficient", "guarantee " + g.reference + " has " + Money(free, g.currency) +
                                                          " free; the declaration needs " + Money(need, currency));
  return Status::Ok();
}

Status CheckRefundPayment(const Refund& refund) {
  if (refund.status != RefundStatus::kDue)
    return Status::Conflict("refund_not_due", "refund " + refund.reference + " was paid with receipt " + refund.receipt);
  return Status::Ok();
}

std::vector<JournalLine> JournalLines(const Receipt& r, int sign) {
  std::string day = FormatIsoDate(r.issued_ms / 86400000);
  std::vector<JournalLine> out;
  out.reserve(r.lines.size());
  for (const auto& l : r.lines) out.push_back({day, r.office, l.tax, sign * l.amount, r.number});
  return out;
}

namespace {

// The receipt of what an order collects or a refund gives back: its parties, amounts and tax lines.
template <typename Debt>
Receipt ReceiptFor(const Debt& debt, std::string kind, const std::string& details, int64_t now_ms,
                   std::string number) {
  Receipt r;
  r.number = std::move(number);
  r.kind = std::move(kind);
  r.mrn = debt.mrn;
  r.org_tin = debt.org_tin;
  r.office = debt.office;
  r.reference = debt.reference;
  r.currency = debt.currency;
  r.amount = debt.amount;
  r.lines = debt.lines;
  r.details = details;
  r.issued_ms = now_ms;
  return r;
}

}  // namespace

OrderSettlement PlanOrderSettlement(PaymentOrder order, const std::string& kind, const std::string& settled_by,
                                    int64_t now_ms, std::string receipt_number) {
  OrderSettlement s;
  s.receipt = ReceiptFor(order, kind, settled_by, now_ms, std::move(receipt_number));
  const Receipt& r = s.receipt;
  s.journal = JournalLines(r, +1);
  order.status = OrderStatus::kPaid;
  order.method = kind == "deferred" ? "deferred" : "bank";
  order.settled_by = settled_by;
  order.receipt = r.number;
  order.settled_ms = now_ms;
  s.order = std::move(order);
  return s;
}

DeferredCharge PlanDeferredCharge(PaymentOrder order, DeferredAccount account, int64_t now_ms, std::string receipt_number) {
  account.balance += order.amount;
  std::string by = account.id;
  return {std::move(account), PlanOrderSettlement(std::move(order), "deferred", by, now_ms, std::move(receipt_number))};
}

Repayment PlanRepayment(DeferredAccount account, const BankConfirmation& c, const std::string& settled_by,
                        int64_t now_ms, std::string receipt_number) {
  account.balance -= c.amount;
  Receipt r;
  r.number = std::move(receipt_number);
  r.kind = "repayment";
  r.org_tin = account.org_tin;
  r.reference = account.id;
  r.currency = account.currency;
  r.amount = c.amount;
  r.details = settled_by;
  r.issued_ms = now_ms;
  return {std::move(account), std::move(r)};
}

RefundPayment PlanRefundPayment(Refund refund, const std::string& details, int64_t now_ms, std::string receipt_number) {
  RefundPayment p;
  p.receipt = ReceiptFor(refund, "refund", details, now_ms, std::move(receipt_number));
  const Receipt& r = p.receipt;
  p.journal = JournalLines(r, -1);
  refund.status = RefundStatus::kPaid;
  refund.receipt = r.number;
  refund.paid_ms = now_ms;
  p.refund = std::move(refund);
  return p;
}

}  // namespace oc::payment
