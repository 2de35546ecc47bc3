// The numbers of the payments sub-ledger's documents. Each takes the next value of a counter that
// the store keeps by name inside the writing transaction (so numbers have no gaps and never
// repeat); these functions say which counter a document draws on and how its value is written.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace oc::payment {

// Receipts are numbered per year of issue: "R26-0000042".
std::string ReceiptCounter(int64_t issued_ms);  // "receipt:26"
std::string ReceiptNumber(int64_t issued_ms, int64_t n);

// Payment orders: the ISO 11649 creditor reference of "OC26000000042" (per year).
std::string OrderCounter(int64_t created_ms);  // "order:26"
std::string OrderReference(int64_t created_ms, int64_t n);

// Refunds due: "RD26-0000042" (per year).
std::string RefundCounter(int64_t created_ms);  // "refund:26"
std::string RefundReference(int64_t created_ms, int64_t n);

// Guarantees registered without a reference of their own: "26GR00000042" (per year).
std::string GuaranteeCounter(int64_t created_ms);  // "guarantee:26"
std::string GuaranteeReference(int64_t created_ms, int64_t n);

// Deferred-payment accounts: "DA000042" (one sequence).
inline constexpr const char* kDeferredAccountCounter = "deferred_account";
std::string DeferredAccountId(int64_t n);

}  // namespace oc::payment
