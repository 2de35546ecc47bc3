// The payments sub-ledger: orders, bank settlements, deferred accounts, guarantees, refunds,
// receipts and revenue (the rules are payment/settlement.h; the store writes their plans).
//
// One facet of the storage interface (store/store.h has the contract every facet shares: writes
// asynchronous with `done` called once after the write is durable or has failed, on a store
// thread; reads synchronous, thread-safe and seeing every acknowledged write; errors as Status).
#pragma once

#include <string>
#include <vector>

#include "payment/records.h"
#include "store/done.h"

namespace oc {

struct PaymentFilter {
  int64_t declaration_id = 0;  // 0 = any
  std::string org_tin;         // "" = any
  std::string status;          // "" = any
  int limit = 100;
};

class PaymentStore {
 public:
  virtual ~PaymentStore() = default;

  // --- payments (amounts in cents; see payment/records.h) ---
  virtual Result<payment::PaymentOrder> GetPaymentOrder(const std::string& reference) = 0;
  virtual Result<std::vector<payment::PaymentOrder>> ListPaymentOrders(const PaymentFilter& f) = 0;  // newest first
  // Applies a verified bank confirmation to the order (or deferred account) it names, issuing a
  // receipt and recording revenue. Idempotent on (bank, bank_ref): the same confirmation again
  // gives the first settlement with replay=true; different content under that bank_ref is
  // Conflict("bank_ref_reused"). NotFound("unknown_order"); the checks of payment/settlement.h
  // (amount_mismatch, order_not_open...) fail it with nothing written.
  virtual void SettleByBank(payment::BankConfirmation c, Done<payment::Settlement> done) = 0;
  // Charges an open order to a deferred-payment account of the order's organisation within its limit.
  virtual void SettleByDeferred(std::string order_reference, std::string account_id, Done<payment::Settlement> done) = 0;
  virtual void PutBank(payment::Bank b, Done<payment::Bank> done) = 0;  // insert or replace the key
  virtual Result<payment::Bank> GetBank(const std::string& id) = 0;
  virtual Result<std::vector<payment::Bank>> ListBanks() = 0;
  virtual void CreateDeferredAccount(payment::DeferredAccount a, Done<payment::DeferredAccount> done) = 0;  // assigns id
  virtual Result<payment::DeferredAccount> GetDeferredAccount(const std::string& id) = 0;
  virtual Result<std::vector<payment::DeferredAccount>> ListDeferredAccounts(const std::string& org) = 0;  // "" = all
  // Conflict("guarantee_exists") when the reference is taken; a reference is assigned when empty.
  virtual void CreateGuarantee(payment::Guarantee g, Done<payment::Guarantee> done) = 0;
  virtual Result<payment::Guarantee> GetGuarantee(const std::string& reference) = 0;
  virtual Result<std::vector<payment::Guarantee>> ListGuarantees(const std::string& org) = 0;  // "" = all
  virtual Result<payment::Refund> GetRefund(const std::string& reference) = 0;
  virtual Result<std::vector<payment::Refund>> ListRefunds(const PaymentFilter& f) = 0;  // newest first
  // Pays a due refund: receipt, negative revenue. Conflict("refund_not_due") when already paid.
  virtual void PayRefund(std::string reference, std::string details, Done<payment::Settlement> done) = 0;
  virtual Result<payment::Receipt> GetReceipt(const std::string& number) = 0;
  virtual Result<std::vector<payment::Receipt>> ListReceipts(const PaymentFilter& f) = 0;  // newest first
  // Collected and refunded per day, office and tax for days in [from_day, to_day] ("YYYY-MM-DD").
  virtual Result<std::vector<payment::RevenueRow>> Revenue(const std::string& from_day, const std::string& to_day,
                                                           const std::string& office) = 0;
};

}  // namespace oc
