// After an inspection the officer corrects the declared values over HTTP: a new version with its
// reason, duties reassessed, the difference ordered and release refused until it is paid; the
// moves offered to each role (release with its blockers); notifications paged from the newest.
#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "common/decimal.h"
#include "tests/test_server.h"

namespace oc {
namespace {

using nlohmann::json;
using testing::CallResult;
using testing::TestServer;
using testing::ValidDeclarationJson;

class CorrectionsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>();
    server_->RegisterTestBank();
  }
  std::string LodgeOne(int n) {
    auto r = server_->Lodge(ValidDeclarationJson(n));
    EXPECT_EQ(r.status, 201) << r.raw;
    return "/v1/declarations/" + std::to_string(r.body["id"].get<int>());
  }
  CallResult Act(const std::string& path, const std::string& action, const std::string& control = "") {
    json body{{"action", action}};
    if (!control.empty()) body["control"] = control;
    return server_->Call("POST", path + "/actions", body.dump(), "inspector");
  }
  json Debt(const std::string& path) { return server_->Call("GET", path + "/debt", "", "trader_a").body; }
  // The option for `action` offered to `user`, or null when it is not offered.
  json Option(const std::string& path, const std::string& user, const std::string& action) {
    auto r = server_->Call("GET", path + "/actions", "", user);
    EXPECT_EQ(r.status, 200) << r.raw;
    for (const auto& o : r.body["actions"])
      if (o["action"] == action) return o;
    return json();
  }
  void PayOpenOrder(const std::string& path, const std::string& bank_ref) {
    json debt = Debt(path);
    for (const auto& o : debt["orders"])
      if (o["status"] == "open") {
        auto paid = server_->PayOrder(o["reference"], o["amount"], bank_ref);
        ASSERT_EQ(paid.status, 201) << paid.raw;
        return;
      }
    FAIL() << "no open order: " << debt;
  }
  std::unique_ptr<TestServer> server_;
};

TEST_F(CorrectionsApiTest, AFoundDiscrepancyBecomesAVersionWhoseExtraDutyIsOrderedBeforeRelease) {
  std::string path = LodgeOne(301);
  json declared = server_->Call("GET", path, "", "inspector").body["declaration"];
  // Release waits for the assessment: offered to the officer, refused with the reason.
  json release = Option(path, "inspector", "release");
  ASSERT_FALSE(release.is_null());
  EXPECT_EQ(release["allowed"], false);
  EXPECT_EQ(release["reasons"][0]["code"], "not_assessed") << release;
  ASSERT_EQ(Act(path, "assess").status, 200);
  PayOpenOrder(path, "BR-C1");
  EXPECT_EQ(Option(path, "inspector", "release")["allowed"], true);
  std::string paid_before = Debt(path)["settled"];
  ASSERT_EQ(Act(path, "control", "physical").status, 200);

  // Refused: traders and administrators, a malformed body, an item the declaration lacks.
  json body{{"reason", "examination found twice the declared value"},
            {"items", {{{"item", 1}, {"price", (*Decimal::Parse(declared["items"][0]["price"].get<std::string>()) +
                                               *Decimal::Parse(declared["items"][0]["price"].get<std::string>()))
                                                  .ToFixed(2)}}}}};
  EXPECT_EQ(server_->Call("POST", path + "/corrections", body.dump(), "trader_a").status, 403);
  EXPECT_EQ(server_->Call("POST", path + "/corrections", body.dump(), "admin").status, 403);
  auto bad = server_->Call("POST", path + "/corrections", R"({"items":[{"item":1,"price":12}]})", "inspector");
  EXPECT_EQ(bad.status, 422) << bad.raw;
  EXPECT_EQ(bad.body["code"], "invalid_correction");
  EXPECT_EQ(bad.body["errors"].size(), 2u) << bad.raw;  // no reason, a number for a price
  auto unknown = server_->Call("POST", path + "/corrections",
                               json{{"reason", "r"}, {"items", {{{"item", 99}, {"origin", "CN"}}}}}.dump(), "inspector");
  EXPECT_EQ(unknown.status, 422) << unknown.raw;
  EXPECT_EQ(unknown.body["errors"][0]["code"], "unknown_item");
  EXPECT_EQ(server_->Call("GET", path, "", "inspector").body["version"], 1);

  auto corrected = server_->Call("POST", path + "/corrections", body.dump(), "inspector");
  ASSERT_EQ(corrected.status, 200) << corrected.raw;
  EXPECT_EQ(corrected.body["state"], "assessed");
  EXPECT_EQ(corrected.body["version"], 2);
  // Lists show the corrected invoice total, not the lodged one.
  EXPECT_EQ(*Decimal::Parse(corrected.body["invoice_total"].get<std::string>()) -
                *Decimal::Parse(declared["invoice"]["total"].get<std::string>()),
            *Decimal::Parse(declared["items"][0]["price"].get<std::string>()));

  // The version says who changed what and why.
  json versions = server_->Call("GET", path + "/versions", "", "trader_a").body["versions"];
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[1]["reason_code"], "INS");
  EXPECT_EQ(versions[1]["reason"], body["reason"]);
  std::set<std::string> changed(versions[1]["changed"].begin(), versions[1]["changed"].end());
  EXPECT_TRUE(changed.count("/items/0/price") && changed.count("/invoice/total")) << versions[1];

  // Reassessed: what was paid stays, the difference is one open order, and release waits for it.
  json debt = Debt(path);
  EXPECT_EQ(debt["assessed_version"], 2);
  EXPECT_EQ(debt["settled"], paid_before);
  Decimal outstanding = *Decimal::Parse(debt["outstanding"].get<std::string>());
  EXPECT_FALSE(outstanding.is_zero() || outstanding.is_negative()) << debt;
  json release_now = Option(path, "inspector", "release");
  EXPECT_EQ(release_now["allowed"], false);
  EXPECT_EQ(release_now["reasons"][0]["code"], "debt_unpaid") << release_now;
  EXPECT_EQ(release_now["reasons"][0]["params"]["amount"], debt["outstanding"]);
  EXPECT_EQ(Act(path, "release").body["code"], "debt_not_settled");
  // API clients get the server's texts in the language they ask for.
  auto ru = server_->Call("GET", path + "/actions", "", "inspector", {{"Accept-Language", "ru-RU,ru;q=0.9,en;q=0.5"}});
  bool worded = false;
  for (const auto& o : ru.body["actions"])
    if (o["action"] == "release") worded = o["reasons"][0]["message"].get<std::string>().find("не уплачено") != std::string::npos;
  EXPECT_TRUE(worded) << ru.raw;
  json history_uz = server_->Call("GET", path + "/history", "", "trader_a", {{"Accept-Language", "uz"}}).body;
  EXPECT_EQ(history_uz["transitions"][1]["reason_code"], "accepted");
  EXPECT_EQ(history_uz["transitions"][1]["reason"], "qabul qilindi");

  // The trader is told the correction and its reason, and is not offered customs' moves.
  bool told = false;
  json history = server_->Call("GET", path + "/history", "", "trader_a").body;
  for (const auto& t : history["transitions"])
    if (t["action"] == "correct") told = t["reason"] == body["reason"] && t["details"]["version"] == 2;
  EXPECT_TRUE(told);
  EXPECT_TRUE(Option(path, "trader_a", "release").is_null());
  EXPECT_TRUE(Option(path, "trader_a", "correct").is_null());
  EXPECT_EQ(server_->Call("GET", path + "/actions", "", "trader_b").status, 404);

  PayOpenOrder(path, "BR-C2");
  EXPECT_EQ(Option(path, "inspector", "release")["allowed"], true);
  EXPECT_EQ(Act(path, "release").body["state"], "released");
  // Released goods may still be corrected (recovery after release); they stay released.
  auto after = server_->Call("POST", path + "/corrections",
                             json{{"reason", "origin proven false"}, {"items", {{{"item", 1}, {"origin", "VN"}}}}}.dump(),
                             "supervisor");
  EXPECT_EQ(after.status, 200) << after.raw;
  EXPECT_EQ(after.body["state"], "released");
  EXPECT_TRUE(Option(path, "inspector", "release").is_null());  // nothing left to release
}

TEST_F(CorrectionsApiTest, CorrectionsOutsideControlAreRefusedWithTheState) {
  std::string path = LodgeOne(302);
  auto r = server_->Call("POST", path + "/corrections",
                         json{{"reason", "r"}, {"items", {{{"item", 1}, {"origin", "VN"}}}}}.dump(), "inspector");
  EXPECT_EQ(r.status, 409) << r.raw;
  EXPECT_EQ(r.body["code"], "illegal_transition");
  EXPECT_EQ(r.body["current_state"], "registered");
  EXPECT_EQ(Act(path, "correct").body["code"], "unsupported_action");
  json hold = Option(path, "inspector", "hold");
  EXPECT_EQ(hold["allowed"], true);
  EXPECT_TRUE(Option(path, "inspector", "unhold").is_null());  // not a move from this state
}

TEST_F(CorrectionsApiTest, NotificationsArePagedFromTheNewest) {
  for (int n = 0; n < 4; ++n) LodgeOne(310 + n);
  auto all = server_->Call("GET", "/v1/notifications?limit=1000", "", "trader_a").body["events"];
  ASSERT_GE(all.size(), 8u);  // submitted and registered for each
  std::vector<int64_t> seen;
  std::string before;
  for (int page = 0; page < 20; ++page) {
    std::string q = "/v1/notifications?limit=3&order=newest" + (before.empty() ? "" : "&before=" + before);
    auto p = server_->Call("GET", q, "", "trader_a");
    ASSERT_EQ(p.status, 200) << p.raw;
    for (const auto& e : p.body["events"]) seen.push_back(e["seq"]);
    before = p.body["next_cursor"];
    if (!p.body["more"].get<bool>()) break;
  }
  ASSERT_EQ(seen.size(), all.size());
  for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], all[all.size() - 1 - i]["seq"]);
  EXPECT_EQ(server_->Call("GET", "/v1/notifications?before=5&after=2", "", "trader_a").status, 400);
  EXPECT_EQ(server_->Call("GET", "/v1/notifications?order=sideways", "", "trader_a").status, 400);
}

}  // namespace
}  // namespace oc
