// Settlements of the payments sub-ledger: the checks each must pass before anything is written,
// and the plan of what it writes — the settled order or refund, the account's new balance, the
// receipt and the revenue journal. Pure functions: the store calls them inside its write
// transaction with the records as they stand there, numbers documents from its counters
// (payment/numbering.h) and writes each plan as given.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "payment/records.h"

namespace oc::payment {

// A bank payment settles an open order for exactly its amount and currency.
// Conflict("order_not_open"), Invalid("currency_mismatch" | "amount_mismatch").
Status CheckBankPayment(const PaymentOrder& order, const BankConfirmation& c);

// A bank sends the same payment again (same bank and bank reference as `earlier`, the one
// stored): a replay, answered with the first receipt, when it confirms the same target, amount
// and currency; Conflict("bank_ref_reused") when the content differs.
Status CheckBankReplay(const BankConfirmation& earlier, const BankConfirmation& again);

// A bank payment to a deferred account repays at most its balance.
// Invalid("currency_mismatch" | "amount_exceeds_balance").
Status CheckRepayment(const DeferredAccount& account, const BankConfirmation& c);

// An order may be charged to a deferred account of the same organisation within its limit.
// Conflict("order_not_open" | "deferred_limit_exceeded"), Forbidden, Invalid("currency_mismatch").
Status CheckDeferredCharge(const PaymentOrder& order, const DeferredAccount& account);

// A guarantee may secure `need` of a declaration lodged by its holder (declarant or
// representative) at its office. `held_here` is what this declaration already reserves on it
// (replaced by the new reservation). Forbidden, Invalid("currency_mismatch" | "office_mismatch"),
// Conflict("guarantee_insufficient").
Status CheckReservation(const Guarantee& g, const std::string& declarant_tin, const std::string& representative_tin,
                        const std::string& office, const std::string& currency, Cents need, Cents held_here);

// A due refund may be paid once. Conflict("refund_not_due").
Status CheckRefundPayment(const Refund& refund);

// One row of the revenue journal: what a receipt collected (positive) or refunded (negative) for
// one tax, on the receipt's day (UTC) at its office.
struct JournalLine {
  std::string day, office, tax;
  Cents amount = 0;
  std::string receipt;
};
// The receipt's lines, signed: +1 for collections, -1 for refunds.
std::vector<JournalLine> JournalLines(const Receipt& r, int sign);

// An open order settled: the order marked paid (method "bank", or "deferred" when `kind` is
// "deferred"), its receipt of `kind` numbered `receipt_number`, and the revenue it collects.
// The declaration's debt lines settle the order's lines.
struct OrderSettlement {
  PaymentOrder order;
  Receipt receipt;
  std::vector<JournalLine> journal;
};
OrderSettlement PlanOrderSettlement(PaymentOrder order, const std::string& kind, const std::string& settled_by,
                                    int64_t now_ms, std::string receipt_number);

// An order charged to a deferred account (CheckDeferredCharge passed): the account owes the
// order's amount more, and the order is settled with a "deferred" receipt. Revenue is recorded
// at the charge; the account's repayment later records none.
struct DeferredCharge {
  DeferredAccount account;
  OrderSettlement settlement;
};
DeferredCharge PlanDeferredCharge(PaymentOrder order, DeferredAccount account, int64_t now_ms, std::string receipt_number);

// A bank repayment of a deferred account (CheckRepayment passed): the balance falls by the
// amount, and a "repayment" receipt names the account (no declaration, no revenue line).
struct Repayment {
  DeferredAccount account;
  Receipt receipt;
};
Repayment PlanRepayment(DeferredAccount account, const BankConfirmation& c, const std::string& settled_by,
                        int64_t now_ms, std::string receipt_number);

// A due refund paid (CheckRefundPayment passed): the refund marked paid, its "refund" receipt,
// and the revenue it gives back (negative journal lines).
struct RefundPayment {
  Refund refund;
  Receipt receipt;
  std::vector<JournalLine> journal;
};
RefundPayment PlanRefundPayment(Refund refund, const std::string& details, int64_t now_ms, std::string receipt_number);

}  // namespace oc::payment
