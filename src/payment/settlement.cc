#include "payment/settlement.h"

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

}  // namespace oc::payment
