// The records of the payments sub-ledger, as plain values shared by the payment rules, the store
// and the API. Amounts are in cents of `currency` (the national currency of the schedule).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "payment/money.h"

namespace oc::payment {

// One tax type's share of an order, refund, receipt or debt.
struct TaxAmount {
  std::string tax;  // duty, additional_duty, excise, vat, fee
  Cents amount = 0;
};

// What the trader owes (or must secure) for one declaration, per tax type.
struct DebtLine {
  std::string tax;
  Cents assessed = 0;    // the amount of the current assessment
  Cents settled = 0;     // paid or charged to a deferred account, less refunds
  bool secured = false;  // relief by procedure: covered by a guarantee instead of paid
};

struct Debt {
  std::string currency;
  int version = 0;  // the declaration version that was assessed
  int64_t assessed_ms = 0;
  std::vector<DebtLine> lines;
  std::string guarantee;  // reference of the guarantee securing it, "" when none
  Cents guaranteed = 0;   // the amount reserved on that guarantee

  Cents Assessed() const;
  Cents Settled() const;
  // Still to pay: the unsettled part of every line that is not secured.
  Cents Outstanding() const;
  // To be covered by a guarantee: the secured lines.
  Cents ToSecure() const;
};

enum class OrderStatus { kOpen, kPaid, kCancelled };
const char* OrderStatusName(OrderStatus s);

struct PaymentOrder {
  std::string reference;  // ISO 11649 creditor reference ("RF" + check digits + ...)
  int64_t declaration_id = 0;
  std::string mrn, org_tin, office, currency;
  Cents amount = 0;
  std::vector<TaxAmount> lines;
  OrderStatus status = OrderStatus::kOpen;
  std::string method;      // how it was settled: "bank" or "deferred"; "" while open
  std::string settled_by;  // bank id and reference, or deferred account id
  std::string receipt;     // receipt number once settled
  int64_t created_ms = 0, settled_ms = 0;
};

// A payment institution allowed to confirm payments, with the key its confirmations are
// verified with: an Ed25519 public key (32 bytes) or an HMAC-SHA-256 shared secret.
struct Bank {
  std::string id, name;
  std::string scheme;  // "ed25519" or "hmac-sha256"
  std::string key;     // raw bytes
  int64_t created_ms = 0;
};

// A bank's confirmation that a payment was received for an order (or for a deferred account).
struct BankConfirmation {
  std::string bank_id;
  std::string bank_ref;  // the bank's own unique reference of the payment
  std::string order;     // payment order reference, or deferred account id for a repayment
  Cents amount = 0;
  std::string currency;
  std::string paid_at;   // as sent by the bank (RFC 3339)
  std::string payer;     // payer's TIN or name, as sent
};

// Deferred payment: the trader's debts are charged to the account up to its limit and paid
// periodically; the balance is what is owed now.
struct DeferredAccount {
  std::string id, org_tin, currency;
  Cents limit = 0, balance = 0;
  int64_t created_ms = 0;
};

// A guarantee lodged by a trader (bank guarantee or cash deposit) that secures debts of transit
// and suspensive procedures at one office ("" = any office).
struct Guarantee {
  std::string reference, org_tin, office, currency;
  Cents amount = 0;
  Cents in_use = 0;  // reserved by declarations not yet discharged
  int64_t created_ms = 0;
};

enum class RefundStatus { kDue, kPaid };
const char* RefundStatusName(RefundStatus s);

struct Refund {
  std::string reference;
  int64_t declaration_id = 0;
  std::string mrn, org_tin, office, currency;
  Cents amount = 0;
  std::vector<TaxAmount> lines;
  std::string reason;
  RefundStatus status = RefundStatus::kDue;
  std::string receipt;
  int64_t created_ms = 0, paid_ms = 0;
};

// Proof of a settlement, issued once and never changed.
struct Receipt {
  std::string number;
  std::string kind;  // payment (bank), deferred (charged to an account), repayment (of an account), refund
  std::string mrn, org_tin, office, reference, currency;  // reference: order, account or refund
  Cents amount = 0;
  std::vector<TaxAmount> lines;
  std::string details;  // bank and bank reference, or account id
  int64_t issued_ms = 0;
};

// Revenue collected and refunded, by day (UTC), office and tax type.
struct RevenueRow {
  std::string day, office, tax;
  Cents collected = 0, refunded = 0;
};

// The result of settling an order or paying a refund or a repayment.
struct Settlement {
  Receipt receipt;
  std::optional<PaymentOrder> order;
  std::optional<DeferredAccount> account;
  std::optional<Refund> refund;
  bool replay = false;  // the same bank confirmation was received before: nothing new was written
};

}  // namespace oc::payment
