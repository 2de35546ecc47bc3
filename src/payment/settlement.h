// The checks a settlement must pass before anything is written. Pure functions: the store calls
// them inside its write transaction with the records as they stand there.
#pragma once

#include <string>

#include "common/status.h"
#include "payment/records.h"

namespace oc::payment {

// A bank payment settles an open order for exactly its amount and currency.
// Conflict("order_not_open"), Invalid("currency_mismatch" | "amount_mismatch").
Status CheckBankPayment(const PaymentOrder& order, const BankConfirmation& c);

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

}  // namespace oc::payment
