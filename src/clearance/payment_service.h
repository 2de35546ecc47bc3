// PaymentService: the use cases of the payments sub-ledger — bank confirmations, deferred
// payment, guarantees, refunds, receipts and the revenue report — with who may do what.
// The debt itself follows the declaration (ClearanceService: assess, release, invalidate). Methods
// taking a Principal check it through the access policy (identity/access.h).
//
// Thread-safety: all methods may be called from any thread; write replies arrive on a store thread.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "clearance/clearance_service.h"
#include "payment/records.h"
#include "store/payment_store.h"

namespace oc {

// A declaration's debt with everything that settles it.
struct DebtView {
  DeclarationRecord record;  // record.debt is the debt (nullopt before any assessment)
  std::vector<payment::PaymentOrder> orders;
  std::vector<payment::Refund> refunds;
  std::vector<payment::Receipt> receipts;
  std::vector<Message> release_blockers;  // empty when the goods may be released
};

// The answer to a request that changes a declaration's debt: the debt as it then stands, or the
// failure with the field errors of an assessment that could not be made.
struct DebtReply {
  Status status;
  FieldErrors errors;
  std::optional<DebtView> debt;
};
using DebtReplyFn = std::function<void(DebtReply)>;

struct RevenueReport {
  std::string from_day, to_day, office, currency;
  std::vector<payment::RevenueRow> rows;
};

class PaymentService {
 public:
  PaymentService(PaymentStore& store, ClearanceService& clearance, std::string currency);

  // The bank callback: authenticates the body with the bank's registered key, then settles the
  // order (or deferred account) it names. Unauthorized("unknown_bank" | "bad_signature"),
  // Invalid("invalid_confirmation"), then the store's outcomes (unknown_order, amount_mismatch,
  // order_not_open, bank_ref_reused; replay=true for a repeated confirmation).
  void ReceiveBankConfirmation(const std::string& bank_id, const std::string& signature, std::string body,
                               Done<payment::Settlement> done);

  // A trader charges an order of its own to one of its deferred-payment accounts.
  void PayFromDeferredAccount(const Principal& who, const std::string& order, const std::string& account,
                              Done<payment::Settlement> done);

  // The demo bank (demo stores only): pays `order` as a bank would, through the signed callback
  // path. Unavailable when no demo bank is configured.
  void DemoBankPay(const Principal& who, const std::string& order, Done<payment::Settlement> done);
  void SetDemoBank(std::string bank_id, std::string ed25519_secret_key);

  Result<DebtView> Debt(const Principal& who, const std::string& declaration_ref);
  // ClearanceService::ReserveGuarantee and Discharge for a declaration named by id or MRN
  // (NotFound when `who` may not see it), answered with the debt afterwards.
  void ReserveGuarantee(const Principal& who, const std::string& declaration_ref, std::string guarantee,
                        DebtReplyFn done);
  void Discharge(const Principal& who, const std::string& declaration_ref, DebtReplyFn done);
  Result<payment::PaymentOrder> Order(const Principal& who, const std::string& reference);
  // Orders `who` may see; a non-empty declaration_ref (id or MRN) keeps that declaration's only,
  // NotFound when `who` may not see it.
  Result<std::vector<payment::PaymentOrder>> Orders(const Principal& who, PaymentFilter f,
                                                    const std::string& declaration_ref = "");

  // Administrators register banks; supervisors open deferred accounts and register guarantees.
  void RegisterBank(const Principal& who, payment::Bank bank, Done<payment::Bank> done);
  Result<std::vector<payment::Bank>> Banks(const Principal& who);
  void OpenDeferredAccount(const Principal& who, payment::DeferredAccount a, Done<payment::DeferredAccount> done);
  Result<payment::DeferredAccount> Account(const Principal& who, const std::string& id);
  Result<std::vector<payment::DeferredAccount>> Accounts(const Principal& who);
  void RegisterGuarantee(const Principal& who, payment::Guarantee g, Done<payment::Guarantee> done);
  Result<payment::Guarantee> GuaranteeOf(const Principal& who, const std::string& reference);
  Result<std::vector<payment::Guarantee>> Guarantees(const Principal& who);

  // Refunds `who` may see, narrowed to one declaration as Orders are.
  Result<std::vector<payment::Refund>> Refunds(const Principal& who, PaymentFilter f,
                                              const std::string& declaration_ref = "");
  // Supervisors pay a due refund to the trader.
  void PayRefund(const Principal& who, const std::string& reference, Done<payment::Settlement> done);
  Result<payment::Receipt> Receipt(const Principal& who, const std::string& number);

  // Customs staff: collected and refunded by day, office and tax for [from, to].
  Result<RevenueReport> Revenue(const Principal& who, const std::string& from_day, const std::string& to_day,
                                const std::string& office);

  const std::string& currency() const { return currency_; }

 private:
  // Wraps a settlement's reply: the declaration it paid for is released first when its lane allows.
  Done<payment::Settlement> ThenRelease(Done<payment::Settlement> done);
  // Answers a debt change's reply with the declaration's debt afterwards.
  ReplyFn ThenDebt(const Principal& who, int64_t declaration_id, DebtReplyFn done);
  // Narrows `f` to the declaration named by `ref` when there is one.
  Status FilterByDeclaration(const Principal& who, const std::string& ref, PaymentFilter& f);

  PaymentStore& store_;
  ClearanceService& clearance_;
  std::string currency_;
  std::optional<std::pair<std::string, std::string>> demo_bank_;  // id, secret key
};

}  // namespace oc
