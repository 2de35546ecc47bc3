// Tariff engine: the US HTS rate parser, rate application with unit conversions, and the
// hand-checked cases of tests/data/us_hts_cases.json against the real, complete US schedule.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tariff/assess.h"
#include "tariff/exchange_rates.h"
#include "tariff/registry.h"

namespace oc::tariff {
namespace {

Decimal D(const char* s) { return *Decimal::Parse(s); }

TEST(UsRate, ParsesEveryNumericForm) {
  EXPECT_TRUE(ParseUsRate("Free")->is_free());
  auto av = ParseUsRate("6.8%");
  ASSERT_TRUE(av.ok());
  EXPECT_EQ(av->parts[0].kind, RatePart::Kind::kAdValorem);
  EXPECT_EQ(av->parts[0].value, D("6.8"));
  auto cents = ParseUsRate("4.4\xC2\xA2/kg");
  ASSERT_TRUE(cents.ok());
  EXPECT_EQ(cents->parts[0].value, D("0.044"));
  EXPECT_EQ(cents->parts[0].unit, "KGM");
  auto dollars = ParseUsRate("$3/head");
  EXPECT_EQ(dollars->parts[0].unit, "NAR");
  EXPECT_EQ(dollars->parts[0].value, D("3"));
  auto each = ParseUsRate("0.9\xC2\xA2 each");
  EXPECT_EQ(each->parts[0].value, D("0.009"));
  auto compound = ParseUsRate("2.8\xC2\xA2/kg +3.8%");
  ASSERT_TRUE(compound.ok());
  ASSERT_EQ(compound->parts.size(), 2u);
  EXPECT_EQ(compound->parts[1].value, D("3.8"));
  EXPECT_EQ(ParseUsRate("33 1/3%")->parts[0].value.ToString(), "33.333333");
  EXPECT_EQ(ParseUsRate("3.7% <u></u>")->parts[0].value, D("3.7"));
  EXPECT_EQ(ParseUsRate("$1.128/kg")->parts[0].value, D("1.128"));
  EXPECT_EQ(ParseUsRate("3.7\xC2\xA2/kg on drained weight")->parts[0].unit, "KDW");
  EXPECT_EQ(ParseUsRate("52.5\xC2\xA2/bbl")->parts[0].unit, "BLL");
}

TEST(UsRate, DeclinesTextWithAReason) {
  auto cat = [](const char* t) { return DeclineCategory(ParseUsRate(t).status()); };
  EXPECT_EQ(cat("The duty provided in the applicable subheading + 25%"), "reference");
  EXPECT_EQ(cat("The rate applicable to each garment in the ensemble if separately entered"), "reference");
  EXPECT_EQ(cat("3.6606\xC2\xA2/kg less 0.020668\xC2\xA2/kg for each degree under 100 degrees"), "formula");
  EXPECT_EQ(cat("2.5% on the value of the lead content"), "qualified_basis");
  EXPECT_EQ(cat("17.6\xC2\xA2/kg on tungsten content + 3.8%"), "qualified_basis");
  EXPECT_EQ(cat(""), "empty");
  EXPECT_EQ(ParseUsRate("5\xC2\xA2/jewel").status().code(), "rate_declined");
}

TEST(UsRate, SpecialColumnGroups) {
  auto s = ParseUsSpecial("Free (A+,AU, BH,CA)2.75% (JP) See 9823.05.01 (S+)");
  ASSERT_EQ(s.groups.size(), 2u);
  EXPECT_TRUE(s.groups[0].rate.is_free());
  EXPECT_EQ(s.groups[0].programmes, (std::vector<std::string>{"A+", "AU", "BH", "CA"}));
  EXPECT_EQ(s.groups[1].rate.parts[0].value, D("2.75"));
  EXPECT_EQ(s.groups[1].programmes, (std::vector<std::string>{"JP"}));
  ASSERT_EQ(s.declined.size(), 1u);
}

TEST(ApplyRate, ConvertsQuantitiesAndNamesMissingOnes) {
  Rate per_pair = ParseUsRate("90\xC2\xA2/pr. + 20%").value();
  std::string base;
  auto a = ApplyRate(per_pair, D("100"), std::nullopt, {Quantity{D("2"), "DPR"}}, &base);  // 2 dozen pairs
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->ToString(), "41.6");  // 24 pairs x 0.90 + 20.00
  auto missing = ApplyRate(per_pair, D("100"), std::nullopt, {}, nullptr);
  EXPECT_EQ(missing.status().code(), "quantity_required");
  EXPECT_NE(missing.status().message().find("NPR"), std::string::npos);
  Rate per_kg = ParseUsRate("1\xC2\xA2/kg").value();
  EXPECT_EQ(ApplyRate(per_kg, D("0"), std::nullopt, {Quantity{D("2"), "TNE"}}, nullptr)->ToString(), "20");
  Rate mixed;  // the higher of 10 % or 2 per kg, at least 5
  mixed.parts = {RatePart{RatePart::Kind::kAdValorem, D("10"), "", D("1")}, RatePart{RatePart::Kind::kSpecific, D("2"), "KGM", D("1")}};
  mixed.combine = Rate::Combine::kMax;
  mixed.minimum = D("5");
  EXPECT_EQ(ApplyRate(mixed, D("100"), D("3"), {}, nullptr)->ToString(), "10");
  EXPECT_EQ(ApplyRate(mixed, D("100"), D("30"), {}, nullptr)->ToString(), "60");
  EXPECT_EQ(ApplyRate(mixed, D("10"), D("1"), {}, nullptr)->ToString(), "5");
  EXPECT_EQ(ConvertQuantity(Quantity{D("3"), "LPA"}, "PFL")->ToString(), "6");
}

TEST(ExchangeRates, ValidityAndInverse) {
  ExchangeRates t;
  t.Add(ExchangeRateEntry{"EUR", "USD", D("1.25"), 100, 200});
  EXPECT_EQ(t.Find("EUR", "USD", 150)->ToString(), "1.25");
  EXPECT_EQ(t.Find("USD", "EUR", 150)->ToString(), "0.8");
  EXPECT_EQ(t.Find("EUR", "USD", 201).status().code(), "missing_exchange_rate");
  EXPECT_EQ(t.Find("GBP", "GBP", 1)->ToString(), "1");
}

class UsHtsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(DefaultSharedDataDir() + "/tariff/us_hts_2023_htsdata.csv"))
      GTEST_SKIP() << "the US HTS data set is not here (" << DefaultSharedDataDir()
                   << "/tariff); it is in CI's ../shared/data";
    auto s = LoadSchedule("us-hts");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    schedule_ = s.value();
  }
  std::shared_ptr<const Schedule> schedule_;
};

TEST_F(UsHtsTest, LoadsTheWholeScheduleAndDeclinesOnlyText) {
  const auto& st = schedule_->stats();
  EXPECT_EQ(st.rows, 35598u);
  EXPECT_EQ(st.lines, 26588u);  // every 8- and 10-digit row
  EXPECT_GT(st.computable, 24000u);
  EXPECT_GT(st.additional_measures, 9000u);
  // Every line whose printed general rate is a number, a unit rate or a compound computes.
  for (const auto& [code, line] : schedule_->lines()) {
    if (line.general) continue;
    const std::string& why = line.general_declined;
    EXPECT_TRUE(why.rfind("empty", 0) == 0 || why.rfind("reference", 0) == 0 || why.rfind("formula", 0) == 0 ||
                why.rfind("qualified_basis", 0) == 0 || why.rfind("unknown_unit: 'jewel'", 0) == 0 ||
                why.rfind("unparsed: '1.5 percent", 0) == 0 || why.rfind("unparsed: '3 percent", 0) == 0 ||
                why.rfind("unparsed: '50 percent", 0) == 0 || why.rfind("unparsed: 'A duty", 0) == 0 ||
                why.rfind("unparsed: 'Free, for such", 0) == 0)
        << code << ": " << why;
  }
}

TEST_F(UsHtsTest, HandCheckedCases) {
  std::ifstream in(std::string(OC_TEST_DATA_DIR) + "/us_hts_cases.json");
  ASSERT_TRUE(in) << "tests/data/us_hts_cases.json is missing";
  auto cases = nlohmann::json::parse(in);
  ASSERT_GE(cases.size(), 30u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c["name"].get<std::string>());
    QuoteRequest req;
    req.code = c["code"];
    req.origin = c["origin"];
    req.customs_value = D(c["value"].get<std::string>().c_str());
    if (c["net_kg"].is_string()) req.net_kg = D(c["net_kg"].get<std::string>().c_str());
    if (c["quantity"].is_object())
      req.quantities.push_back(Quantity{D(c["quantity"]["amount"].get<std::string>().c_str()), c["quantity"]["unit"]});
    if (c["preference"].is_string()) req.preference = c["preference"];
    auto q = QuoteDuty(*schedule_, req);
    if (c.contains("expected_error")) {
      ASSERT_FALSE(q.ok()) << "expected " << c["expected_error"];
      EXPECT_EQ(q.status().code(), c["expected_error"].get<std::string>()) << q.status().message();
      if (c.contains("expected_error_unit")) {
        EXPECT_NE(q.status().message().find(c["expected_error_unit"].get<std::string>()), std::string::npos);
      }
      continue;
    }
    ASSERT_TRUE(q.ok()) << q.status().ToString();
    EXPECT_EQ(q->total.ToFixed(2), c["expected_total"].get<std::string>()) << c["why"];
    ASSERT_EQ(q->lines.size(), c["expected_lines"].size()) << c["why"];
    for (size_t i = 0; i < q->lines.size(); ++i) {
      std::string kind = c["expected_lines"][i]["kind"] == "section301" ? "additional_duty" : "duty";
      EXPECT_EQ(q->lines[i].kind, kind);
      EXPECT_EQ(q->lines[i].amount.ToFixed(2), c["expected_lines"][i]["amount"].get<std::string>());
    }
  }
}

TEST_F(UsHtsTest, EightDigitCodeSelectsItsStatisticalLine) {
  auto eight = schedule_->Find("8471.30.01");
  auto ten = schedule_->Find("8471300100");
  ASSERT_TRUE(eight.ok() && ten.ok());
  EXPECT_EQ(eight.value(), ten.value());
  EXPECT_EQ(schedule_->Find("847130").status().code(), "code_depth");
  EXPECT_EQ(schedule_->Find("8471.30.99").status().code(), "unknown_code");
}

}  // namespace
}  // namespace oc::tariff
