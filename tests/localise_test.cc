// The API's language: Accept-Language parsed by quality, and the server's coded texts worded in
// Uzbek and Russian (parameters filled in; English and people's own words left as they are).
#include "api/localise.h"

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

}  // namespace
}  // namespace oc::api
