// The API's language: Accept-Language parsed by quality, and the server's coded texts worded in
// Uzbek and Russian (parameters filled in; English and people's own words left as they are).
#include "api/localise.h"

#include <fstream>
#include <regex>
#include <set>
#include <nlohmann/json.hpp>
#include <gtest/gtest.h>

namespace oc::api {
namespace {

TEST(PreferredLanguage, FollowsTheQualitiesAndKnowsOnlyUzbekRussianAndEnglish) {
  EXPECT_EQ(PreferredLanguage(""), "en");
  EXPECT_EQ(PreferredLanguage("ru"), "ru");
  EXPECT_EQ(PreferredLanguage("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7"), "ru");
  EXPECT_EQ(PreferredLanguage("uz-Cyrl-UZ"), "uz");
  EXPECT_EQ(PreferredLanguage("de-DE, en;q=0.5, uz;q=0.8"), "uz");  // German is not offered
  EXPECT_EQ(PreferredLanguage("fr, de"), "en");
  EXPECT_EQ(PreferredLanguage("ru;q=0, en"), "en");          // q=0: not acceptable
  EXPECT_EQ(PreferredLanguage("RU;q=0.4, UZ;q=0.4"), "ru");  // ties go to the first named
  EXPECT_EQ(PreferredLanguage("uz;q=abc, ru;q=2, en;q=0.1"), "en");  // malformed qualities ignored
  EXPECT_EQ(PreferredLanguage("*"), "en");
  EXPECT_EQ(PreferredLanguage(",,;q=,"), "en");
}

TEST(LocalisedText, WordsCodesWithTheirParametersAndKeepsEnglish) {
  Message unpaid{"debt_unpaid", {{"amount", "240000.00"}, {"currency", "UZS"}}, "240000.00 UZS is not paid"};
  EXPECT_EQ(LocalisedText(unpaid, "en"), "240000.00 UZS is not paid");
  std::string ru = LocalisedText(unpaid, "ru");
  EXPECT_NE(ru.find("240000.00 UZS не уплачено"), std::string::npos) << ru;
  std::string uz = LocalisedText(unpaid, "uz");
  EXPECT_NE(uz.find("240000.00 UZS toʻlanmagan"), std::string::npos) << uz;
  EXPECT_EQ(uz.find('{'), std::string::npos) << uz;  // every placeholder filled
  Message unknown{"no_such_code", {}, "as the server wrote it"};
  EXPECT_EQ(LocalisedText(unknown, "ru"), "as the server wrote it");
}

TEST(LocalisedReason, TranslatesSystemReasonsOnly) {
  EXPECT_NE(LocalisedReason("lane_red", "red lane: physical examination", "ru").find("красный коридор"),
            std::string::npos);
  EXPECT_EQ(LocalisedReason("", "the officer's own words", "ru"), "the officer's own words");
  EXPECT_EQ(LocalisedReason("accepted", "accepted", "en"), "accepted");
  EXPECT_EQ(LocalisedReason("accepted", "accepted", "uz"), "qabul qilindi");
}

// Every reason the risk engine gives has its Russian and Uzbek wording: the codes are read from
// the engine's source, so that a new reason without a wording fails here.
TEST(LocalisedText, WordsEveryReasonOfTheRiskEngine) {
  std::set<std::string> codes;
  for (const char* file : {"/src/risk/decide.cc", "/src/risk/mirror.cc"}) {
    std::ifstream in(std::string(OC_SOURCE_DIR) + file);
    ASSERT_TRUE(in) << file;
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::regex code(R"re("((?:risk|mirror)_[a-z_]+)")re");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), code); it != std::sregex_iterator(); ++it)
      codes.insert((*it)[1]);
  }
  ASSERT_GE(codes.size(), 15u);
  for (const auto& c : codes) {
    Message m{c, {{"lane", "red"}, {"id", "RC-1"}, {"seq", "2"}}, "english"};
    for (const char* lang : {"ru", "uz"}) {
      std::string worded = LocalisedText(m, lang);
      EXPECT_NE(worded, "english") << c << " has no " << lang << " wording";
    }
  }
  Message criterion{"risk_criterion", {{"lane", "red"}, {"id", "RC-0001"}, {"description", "check the seals"}}, ""};
  EXPECT_EQ(LocalisedText(criterion, "ru"), "красный коридор по критерию RC-0001: check the seals");
  EXPECT_EQ(LocalisedText(criterion, "uz"), "RC-0001 mezoni boʻyicha qizil yoʻlak: check the seals");
  Message model{"risk_model_score", {{"model", "m1"}, {"score", "0.912"}, {"factors", "hs6_fraud_rate (+0.40)"}}, ""};
  EXPECT_EQ(LocalisedText(model, "ru"),
            "модель выявления нарушений m1: оценка 0.912; наиболее значимые факторы: hs6_fraud_rate (+0.40)");
}

// Every alert detail and closing reason the tracking code gives has its Russian and Uzbek
// wording, read from the source as above; an alert's kind as a parameter is worded too.
TEST(LocalisedText, WordsEveryAlertDetailAndClosingReason) {
  std::set<std::string> codes;
  for (const char* file : {"/src/tracking/journey.cc", "/src/tracking/steps/arrival.cc", "/src/tracking/steps/battery.cc",
                           "/src/tracking/steps/corridor.cc", "/src/tracking/steps/offline.cc",
                           "/src/tracking/steps/overdue.cc", "/src/tracking/steps/seal.cc", "/src/tracking/steps/stop.cc"}) {
    std::ifstream in(std::string(OC_SOURCE_DIR) + file);
    ASSERT_TRUE(in) << file;
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::regex code(R"re("((?:alert|close|journey|transit)_[a-z_]+)")re");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), code); it != std::sregex_iterator(); ++it)
      codes.insert((*it)[1]);
  }
  for (const char* event_type : {"transit_alert", "transit_alert_acknowledged", "transit_alert_resolved", "transit_closed"})
    codes.erase(event_type);            // the timeline's event types, not messages
  codes.erase("close_seal_reported_");  // completed with the seal's state:
  codes.insert("close_seal_reported_opened");
  codes.insert("close_seal_reported_cut");
  ASSERT_GE(codes.size(), 20u);
  for (const auto& c : codes) {
    Message m{c, {{"minutes", "52"}, {"seal", "S-1"}}, "english"};
    for (const char* lang : {"ru", "uz"}) EXPECT_NE(LocalisedText(m, lang), "english") << c << " has no " << lang << " wording";
  }
  Message unresolved{"close_alert_unresolved", {{"alert", "4"}, {"kind", "long_stop"}}, ""};
  EXPECT_EQ(LocalisedText(unresolved, "ru"), "тревога 4 (длительная стоянка вне разрешённых мест) не разрешена");
  Message stop{"alert_long_stop", {{"minutes", "52"}}, ""};
  EXPECT_EQ(LocalisedText(stop, "uz"), "ruxsat etilgan toʻxtash joylaridan tashqarida 52 daqiqa turibdi");
}

TEST(LocaliseProblem, WordsFieldErrorsAndKeepsTheEnglishBeside) {
  std::string body =
      R"({"code":"invalid_declaration","errors":[{"pointer":"/items/0/net_mass","code":"net_exceeds_gross",)"
      R"("message":"item 1: net mass 12 kg exceeds gross mass 10 kg"},{"pointer":"/x","code":"no_wording_yet",)"
      R"("message":"as written"}],"status":422})";
  std::string english = body;
  EXPECT_FALSE(LocaliseProblem(english, "en"));
  EXPECT_EQ(english, body);
  ASSERT_TRUE(LocaliseProblem(body, "ru"));
  auto j = nlohmann::json::parse(body);
  EXPECT_EQ(j["errors"][0]["message"], "Вес нетто больше веса брутто.");
  EXPECT_EQ(j["errors"][0]["message_en"], "item 1: net mass 12 kg exceeds gross mass 10 kg");
  EXPECT_EQ(j["errors"][1]["message"], "as written");
  EXPECT_FALSE(j["errors"][1].contains("message_en"));
  EXPECT_EQ(j["status"], 422);
  std::string not_json = "{oops";
  EXPECT_FALSE(LocaliseProblem(not_json, "uz"));
  std::string no_errors = R"({"code":"not_found"})";
  EXPECT_FALSE(LocaliseProblem(no_errors, "uz"));
}

}  // namespace
}  // namespace oc::api
