// Payments over HTTP against a real server and store: bank confirmations (signed, idempotent,
// refused when wrong), deferred accounts, guarantees, refunds, receipts, the revenue report and
// the release gate.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/dates.h"
#include "common/decimal.h"
#include "payment/bank_message.h"
#include "tests/test_server.h"

namespace oc {
namespace {

using nlohmann::json;
using testing::CallResult;
using testing::TestServer;
using testing::ValidDeclarationJson;

class PaymentsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>();
    server_->RegisterTestBank();
  }
  // Lodges and assesses a declaration; returns its path.
  std::string LodgeAndAssess(json decl) {
    auto r = server_->Lodge(decl);
    EXPECT_EQ(r.status, 201) << r.raw;
    std::string path = "/v1/declarations/" + std::to_string(r.body["id"].get<int>());
    auto a = Act(path, "inspector", "assess");
    EXPECT_EQ(a.status, 200) << a.raw;
    return path;
  }
  CallResult Act(const std::string& path, const std::string& user, const std::string& action) {
    return server_->Call("POST", path + "/actions", json{{"action", action}}.dump(), user);
  }
  json Debt(const std::string& path, const std::string& user = "trader_a") {
    auto d = server_->Call("GET", path + "/debt", "", user);
    EXPECT_EQ(d.status, 200) << d.raw;
    return d.body;
  }
  static json OpenOrder(const json& debt) {
    for (const auto& o : debt["orders"])
      if (o["status"] == "open") return o;
    return json();
  }
  CallResult Signed(const std::string& body, const std::string& bank = "TESTBANK",
                    const std::string& secret = TestServer::kBankSecret) {
    return server_->Call("POST", "/v1/bank/confirmations", body, "",
                         {{"X-Bank-Id", bank}, {"X-Bank-Signature", payment::SignBody("hmac-sha256", secret, body)}});
  }
  static std::string Confirmation(const std::string& order, const std::string& amount, const std::string& bank_ref) {
    return json{{"bank_ref", bank_ref}, {"order", order}, {"amount", amount}, {"currency", "UZS"},
                {"paid_at", "2026-11-21T10:00:00Z"}}
        .dump();
  }
  std::unique_ptr<TestServer> server_;
};

TEST_F(PaymentsApiTest, BankConfirmationSettlesTheOrderOnceAndRefusesEverythingWrong) {
  std::string path = LodgeAndAssess(ValidDeclarationJson(101));
  json debt = Debt(path);
  ASSERT_EQ(debt["orders"].size(), 1u) << debt;
  json order = debt["orders"][0];
  std::string ref = order["reference"], amount = order["amount"];
  EXPECT_TRUE(payment::IsValidCreditorReference(ref)) << ref;
  EXPECT_EQ(amount, debt["outstanding"]);
  EXPECT_EQ(debt["releasable"], false);
  EXPECT_EQ(Act(path, "inspector", "release").body["code"], "debt_not_settled");

  // Refused, and nothing changes: wrong amount, forged signature, unknown bank, unknown order,
  // a mistyped reference, a malformed body.
  std::string wrong_amount = (*Decimal::Parse(amount) - *Decimal::Parse("0.01")).ToFixed(2);
  auto r = Signed(Confirmation(ref, wrong_amount, "BR-1"));
  EXPECT_EQ(r.status, 422) << r.raw;
  EXPECT_EQ(r.body["code"], "amount_mismatch");
  r = Signed(Confirmation(ref, amount, "BR-1"), "TESTBANK", "a-forger-guessing-the-secret-of-32-bytes");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body["code"], "bad_signature");
  r = server_->Call("POST", "/v1/bank/confirmations", Confirmation(ref, amount, "BR-1"), "",
                    {{"X-Bank-Id", "TESTBANK"}});
  EXPECT_EQ(r.body["code"], "bad_signature");
  r = Signed(Confirmation(ref, amount, "BR-1"), "NOBANK");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body["code"], "unknown_bank");
  r = Signed(Confirmation("RF18539007547034", amount, "BR-1"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body["code"], "unknown_order");
  r = Signed(R"({"bank_ref":"BR-1","order":")" + ref + R"(","amount":"-5","currency":"UZS","paid_at":"x"})");
  EXPECT_EQ(r.status, 400) << r.raw;
  EXPECT_EQ(r.body["code"], "invalid_confirmation");
  EXPECT_EQ(Debt(path)["orders"][0]["status"], "open");
  EXPECT_EQ(Debt(path)["receipts"].size(), 0u);

  // Accepted once; the same confirmation again answers the same receipt and writes nothing.
  auto paid = Signed(Confirmation(ref, amount, "BR-1"));
  ASSERT_EQ(paid.status, 201) << paid.raw;
  EXPECT_EQ(paid.body["order"]["status"], "paid");
  EXPECT_EQ(paid.body["receipt"]["amount"], amount);
  EXPECT_EQ(paid.body["receipt"]["reference"], ref);
  auto again = Signed(Confirmation(ref, amount, "BR-1"));
  EXPECT_EQ(again.status, 200) << again.raw;
  EXPECT_EQ(again.body["replay"], true);
  EXPECT_EQ(again.body["receipt"]["number"], paid.body["receipt"]["number"]);
  r = Signed(Confirmation(ref, wrong_amount, "BR-1"));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body["code"], "bank_ref_reused");
  r = Signed(Confirmation(ref, amount, "BR-2"));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body["code"], "order_not_open");

  debt = Debt(path);
  EXPECT_EQ(debt["outstanding"], "0.00");
  EXPECT_EQ(debt["settled"], amount);
  EXPECT_EQ(debt["releasable"], true);
  EXPECT_EQ(debt["receipts"].size(), 1u);
  EXPECT_EQ(Act(path, "inspector", "release").body["state"], "released");

  // The receipt is the trader's; another trader cannot see it or the order.
  std::string number = paid.body["receipt"]["number"];
  EXPECT_EQ(server_->Call("GET", "/v1/receipts/" + number, "", "trader_a").status, 200);
  EXPECT_EQ(server_->Call("GET", "/v1/receipts/" + number, "", "trader_b").status, 404);
  EXPECT_EQ(server_->Call("GET", "/v1/payment-orders/" + ref, "", "trader_b").status, 404);
  EXPECT_EQ(server_->Call("GET", "/v1/payment-orders", "", "trader_b").body["items"].size(), 0u);

  // The revenue report adds up to what was paid, tax by tax.
  std::string today = FormatIsoDate(TodayUtcDays());
  auto rev = server_->Call("GET", "/v1/reports/revenue?from=" + today + "&to=" + today, "", "supervisor");
  ASSERT_EQ(rev.status, 200) << rev.raw;
  EXPECT_EQ(rev.body["total"]["collected"], amount);
  for (const auto& line : order["lines"])
    EXPECT_EQ(rev.body["by_tax"][line["tax"].get<std::string>()]["collected"], line["amount"]) << rev.raw;
  EXPECT_EQ(server_->Call("GET", "/v1/reports/revenue", "", "trader_a").status, 403);
  EXPECT_EQ(server_->Call("GET", "/v1/reports/revenue?from=2026-13-01", "", "supervisor").status, 400);
}

TEST_F(PaymentsApiTest, Ed25519BanksAreVerifiedWithTheirPublicKey) {
  auto kp = payment::GenerateEd25519();
  json bank = {{"id", "EDBANK"}, {"name", "Ed Bank"}, {"scheme", "ed25519"}, {"key", payment::EncodeBase64(kp.public_key)}};
  EXPECT_EQ(server_->Call("POST", "/v1/banks", bank.dump(), "supervisor").status, 403);
  ASSERT_EQ(server_->Call("POST", "/v1/banks", bank.dump(), "admin").status, 201);
  bank["key"] = payment::EncodeBase64("short");
  EXPECT_EQ(server_->Call("POST", "/v1/banks", bank.dump(), "admin").status, 422);
  std::string path = LodgeAndAssess(ValidDeclarationJson(102));
  json order = OpenOrder(Debt(path));
  std::string body = Confirmation(order["reference"], order["amount"], "ED-1");
  auto forged = server_->Call("POST", "/v1/bank/confirmations", body, "",
                              {{"X-Bank-Id", "EDBANK"},
                               {"X-Bank-Signature", payment::SignBody("ed25519", payment::GenerateEd25519().secret_key, body)}});
  EXPECT_EQ(forged.status, 401);
  auto ok = server_->Call("POST", "/v1/bank/confirmations", body, "",
                          {{"X-Bank-Id", "EDBANK"}, {"X-Bank-Signature", payment::SignBody("ed25519", kp.secret_key, body)}});
  EXPECT_EQ(ok.status, 201) << ok.raw;
}

TEST_F(PaymentsApiTest, DeferredAccountsChargeWithinTheLimitAndAreRepaidByBank) {
  std::string path = LodgeAndAssess(ValidDeclarationJson(103));
  json order = OpenOrder(Debt(path));
  std::string amount = order["amount"];
  json open = {{"org_tin", TestServer::kOrgA}, {"limit", amount}};
  EXPECT_EQ(server_->Call("POST", "/v1/deferred-accounts", open.dump(), "trader_a").status, 403);
  EXPECT_EQ(server_->Call("POST", "/v1/deferred-accounts", json{{"org_tin", TestServer::kOrgA}, {"limit", "-1"}}.dump(),
                          "supervisor").status, 422);
  auto acc = server_->Call("POST", "/v1/deferred-accounts", open.dump(), "supervisor");
  ASSERT_EQ(acc.status, 201) << acc.raw;
  std::string account = acc.body["id"];
  std::string charge_path = "/v1/payment-orders/" + order["reference"].get<std::string>() + "/deferred";
  EXPECT_EQ(server_->Call("POST", charge_path, json{{"account", account}}.dump(), "trader_b").status, 404);
  auto charged = server_->Call("POST", charge_path, json{{"account", account}}.dump(), "trader_a");
  ASSERT_EQ(charged.status, 201) << charged.raw;
  EXPECT_EQ(charged.body["account"]["balance"], amount);
  EXPECT_EQ(charged.body["receipt"]["kind"], "deferred");
  EXPECT_EQ(Act(path, "inspector", "release").body["state"], "released");

  // The account is full: the next order does not fit.
  std::string path2 = LodgeAndAssess(ValidDeclarationJson(104));
  json order2 = OpenOrder(Debt(path2));
  auto full = server_->Call("POST", "/v1/payment-orders/" + order2["reference"].get<std::string>() + "/deferred",
                            json{{"account", account}}.dump(), "trader_a");
  EXPECT_EQ(full.status, 409);
  EXPECT_EQ(full.body["code"], "deferred_limit_exceeded");

  // The trader repays the balance at the bank, quoting the account.
  std::string too_much = (*Decimal::Parse(amount) + *Decimal::Parse("1")).ToFixed(2);
  EXPECT_EQ(Signed(Confirmation(account, too_much, "REP-1")).body["code"], "amount_exceeds_balance");
  auto repaid = Signed(Confirmation(account, amount, "REP-1"));
  ASSERT_EQ(repaid.status, 201) << repaid.raw;
  EXPECT_EQ(repaid.body["account"]["balance"], "0.00");
  EXPECT_EQ(repaid.body["receipt"]["kind"], "repayment");
  EXPECT_EQ(server_->Call("GET", "/v1/deferred-accounts/" + account, "", "trader_a").body["balance"], "0.00");
  EXPECT_EQ(server_->Call("GET", "/v1/deferred-accounts/" + account, "", "trader_b").status, 404);
}

TEST_F(PaymentsApiTest, GuaranteesSecureSuspendedDutiesUntilDischarge) {
  json decl = ValidDeclarationJson(105);
  decl["procedure"] = "5300";  // temporary admission
  std::string path = LodgeAndAssess(decl);
  json debt = Debt(path);
  std::string to_secure = debt["to_secure"];
  ASSERT_NE(to_secure, "0.00") << debt;
  json order = OpenOrder(debt);
  ASSERT_FALSE(order.is_null()) << debt;  // the clearance fee is still paid
  for (const auto& l : order["lines"]) EXPECT_EQ(l["tax"], "fee");
  EXPECT_EQ(debt["release_blockers"].size(), 2u) << debt;

  auto small = server_->Call("POST", "/v1/guarantees", json{{"org_tin", TestServer::kOrgA}, {"amount", "1.00"}}.dump(), "supervisor");
  ASSERT_EQ(small.status, 201) << small.raw;
  auto big = server_->Call("POST", "/v1/guarantees",
                           json{{"reference", "GUA1"}, {"org_tin", TestServer::kOrgA}, {"amount", "99999999999.00"}}.dump(),
                           "supervisor");
  ASSERT_EQ(big.status, 201) << big.raw;
  EXPECT_EQ(server_->Call("POST", "/v1/guarantees", json{{"reference", "GUA1"}, {"org_tin", TestServer::kOrgA}, {"amount", "1.00"}}.dump(),
                          "supervisor").status, 409);
  auto others = server_->Call("POST", "/v1/guarantees", json{{"org_tin", TestServer::kOrgB}, {"amount", "99999999999.00"}}.dump(), "supervisor");
  ASSERT_EQ(others.status, 201);

  auto reserve = [&](const std::string& g) {
    return server_->Call("POST", path + "/guarantee", json{{"guarantee", g}}.dump(), "trader_a");
  };
  EXPECT_EQ(reserve(small.body["reference"]).body["code"], "guarantee_insufficient");
  EXPECT_EQ(reserve(others.body["reference"]).status, 403);
  EXPECT_EQ(reserve("NOSUCH").body["code"], "unknown_guarantee");
  auto ok = reserve("GUA1");
  ASSERT_EQ(ok.status, 200) << ok.raw;
  EXPECT_EQ(ok.body["guarantee"]["amount"], to_secure);
  EXPECT_EQ(server_->Call("GET", "/v1/guarantees/GUA1", "", "trader_a").body["in_use"], to_secure);
  EXPECT_EQ(Act(path, "inspector", "release").body["code"], "debt_not_settled");  // the fee
  ASSERT_EQ(Signed(Confirmation(order["reference"], order["amount"], "FEE-1")).status, 201);
  EXPECT_EQ(Act(path, "inspector", "release").body["state"], "released");

  EXPECT_EQ(server_->Call("POST", path + "/discharge", "", "trader_a").status, 403);
  auto discharged = server_->Call("POST", path + "/discharge", "", "inspector");
  ASSERT_EQ(discharged.status, 200) << discharged.raw;
  EXPECT_TRUE(discharged.body["guarantee"].is_null());
  EXPECT_EQ(server_->Call("GET", "/v1/guarantees/GUA1", "", "trader_a").body["in_use"], "0.00");
  EXPECT_EQ(server_->Call("POST", path + "/discharge", "", "inspector").body["code"], "nothing_to_discharge");
}

TEST_F(PaymentsApiTest, TransitMovesUnderAGuaranteeReleasedAtDestination) {
  json tr = ValidDeclarationJson(108, TestServer::kOrgA, 2);
  tr["type"] = "TR";
  tr["procedure"] = "8000";
  tr["locations"]["destination_office"] = "UZ260101";
  auto lodged = server_->Lodge(tr);
  ASSERT_EQ(lodged.status, 201) << lodged.raw;
  std::string path = "/v1/declarations/" + std::to_string(lodged.body["id"].get<int>());
  auto early = Act(path, "inspector", "release");
  EXPECT_EQ(early.body["code"], "debt_not_settled") << early.raw;
  ASSERT_EQ(server_->Call("POST", "/v1/guarantees",
                          json{{"reference", "TRG1"}, {"org_tin", TestServer::kOrgA}, {"amount", "99999999999.00"}}.dump(),
                          "supervisor").status, 201);
  // Providing the guarantee assesses the transit: the duties are secured, the fee is ordered.
  auto reserved = server_->Call("POST", path + "/guarantee", R"({"guarantee":"TRG1"})", "trader_a");
  ASSERT_EQ(reserved.status, 200) << reserved.raw;
  EXPECT_EQ(reserved.body["guarantee"]["amount"], reserved.body["to_secure"]);
  json fee = OpenOrder(reserved.body);
  ASSERT_FALSE(fee.is_null()) << reserved.raw;
  ASSERT_EQ(Signed(Confirmation(fee["reference"], fee["amount"], "TR-1")).status, 201);
  EXPECT_EQ(Act(path, "inspector", "release").body["state"], "released");
  EXPECT_NE(server_->Call("GET", "/v1/guarantees/TRG1", "", "trader_a").body["in_use"], "0.00");
  // Arrival at destination discharges the procedure and frees the guarantee.
  EXPECT_EQ(Act(path, "inspector", "exit").body["state"], "exited");
  EXPECT_EQ(server_->Call("GET", "/v1/guarantees/TRG1", "", "trader_a").body["in_use"], "0.00");
}

// Halves every item price (and the invoice total) of a declaration.
json HalfPrice(json decl) {
  Decimal total;
  for (auto& it : decl["items"]) {
    Decimal half = Decimal::Div(*Decimal::Parse(it["price"].get<std::string>()), Decimal::FromInt(2)).Round(2);
    it["price"] = half.ToString();
    total = total + half;
  }
  decl["invoice"]["total"] = total.ToString();
  return decl;
}

TEST_F(PaymentsApiTest, AmendmentAfterPaymentRefundsTheOverpaymentAndInvalidationRefundsAll) {
  json decl = ValidDeclarationJson(106);
  std::string path = LodgeAndAssess(decl);
  json order = OpenOrder(Debt(path));
  ASSERT_EQ(Signed(Confirmation(order["reference"], order["amount"], "AM-1")).status, 201);
  auto amended = server_->Call("POST", path + "/amendments",
                               json{{"reason_code", "A2"}, {"reason", "price corrected"}, {"declaration", HalfPrice(decl)}}.dump(),
                               "trader_a");
  ASSERT_EQ(amended.status, 200) << amended.raw;
  EXPECT_NE(Debt(path)["release_blockers"][0]["message"].get<std::string>().find("amended"), std::string::npos);
  EXPECT_EQ(Debt(path)["release_blockers"][0]["code"], "assessment_outdated");
  EXPECT_EQ(Act(path, "inspector", "release").status, 409);
  ASSERT_EQ(Act(path, "inspector", "assess").status, 200);
  json debt = Debt(path);
  ASSERT_EQ(debt["refunds"].size(), 1u) << debt;
  json refund = debt["refunds"][0];
  EXPECT_EQ(refund["status"], "due");
  Decimal back = *Decimal::Parse(order["amount"].get<std::string>()) - *Decimal::Parse(debt["assessed"].get<std::string>());
  EXPECT_EQ(refund["amount"], back.ToFixed(2));
  EXPECT_EQ(debt["settled"], debt["assessed"]);
  EXPECT_EQ(debt["releasable"], true);

  std::string pay_refund = "/v1/refunds/" + refund["reference"].get<std::string>() + "/payment";
  EXPECT_EQ(server_->Call("POST", pay_refund, "", "inspector").status, 403);
  auto paid = server_->Call("POST", pay_refund, "", "supervisor");
  ASSERT_EQ(paid.status, 201) << paid.raw;
  EXPECT_EQ(paid.body["receipt"]["kind"], "refund");
  EXPECT_EQ(server_->Call("POST", pay_refund, "", "supervisor").body["code"], "refund_not_due");
  std::string today = FormatIsoDate(TodayUtcDays());
  auto rev = server_->Call("GET", "/v1/reports/revenue?from=" + today, "", "risk");
  EXPECT_EQ(rev.body["total"]["refunded"], refund["amount"]) << rev.raw;
  EXPECT_EQ(rev.body["total"]["net"], debt["assessed"]) << rev.raw;

  // Invalidating a paid declaration gives back everything that stays settled.
  ASSERT_EQ(server_->Call("POST", path + "/actions", R"({"action":"invalidate","reason":"goods not imported"})", "supervisor").status, 200);
  debt = Debt(path);
  ASSERT_EQ(debt["refunds"].size(), 2u) << debt;
  Decimal refunded = *Decimal::Parse(debt["refunds"][0]["amount"].get<std::string>()) +
                     *Decimal::Parse(debt["refunds"][1]["amount"].get<std::string>());
  EXPECT_EQ(refunded.ToFixed(2), order["amount"]);
  EXPECT_EQ(debt["settled"], "0.00");
}

TEST_F(PaymentsApiTest, ReassessmentUpwardsOrdersOnlyTheDifference) {
  json decl = HalfPrice(ValidDeclarationJson(107));
  std::string path = LodgeAndAssess(decl);
  json first = OpenOrder(Debt(path));
  ASSERT_EQ(Signed(Confirmation(first["reference"], first["amount"], "UP-1")).status, 201);
  json doubled = ValidDeclarationJson(107);
  doubled["lrn"] = decl["lrn"];
  ASSERT_EQ(server_->Call("POST", path + "/amendments", json{{"reason_code", "A3"}, {"declaration", doubled}}.dump(), "trader_a").status, 200);
  ASSERT_EQ(Act(path, "inspector", "assess").status, 200);
  json debt = Debt(path);
  json second = OpenOrder(debt);
  ASSERT_FALSE(second.is_null()) << debt;
  EXPECT_EQ(second["amount"], debt["outstanding"]);
  Decimal sum = *Decimal::Parse(first["amount"].get<std::string>()) + *Decimal::Parse(second["amount"].get<std::string>());
  EXPECT_EQ(sum.ToFixed(2), debt["assessed"]);
  EXPECT_TRUE(debt["refunds"].empty());
}

}  // namespace
}  // namespace oc
