// The payments sub-ledger of the SQLite backend: debts written with their declaration, payment
// orders, bank payments (idempotent by bank reference), deferred accounts, guarantees, refunds,
// receipts and the revenue journal. Every settlement writes its receipt and revenue rows in the
// same transaction as the balance it changes.
#include <nlohmann/json.hpp>

#include "common/dates.h"
#include "payment/bank_message.h"
#include "payment/numbering.h"
#include "payment/settlement.h"
#include "store/sqlite_store_impl.h"

namespace oc::detail {

using payment::Cents;
using payment::TaxAmount;

namespace {

std::string LinesText(const std::vector<TaxAmount>& lines) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& l : lines) arr.push_back({{"tax", l.tax}, {"amount", l.amount}});
  return arr.dump();
}

std::vector<TaxAmount> LinesFrom(const std::string& text) {
  std::vector<TaxAmount> out;
  auto arr = nlohmann::json::parse(text, nullptr, false);
  if (!arr.is_array()) return out;
  for (const auto& l : arr) out.push_back({l.value("tax", ""), l.value("amount", Cents{0})});
  return out;
}

const char* kOrderColumns =
    "reference, declaration_id, mrn, org_tin, office, currency, amount, lines, status, method, settled_by, receipt, "
    "created_at, settled_at";

payment::PaymentOrder OrderFromRow(sqlite::Stmt& q) {
  payment::PaymentOrder o;
  o.reference = q.Text(0);
  o.declaration_id = q.Int(1);
  o.mrn = q.Text(2);
  o.org_tin = q.Text(3);
  o.office = q.Text(4);
  o.currency = q.Text(5);
  o.amount = q.Int(6);
  o.lines = LinesFrom(q.Text(7));
  std::string st = q.Text(8);
  o.status = st == "paid" ? payment::OrderStatus::kPaid
             : st == "cancelled" ? payment::OrderStatus::kCancelled : payment::OrderStatus::kOpen;
  o.method = q.Text(9);
  o.settled_by = q.Text(10);
  o.receipt = q.Text(11);
  o.created_ms = q.Int(12);
  o.settled_ms = q.Int(13);
  return o;
}

const char* kRefundColumns =
    "reference, declaration_id, mrn, org_tin, office, currency, amount, lines, reason, status, receipt, created_at, "
    "paid_at";

payment::Refund RefundFromRow(sqlite::Stmt& q) {
  payment::Refund r;
  r.reference = q.Text(0);
  r.declaration_id = q.Int(1);
  r.mrn = q.Text(2);
  r.org_tin = q.Text(3);
  r.office = q.Text(4);
  r.currency = q.Text(5);
  r.amount = q.Int(6);
  r.lines = LinesFrom(q.Text(7));
  r.reason = q.Text(8);
  r.status = q.Text(9) == "paid" ? payment::RefundStatus::kPaid : payment::RefundStatus::kDue;
  r.receipt = q.Text(10);
  r.created_ms = q.Int(11);
  r.paid_ms = q.Int(12);
  return r;
}

const char* kReceiptColumns =
    "number, kind, mrn, org_tin, office, reference, currency, amount, lines, details, issued_at";

payment::Receipt ReceiptFromRow(sqlite::Stmt& q) {
  payment::Receipt r;
  r.number = q.Text(0);
  r.kind = q.Text(1);
  r.mrn = q.Text(2);
  r.org_tin = q.Text(3);
  r.office = q.Text(4);
  r.reference = q.Text(5);
  r.currency = q.Text(6);
  r.amount = q.Int(7);
  r.lines = LinesFrom(q.Text(8));
  r.details = q.Text(9);
  r.issued_ms = q.Int(10);
  return r;
}

payment::DeferredAccount AccountFromRow(sqlite::Stmt& q) {
  payment::DeferredAccount a;
  a.id = q.Text(0);
  a.org_tin = q.Text(1);
  a.currency = q.Text(2);
  a.limit = q.Int(3);
  a.balance = q.Int(4);
  a.created_ms = q.Int(5);
  return a;
}
const char* kAccountSelect = "SELECT id, org_tin, currency, limit_amount, balance, created_at FROM deferred_accounts";

payment::Guarantee GuaranteeFromRow(sqlite::Stmt& q) {
  payment::Guarantee g;
  g.reference = q.Text(0);
  g.org_tin = q.Text(1);
  g.office = q.Text(2);
  g.currency = q.Text(3);
  g.amount = q.Int(4);
  g.in_use = q.Int(5);
  g.created_ms = q.Int(6);
  return g;
}
const char* kGuaranteeSelect = "SELECT reference, org_tin, office, currency, amount, in_use, created_at FROM guarantees";

payment::Bank BankFromRow(sqlite::Stmt& q, const std::string& key_text) {
  payment::Bank b;
  b.id = q.Text(0);
  b.name = q.Text(1);
  b.scheme = q.Text(2);
  b.key = payment::DecodeBase64Any(key_text).value_or("");
  b.created_ms = q.Int(4);
  return b;
}
const char* kBankSelect = "SELECT id, name, scheme, key, created_at FROM banks";

// Loads one row by key with `row`, NotFound(code, message) when absent.
template <typename T, typename RowFn>
Result<T> LoadOne(Connection& c, const std::string& sql, const std::string& key, RowFn row, const char* code,
                  std::string missing) {
  auto& q = c.Prepare(sql);
  q.Bind(1, key);
  if (!q.Step()) {
    q.Reset();
    return Status::NotFound(code, std::move(missing));
  }
  T out = row(q);
  q.Reset();
  return out;
}

Result<payment::PaymentOrder> LoadOrder(Connection& c, const std::string& ref) {
  return LoadOne<payment::PaymentOrder>(c, std::string("SELECT ") + kOrderColumns + " FROM payment_orders WHERE reference = ?",
                                        ref, OrderFromRow, "unknown_order", "no payment order " + ref);
}

Result<payment::DeferredAccount> LoadAccount(Connection& c, const std::string& id) {
  return LoadOne<payment::DeferredAccount>(c, std::string(kAccountSelect) + " WHERE id = ?", id, AccountFromRow,
                                           "unknown_account", "no deferred account " + id);
}

Result<payment::Guarantee> LoadGuarantee(Connection& c, const std::string& ref) {
  return LoadOne<payment::Guarantee>(c, std::string(kGuaranteeSelect) + " WHERE reference = ?", ref, GuaranteeFromRow,
                                     "unknown_guarantee", "no guarantee " + ref);
}

Result<payment::Receipt> LoadReceipt(Connection& c, const std::string& number) {
  return LoadOne<payment::Receipt>(c, std::string("SELECT ") + kReceiptColumns + " FROM receipts WHERE number = ?",
                                   number, ReceiptFromRow, "not_found", "no receipt " + number);
}

// Inserts a numbered receipt and its ledger event.
void InsertReceipt(Connection& c, const payment::Receipt& r, int64_t declaration_id) {
  c.Prepare(std::string("INSERT INTO receipts(") + kReceiptColumns + ", declaration_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)")
      .Bind(1, r.number).Bind(2, r.kind).Bind(3, r.mrn).Bind(4, r.org_tin).Bind(5, r.office).Bind(6, r.reference)
      .Bind(7, r.currency).Bind(8, r.amount).Bind(9, LinesText(r.lines)).Bind(10, r.details).Bind(11, r.issued_ms)
      .Bind(12, declaration_id)
      .Run();
  sqlite::AppendLedger(c, ledger::events::Receipt(declaration_id, r));
}

void InsertJournal(Connection& c, const std::vector<payment::JournalLine>& lines) {
  for (const auto& l : lines)
    c.Prepare("INSERT INTO revenue(day, office, tax, amount, receipt) VALUES(?,?,?,?,?)")
        .Bind(1, l.day).Bind(2, l.office).Bind(3, l.tax).Bind(4, l.amount).Bind(5, l.receipt)
        .Run();
}

void UpdateAccountBalance(Connection& c, const payment::DeferredAccount& a) {
  c.Prepare("UPDATE deferred_accounts SET balance = ? WHERE id = ?").Bind(1, a.balance).Bind(2, a.id).Run();
}

// Writes an order's settlement: receipt, revenue, the declaration's settled amounts, the order.
void WriteOrderSettlement(Connection& c, const payment::OrderSettlement& s) {
  const payment::PaymentOrder& o = s.order;
  InsertReceipt(c, s.receipt, o.declaration_id);
  InsertJournal(c, s.journal);
  for (const auto& l : o.lines)
    c.Prepare("UPDATE debt_lines SET settled = settled + ? WHERE declaration_id = ? AND tax = ?")
        .Bind(1, l.amount).Bind(2, o.declaration_id).Bind(3, l.tax)
        .Run();
  c.Prepare("UPDATE payment_orders SET status='paid', method=?, settled_by=?, receipt=?, settled_at=? WHERE reference=?")
      .Bind(1, o.method).Bind(2, o.settled_by).Bind(3, o.receipt).Bind(4, o.settled_ms).Bind(5, o.reference)
      .Run();
}

payment::Settlement SettlementOf(payment::OrderSettlement s) {
  payment::Settlement out;
  out.receipt = std::move(s.receipt);
  out.order = std::move(s.order);
  return out;
}

}  // namespace

// ------------------------------------------------------------------ debts with their declaration

std::optional<payment::Debt> SqliteStore::LoadDebt(Connection& c, int64_t id) {
  auto& q = c.Prepare("SELECT currency, version, assessed_at, guarantee_ref, guaranteed FROM debts WHERE declaration_id = ?");
  q.Bind(1, id);
  if (!q.Step()) {
    q.Reset();
    return std::nullopt;
  }
  payment::Debt d;
  d.currency = q.Text(0);
  d.version = static_cast<int>(q.Int(1));
  d.assessed_ms = q.Int(2);
  d.guarantee = q.Text(3);
  d.guaranteed = q.Int(4);
  q.Reset();
  auto& l = c.Prepare("SELECT tax, assessed, settled, secured FROM debt_lines WHERE declaration_id = ? ORDER BY tax");
  l.Bind(1, id);
  while (l.Step()) d.lines.push_back({l.Text(0), l.Int(1), l.Int(2), l.Int(3) != 0});
  l.Reset();
  return d;
}

Status SqliteStore::CheckDebtChange(Connection& c, const DeclarationRecord& r, const payment::DebtChange& ch) {
  if (ch.reserve_guarantee.empty()) return Status::Ok();
  if (!ch.debt) return Status::Internal("a guarantee reservation needs the debt it secures");
  auto g = LoadGuarantee(c, ch.reserve_guarantee);
  if (!g.ok()) return g.status();
  Cents held_here = (r.debt && r.debt->guarantee == g->reference) ? r.debt->guaranteed : 0;
  return payment::CheckReservation(g.value(), r.declarant_tin, r.representative_tin, r.office, ch.debt->currency,
                                   ch.debt->ToSecure(), held_here);
}

void SqliteStore::ApplyDebtChange(Connection& c, const DeclarationRecord& r, const payment::DebtChange& ch, int64_t at) {
  // An existing reservation ends when released or replaced by a new one.
  if ((ch.release_guarantee || !ch.reserve_guarantee.empty()) && r.debt && !r.debt->guarantee.empty()) {
    c.Prepare("UPDATE guarantees SET in_use = in_use - ? WHERE reference = ?")
        .Bind(1, r.debt->guaranteed).Bind(2, r.debt->guarantee).Run();
    c.Prepare("UPDATE guarantee_uses SET status='released', released_at=? WHERE declaration_id=? AND status='active'")
        .Bind(1, at).Bind(2, r.id).Run();
    c.Prepare("UPDATE debts SET guarantee_ref='', guaranteed=0 WHERE declaration_id=?").Bind(1, r.id).Run();
  }
  if (ch.debt) {
    const payment::Debt& d = *ch.debt;
    c.Prepare(
         "INSERT INTO debts(declaration_id, currency, version, assessed_at) VALUES(?,?,?,?) "
         "ON CONFLICT(declaration_id) DO UPDATE SET currency=excluded.currency, version=excluded.version, "
         "assessed_at=excluded.assessed_at")
        .Bind(1, r.id).Bind(2, d.currency).Bind(3, d.version).Bind(4, d.assessed_ms).Run();
    c.Prepare("DELETE FROM debt_lines WHERE declaration_id = ?").Bind(1, r.id).Run();
    for (const auto& l : d.lines)
      c.Prepare("INSERT INTO debt_lines(declaration_id, tax, assessed, settled, secured) VALUES(?,?,?,?,?)")
          .Bind(1, r.id).Bind(2, l.tax).Bind(3, l.assessed).Bind(4, l.settled).Bind(5, l.secured ? 1 : 0).Run();
    sqlite::AppendLedger(c, ledger::events::Assessment(r.id, r.mrn, d));
  }
  if (!ch.reserve_guarantee.empty()) {
    Cents need = ch.debt->ToSecure();
    c.Prepare("UPDATE guarantees SET in_use = in_use + ? WHERE reference = ?").Bind(1, need).Bind(2, ch.reserve_guarantee).Run();
    c.Prepare("INSERT INTO guarantee_uses(guarantee_ref, declaration_id, amount, status, created_at) VALUES(?,?,?,'active',?)")
        .Bind(1, ch.reserve_guarantee).Bind(2, r.id).Bind(3, need).Bind(4, at).Run();
    c.Prepare("UPDATE debts SET guarantee_ref=?, guaranteed=? WHERE declaration_id=?")
        .Bind(1, ch.reserve_guarantee).Bind(2, need).Bind(3, r.id).Run();
  }
  std::string currency = ch.debt ? ch.debt->currency : (r.debt ? r.debt->currency : "");
  if (ch.cancel_open_orders)
    c.Prepare("UPDATE payment_orders SET status='cancelled', settled_at=? WHERE declaration_id=? AND status='open'")
        .Bind(1, at).Bind(2, r.id).Run();
  if (ch.order) {
    std::string ref = payment::OrderReference(at, NextCounter(c, payment::OrderCounter(at)));
    c.Prepare(
         "INSERT INTO payment_orders(reference, declaration_id, mrn, org_tin, office, currency, amount, lines, status, "
         "created_at) VALUES(?,?,?,?,?,?,?,?,'open',?)")
        .Bind(1, ref).Bind(2, r.id).Bind(3, r.mrn).Bind(4, r.declarant_tin).Bind(5, r.office).Bind(6, currency)
        .Bind(7, payment::Total(*ch.order)).Bind(8, LinesText(*ch.order)).Bind(9, at)
        .Run();
  }
  if (ch.refund) {
    std::string ref = payment::RefundReference(at, NextCounter(c, payment::RefundCounter(at)));
    c.Prepare(
         "INSERT INTO refunds(reference, declaration_id, mrn, org_tin, office, currency, amount, lines, reason, status, "
         "created_at) VALUES(?,?,?,?,?,?,?,?,?,'due',?)")
        .Bind(1, ref).Bind(2, r.id).Bind(3, r.mrn).Bind(4, r.declarant_tin).Bind(5, r.office).Bind(6, currency)
        .Bind(7, payment::Total(*ch.refund)).Bind(8, LinesText(*ch.refund)).Bind(9, ch.refund_reason).Bind(10, at)
        .Run();
  }
}

// ------------------------------------------------------------------ orders and settlements

Result<payment::PaymentOrder> SqliteStore::GetPaymentOrder(const std::string& reference) {
  return Read<payment::PaymentOrder>([&](Connection& c) { return LoadOrder(c, reference); });
}

Result<std::vector<payment::PaymentOrder>> SqliteStore::ListPaymentOrders(const PaymentFilter& f) {
  return ReadRows<payment::PaymentOrder>(
      std::string("SELECT ") + kOrderColumns +
          " FROM payment_orders WHERE (?1 = 0 OR declaration_id = ?1) AND (?2 = '' OR org_tin = ?2) AND "
          "(?3 = '' OR status = ?3) ORDER BY id DESC LIMIT ?4",
      [&](sqlite::Stmt& q) { q.Bind(1, f.declaration_id).Bind(2, f.org_tin).Bind(3, f.status).Bind(4, f.limit); },
      OrderFromRow);
}

void SqliteStore::SettleByBank(payment::BankConfirmation conf, Done<payment::Settlement> done) {
  auto out = std::make_shared<payment::Settlement>();
  EnqueueFor(out,
      [conf = std::move(conf), out](Connection& c) -> Status {
        auto& seen = c.Prepare("SELECT target, amount, currency, receipt FROM bank_payments WHERE bank_id=? AND bank_ref=?");
        seen.Bind(1, conf.bank_id).Bind(2, conf.bank_ref);
        if (seen.Step()) {
          payment::BankConfirmation earlier = conf;  // what the bank sent first, as far as it settles
          earlier.order = seen.Text(0);
          earlier.amount = seen.Int(1);
          earlier.currency = seen.Text(2);
          std::string receipt = seen.Text(3);
          seen.Reset();
          if (Status st = payment::CheckBankReplay(earlier, conf); !st.ok()) return st;
          auto r = LoadReceipt(c, receipt);
          if (!r.ok()) return r.status();
          out->receipt = std::move(r.value());
          if (auto o = LoadOrder(c, earlier.order); o.ok()) out->order = std::move(o.value());
          if (auto a = LoadAccount(c, earlier.order); a.ok()) out->account = std::move(a.value());
          out->replay = true;
          return Status::Ok();
        }
        seen.Reset();
        int64_t now = NowUnixMillis();
        std::string by = conf.bank_id + " " + conf.bank_ref;
        auto number = [&c, now] { return payment::ReceiptNumber(now, NextCounter(c, payment::ReceiptCounter(now))); };
        auto order = LoadOrder(c, conf.order);
        if (order.ok()) {
          if (Status st = payment::CheckBankPayment(order.value(), conf); !st.ok()) return st;
          auto plan = payment::PlanOrderSettlement(std::move(order.value()), "payment", by, now, number());
          WriteOrderSettlement(c, plan);
          *out = SettlementOf(std::move(plan));
        } else {
          auto account = LoadAccount(c, conf.order);
          if (!account.ok())
            return Status::NotFound("unknown_order", "no payment order or deferred account " + conf.order);
          if (Status st = payment::CheckRepayment(account.value(), conf); !st.ok()) return st;
          auto plan = payment::PlanRepayment(std::move(account.value()), conf, by, now, number());
          UpdateAccountBalance(c, plan.account);
          InsertReceipt(c, plan.receipt, 0);
          out->receipt = std::move(plan.receipt);
          out->account = std::move(plan.account);
        }
        c.Prepare(
             "INSERT INTO bank_payments(bank_id, bank_ref, target, amount, currency, paid_at, payer, receipt, "
             "received_at) VALUES(?,?,?,?,?,?,?,?,?)")
            .Bind(1, conf.bank_id).Bind(2, conf.bank_ref).Bind(3, conf.order).Bind(4, conf.amount)
            .Bind(5, conf.currency).Bind(6, conf.paid_at).Bind(7, conf.payer).Bind(8, out->receipt.number).Bind(9, now)
            .Run();
        return Status::Ok();
      },
      std::move(done));
}

void SqliteStore::SettleByDeferred(std::string order_ref, std::string account_id, Done<payment::Settlement> done) {
  auto out = std::make_shared<payment::Settlement>();
  EnqueueFor(out,
      [order_ref, account_id, out](Connection& c) -> Status {
        auto order = LoadOrder(c, order_ref);
        if (!order.ok()) return order.status();
        auto account = LoadAccount(c, account_id);
        if (!account.ok()) return account.status();
        if (Status st = payment::CheckDeferredCharge(order.value(), account.value()); !st.ok()) return st;
        int64_t now = NowUnixMillis();
        auto plan = payment::PlanDeferredCharge(std::move(order.value()), std::move(account.value()), now,
                                                payment::ReceiptNumber(now, NextCounter(c, payment::ReceiptCounter(now))));
        UpdateAccountBalance(c, plan.account);
        WriteOrderSettlement(c, plan.settlement);
        *out = SettlementOf(std::move(plan.settlement));
        out->account = std::move(plan.account);
        return Status::Ok();
      },
      std::move(done));
}

// ------------------------------------------------------------------ banks, accounts, guarantees

void SqliteStore::PutBank(payment::Bank b, Done<payment::Bank> done) {
  auto out = std::make_shared<payment::Bank>(std::move(b));
  EnqueueFor(out,
      [this, out](Connection& c) -> Status {
        c.Prepare(
             "INSERT INTO banks(id, name, scheme, key, created_at) VALUES(?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
             "name=excluded.name, scheme=excluded.scheme, key=excluded.key")
            .Bind(1, out->id).Bind(2, out->name).Bind(3, out->scheme).Bind(4, SealSecret(payment::EncodeBase64(out->key))).Bind(5, out->created_ms)
            .Run();
        return Status::Ok();
      },
      std::move(done));
}

Result<payment::Bank> SqliteStore::GetBank(const std::string& id) {
  return Read<payment::Bank>([&](Connection& c) {
    auto row = [this](sqlite::Stmt& q) { return BankFromRow(q, OpenSecret(q.Text(3))); };
    return LoadOne<payment::Bank>(c, std::string(kBankSelect) + " WHERE id = ?", id, row, "unknown_bank",
                                  "no bank " + id + " is registered");
  });
}

Result<std::vector<payment::Bank>> SqliteStore::ListBanks() {
  return ReadRows<payment::Bank>(std::string(kBankSelect) + " ORDER BY id", [](sqlite::Stmt&) {},
                                 [this](sqlite::Stmt& q) { return BankFromRow(q, OpenSecret(q.Text(3))); });
}

void SqliteStore::CreateDeferredAccount(payment::DeferredAccount a, Done<payment::DeferredAccount> done) {
  auto out = std::make_shared<payment::DeferredAccount>(std::move(a));
  EnqueueFor(out,
      [out](Connection& c) -> Status {
        out->id = payment::DeferredAccountId(NextCounter(c, payment::kDeferredAccountCounter));
        c.Prepare("INSERT INTO deferred_accounts(id, org_tin, currency, limit_amount, balance, created_at) VALUES(?,?,?,?,0,?)")
            .Bind(1, out->id).Bind(2, out->org_tin).Bind(3, out->currency).Bind(4, out->limit).Bind(5, out->created_ms)
            .Run();
        out->balance = 0;
        return Status::Ok();
      },
      std::move(done));
}

Result<payment::DeferredAccount> SqliteStore::GetDeferredAccount(const std::string& id) {
  return Read<payment::DeferredAccount>([&](Connection& c) { return LoadAccount(c, id); });
}

Result<std::vector<payment::DeferredAccount>> SqliteStore::ListDeferredAccounts(const std::string& org) {
  return ReadRows<payment::DeferredAccount>(std::string(kAccountSelect) + " WHERE ?1 = '' OR org_tin = ?1 ORDER BY id",
                                            [&](sqlite::Stmt& q) { q.Bind(1, org); }, AccountFromRow);
}

void SqliteStore::CreateGuarantee(payment::Guarantee g, Done<payment::Guarantee> done) {
  auto out = std::make_shared<payment::Guarantee>(std::move(g));
  EnqueueFor(out,
      [out](Connection& c) -> Status {
        if (out->reference.empty()) {
          out->reference = payment::GuaranteeReference(
              out->created_ms, NextCounter(c, payment::GuaranteeCounter(out->created_ms)));
        } else if (LoadGuarantee(c, out->reference).ok()) {
          return Status::Conflict("guarantee_exists", "guarantee " + out->reference + " is already registered");
        }
        c.Prepare(
             "INSERT INTO guarantees(reference, org_tin, office, currency, amount, in_use, created_at) "
             "VALUES(?,?,?,?,?,0,?)")
            .Bind(1, out->reference).Bind(2, out->org_tin).Bind(3, out->office).Bind(4, out->currency)
            .Bind(5, out->amount).Bind(6, out->created_ms)
            .Run();
        out->in_use = 0;
        return Status::Ok();
      },
      std::move(done));
}

Result<payment::Guarantee> SqliteStore::GetGuarantee(const std::string& reference) {
  return Read<payment::Guarantee>([&](Connection& c) { return LoadGuarantee(c, reference); });
}

Result<std::vector<payment::Guarantee>> SqliteStore::ListGuarantees(const std::string& org) {
  return ReadRows<payment::Guarantee>(std::string(kGuaranteeSelect) + " WHERE ?1 = '' OR org_tin = ?1 ORDER BY reference",
                                      [&](sqlite::Stmt& q) { q.Bind(1, org); }, GuaranteeFromRow);
}

// ------------------------------------------------------------------ refunds, receipts, revenue

Result<payment::Refund> SqliteStore::GetRefund(const std::string& reference) {
  return Read<payment::Refund>([&](Connection& c) {
    return LoadOne<payment::Refund>(c, std::string("SELECT ") + kRefundColumns + " FROM refunds WHERE reference = ?",
                                    reference, RefundFromRow, "not_found", "no refund " + reference);
  });
}

Result<std::vector<payment::Refund>> SqliteStore::ListRefunds(const PaymentFilter& f) {
  return ReadRows<payment::Refund>(
      std::string("SELECT ") + kRefundColumns +
          " FROM refunds WHERE (?1 = 0 OR declaration_id = ?1) AND (?2 = '' OR org_tin = ?2) AND "
          "(?3 = '' OR status = ?3) ORDER BY id DESC LIMIT ?4",
      [&](sqlite::Stmt& q) { q.Bind(1, f.declaration_id).Bind(2, f.org_tin).Bind(3, f.status).Bind(4, f.limit); },
      RefundFromRow);
}

void SqliteStore::PayRefund(std::string reference, std::string details, Done<payment::Settlement> done) {
  auto out = std::make_shared<payment::Settlement>();
  EnqueueFor(out,
      [reference, details, out](Connection& c) -> Status {
        auto refund = LoadOne<payment::Refund>(c, std::string("SELECT ") + kRefundColumns +
                                                      " FROM refunds WHERE reference = ?",
                                               reference, RefundFromRow, "not_found", "no refund " + reference);
        if (!refund.ok()) return refund.status();
        if (Status st = payment::CheckRefundPayment(refund.value()); !st.ok()) return st;
        int64_t now = NowUnixMillis();
        auto plan = payment::PlanRefundPayment(std::move(refund.value()), details, now,
                                               payment::ReceiptNumber(now, NextCounter(c, payment::ReceiptCounter(now))));
        InsertReceipt(c, plan.receipt, plan.refund.declaration_id);
        InsertJournal(c, plan.journal);
        c.Prepare("UPDATE refunds SET status='paid', receipt=?, paid_at=? WHERE reference=?")
            .Bind(1, plan.refund.receipt).Bind(2, now).Bind(3, plan.refund.reference).Run();
        out->receipt = std::move(plan.receipt);
        out->refund = std::move(plan.refund);
        return Status::Ok();
      },
      std::move(done));
}

Result<payment::Receipt> SqliteStore::GetReceipt(const std::string& number) {
  return Read<payment::Receipt>([&](Connection& c) { return LoadReceipt(c, number); });
}

Result<std::vector<payment::Receipt>> SqliteStore::ListReceipts(const PaymentFilter& f) {
  return ReadRows<payment::Receipt>(
      std::string("SELECT ") + kReceiptColumns +
          " FROM receipts WHERE (?1 = 0 OR declaration_id = ?1) AND (?2 = '' OR org_tin = ?2) "
          "ORDER BY issued_at DESC, number DESC LIMIT ?3",
      [&](sqlite::Stmt& q) { q.Bind(1, f.declaration_id).Bind(2, f.org_tin).Bind(3, f.limit); }, ReceiptFromRow);
}

Result<std::vector<payment::RevenueRow>> SqliteStore::Revenue(const std::string& from_day, const std::string& to_day,
                                                              const std::string& office) {
  return ReadRows<payment::RevenueRow>(
      "SELECT day, office, tax, SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END), "
      "SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END) FROM revenue WHERE day >= ?1 AND day <= ?2 AND "
      "(?3 = '' OR office = ?3) GROUP BY day, office, tax ORDER BY day, office, tax",
      [&](sqlite::Stmt& q) { q.Bind(1, from_day).Bind(2, to_day).Bind(3, office); },
      [](sqlite::Stmt& q) {
        return payment::RevenueRow{q.Text(0), q.Text(1), q.Text(2), q.Int(3), q.Int(4)};
      });
}

}  // namespace oc::detail
