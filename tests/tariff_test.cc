// Tariff engine: the US HTS rate parser, rate application with unit conversions, and the
// hand-checked cases of tests/data/us_hts_cases.json against the real, complete US schedule.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tariff/assess.h"
#include "tariff/exchange_rates.h"
#include "common/dates.h"
#include "refdata/reference_data.h"
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
  mixed.parts = {RatePart{RatePart::Kind::kAdValorem, D("10"), "", D("1"), ""}, RatePart{RatePart::Kind::kSpecific, D("2"), "KGM", D("1"), ""}};
  mixed.combine = Rate::Combine::kMax;
  mixed.minimum = MoneyBound{D("5"), ""};
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

TEST(ExchangeRates, ImportsCentralBankJsonPerUnitOfNominal) {
  auto r = ParseCentralBankJson(R"([{"Ccy":"USD","Nominal":"1","Rate":"12801.17","Date":"20.11.2026","Diff":"-1"},
                                    {"Ccy":"JPY","Nominal":"100","Rate":"8215.50","Date":"20.11.2026"}])", "UZS");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ(r.value()[1].rate.ToString(), "82.155");
  EXPECT_EQ(FormatIsoDate(r.value()[0].valid_from), "2026-11-20");
  for (const char* bad : {R"({"Ccy":"USD"})", R"([{"Ccy":"usd","Rate":"1","Date":"20.11.2026"}])",
                          R"([{"Ccy":"USD","Rate":"-1","Date":"20.11.2026"}])", R"([{"Ccy":"USD","Rate":"1","Date":"2026-11-20"}])",
                          R"([{"Ccy":"USD","Rate":"1","Nominal":"0","Date":"20.11.2026"}])",
                          // Found by fuzz/fuzz_rates: a date after 2099-12-31 gave a period ending before it began.
                          R"([{"Ccy":"USD","Rate":"1","Date":"01.01.2100"}])", R"([{"Ccy":"USD","Rate":"1","Date":"29.02.3028"}])"}) {
    auto b = ParseCentralBankJson(bad, "UZS");
    EXPECT_FALSE(b.ok()) << bad;
    if (!b.ok()) {
      EXPECT_EQ(b.status().code(), "bad_exchange_rate");
    }
  }
}

TEST(ExchangeRates, MergeEndsThePreviousPeriodAndIsIdempotent) {
  auto day = [](const char* d) { return *ParseIsoDate(d); };
  std::vector<ExchangeRateEntry> table = {{"USD", "UZS", *Decimal::Parse("12650.25"), day("2026-01-01"), day("2030-12-31")}};
  std::vector<ExchangeRateEntry> in = {{"USD", "UZS", *Decimal::Parse("12801.17"), day("2026-11-20"), kOpenEndedDay}};
  EXPECT_EQ(MergeRates(table, in), 1);
  EXPECT_EQ(MergeRates(table, in), 0);
  ExchangeRates rates;
  for (const auto& e : table) rates.Add(e);
  EXPECT_EQ(rates.Find("USD", "UZS", day("2026-11-19"))->ToString(), "12650.25");
  EXPECT_EQ(rates.Find("USD", "UZS", day("2026-11-20"))->ToString(), "12801.17");
  EXPECT_EQ(rates.Find("USD", "UZS", day("2031-06-01"))->ToString(), "12801.17");
  // A correction for one past day splits the period around it.
  EXPECT_EQ(MergeRates(table, {{"USD", "UZS", *Decimal::Parse("12700"), day("2026-06-01"), day("2026-06-01")}}), 1);
  ExchangeRates corrected;
  for (const auto& e : table) corrected.Add(e);
  EXPECT_EQ(corrected.Find("USD", "UZS", day("2026-05-31"))->ToString(), "12650.25");
  EXPECT_EQ(corrected.Find("USD", "UZS", day("2026-06-01"))->ToString(), "12700");
  EXPECT_EQ(corrected.Find("USD", "UZS", day("2026-06-02"))->ToString(), "12650.25");
  std::string csv = RatesCsv(table);
  auto back = ParseRatesCsv(csv);
  ASSERT_TRUE(back.ok()) << csv;
  EXPECT_EQ(back->size(), table.size());
  // A later period is not cut by a correction that ends before it: the 12801.17 rate used to be
  // moved back to 2026-06-02, overlapping the 12650.25 one, and a reload could pick either.
  for (const auto& e : table)
    if (e.rate == *Decimal::Parse("12801.17")) { EXPECT_EQ(FormatIsoDate(e.valid_from), "2026-11-20"); }
  auto stored = ParseRatesCsv(RatesCsv(table));
  ASSERT_TRUE(stored.ok());
  ExchangeRates reloaded;
  for (const auto& e : stored.value()) reloaded.Add(e);
  EXPECT_EQ(reloaded.Find("USD", "UZS", day("2026-06-02"))->ToString(), "12650.25");
  EXPECT_EQ(reloaded.Find("USD", "UZS", day("2026-11-19"))->ToString(), "12650.25");
}

class UsHtsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(SharedDataDir() + "/tariff/us_hts_2023_htsdata.csv"))
      GTEST_SKIP() << "the US HTS data set is not here (" << SharedDataDir()
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

namespace oc::tariff {
namespace {

Decimal N(const char* s) { return *Decimal::Parse(s); }

TEST(RateExpression, OwnGrammar) {
  auto r = ParseRateExpression("max(25%; 1.5 USD/KGM)");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->combine, Rate::Combine::kMax);
  ASSERT_EQ(r->parts.size(), 2u);
  EXPECT_EQ(r->parts[1].currency, "USD");
  EXPECT_EQ(r->parts[1].unit, "KGM");
  auto batch = ParseRateExpression("250000 UZS/1000 NAR");
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->parts[0].unit_size, N("1000"));
  auto fee = ParseRateExpression("0.2% min 50000 UZS max 3000000 UZS");
  ASSERT_TRUE(fee.ok()) << fee.status().ToString();
  EXPECT_EQ(fee->minimum->amount, N("50000"));
  EXPECT_EQ(fee->maximum->amount, N("3000000"));
  EXPECT_EQ(ParseRateExpression("10% + 0.2 USD/KGM")->parts.size(), 2u);
  for (const char* bad : {"", "12", "max(12%)", "5 usd/KGM", "-1 USD/KGM", "5 USD/kilo", "max(1%; 2%", "1% min 5"})
    EXPECT_EQ(ParseRateExpression(bad).status().code(), "bad_rate") << bad;
}

Result<Quote> Demo(const char* code, const char* origin, const char* value, const char* date,
                   std::vector<Quantity> quantities = {}, const char* programme = "", bool proof = false,
                   std::optional<Decimal> kg = std::nullopt) {
  QuoteInput in;
  in.schedule = "demo-uz";
  in.currency = "UZS";
  in.day = *ParseIsoDate(date);
  in.request.code = code;
  in.request.origin = origin;
  in.request.customs_value = N(value);
  in.request.quantities = std::move(quantities);
  in.request.preference = programme;
  in.request.net_kg = kg;
  if (proof) in.documents.insert("N861");
  return QuoteInSchedule(in);
}

TEST(DemoSchedule, ExciseAndVatChainOnCigarettes) {
  // data/tariff/demo-uz/README.md, worked by hand: duty 30 %, excise 250 000 UZS per 1000
  // sticks, VAT 12 % on value + duty + excise, clearance fee 0.2 % raised to its 50 000 minimum.
  auto cn = Demo("2402200000", "CN", "20000000", "2026-03-01", {Quantity{N("10000"), "NAR"}});
  ASSERT_TRUE(cn.ok()) << cn.status().ToString();
  ASSERT_EQ(cn->lines.size(), 4u);
  EXPECT_EQ(cn->lines[0].amount.ToFixed(2), "6000000.00");
  EXPECT_EQ(cn->lines[1].kind, "excise");
  EXPECT_EQ(cn->lines[1].amount.ToFixed(2), "2500000.00");
  EXPECT_EQ(cn->lines[2].kind, "vat");
  EXPECT_EQ(cn->lines[2].amount.ToFixed(2), "3420000.00");
  EXPECT_EQ(cn->lines[3].kind, "fee");
  EXPECT_EQ(cn->lines[3].amount.ToFixed(2), "50000.00");
  EXPECT_EQ(cn->total.ToFixed(2), "11970000.00");
  // CIS free-trade preference: only with the proof of origin.
  auto kz = Demo("2402200000", "KZ", "20000000", "2026-03-01", {Quantity{N("10000"), "NAR"}}, "CIS-FTA", true);
  EXPECT_EQ(kz->total.ToFixed(2), "5250000.00");
  auto no_proof = Demo("2402200000", "KZ", "20000000", "2026-03-01", {Quantity{N("10000"), "NAR"}}, "CIS-FTA", false);
  EXPECT_EQ(no_proof->total.ToFixed(2), "11970000.00");
  ASSERT_FALSE(no_proof->notes.empty());
  auto wrong_origin = Demo("2402200000", "CN", "20000000", "2026-03-01", {Quantity{N("10000"), "NAR"}}, "CIS-FTA", true);
  EXPECT_EQ(wrong_origin->total.ToFixed(2), "11970000.00");
  // Excise per piece without the number of pieces is refused, naming the unit.
  auto missing = Demo("2402200000", "CN", "20000000", "2026-03-01");
  EXPECT_EQ(missing.status().code(), "quantity_required");
  EXPECT_NE(missing.status().message().find("NAR"), std::string::npos);
}

TEST(DemoSchedule, DatedMeasuresAndForeignCurrencySpecificRates) {
  // A 2000 cm3 car from Germany worth 100 000 000 UZS. Excise max(5 %; 0.5 USD/cm3):
  // 1000 USD x 12650.25 = 12 650 250 > 5 000 000. Duty 30 % in 2025, 15 % from 2026.
  auto y2026 = Demo("8703230000", "DE", "100000000", "2026-06-01", {Quantity{N("2000"), "CMQ"}});
  ASSERT_TRUE(y2026.ok()) << y2026.status().ToString();
  EXPECT_EQ(y2026->lines[0].amount.ToFixed(2), "15000000.00");
  EXPECT_EQ(y2026->lines[1].amount.ToFixed(2), "12650250.00");
  EXPECT_EQ(y2026->lines[2].amount.ToFixed(2), "15318030.00");  // 12 % x 127 650 250
  EXPECT_EQ(y2026->lines[3].amount.ToFixed(2), "200000.00");
  EXPECT_EQ(y2026->total.ToFixed(2), "43168280.00");
  auto y2025 = Demo("8703230000", "DE", "100000000", "2025-06-01", {Quantity{N("2000"), "CMQ"}});
  ASSERT_TRUE(y2025.ok());
  EXPECT_EQ(y2025->lines[0].amount.ToFixed(2), "30000000.00");
  EXPECT_EQ(y2025->total.ToFixed(2), "59968280.00");
  // The customs fee stops at its 3 000 000 maximum.
  auto big = Demo("8471300000", "CN", "2000000000", "2026-06-01");
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->lines.back().amount.ToFixed(2), "3000000.00");
}

TEST(DemoSchedule, LongestPrefixWins) {
  // 6109100000 (cotton T-shirts): max(25 %; 2 USD/kg); other 6109: max(25 %; 1.5 USD/kg).
  auto cotton = Demo("6109100000", "CN", "1000000", "2026-06-01", {}, "", false, N("10"));
  ASSERT_TRUE(cotton.ok()) << cotton.status().ToString();
  EXPECT_EQ(cotton->lines[0].measure_id, "D-6109100000");
  EXPECT_EQ(cotton->lines[0].amount.ToFixed(2), "253005.00");  // 20 USD x 12650.25 > 250 000
  EXPECT_EQ(cotton->total.ToFixed(2), "453365.60");
  auto other = Demo("6109900000", "CN", "1000000", "2026-06-01", {}, "", false, N("10"));
  EXPECT_EQ(other->lines[0].measure_id, "D-6109");
  EXPECT_EQ(other->lines[0].amount.ToFixed(2), "250000.00");  // 25 % > 15 USD
  EXPECT_EQ(other->total.ToFixed(2), "450000.00");
  EXPECT_EQ(Demo("61091", "CN", "1", "2026-06-01").status().code(), "code_depth");
}

// The schedule's measures are named in Russian and Uzbek too (data/tariff/demo-uz/i18n), each.
TEST(DemoSchedule, MeasuresAreNamedInEachLanguage) {
  auto s = LoadNationalSchedule("demo-uz");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const Measure* chapter = s.value()->ById("D-01");
  ASSERT_NE(chapter, nullptr);
  EXPECT_EQ(NationalSchedule::Description(*chapter, "en"), chapter->description);
  EXPECT_NE(NationalSchedule::Description(*chapter, "ru").find("Живые животные"), std::string::npos);
  EXPECT_NE(NationalSchedule::Description(*chapter, "uz").find("Tirik hayvonlar"), std::string::npos);
  for (const char* id : {"D-01", "D-6109"}) {
    const Measure* m = s.value()->ById(id);
    ASSERT_NE(m, nullptr) << id;
    EXPECT_EQ(m->descriptions.size(), 2u) << id;
  }
  std::vector<DutyLine> lines(2);
  lines[0].measure_id = "D-01";
  lines[0].description = chapter->description;
  lines[1].measure_id = "not-of-this-schedule";
  lines[1].description = "kept";
  LocaliseLines(*s.value(), "uz", lines);
  EXPECT_EQ(lines[0].description, chapter->descriptions.at("uz"));
  EXPECT_EQ(lines[1].description, "kept");
}

TEST(DemoSchedule, ATranslationOfAnUnknownMeasureIsRefused) {
  std::string dir = ::testing::TempDir() + "/schedule-i18n";
  std::filesystem::create_directories(dir + "/i18n");
  std::filesystem::copy_file(DefaultReferenceDir() + "/tariff/demo-uz/measures.csv", dir + "/measures.csv",
                             std::filesystem::copy_options::overwrite_existing);
  std::ofstream(dir + "/i18n/measures.ru.csv") << "id,description\nD-01,Живые животные\nD-NOPE,нет такой\n";
  auto s = NationalSchedule::Load(dir, "test", "UZS");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("line 3: no measure D-NOPE"), std::string::npos) << s.status().ToString();
  std::ofstream(dir + "/i18n/measures.ru.csv") << "id,description\nD-01,Живые животные\n";
  auto fine = NationalSchedule::Load(dir, "test", "UZS");
  ASSERT_TRUE(fine.ok()) << fine.status().ToString();
  EXPECT_EQ(NationalSchedule::Description(*fine.value()->ById("D-01"), "ru"), "Живые животные");
  EXPECT_EQ(NationalSchedule::Description(*fine.value()->ById("D-02"), "ru"), fine.value()->ById("D-02")->description);
}

TEST(DemoSchedule, EveryHsSubheadingHasADuty) {
  auto s = LoadNationalSchedule("demo-uz");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto ref = ReferenceData::Load(DefaultReferenceDir());
  ASSERT_TRUE(ref.ok());
  int64_t day = *ParseIsoDate("2026-06-01");
  for (const auto& hs : ref.value()->HsSubheadings())
    EXPECT_NE(s.value()->Find(MeasureType::kDuty, hs + "0000", day, "CN"), nullptr) << hs;
}

}  // namespace
}  // namespace oc::tariff
