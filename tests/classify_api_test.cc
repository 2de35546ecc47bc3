// POST /v1/hs/suggest against a real server with a classifier trained here (a few labelled
// descriptions over the real nomenclature), and its answers to bad input.
#include <gtest/gtest.h>

#include <fstream>

#include "classify/trainer.h"
#include "refdata/reference_data.h"
#include "tests/test_server.h"

namespace oc::testing {
namespace {

using nlohmann::json;

class ClassifyApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    model_dir_ = new TempDir();
    std::string labelled = model_dir_->path() + "/labelled.csv";
    std::ofstream(labelled) << "id,source,description,code,codes,split_bucket\n"
                               "a,test,mens leather ankle boots,6403910000,6403910000,0\n"
                               "b,test,leather chelsea boots brown,6403919800,6403919800,0\n"
                               "c,test,frozen cod fillets,0304710000,0304710000,0\n"
                               "d,test,knitted cotton jumper,6110209100,6110209100,0\n";
    classify::TrainingSources sources;
    sources.labelled = labelled;
    sources.nomenclature = DefaultReferenceDir() + "/hs/hs2022_harmonized-system.csv";
    auto report = classify::TrainClassifier(sources, model_dir_->path() + "/hs");
    ASSERT_TRUE(report.ok()) << report.status().ToString();
  }
  static void TearDownTestSuite() {
    delete model_dir_;
    model_dir_ = nullptr;
  }
  void SetUp() override {
    server_ = std::make_unique<TestServer>(0, false, [](AppConfig& c) { c.classifier_dir = model_dir_->path() + "/hs"; });
  }
  CallResult Suggest(const json& body, const std::string& user = "trader_a") {
    return server_->Call("POST", "/v1/hs/suggest", body.dump(), user);
  }
  static TempDir* model_dir_;
  std::unique_ptr<TestServer> server_;
};

TempDir* ClassifyApiTest::model_dir_ = nullptr;

TEST_F(ClassifyApiTest, SuggestsCodesWithTheirPathForTradersAndOfficers) {
  auto r = Suggest({{"text", "Brown leather boots for men"}, {"k", 3}});
  ASSERT_EQ(r.status, 200) << r.raw;
  ASSERT_FALSE(r.body["suggestions"].empty());
  EXPECT_LE(r.body["suggestions"].size(), 3u);
  EXPECT_FALSE(r.body["too_vague"].get<bool>());
  const json& best = r.body["suggestions"][0];
  EXPECT_EQ(best["code"].get<std::string>().substr(0, 2), "64") << r.raw;
  ASSERT_EQ(best["path"].size(), 3u);
  EXPECT_EQ(best["path"][0]["code"], best["code"].get<std::string>().substr(0, 2));
  EXPECT_EQ(best["path"][1]["code"], best["code"].get<std::string>().substr(0, 4));
  EXPECT_EQ(best["path"][2]["code"], best["code"]);
  EXPECT_FALSE(best["path"][2]["description"].get<std::string>().empty());
  double previous = 2;
  for (const auto& s : r.body["suggestions"]) {
    EXPECT_LE(s["score"].get<double>(), previous);
    previous = s["score"].get<double>();
  }
  // Default k, another role, Cyrillic input accepted.
  auto officer = Suggest({{"text", "замороженное филе трески / frozen cod fillets"}}, "risk");
  ASSERT_EQ(officer.status, 200) << officer.raw;
  EXPECT_EQ(officer.body["k"], 5);
  EXPECT_EQ(officer.body["suggestions"][0]["code"].get<std::string>().substr(0, 2), "03") << officer.raw;
  // Nothing known: too vague, with advice.
  auto vague = Suggest({{"text", "xqzvk wwpq"}});
  ASSERT_EQ(vague.status, 200);
  EXPECT_TRUE(vague.body["too_vague"].get<bool>());
  EXPECT_TRUE(vague.body["suggestions"].empty());
  EXPECT_FALSE(vague.body["reason"].get<std::string>().empty());
}

TEST_F(ClassifyApiTest, BadInputGetsASpecificProblem) {
  // Malformed requests are 400, well-formed ones with unusable values 422 (docs/errors.md).
  auto code = [&](const std::string& raw) {
    auto r = server_->Call("POST", "/v1/hs/suggest", raw, "trader_a");
    std::string c = r.body.value("code", std::string());
    bool malformed = c == "malformed_json" || c == "unknown_field" || c == "invalid_utf8";
    EXPECT_EQ(r.status, malformed ? 400 : 422) << raw << " -> " << r.raw;
    return c;
  };
  EXPECT_EQ(code(json{{"text", ""}}.dump()), "invalid_text");
  EXPECT_EQ(code(json{{"text", "   \n "}}.dump()), "invalid_text");
  EXPECT_EQ(code(json{{"text", std::string(2001, 'a')}}.dump()), "invalid_text");
  EXPECT_EQ(code(json{{"text", std::string("boots\x01\x02", 7)}}.dump()), "invalid_text");
  EXPECT_EQ(code(json{{"text", 42}}.dump()), "invalid_text");
  EXPECT_EQ(code(json{{"k", 3}}.dump()), "invalid_text");
  EXPECT_EQ(code(json{{"text", "boots"}, {"k", 0}}.dump()), "invalid_k");
  EXPECT_EQ(code(json{{"text", "boots"}, {"k", 21}}.dump()), "invalid_k");
  EXPECT_EQ(code(json{{"text", "boots"}, {"k", "5"}}.dump()), "invalid_k");
  EXPECT_EQ(code(json{{"text", "boots"}, {"k", 2.5}}.dump()), "invalid_k");
  EXPECT_EQ(code(json{{"text", "boots"}, {"top", 2}}.dump()), "unknown_field");
  EXPECT_EQ(code("[1,2]"), "malformed_json");
  EXPECT_EQ(code("{\"text\": \"boo"), "malformed_json");
  EXPECT_EQ(code(std::string("{\"text\": \"b\xff\xfe\"}")), "invalid_utf8");
  EXPECT_EQ(server_->Call("POST", "/v1/hs/suggest", json{{"text", "boots"}}.dump(), "").status, 401);
}

TEST(ClassifyApiWithoutModel, AnswersUnavailable) {
  TestServer server;
  auto r = server.Call("POST", "/v1/hs/suggest", json{{"text", "boots"}}.dump(), "trader_a");
  EXPECT_EQ(r.status, 503) << r.raw;
}

}  // namespace
}  // namespace oc::testing
