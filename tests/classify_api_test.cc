// POST /v1/hs/suggest against a real server with a classifier trained here (a few labelled
// descriptions over the real nomenclature), and its answers to bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "classify/trainer.h"
#include "refdata/reference_data.h"
#include "tests/test_server.h"
#include "tests/test_support.h"

namespace oc::testing {
namespace {

using nlohmann::json;

class ClassifyApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (HsNomenclaturePath().empty()) GTEST_SKIP() << "no HS nomenclature in the shared data directory (OC_SHARED_DATA)";
    model_dir_ = new TempDir();
    std::string labelled = model_dir_->path() + "/labelled.csv";
    std::ofstream(labelled) << "id,source,description,code,codes,split_bucket\n"
                               "a,test,mens leather ankle boots,6403910000,6403910000,0\n"
                               "b,test,leather chelsea boots brown,6403919800,6403919800,0\n"
                               "c,test,frozen cod fillets,0304710000,0304710000,0\n"
                               "d,test,knitted cotton jumper,6110209100,6110209100,0\n";
    classify::TrainingSources sources;
    sources.labelled = labelled;
    sources.nomenclature = HsNomenclaturePath();
    auto report = classify::TrainClassifier(sources, model_dir_->path() + "/hs");
    ASSERT_TRUE(report.ok()) << report.status().ToString();
  }
  static void TearDownTestSuite() {
    delete model_dir_;
    model_dir_ = nullptr;
  }
  void SetUp() override {
    if (!model_dir_) GTEST_SKIP() << "no HS nomenclature in the shared data directory (OC_SHARED_DATA)";
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
    EXPECT_LE(s["confidence"].get<double>(), previous) << "ranked by confidence";
    EXPECT_GE(s["confidence"].get<double>(), 0);
    previous = s["confidence"].get<double>();
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

TEST_F(ClassifyApiTest, ChecksADeclaredCodeAgainstItsDescription) {
  auto check = [&](const std::string& text, const std::string& hs) {
    return server_->Call("POST", "/v1/hs/check", json{{"text", text}, {"hs", hs}}.dump(), "trader_a");
  };
  auto right = check("mens leather ankle boots", "6403910000");
  ASSERT_EQ(right.status, 200) << right.raw;
  EXPECT_TRUE(right.body["classifiable"].get<bool>());
  EXPECT_FALSE(right.body["contradicts"].get<bool>()) << right.raw;
  EXPECT_LT(right.body["misclassification"].get<double>(), 0.5) << right.raw;
  auto wrong = check("mens leather ankle boots", "870323");
  ASSERT_EQ(wrong.status, 200) << wrong.raw;
  EXPECT_TRUE(wrong.body["contradicts"].get<bool>()) << wrong.raw;
  EXPECT_GT(wrong.body["misclassification"].get<double>(), 0.9) << wrong.raw;
  EXPECT_EQ(wrong.body["suggestions"][0]["code"].get<std::string>().substr(0, 2), "64") << wrong.raw;
  // Found in use: other words for the same boots, declared as cars or as T-shirts, passed; a code
  // from another chapter than every plausible suggestion is flagged now.
  for (const char* other_chapter : {"870323", "610910"}) {
    auto flagged = check("mens brown leather ankle boots", other_chapter);
    ASSERT_EQ(flagged.status, 200) << flagged.raw;
    EXPECT_TRUE(flagged.body["contradicts"].get<bool>()) << other_chapter << ": " << flagged.raw;
    EXPECT_LE(flagged.body["chapter_confidence"].get<double>(), 0.01) << flagged.raw;
  }
  EXPECT_FALSE(check("mens brown leather ankle boots", "640391").body["contradicts"].get<bool>());
  auto vague = check("xqzvk wwpq", "640391");
  ASSERT_EQ(vague.status, 200);
  EXPECT_FALSE(vague.body["classifiable"].get<bool>()) << vague.raw;
  // Bad input: 4xx with a specific code.
  auto code = [&](const json& body) {
    auto r = server_->Call("POST", "/v1/hs/check", body.dump(), "trader_a");
    EXPECT_GE(r.status, 400) << r.raw;
    EXPECT_LT(r.status, 500) << r.raw;
    return r.body.value("code", std::string());
  };
  EXPECT_EQ(code({{"text", "boots"}}), "invalid_hs");
  EXPECT_EQ(code({{"text", "boots"}, {"hs", "6403"}}), "invalid_hs");
  EXPECT_EQ(code({{"text", "boots"}, {"hs", "64039a"}}), "invalid_hs");
  EXPECT_EQ(code({{"text", "boots"}, {"hs", 640391}}), "invalid_hs");
  EXPECT_EQ(code({{"text", "boots"}, {"hs", "640300"}}), "unknown_hs_code");
  EXPECT_EQ(code({{"text", ""}, {"hs", "640391"}}), "invalid_text");
  EXPECT_EQ(code({{"text", "boots"}, {"hs", "640391"}, {"k", 2}}), "unknown_field");
}

// Lodging with a classifier: an item whose code its description contradicts is accepted with a
// warning at the field, and the risk decision carries the signal (fact and CLASSIFICATION).
TEST_F(ClassifyApiTest, LodgingWarnsOfAContradictedCodeAndTheRiskEngineSeesIt) {
  server_.reset();
  TestServer server(0, true, [](AppConfig& c) { c.classifier_dir = model_dir_->path() + "/hs"; });
  json d = ValidDeclarationJson(7101, "301234567", 2);
  d["items"][0]["description"] = "mens leather ankle boots";
  d["items"][0]["commodity"]["hs"] = "030471";
  auto lodged = server.Lodge(d);
  ASSERT_EQ(lodged.status, 201) << lodged.raw;
  ASSERT_TRUE(lodged.body.contains("warnings")) << lodged.raw;
  ASSERT_EQ(lodged.body["warnings"].size(), 1u) << lodged.raw;
  EXPECT_EQ(lodged.body["warnings"][0]["code"], "possible_misclassification");
  EXPECT_EQ(lodged.body["warnings"][0]["pointer"], "/items/0/commodity/hs");
  EXPECT_NE(lodged.body["lane"], "green") << "a contradicted code is not released unchecked: " << lodged.raw;
  auto decision = server.Call("GET", "/v1/declarations/" + std::to_string(lodged.body["id"].get<int>()) + "/risk", "", "inspector");
  ASSERT_EQ(decision.status, 200) << decision.raw;
  bool fired = false;
  for (const auto& c : decision.body["criteria"]) fired |= c["id"] == "CLASSIFICATION";
  EXPECT_TRUE(fired) << decision.raw;
  EXPECT_NE(decision.raw.find("\"misclassification\""), std::string::npos) << decision.raw;

  // The same goods under their own code: no warning.
  json ok = ValidDeclarationJson(7102, "301234567", 1);
  ok["items"][0]["description"] = "mens leather ankle boots";
  ok["items"][0]["commodity"]["hs"] = "640391";
  ok["items"][0]["supplementary"] = {{"quantity", "40"}, {"unit", "NPR"}};
  auto clean = server.Lodge(ok);
  ASSERT_EQ(clean.status, 201) << clean.raw;
  EXPECT_FALSE(clean.body.contains("warnings")) << clean.raw;
}

// A model trained with other features (another version's reranker) is refused with what to do,
// not served with meaningless confidences.
TEST_F(ClassifyApiTest, AModelTrainedByAnotherVersionIsRefused) {
  std::string dir = model_dir_->path() + "/stale";
  std::filesystem::create_directories(dir);
  for (const char* f : {"texts.tsv", "chapters.bin", "headings.bin", "reranker.json", "vague.json", "format"})
    if (std::filesystem::exists(model_dir_->path() + "/hs/" + f))
      std::filesystem::copy_file(model_dir_->path() + "/hs/" + f, dir + "/" + f);
  std::string nomenclature = HsNomenclaturePath();
  ASSERT_TRUE(classify::LoadClassifier(dir, nomenclature).ok()) << "the copy loads as it is";
  std::ofstream(dir + "/format", std::ios::trunc) << "opencustoms-hs-model-1\n";
  auto stale = classify::LoadClassifier(dir, nomenclature);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), "stale_model");
  EXPECT_NE(stale.status().message().find("classify train"), std::string::npos) << stale.status().ToString();
  std::filesystem::remove(dir + "/format");
  EXPECT_EQ(classify::LoadClassifier(dir, nomenclature).status().code(), "stale_model") << "no format: trained before it existed";
}

TEST(ClassifyApiWithoutModel, AnswersUnavailable) {
  TestServer server;
  auto r = server.Call("POST", "/v1/hs/suggest", json{{"text", "boots"}}.dump(), "trader_a");
  EXPECT_EQ(r.status, 503) << r.raw;
}

}  // namespace
}  // namespace oc::testing
