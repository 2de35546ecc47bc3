// The payment rules as pure functions: money, references, signatures, confirmations, debt plans
// and release blockers.
#include <gtest/gtest.h>

#include "common/encoding.h"
#include "payment/bank_message.h"
#include "payment/debt.h"
#include "payment/numbering.h"
#include "payment/settlement.h"

namespace oc::payment {
namespace {

TEST(Money, CentsRoundHalfAwayFromZeroAndParseAtMostTwoPlaces) {
  EXPECT_EQ(ToCents(*Decimal::Parse("12.345")), 1235);
  EXPECT_EQ(ToCents(*Decimal::Parse("-12.345")), -1235);
  EXPECT_EQ(ToCents(*Decimal::Parse("0.004")), 0);
  EXPECT_EQ(FormatCents(123450), "1234.50");
  EXPECT_EQ(FormatCents(-7), "-0.07");
  EXPECT_EQ(ParseCents("120"), 12000);
  EXPECT_EQ(ParseCents("120.5"), 12050);
  EXPECT_EQ(ParseCents("-1.25"), -125);
  EXPECT_FALSE(ParseCents("1.234"));
  // Found by fuzz/fuzz_bank: amounts beyond int64 cents wrapped ("184467440737095517" is
  // 2^64 + 84 cents, which read as 0.84).
  EXPECT_FALSE(ParseCents("184467440737095517"));
  EXPECT_FALSE(ParseCents("92233720368547758.08"));
  EXPECT_FALSE(ParseCents("-92233720368547758.08"));
  EXPECT_EQ(ParseCents("92233720368547758.07"), INT64_MAX);
  EXPECT_EQ(ParseCents("-92233720368547758.07"), -INT64_MAX);
  for (Cents c : {Cents{0}, Cents{-7}, INT64_MAX, -INT64_MAX, Cents{-1555124000555555500}})
    EXPECT_EQ(ParseCents(FormatCents(c)), c) << c;
  EXPECT_FALSE(ParseCents("1e3"));
  EXPECT_FALSE(ParseCents("+1"));
  EXPECT_FALSE(ParseCents(""));
}

TEST(CreditorReference, MatchesTheIso11649Example) {
  // ISO 11649's example: RF18 5390 0754 7034.
  EXPECT_EQ(MakeCreditorReference("539007547034"), "RF18539007547034");
  EXPECT_TRUE(IsValidCreditorReference("RF18539007547034"));
  EXPECT_FALSE(IsValidCreditorReference("RF18539007547035"));  // one digit mistyped
  EXPECT_FALSE(IsValidCreditorReference("RF81539007547034"));  // check digits swapped
  EXPECT_FALSE(IsValidCreditorReference("rf18539007547034"));
  std::string ours = MakeCreditorReference("OC26000000042");
  EXPECT_TRUE(IsValidCreditorReference(ours)) << ours;
}

TEST(BankSignature, HmacMatchesRfc4231TestCase2) {
  InitCrypto();
  EXPECT_EQ(SignBody("hmac-sha256", "Jefe", "what do ya want for nothing?"),
            "hmac-sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(BankSignature, VerifiesEd25519AndHmacAndRefusesTampering) {
  InitCrypto();
  auto kp = GenerateEd25519();
  Bank ed{"BANKA", "A", "ed25519", kp.public_key, 0};
  std::string body = R"({"bank_ref":"1","order":"RF18539007547034","amount":"10.00","currency":"UZS","paid_at":"x"})";
  std::string sig = SignBody("ed25519", kp.secret_key, body);
  EXPECT_TRUE(VerifySignature(ed, body, sig).ok());
  std::string tampered = body;
  tampered[tampered.find("10.00")] = '9';
  EXPECT_EQ(VerifySignature(ed, tampered, sig).code(), "bad_signature");
  EXPECT_EQ(VerifySignature(ed, body, "ed25519=AAAA").code(), "bad_signature");
  EXPECT_EQ(VerifySignature(ed, body, "hmac-sha256=00").code(), "bad_signature");  // another scheme
  EXPECT_EQ(VerifySignature(ed, body, "garbage").code(), "bad_signature");
  // Bytes from 0x80 up are not base64 (libsodium 1.0.18 alone would read them as '/' or '_').
  EXPECT_EQ(DecodeBase64Any("SGk/"), std::string("Hi?"));
  EXPECT_EQ(DecodeBase64Any("SGk_"), std::string("Hi?"));
  EXPECT_FALSE(DecodeBase64Any("SGk\x97").has_value());
  auto other = GenerateEd25519();
  EXPECT_EQ(VerifySignature(ed, body, SignBody("ed25519", other.secret_key, body)).code(), "bad_signature");

  Bank hm{"BANKB", "B", "hmac-sha256", std::string(32, 'k'), 0};
  std::string mac = SignBody("hmac-sha256", hm.key, body);
  EXPECT_TRUE(VerifySignature(hm, body, mac).ok());
  EXPECT_EQ(VerifySignature(hm, tampered, mac).code(), "bad_signature");
  EXPECT_EQ(VerifySignature(hm, body, SignBody("hmac-sha256", std::string(32, 'x'), body)).code(), "bad_signature");
}

TEST(Confirmation, ParsesStrictlyAndNamesTheBadMember) {
  auto ok = ParseConfirmation(R"({"bank_ref":"B1","order":"RF18539007547034","amount":"1500.50","currency":"UZS","paid_at":"2026-11-21T10:00:00Z","payer":"301234567"})");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->amount, 150050);
  EXPECT_EQ(ok->payer, "301234567");
  struct Case { const char* body; const char* says; };
  for (const Case& c : std::initializer_list<Case>{
           {R"({"order":"R","amount":"1","currency":"UZS","paid_at":"x"})", "'bank_ref' is required"},
           {R"({"bank_ref":"B","order":"R","amount":"-1","currency":"UZS","paid_at":"x"})", "positive"},
           {R"({"bank_ref":"B","order":"R","amount":"0","currency":"UZS","paid_at":"x"})", "positive"},
           {R"({"bank_ref":"B","order":"R","amount":"1.001","currency":"UZS","paid_at":"x"})", "two fractional"},
           {R"({"bank_ref":"B","order":"R","amount":1,"currency":"UZS","paid_at":"x"})", "'amount' must be a string"},
           {R"({"bank_ref":"B","order":"R","amount":"1","currency":"UZS","paid_at":"x","extra":1})", "unknown member 'extra'"},
           {R"([1])", "not a JSON object"},
           {"\xff\xfe", "UTF-8"}}) {
    auto r = ParseConfirmation(c.body);
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.status().code(), "invalid_confirmation");
    EXPECT_NE(r.status().message().find(c.says), std::string::npos) << r.status().message();
  }
}

tariff::DeclarationAssessment Assessment(std::map<std::string, std::string> by_tax, std::string relief = "") {
  tariff::DeclarationAssessment a;
  a.currency = "UZS";
  for (auto& [k, v] : by_tax) a.totals_by_kind[k] = *Decimal::Parse(v);
  a.relief = std::move(relief);
  return a;
}

TEST(DebtPlan, FirstAssessmentOrdersEveryPayableTax) {
  auto ch = PlanAssessment(std::nullopt, Assessment({{"duty", "100.00"}, {"vat", "132.00"}, {"fee", "20.00"}}), 1, 5);
  ASSERT_TRUE(ch.debt);
  ASSERT_TRUE(ch.order);
  EXPECT_EQ(Total(*ch.order), 25200);
  EXPECT_FALSE(ch.refund);
  EXPECT_EQ(ch.debt->Outstanding(), 25200);
  EXPECT_EQ(ch.debt->ToSecure(), 0);
  EXPECT_TRUE(ch.cancel_open_orders);
}

TEST(DebtPlan, ReassessmentOrdersTheDifferenceOrRefundsTheOverpayment) {
  Debt paid;
  paid.currency = "UZS";
  paid.version = 1;
  paid.lines = {{"duty", 10000, 10000, false}, {"fee", 2000, 2000, false}, {"vat", 13200, 13200, false}};
  // Higher: only the increase is ordered, per tax.
  auto up = PlanAssessment(paid, Assessment({{"duty", "150.00"}, {"vat", "138.00"}, {"fee", "20.00"}}), 2, 5);
  ASSERT_TRUE(up.order);
  EXPECT_EQ(Total(*up.order), 5000 + 600);
  EXPECT_FALSE(up.refund);
  // Lower: a refund per tax, and what stays settled equals the new assessment.
  auto down = PlanAssessment(paid, Assessment({{"duty", "40.00"}, {"vat", "124.80"}, {"fee", "20.00"}}), 2, 5);
  EXPECT_FALSE(down.order);
  ASSERT_TRUE(down.refund);
  EXPECT_EQ(Total(*down.refund), 6000 + 720);
  EXPECT_EQ(down.debt->Settled(), down.debt->Assessed());
  EXPECT_EQ(down.debt->Outstanding(), 0);
}

TEST(DebtPlan, SuspensiveProceduresSecureAllButTheFee) {
  auto ch = PlanAssessment(std::nullopt, Assessment({{"duty", "100.00"}, {"vat", "132.00"}, {"fee", "20.00"}},
                                                    "temporary admission"), 1, 5);
  ASSERT_TRUE(ch.order);
  EXPECT_EQ(Total(*ch.order), 2000);
  EXPECT_EQ(ch.debt->ToSecure(), 23200);
  auto blockers = ReleaseBlockers(ch.debt, 1);
  ASSERT_EQ(blockers.size(), 2u);
  EXPECT_EQ(blockers[0].code, "debt_unpaid");
  EXPECT_EQ(blockers[0].Param("amount"), "20.00");
  EXPECT_NE(blockers[0].text.find("20.00 UZS is neither paid"), std::string::npos) << blockers[0].text;
  EXPECT_EQ(blockers[1].code, "not_secured");
  EXPECT_NE(blockers[1].text.find("232.00 UZS of suspended"), std::string::npos) << blockers[1].text;
}

TEST(ReleaseBlockers, NeedACurrentAssessmentAPaidDebtAndACoveringGuarantee) {
  EXPECT_EQ(ReleaseBlockers(std::nullopt, 1).size(), 1u);
  Debt d;
  d.currency = "UZS";
  d.version = 1;
  d.lines = {{"fee", 2000, 2000, false}, {"duty", 10000, 0, true}};
  EXPECT_NE(ReleaseBlockers(d, 2).at(0).text.find("amended after its assessment"), std::string::npos);
  EXPECT_EQ(ReleaseBlockers(d, 2).at(0).Param("current"), "2");
  EXPECT_EQ(ReleaseBlockers(d, 1).size(), 1u);  // not secured
  d.guarantee = "G1";
  d.guaranteed = 9999;
  EXPECT_NE(ReleaseBlockers(d, 1).at(0).text.find("secures 99.99 of the 100.00"), std::string::npos);
  EXPECT_EQ(ReleaseBlockers(d, 1).at(0).code, "guarantee_short");
  d.guaranteed = 10000;
  EXPECT_TRUE(ReleaseBlockers(d, 1).empty());
}

TEST(DebtPlan, InvalidationRefundsEverythingSettledAndReleasesTheGuarantee) {
  Debt d;
  d.currency = "UZS";
  d.version = 1;
  d.lines = {{"fee", 2000, 2000, false}, {"duty", 10000, 0, true}};
  d.guarantee = "G1";
  d.guaranteed = 10000;
  auto ch = PlanInvalidation(d, "withdrawn");
  ASSERT_TRUE(ch.refund);
  EXPECT_EQ(Total(*ch.refund), 2000);
  EXPECT_TRUE(ch.release_guarantee);
  EXPECT_TRUE(ch.cancel_open_orders);
  EXPECT_EQ(ch.debt->Assessed(), 0);
}

TEST(SettlementChecks, RefuseWrongAmountsClosedOrdersAndLimits) {
  PaymentOrder o;
  o.reference = "RF18539007547034";
  o.currency = "UZS";
  o.amount = 10000;
  o.org_tin = "301234567";
  BankConfirmation c;
  c.currency = "UZS";
  c.amount = 10000;
  EXPECT_TRUE(CheckBankPayment(o, c).ok());
  c.amount = 9999;
  EXPECT_EQ(CheckBankPayment(o, c).code(), "amount_mismatch");
  c.amount = 10000;
  c.currency = "USD";
  EXPECT_EQ(CheckBankPayment(o, c).code(), "currency_mismatch");
  c.currency = "UZS";
  o.status = OrderStatus::kPaid;
  EXPECT_EQ(CheckBankPayment(o, c).code(), "order_not_open");
  o.status = OrderStatus::kOpen;
  DeferredAccount a{"DA000001", "301234567", "UZS", 15000, 6000, 0};
  EXPECT_EQ(CheckDeferredCharge(o, a).code(), "deferred_limit_exceeded");
  a.balance = 5000;
  EXPECT_TRUE(CheckDeferredCharge(o, a).ok());
  a.org_tin = "302345678";
  EXPECT_EQ(CheckDeferredCharge(o, a).kind(), StatusKind::kForbidden);
  Guarantee g{"G1", "301234567", "", "UZS", 10000, 4000, 0};
  EXPECT_EQ(CheckReservation(g, "301234567", "", "UZ1", "UZS", 7000, 0).code(), "guarantee_insufficient");
  EXPECT_TRUE(CheckReservation(g, "301234567", "", "UZ1", "UZS", 7000, 1000).ok());  // its own reservation is replaced
  EXPECT_TRUE(CheckReservation(g, "309999999", "301234567", "UZ1", "UZS", 6000, 0).ok());  // held by the representative
  EXPECT_EQ(CheckReservation(g, "309999999", "", "UZ1", "UZS", 10, 0).kind(), StatusKind::kForbidden);
  g.office = "UZ2";
  EXPECT_EQ(CheckReservation(g, "301234567", "", "UZ1", "UZS", 10, 0).code(), "office_mismatch");
}

TEST(SettlementChecks, ABankReplaysAPaymentOnlyWithTheSameContent) {
  BankConfirmation first{"BANK1", "TX-77", "RF18539007547034", 10000, "UZS", "2026-03-01T10:00:00Z", "301234567"};
  BankConfirmation again = first;
  again.paid_at = "2026-03-01T10:05:00Z";  // a resend may differ in what it does not settle
  EXPECT_TRUE(CheckBankReplay(first, again).ok());
  again.amount = 10001;
  EXPECT_EQ(CheckBankReplay(first, again).code(), "bank_ref_reused");
  again = first;
  again.currency = "USD";
  EXPECT_EQ(CheckBankReplay(first, again).code(), "bank_ref_reused");
  again = first;
  again.order = "DA000001";
  EXPECT_EQ(CheckBankReplay(first, again).code(), "bank_ref_reused");
}

constexpr int64_t kMar2026 = 1772323200000 + 3600000;  // 2026-03-01T01:00:00Z

TEST(Numbering, DocumentsDrawOnYearlyCountersAndKeepTheirFormats) {
  EXPECT_EQ(ReceiptCounter(kMar2026), "receipt:26");
  EXPECT_EQ(ReceiptNumber(kMar2026, 42), "R26-0000042");
  EXPECT_EQ(OrderCounter(kMar2026), "order:26");
  EXPECT_EQ(OrderReference(kMar2026, 42), MakeCreditorReference("OC26000000042"));
  EXPECT_EQ(RefundCounter(kMar2026), "refund:26");
  EXPECT_EQ(RefundReference(kMar2026, 7), "RD26-0000007");
  EXPECT_EQ(GuaranteeCounter(kMar2026), "guarantee:26");
  EXPECT_EQ(GuaranteeReference(kMar2026, 3), "26GR00000003");
  EXPECT_EQ(DeferredAccountId(12), "DA000012");
  EXPECT_EQ(ReceiptNumber(kMar2026, 123456789), "R26-123456789");  // wider numbers are never cut
}

PaymentOrder OpenOrder() {
  PaymentOrder o;
  o.reference = "RF00OC26000000001";
  o.declaration_id = 5;
  o.mrn = "26UZ10000000000017";
  o.org_tin = "301234567";
  o.office = "UZ1000";
  o.currency = "UZS";
  o.amount = 450000;
  o.lines = {{"duty", 150000}, {"vat", 300000}};
  return o;
}

TEST(SettlementPlan, ABankPaymentPaysTheOrderIssuesItsReceiptAndJournalsEachTax) {
  auto s = PlanOrderSettlement(OpenOrder(), "payment", "BANK1 REF9", kMar2026, "R26-0000001");
  EXPECT_EQ(s.order.status, OrderStatus::kPaid);
  EXPECT_EQ(s.order.method, "bank");
  EXPECT_EQ(s.order.settled_by, "BANK1 REF9");
  EXPECT_EQ(s.order.receipt, "R26-0000001");
  EXPECT_EQ(s.order.settled_ms, kMar2026);
  EXPECT_EQ(s.receipt.kind, "payment");
  EXPECT_EQ(s.receipt.reference, s.order.reference);
  EXPECT_EQ(s.receipt.amount, 450000);
  EXPECT_EQ(s.receipt.details, "BANK1 REF9");
  ASSERT_EQ(s.journal.size(), 2u);
  EXPECT_EQ(s.journal[0].day, "2026-03-01");
  EXPECT_EQ(s.journal[0].office, "UZ1000");
  EXPECT_EQ(s.journal[0].tax, "duty");
  EXPECT_EQ(s.journal[0].amount, 150000);
  EXPECT_EQ(s.journal[1].amount, 300000);
  EXPECT_EQ(s.journal[1].receipt, "R26-0000001");
}

TEST(SettlementPlan, ADeferredChargeRaisesTheBalanceAndNamesTheAccount) {
  DeferredAccount a{"DA000001", "301234567", "UZS", 1000000, 100000, 0};
  auto p = PlanDeferredCharge(OpenOrder(), a, kMar2026, "R26-0000002");
  EXPECT_EQ(p.account.balance, 550000);
  EXPECT_EQ(p.settlement.order.method, "deferred");
  EXPECT_EQ(p.settlement.order.settled_by, "DA000001");
  EXPECT_EQ(p.settlement.receipt.kind, "deferred");
  EXPECT_EQ(p.settlement.journal.size(), 2u);
}

TEST(SettlementPlan, ARepaymentLowersTheBalanceWithAReceiptOfTheAccount) {
  DeferredAccount a{"DA000001", "301234567", "UZS", 1000000, 550000, 0};
  BankConfirmation c;
  c.amount = 500000;
  c.currency = "UZS";
  auto p = PlanRepayment(a, c, "BANK1 REF10", kMar2026, "R26-0000003");
  EXPECT_EQ(p.account.balance, 50000);
  EXPECT_EQ(p.receipt.kind, "repayment");
  EXPECT_EQ(p.receipt.reference, "DA000001");
  EXPECT_EQ(p.receipt.org_tin, "301234567");
  EXPECT_TRUE(p.receipt.mrn.empty());
  EXPECT_TRUE(p.receipt.lines.empty());  // the charge already recorded the revenue
}

TEST(SettlementPlan, ARefundIsPaidOnceAndGivesRevenueBack) {
  Refund rf;
  rf.reference = "RD26-0000001";
  rf.office = "UZ1000";
  rf.amount = 150000;
  rf.lines = {{"duty", 150000}};
  rf.status = RefundStatus::kDue;
  ASSERT_TRUE(CheckRefundPayment(rf).ok());
  auto p = PlanRefundPayment(rf, "paid to account 2020...", kMar2026, "R26-0000004");
  EXPECT_EQ(p.refund.status, RefundStatus::kPaid);
  EXPECT_EQ(p.refund.receipt, "R26-0000004");
  EXPECT_EQ(p.receipt.kind, "refund");
  ASSERT_EQ(p.journal.size(), 1u);
  EXPECT_EQ(p.journal[0].amount, -150000);
  Status again = CheckRefundPayment(p.refund);
  EXPECT_EQ(again.code(), "refund_not_due");
  EXPECT_NE(again.message().find("R26-0000004"), std::string::npos);
}

}  // namespace
}  // namespace oc::payment
