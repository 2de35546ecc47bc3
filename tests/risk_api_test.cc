// Risk management over HTTP against a real server and store: criteria written, checked,
// back-tested, approved by a second officer and retired; decisions on registration with the
// criteria that fired; automatic release of green lanes once paid; inspection results feeding
// profiles and hit rates; valuation control; a trained model scoring and explaining.
#include <gtest/gtest.h>


#include <nlohmann/json.hpp>

#include "common/dates.h"
#include "common/decimal.h"
#include "risk/model.h"
#include "tests/test_server.h"

namespace oc {
namespace {

using nlohmann::json;
using testing::CallResult;
using testing::TempDir;
using testing::TestServer;
using testing::ValidDeclarationJson;

class RiskApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // No random selection: every lane in these tests has a reason the test controls.
    server_ = std::make_unique<TestServer>(0, /*risk_decisions=*/true,
                                           [](AppConfig& c) { c.risk.lanes.random_percent = 0; });
    server_->RegisterTestBank();
  }
  CallResult Post(const std::string& path, const json& body, const std::string& user) {
    return server_->Call("POST", path, body.dump(), user);
  }
  // Creates a criterion as `risk` and has the supervisor approve it; returns its id.
  std::string Activate(const std::string& expression, const std::string& lane, double percent = 100) {
    auto c = Post("/v1/risk/criteria",
                  {{"name", "test " + expression}, {"expression", expression}, {"lane", lane},
                   {"selection_percent", percent}, {"description", "check " + expression}},
                  "risk");
    EXPECT_EQ(c.status, 201) << c.raw;
    std::string id = c.body["id"];
    auto a = Post("/v1/risk/criteria/" + id + "/approve", json::object(), "supervisor");
    EXPECT_EQ(a.status, 200) << a.raw;
    return id;
  }
  // Lodges, then waits for the risk decision that follows the registration (it reaches the
  // trader as a notification) and answers the declaration as it then stands.
  CallResult Lodge(const json& decl) {
    auto r = server_->Lodge(decl);
    if (r.status != 201) return r;
    return Decided(r.body["id"].get<int>());
  }
  CallResult Decided(int id) {
    server_->core().clearance().WaitForBackground();
    return server_->Call("GET", "/v1/declarations/" + std::to_string(id), "", "trader_a");
  }
  static json WithLrn(json d, const std::string& lrn) {
    d["lrn"] = lrn;
    return d;
  }
  std::unique_ptr<TestServer> server_;
};

TEST_F(RiskApiTest, CriteriaAreCheckedApprovedByASecondOfficerAndFireOnRegistration) {
  // Syntax feedback for the editor: the position of the error.
  auto chk = Post("/v1/risk/expressions/check", {{"expression", "origin = \"CN\" and orign = \"TR\""}}, "risk");
  ASSERT_EQ(chk.status, 200) << chk.raw;
  EXPECT_EQ(chk.body["ok"], false);
  EXPECT_EQ(chk.body["column"], 19);
  EXPECT_NE(chk.body["message"].get<std::string>().find("orign"), std::string::npos);
  chk = Post("/v1/risk/expressions/check", {{"expression", "CHAPTER in [\"84\",\"85\"]"}}, "risk");
  EXPECT_EQ(chk.body["ok"], false) << "field names are lowercase";
  chk = Post("/v1/risk/expressions/check", {{"expression", "chapter  IN [\"84\",\"85\"] AND customs_value>1e3"}}, "risk");
  EXPECT_EQ(chk.body["ok"], true) << chk.raw;
  EXPECT_EQ(chk.body["canonical"], "chapter in [\"84\", \"85\"] and customs_value > 1000");

  // Saving an invalid expression: 422 with the position; nothing stored.
  auto bad = Post("/v1/risk/criteria",
                  {{"name", "broken"}, {"expression", "customs_value > \"much\""}, {"lane", "red"}, {"description", "x"}},
                  "risk");
  ASSERT_EQ(bad.status, 422) << bad.raw;
  EXPECT_EQ(bad.body["code"], "invalid_expression");
  EXPECT_EQ(bad.body["column"], 17);
  EXPECT_EQ(Post("/v1/risk/criteria", {{"name", "n"}, {"expression", "true"}, {"lane", "purple"}, {"description", "d"}}, "risk").status, 422);
  EXPECT_EQ(Post("/v1/risk/criteria", {{"name", "n"}, {"expression", "true"}, {"lane", "red"}, {"description", "d"}}, "trader_a").status, 403);
  EXPECT_EQ(server_->Call("GET", "/v1/risk/criteria", "", "risk").body["items"].size(), 0u);

  // A criterion that selects everything is stored with a warning.
  auto all = Post("/v1/risk/criteria", {{"name", "everything"}, {"expression", "true"}, {"lane", "yellow"}, {"description", "d"}}, "risk");
  ASSERT_EQ(all.status, 201) << all.raw;
  EXPECT_NE(all.body["warnings"].dump().find("selects every"), std::string::npos) << all.body;

  // The declaration this test lodges: its importer goes on a watch-list.
  json decl = ValidDeclarationJson(301);
  std::string importer = decl["parties"]["importer"]["tin"];
  auto list = server_->Call("PUT", "/v1/risk/lists/watch", json{{"description", "under investigation"}, {"values", {importer}}}.dump(), "risk");
  ASSERT_EQ(list.status, 200) << list.raw;
  EXPECT_EQ(server_->Call("PUT", "/v1/risk/lists/bad%20name", json{{"values", {"x"}}}.dump(), "risk").body["code"], "invalid_list");

  auto c = Post("/v1/risk/criteria",
                {{"name", "watch-listed importer"}, {"expression", "importer in @watch"}, {"lane", "red"},
                 {"priority", 10}, {"description", "examine against the packing list"},
                 {"descriptions", {{"uz", "qadoqlash roʻyxati bilan solishtirib koʻrikdan oʻtkazing"}}}},
                "risk");
  ASSERT_EQ(c.status, 201) << c.raw;
  EXPECT_EQ(c.body["status"], "pending");
  EXPECT_EQ(c.body["descriptions"]["uz"], "qadoqlash roʻyxati bilan solishtirib koʻrikdan oʻtkazing");
  for (const json& bad : {json{{"xx", "?"}}, json{{"ru", 5}}, json("text")}) {
    auto refused = Post("/v1/risk/criteria",
                        {{"name", "n"}, {"expression", "importer in @watch"}, {"lane", "red"}, {"description", "d"},
                         {"descriptions", bad}},
                        "risk");
    EXPECT_GE(refused.status, 400) << bad;
    EXPECT_LT(refused.status, 500) << bad;
  }
  std::string id = c.body["id"];
  // Four eyes: the author cannot approve; an unknown criterion is 404.
  auto self = Post("/v1/risk/criteria/" + id + "/approve", json::object(), "risk");
  EXPECT_EQ(self.status, 403) << self.raw;
  EXPECT_EQ(self.body["code"], "same_officer");
  EXPECT_EQ(Post("/v1/risk/criteria/RC-9999/approve", json::object(), "supervisor").status, 404);

  // Pending criteria do not fire.
  auto before = Lodge(WithLrn(decl, "RISK-1"));
  ASSERT_EQ(before.status, 200) << before.raw;
  EXPECT_EQ(before.body["lane"], "green") << before.raw;

  auto ok = Post("/v1/risk/criteria/" + id + "/approve", json::object(), "supervisor");
  ASSERT_EQ(ok.status, 200) << ok.raw;
  EXPECT_EQ(ok.body["status"], "active");
  EXPECT_NE(ok.body["approved_by"].get<std::string>().find("supervisor"), std::string::npos);

  auto lodged = Lodge(WithLrn(decl, "RISK-2"));
  ASSERT_EQ(lodged.status, 200) << lodged.raw;
  EXPECT_EQ(lodged.body["lane"], "red");
  EXPECT_EQ(lodged.body["state"], "under_control");
  EXPECT_EQ(lodged.body["control"], "physical");
  std::string path = "/v1/declarations/" + lodged.body["mrn"].get<std::string>();
  auto decision = server_->Call("GET", path + "/risk", "", "inspector");
  ASSERT_EQ(decision.status, 200) << decision.raw;
  EXPECT_EQ(decision.body["lane"], "red");
  EXPECT_EQ(decision.body["source"], "rule");
  ASSERT_EQ(decision.body["criteria"].size(), 1u) << decision.body;
  EXPECT_EQ(decision.body["criteria"][0]["id"], id);
  EXPECT_EQ(decision.body["criteria"][0]["description"], "examine against the packing list");
  EXPECT_EQ(decision.body["reasons"][0]["code"], "risk_criterion");
  EXPECT_EQ(decision.body["reasons"][0]["params"]["id"], id);
  EXPECT_NE(decision.body["reasons"][0]["message"].get<std::string>().find(id), std::string::npos);
  // An officer who reads Russian gets the decision in Russian (the criterion's own text as written).
  auto in_russian = server_->Call("GET", path + "/risk", "", "inspector", {{"Accept-Language", "ru"}});
  ASSERT_EQ(in_russian.status, 200) << in_russian.raw;
  EXPECT_EQ(in_russian.body["reasons"][0]["message"],
            "красный коридор по критерию " + id + ": examine against the packing list");
  // In Uzbek, with the author's Uzbek text of what to check.
  auto in_uzbek = server_->Call("GET", path + "/risk", "", "inspector", {{"Accept-Language", "uz"}});
  EXPECT_EQ(in_uzbek.body["reasons"][0]["message"],
            id + " mezoni boʻyicha qizil yoʻlak: qadoqlash roʻyxati bilan solishtirib koʻrikdan oʻtkazing");
  EXPECT_EQ(in_uzbek.body["criteria"][0]["descriptions"]["uz"], "qadoqlash roʻyxati bilan solishtirib koʻrikdan oʻtkazing");
  EXPECT_EQ(server_->Call("GET", path + "/risk", "", "trader_a").status, 403) << "the reasons are for officers";
  // The officer's worklist by lane.
  auto red = server_->Call("GET", "/v1/declarations?lane=red", "", "inspector");
  ASSERT_EQ(red.body["items"].size(), 1u) << red.raw;
  EXPECT_EQ(server_->Call("GET", "/v1/declarations?lane=purple", "", "inspector").status, 400);

  // Back-test over what was decided: both declarations match, none inspected yet.
  auto bt = Post("/v1/risk/backtest", {{"expression", "importer in @watch"}, {"days", 90}}, "risk");
  ASSERT_EQ(bt.status, 200) << bt.raw;
  EXPECT_EQ(bt.body["declarations"], 2);
  EXPECT_EQ(bt.body["matched"], 2);
  EXPECT_TRUE(bt.body["hit_rate"].is_null());
  EXPECT_EQ(Post("/v1/risk/backtest", {{"expression", "importer in @nosuchlist"}}, "risk").status, 422);

  // Retired: the next declaration is green again.
  auto retired = Post("/v1/risk/criteria/" + id + "/retire", json::object(), "risk");
  ASSERT_EQ(retired.status, 200) << retired.raw;
  EXPECT_EQ(retired.body["status"], "retired");
  EXPECT_EQ(Post("/v1/risk/criteria/" + id + "/retire", json::object(), "risk").status, 409);
  EXPECT_EQ(Lodge(WithLrn(decl, "RISK-3")).body["lane"], "green");
  auto listed = server_->Call("GET", "/v1/risk/criteria/" + id, "", "risk");
  EXPECT_EQ(listed.body["fired"], 1) << listed.raw;
}

TEST_F(RiskApiTest, GreenLaneIsAssessedAtOnceAndReleasedWhenPaid) {
  // The decision is taken with the registration and written in its transaction: the lodgement's
  // answer already carries the lane and the assessment.
  auto registered = server_->Lodge(ValidDeclarationJson(302));
  ASSERT_EQ(registered.status, 201) << registered.raw;
  EXPECT_EQ(registered.body["state"], "assessed") << registered.raw;
  EXPECT_EQ(registered.body["lane"], "green");
  auto lodged = Decided(registered.body["id"].get<int>());
  ASSERT_EQ(lodged.status, 200) << lodged.raw;
  EXPECT_EQ(lodged.body["lane"], "green");
  ASSERT_EQ(lodged.body["state"], "assessed") << "green lanes are assessed on registration";
  std::string path = "/v1/declarations/" + std::to_string(lodged.body["id"].get<int>());
  auto debt = server_->Call("GET", path + "/debt", "", "trader_a");
  ASSERT_EQ(debt.status, 200);
  json order;
  for (const auto& o : debt.body["orders"])
    if (o["status"] == "open") order = o;
  ASSERT_TRUE(order.is_object()) << debt.raw;
  auto paid = server_->PayOrder(order["reference"], order["amount"], "BR-GREEN-1");
  ASSERT_EQ(paid.status, 201) << paid.raw;
  // Paid: the system released it, without an officer.
  auto now = server_->Call("GET", path, "", "trader_a");
  EXPECT_EQ(now.body["state"], "released") << now.raw;
  auto history = server_->Call("GET", path + "/history", "", "trader_a");
  json last = history.body["transitions"].back();
  EXPECT_EQ(last["action"], "release");
  EXPECT_EQ(last["actor"], "system");

  // The clearance-time dashboard counts it: released within the minute, in the green lane.
  auto times = server_->Call("GET", "/v1/reports/clearance", "", "supervisor");
  ASSERT_EQ(times.status, 200) << times.raw;
  EXPECT_EQ(times.body["total"]["released"], 1) << times.raw;
  EXPECT_EQ(times.body["lanes"]["green"]["released"], 1);
  EXPECT_LE(times.body["total"]["p90_s"].get<double>(), 60.0);
  EXPECT_EQ(times.body["total"]["histogram"][0]["up_to_s"], 60);
  EXPECT_EQ(times.body["total"]["histogram"][0]["released"], 1);
  EXPECT_TRUE(times.body["total"]["histogram"].back()["up_to_s"].is_null());
  std::string office = now.body["office"];
  EXPECT_EQ(server_->Call("GET", "/v1/reports/clearance?office=" + office, "", "risk").body["total"]["released"], 1);
  EXPECT_EQ(server_->Call("GET", "/v1/reports/clearance?office=XX999999", "", "risk").body["total"]["released"], 0);
  EXPECT_EQ(server_->Call("GET", "/v1/reports/clearance?from=2000-01-01&to=2000-01-31", "", "risk").body["total"]["released"], 0);
  EXPECT_EQ(server_->Call("GET", "/v1/reports/clearance?to=2000-13-01", "", "risk").body["code"], "invalid_parameter");
  EXPECT_EQ(server_->Call("GET", "/v1/reports/clearance", "", "trader_a").status, 403);
}

TEST_F(RiskApiTest, AnAmendedDeclarationIsDecidedAgain) {
  Activate("net_mass > 900000", "red");
  json decl = ValidDeclarationJson(306, TestServer::kOrgA, 1);
  auto lodged = Lodge(decl);
  ASSERT_EQ(lodged.body["lane"], "green") << lodged.raw;
  std::string path = "/v1/declarations/" + std::to_string(lodged.body["id"].get<int>());
  decl["items"][0]["net_mass"] = "950000";
  decl["items"][0]["gross_mass"] = "960000";
  auto amending = Post(path + "/amendments", {{"reason_code", "QTY"}, {"declaration", decl}}, "trader_a");
  ASSERT_EQ(amending.status, 200) << amending.raw;
  auto amended = Decided(lodged.body["id"].get<int>());
  EXPECT_EQ(amended.body["lane"], "red") << amended.raw;
  EXPECT_EQ(amended.body["state"], "under_control");
  auto d = server_->Call("GET", path + "/risk", "", "risk");
  EXPECT_EQ(d.body["version"], 2);
  // Counted once in the trader's profile, though decided twice.
  auto profile = server_->Call("GET", "/v1/traders/" + d.body["accountable_tin"].get<std::string>() + "/profile", "", "risk");
  EXPECT_EQ(profile.body["declarations"], 1);
}

TEST_F(RiskApiTest, InspectionResultsUpdateProfilesAndCriterionHitRates) {
  json decl = ValidDeclarationJson(303);
  std::string importer = decl["parties"]["importer"]["tin"];
  std::string id = Activate("importer = \"" + importer + "\"", "yellow");
  auto lodged = Lodge(decl);
  ASSERT_EQ(lodged.body["lane"], "yellow") << lodged.raw;
  ASSERT_EQ(lodged.body["control"], "documentary");
  std::string path = "/v1/declarations/" + std::to_string(lodged.body["id"].get<int>());

  EXPECT_EQ(Post(path + "/inspection", {{"outcome", "discrepancy"}}, "inspector").status, 400) << "a discrepancy needs its kind";
  EXPECT_EQ(Post(path + "/inspection", {{"outcome", "fine"}}, "inspector").status, 400);
  EXPECT_EQ(Post(path + "/inspection", {{"outcome", "discrepancy"}, {"kind", "origin"}, {"additional_revenue", "-5"}}, "inspector").body["code"], "invalid_amount");
  EXPECT_EQ(Post(path + "/inspection", {{"outcome", "no_discrepancy"}}, "trader_a").status, 403);
  auto rec = Post(path + "/inspection",
                  {{"outcome", "discrepancy"}, {"kind", "undervaluation"}, {"additional_revenue", "1250000"},
                   {"notes", "price list shows 3x"}},
                  "inspector");
  ASSERT_EQ(rec.status, 201) << rec.raw;
  auto reports = server_->Call("GET", path + "/inspections", "", "inspector");
  ASSERT_EQ(reports.body["items"].size(), 1u);
  EXPECT_EQ(reports.body["items"][0]["additional_revenue"], "1250000.00");
  EXPECT_NE(reports.body["items"][0]["officer"].get<std::string>().find("inspector"), std::string::npos);

  auto profile = server_->Call("GET", "/v1/traders/" + importer + "/profile", "", "risk");
  ASSERT_EQ(profile.status, 200) << profile.raw;
  EXPECT_EQ(profile.body["declarations"], 1);
  EXPECT_EQ(profile.body["inspections"], 1);
  EXPECT_EQ(profile.body["hits"], 1);
  EXPECT_GT(profile.body["smoothed_hit_rate"].get<double>(), 0.1);
  EXPECT_EQ(server_->Call("GET", "/v1/traders/" + importer + "/profile", "", "trader_b").status, 404);

  auto crit = server_->Call("GET", "/v1/risk/criteria/" + id, "", "risk");
  EXPECT_EQ(crit.body["fired"], 1);
  EXPECT_EQ(crit.body["inspected"], 1);
  EXPECT_EQ(crit.body["hits"], 1);
  EXPECT_EQ(crit.body["hit_rate"], 1.0);
  // The back-test now knows the outcome.
  auto bt = server_->Call("GET", "/v1/risk/criteria/" + id + "/backtest?days=30", "", "risk");
  EXPECT_EQ(bt.body["inspected"], 1) << bt.raw;
  EXPECT_EQ(bt.body["hit_rate"], 1.0);

  // The dashboard report: the lane mix and each lane's hit rate.
  auto report = server_->Call("GET", "/v1/reports/risk", "", "risk");
  ASSERT_EQ(report.status, 200) << report.raw;
  EXPECT_EQ(report.body["total"]["declarations"], 1);
  EXPECT_EQ(report.body["lanes"]["yellow"]["inspected"], 1);
  EXPECT_EQ(report.body["lanes"]["yellow"]["hit_rate"], 1.0);
  EXPECT_EQ(report.body["sources"]["rule"]["hits"], 1);
  EXPECT_EQ(report.body["by_day"][0]["yellow"], 1);
  // Hit rates over time per source, and per criterion (what each one caused).
  EXPECT_EQ(report.body["hits_by_day"][0]["rule"]["inspected"], 1) << report.raw;
  EXPECT_EQ(report.body["hits_by_day"][0]["rule"]["hit_rate"], 1.0);
  EXPECT_EQ(report.body["hits_by_day"][0]["model"]["inspected"], 0);
  ASSERT_EQ(report.body["criteria"].size(), 1u) << report.raw;
  EXPECT_EQ(report.body["criteria"][0]["id"], id);
  EXPECT_EQ(report.body["criteria"][0]["name"], "test importer = \"" + importer + "\"");
  EXPECT_EQ(report.body["criteria"][0]["matched"], 1);
  EXPECT_EQ(report.body["criteria"][0]["declarations"], 1);
  EXPECT_EQ(report.body["criteria"][0]["hits"], 1);
  ASSERT_EQ(report.body["criteria"][0]["by_day"].size(), 1u);
  EXPECT_EQ(report.body["criteria"][0]["by_day"][0]["day"], FormatIsoDate(TodayUtcDays()));
  EXPECT_EQ(report.body["criteria"][0]["by_day"][0]["hit_rate"], 1.0);
  EXPECT_EQ(server_->Call("GET", "/v1/reports/risk?from=yesterday", "", "risk").status, 400);
  EXPECT_EQ(server_->Call("GET", "/v1/reports/risk", "", "trader_a").status, 403);

  // A seizure detains the goods; AEO status is the supervisor's to grant.
  auto seized = Post(path + "/inspection", {{"outcome", "seizure"}, {"kind", "prohibited"}}, "inspector");
  ASSERT_EQ(seized.status, 201) << seized.raw;
  EXPECT_EQ(seized.body["state"], "detained");
  EXPECT_EQ(server_->Call("PUT", "/v1/traders/" + importer + "/aeo", R"({"aeo": true})", "risk").status, 403);
  auto aeo = server_->Call("PUT", "/v1/traders/" + importer + "/aeo", R"({"aeo": true})", "supervisor");
  EXPECT_EQ(aeo.body["aeo"], true) << aeo.raw;
}

TEST_F(RiskApiTest, UnitValueFarBelowTheReferenceIsSignalled) {
  json base = ValidDeclarationJson(304, TestServer::kOrgA, 1);
  for (int i = 0; i < 10; ++i) ASSERT_EQ(Lodge(WithLrn(base, "UV-" + std::to_string(i))).status, 200);
  json cheap = WithLrn(base, "UV-CHEAP");
  Decimal price = *Decimal::Parse(base["items"][0]["price"].get<std::string>());
  std::string tenth = Decimal::Div(price, Decimal::FromInt(10)).ToFixed(2);
  cheap["items"][0]["price"] = tenth;
  cheap["invoice"]["total"] = tenth;
  auto lodged = Lodge(cheap);
  ASSERT_EQ(lodged.status, 200) << lodged.raw;
  EXPECT_EQ(lodged.body["lane"], "yellow");
  auto d = server_->Call("GET", "/v1/declarations/" + std::to_string(lodged.body["id"].get<int>()) + "/risk", "", "risk");
  ASSERT_EQ(d.status, 200) << d.raw;
  EXPECT_EQ(d.body["criteria"][0]["id"], "VALUATION") << d.body;
  json v = d.body["items"][0]["valuation"];
  EXPECT_EQ(v["observations"], 10);
  // A tenth of the price; freight, added to the customs value, keeps the ratio a little above 0.1.
  EXPECT_GT(v["ratio"].get<double>(), 0.09) << v;
  EXPECT_LT(v["ratio"].get<double>(), 0.5) << v;
  EXPECT_EQ(v["undervalued"], true);
  // The ten at the usual price were not.
  auto first = server_->Call("GET", "/v1/declarations?lrn=UV-0", "", "risk");
  EXPECT_EQ(first.body["items"][0]["lane"], "green");

  // The officer's chart: the commodity's reference distribution, which now holds all eleven.
  std::string hs = base["items"][0]["commodity"]["hs"].get<std::string>().substr(0, 6);
  std::string origin = base["items"][0]["origin"];
  auto dist = server_->Call("GET", "/v1/reference/unit-values?hs=" + hs + "&origin=" + origin + "&buckets=5", "", "risk");
  ASSERT_EQ(dist.status, 200) << dist.raw;
  EXPECT_EQ(dist.body["observations"], 11) << dist.raw;
  EXPECT_EQ(dist.body["basis"], "hs6+origin");
  // The ten share one price, so one cheaper value leaves the median where the decision saw it.
  EXPECT_NEAR(dist.body["median"].get<double>(), v["median"].get<double>(), 1e-6 * v["median"].get<double>());
  ASSERT_EQ(dist.body["histogram"].size(), 5u);
  EXPECT_EQ(dist.body["histogram"][0]["count"], 1) << "the cheap one, far below the rest";
  EXPECT_EQ(dist.body["histogram"][4]["count"], 10);
  EXPECT_LE(dist.body["histogram"][0]["lower"].get<double>(), dist.body["q1"].get<double>());
  EXPECT_EQ(server_->Call("GET", "/v1/reference/unit-values?hs=8471", "", "risk").body["code"], "invalid_parameter");
  EXPECT_EQ(server_->Call("GET", "/v1/reference/unit-values?hs=" + hs + "&origin=cn", "", "risk").status, 400);
  EXPECT_EQ(server_->Call("GET", "/v1/reference/unit-values?hs=" + hs, "", "trader_a").status, 403);
  auto unknown = server_->Call("GET", "/v1/reference/unit-values?hs=010121", "", "risk");
  EXPECT_EQ(unknown.body["observations"], 0);
  EXPECT_TRUE(unknown.body["basis"].is_null());
  EXPECT_TRUE(unknown.body["histogram"].empty());
}

TEST_F(RiskApiTest, ActiveModelScoresAndExplainsEachDeclaration) {
  // A small model trained on synthetic history where one importer is always caught.
  json decl = ValidDeclarationJson(305);
  std::string importer = decl["parties"]["importer"]["tin"];
  auto model = testing::TrainModelCatching(importer, 30);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  TempDir dir;
  std::string file = dir.path() + "/m.json";
  model.value()->SetMetrics(R"({"auc": 0.91, "rows": 600})");
  ASSERT_TRUE(model.value()->Save(file).ok());
  auto installed = server_->core().InstallModel(file);
  ASSERT_TRUE(installed.ok()) << installed.status().ToString();
  EXPECT_EQ(installed->role, risk::ModelRole::kActive);

  auto models = server_->Call("GET", "/v1/risk/models", "", "risk");
  ASSERT_EQ(models.body["items"].size(), 1u) << models.raw;
  EXPECT_EQ(models.body["items"][0]["role"], "active");
  EXPECT_EQ(models.body["items"][0]["metrics"]["auc"], 0.91) << "the evaluation travels with the model";
  EXPECT_EQ(models.body["items"][0]["rows"], 600);
  EXPECT_EQ(Post("/v1/risk/models/nope/activate", json::object(), "risk").status, 404);
  EXPECT_EQ(Post("/v1/risk/models/" + installed->version + "/activate", json::object(), "trader_a").status, 403);

  auto lodged = Lodge(decl);
  ASSERT_EQ(lodged.status, 200);
  auto d = server_->Call("GET", "/v1/declarations/" + std::to_string(lodged.body["id"].get<int>()) + "/risk", "", "risk");
  ASSERT_EQ(d.status, 200) << d.raw;
  EXPECT_EQ(d.body["model_version"], installed->version);
  double score = d.body["score"].get<double>();
  EXPECT_GT(score, 0.5) << "the caught importer's history must raise the score";
  // The explanation: contributions that add up, the importer's history among the strongest.
  json top = d.body["explanation"]["top"];
  ASSERT_FALSE(top.empty()) << d.body;
  bool importer_feature = false;
  for (const auto& c : top) importer_feature |= c["feature"].get<std::string>().rfind("importer", 0) == 0;
  EXPECT_TRUE(importer_feature) << top;
  // A new model's first thresholds come from its training scores (capacity quantiles): the
  // lane is the highest whose threshold the score reached.
  json t = d.body["thresholds"];
  EXPECT_LT(t["red"].get<double>(), 1.0) << "seeded from the model, not the fixed cold-start values";
  std::string expected = score >= t["red"].get<double>()      ? "red"
                         : score >= t["yellow"].get<double>() ? "yellow"
                         : score >= t["blue"].get<double>()   ? "blue"
                                                              : "green";
  EXPECT_EQ(d.body["lane"], expected) << d.body;
  if (expected != "green") {
    EXPECT_EQ(d.body["source"], "model");
    EXPECT_LE(d.body["threshold"].get<double>(), score);
  }
}

}  // namespace
}  // namespace oc
