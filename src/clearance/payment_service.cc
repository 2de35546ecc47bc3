#include "clearance/payment_service.h"

#include <nlohmann/json.hpp>

#include "common/dates.h"
#include "common/encoding.h"
#include "identity/access.h"
#include "payment/bank_message.h"
#include "payment/debt.h"

namespace oc {

namespace {

// The organisation filter of a list: "" = every organisation's; "\x01" matches none (a trader
// without an organisation).
std::string ListScope(const Principal& who) {
  if (access::Unrestricted(who, access::Action::kReadPayments)) return "";
  return who.org_tin.empty() ? "\x01" : who.org_tin;
}

bool MayRead(const Principal& who, const std::string& org_tin) {
  return access::Allowed(who, access::Action::kReadPayments, {org_tin});
}

bool ValidTin(const std::string& tin) {
  if (tin.empty() || tin.size() > 17) return false;
  for (char c : tin)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

}  // namespace

PaymentService::PaymentService(PaymentStore& store, ClearanceService& clearance, std::string currency)
    : store_(store), clearance_(clearance), currency_(std::move(currency)) {}

Done<payment::Settlement> PaymentService::ThenRelease(Done<payment::Settlement> done) {
  return [this, done = std::move(done)](Result<payment::Settlement> s) {
    if (!s.ok() || !s->order || s->replay) return done(std::move(s));
    // A green-lane declaration goes as soon as its duties are paid; the payer's answer waits for
    // that so that it tells the final state. Not releasable (another lane) is no error here.
    auto settled = std::make_shared<Result<payment::Settlement>>(std::move(s));
    clearance_.AutoRelease(settled->value().order->declaration_id, [settled, done](Reply) { done(std::move(*settled)); });
  };
}

void PaymentService::SetDemoBank(std::string bank_id, std::string secret) {
  demo_bank_ = std::make_pair(std::move(bank_id), std::move(secret));
}

void PaymentService::ReceiveBankConfirmation(const std::string& bank_id, const std::string& signature,
                                             std::string body, Done<payment::Settlement> done) {
  if (bank_id.empty()) return done(Status::Unauthorized("unknown_bank", "the X-Bank-Id header is missing"));
  if (signature.empty()) return done(Status::Unauthorized("bad_signature", "the X-Bank-Signature header is missing"));
  auto bank = store_.GetBank(bank_id);
  if (!bank.ok()) {
    if (bank.status().kind() == StatusKind::kNotFound)
      return done(Status::Unauthorized("unknown_bank", "no bank '" + bank_id + "' is registered"));
    return done(bank.status());
  }
  // Authenticate before looking at the content: an unsigned body is not read further.
  if (Status st = payment::VerifySignature(bank.value(), body, signature); !st.ok()) return done(st);
  auto conf = payment::ParseConfirmation(body);
  if (!conf.ok()) return done(conf.status());
  conf->bank_id = bank_id;
  store_.SettleByBank(std::move(conf.value()), ThenRelease(std::move(done)));
}

void PaymentService::PayFromDeferredAccount(const Principal& who, const std::string& order, const std::string& account,
                                            Done<payment::Settlement> done) {
  if (Status st = access::Allow(who, access::Action::kPayFromDeferredAccount); !st.ok()) return done(st);
  auto o = Order(who, order);
  if (!o.ok()) return done(o.status());
  auto a = store_.GetDeferredAccount(account);
  if (!a.ok() || a->org_tin != who.org_tin)
    return done(Status::NotFound("unknown_account", "you have no deferred account " + account));
  store_.SettleByDeferred(order, account, ThenRelease(std::move(done)));
}

void PaymentService::DemoBankPay(const Principal& who, const std::string& order, Done<payment::Settlement> done) {
  if (Status st = access::Allow(who, access::Action::kPayThroughDemoBank); !st.ok()) return done(st);
  if (!demo_bank_) return done(Status::Unavailable("this server has no demo bank (it is started with --demo only)"));
  auto o = Order(who, order);
  if (!o.ok()) return done(o.status());
  nlohmann::json body = {{"bank_ref", "DEMO" + HexEncode(RandomBytes(6))},
                         {"order", o->reference},
                         {"amount", payment::FormatCents(o->amount)},
                         {"currency", o->currency},
                         {"paid_at", FormatTimestamp(NowUnixMillis())},
                         {"payer", who.org_tin}};
  std::string text = body.dump();
  std::string sig = payment::SignBody("ed25519", demo_bank_->second, text);
  ReceiveBankConfirmation(demo_bank_->first, sig, std::move(text), std::move(done));
}

Result<DebtView> PaymentService::Debt(const Principal& who, const std::string& ref) {
  auto rec = clearance_.Get(who, ref);
  if (!rec.ok()) return rec.status();
  DebtView v;
  v.record = std::move(rec.value());
  PaymentFilter f;
  f.declaration_id = v.record.id;
  auto orders = store_.ListPaymentOrders(f);
  if (!orders.ok()) return orders.status();
  auto refunds = store_.ListRefunds(f);
  if (!refunds.ok()) return refunds.status();
  auto receipts = store_.ListReceipts(f);
  if (!receipts.ok()) return receipts.status();
  v.orders = std::move(orders.value());
  v.refunds = std::move(refunds.value());
  v.receipts = std::move(receipts.value());
  State s = v.record.lifecycle.state;
  if (s != State::kReleased && s != State::kExited && s != State::kCancelled && s != State::kInvalidated &&
      s != State::kRejected)
    v.release_blockers = payment::ReleaseBlockers(v.record.debt, v.record.version);
  return v;
}

ReplyFn PaymentService::ThenDebt(const Principal& who, int64_t declaration_id, DebtReplyFn done) {
  return [this, who, id = std::to_string(declaration_id), done = std::move(done)](Reply rep) {
    if (!rep.status.ok()) return done(DebtReply{rep.status, std::move(rep.errors), std::nullopt});
    auto debt = Debt(who, id);
    if (!debt.ok()) return done(DebtReply{debt.status(), {}, std::nullopt});
    done(DebtReply{Status::Ok(), {}, std::move(debt.value())});
  };
}

void PaymentService::ReserveGuarantee(const Principal& who, const std::string& declaration_ref, std::string guarantee,
                                      DebtReplyFn done) {
  auto rec = clearance_.Get(who, declaration_ref);
  if (!rec.ok()) return done(DebtReply{rec.status(), {}, std::nullopt});
  clearance_.ReserveGuarantee(who, rec->id, std::move(guarantee), ThenDebt(who, rec->id, std::move(done)));
}

void PaymentService::Discharge(const Principal& who, const std::string& declaration_ref, DebtReplyFn done) {
  auto rec = clearance_.Get(who, declaration_ref);
  if (!rec.ok()) return done(DebtReply{rec.status(), {}, std::nullopt});
  clearance_.Discharge(who, rec->id, ThenDebt(who, rec->id, std::move(done)));
}

Status PaymentService::FilterByDeclaration(const Principal& who, const std::string& ref, PaymentFilter& f) {
  if (ref.empty()) return Status::Ok();
  auto rec = clearance_.Get(who, ref);
  if (!rec.ok()) return rec.status();
  f.declaration_id = rec->id;
  return Status::Ok();
}

Result<payment::PaymentOrder> PaymentService::Order(const Principal& who, const std::string& reference) {
  auto o = store_.GetPaymentOrder(reference);
  if (!o.ok()) {
    if (o.status().kind() == StatusKind::kNotFound && !payment::IsValidCreditorReference(reference))
      return Status::NotFound("unknown_order", "'" + reference + "' is not a payment order reference (its check digits fail)");
    return o.status();
  }
  if (!access::Unrestricted(who, access::Action::kReadPayments) && !clearance_.MaySee(who, o->declaration_id))
    return Status::NotFound("unknown_order", "no payment order " + reference);
  return o;
}

Result<std::vector<payment::PaymentOrder>> PaymentService::Orders(const Principal& who, PaymentFilter f,
                                                                  const std::string& declaration_ref) {
  if (Status st = FilterByDeclaration(who, declaration_ref, f); !st.ok()) return st;
  if (std::string scope = ListScope(who); !scope.empty()) f.org_tin = scope;
  return store_.ListPaymentOrders(f);
}

void PaymentService::RegisterBank(const Principal& who, payment::Bank bank, Done<payment::Bank> done) {
  if (Status st = access::Allow(who, access::Action::kRegisterBank); !st.ok()) return done(st);
  if (bank.id.empty() || bank.id.size() > 32 || !ValidTin(bank.id))
    return done(Status::Invalid("invalid_parameter", "'id' must be 1-32 upper-case letters or digits"));
  if (bank.name.empty() || bank.name.size() > 200)
    return done(Status::Invalid("invalid_parameter", "'name' must be 1-200 characters"));
  if (bank.scheme == "ed25519") {
    if (bank.key.size() != 32) return done(Status::Invalid("invalid_key", "an Ed25519 public key is 32 bytes"));
  } else if (bank.scheme == "hmac-sha256") {
    if (bank.key.size() < 32) return done(Status::Invalid("invalid_key", "an HMAC secret must have at least 32 bytes"));
  } else {
    return done(Status::Invalid("invalid_parameter", "'scheme' must be ed25519 or hmac-sha256"));
  }
  bank.created_ms = NowUnixMillis();
  store_.PutBank(std::move(bank), std::move(done));
}

Result<std::vector<payment::Bank>> PaymentService::Banks(const Principal& who) {
  if (Status st = access::Allow(who, access::Action::kListBanks); !st.ok()) return st;
  return store_.ListBanks();
}

void PaymentService::OpenDeferredAccount(const Principal& who, payment::DeferredAccount a,
                                         Done<payment::DeferredAccount> done) {
  if (Status st = access::Allow(who, access::Action::kOpenDeferredAccount); !st.ok()) return done(st);
  if (!ValidTin(a.org_tin)) return done(Status::Invalid("invalid_parameter", "'org_tin' must be a taxpayer number"));
  if (a.currency.empty()) a.currency = currency_;
  if (a.currency != currency_)
    return done(Status::Invalid("currency_mismatch", "debts are owed in " + currency_ + ", not " + a.currency));
  if (a.limit <= 0) return done(Status::Invalid("invalid_parameter", "'limit' must be positive"));
  a.created_ms = NowUnixMillis();
  store_.CreateDeferredAccount(std::move(a), std::move(done));
}

Result<payment::DeferredAccount> PaymentService::Account(const Principal& who, const std::string& id) {
  auto a = store_.GetDeferredAccount(id);
  if (!a.ok()) return a.status();
  if (!MayRead(who, a->org_tin)) return Status::NotFound("unknown_account", "no deferred account " + id);
  return a;
}

Result<std::vector<payment::DeferredAccount>> PaymentService::Accounts(const Principal& who) {
  return store_.ListDeferredAccounts(ListScope(who));
}

void PaymentService::RegisterGuarantee(const Principal& who, payment::Guarantee g, Done<payment::Guarantee> done) {
  if (Status st = access::Allow(who, access::Action::kRegisterGuarantee); !st.ok()) return done(st);
  if (!ValidTin(g.org_tin)) return done(Status::Invalid("invalid_parameter", "'org_tin' must be a taxpayer number"));
  if (!g.reference.empty() && (g.reference.size() > 24 || !ValidTin(g.reference)))
    return done(Status::Invalid("invalid_parameter", "'reference' must be up to 24 upper-case letters or digits"));
  if (!g.office.empty() && !clearance_.reference().offices().Find(g.office))
    return done(Status::Invalid("unknown_office", "'" + g.office + "' is not a customs office"));
  if (g.currency.empty()) g.currency = currency_;
  if (g.currency != currency_)
    return done(Status::Invalid("currency_mismatch", "debts are owed in " + currency_ + ", not " + g.currency));
  if (g.amount <= 0) return done(Status::Invalid("invalid_parameter", "'amount' must be positive"));
  g.created_ms = NowUnixMillis();
  store_.CreateGuarantee(std::move(g), std::move(done));
}

Result<payment::Guarantee> PaymentService::GuaranteeOf(const Principal& who, const std::string& reference) {
  auto g = store_.GetGuarantee(reference);
  if (!g.ok()) return g.status();
  if (!MayRead(who, g->org_tin)) return Status::NotFound("unknown_guarantee", "no guarantee " + reference);
  return g;
}

Result<std::vector<payment::Guarantee>> PaymentService::Guarantees(const Principal& who) {
  return store_.ListGuarantees(ListScope(who));
}

Result<std::vector<payment::Refund>> PaymentService::Refunds(const Principal& who, PaymentFilter f,
                                                             const std::string& declaration_ref) {
  if (Status st = FilterByDeclaration(who, declaration_ref, f); !st.ok()) return st;
  if (std::string scope = ListScope(who); !scope.empty()) f.org_tin = scope;
  return store_.ListRefunds(f);
}

void PaymentService::PayRefund(const Principal& who, const std::string& reference, Done<payment::Settlement> done) {
  if (Status st = access::Allow(who, access::Action::kPayRefund); !st.ok()) return done(st);
  store_.PayRefund(reference, "paid by " + who.ActorLabel(), std::move(done));
}

Result<payment::Receipt> PaymentService::Receipt(const Principal& who, const std::string& number) {
  auto r = store_.GetReceipt(number);
  if (!r.ok()) return r.status();
  if (!MayRead(who, r->org_tin)) return Status::NotFound("no receipt " + number);
  return r;
}

Result<RevenueReport> PaymentService::Revenue(const Principal& who, const std::string& from_day,
                                              const std::string& to_day, const std::string& office) {
  if (Status st = access::Allow(who, access::Action::kReadRevenueReport); !st.ok()) return st;
  auto from = ParseIsoDate(from_day), to = ParseIsoDate(to_day);
  if (!from || !to) return Status::Invalid("invalid_parameter", "'from' and 'to' must be dates (YYYY-MM-DD)");
  if (*to < *from) return Status::Invalid("invalid_parameter", "'to' is before 'from'");
  if (*to - *from > 3660) return Status::Invalid("invalid_parameter", "the report covers at most ten years");
  auto rows = store_.Revenue(from_day, to_day, office);
  if (!rows.ok()) return rows.status();
  return RevenueReport{from_day, to_day, office, currency_, std::move(rows.value())};
}

}  // namespace oc
