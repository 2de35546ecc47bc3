#include "declaration/validate.h"

#include <cstdlib>

#include <gtest/gtest.h>

#include "common/dates.h"
#include "tests/test_support.h"

namespace oc {
namespace {

using testing::Ref;
using testing::DumpErrors;
using testing::HasFieldError;
using testing::ValidDeclaration;

ValidationPolicy Policy() {
  ValidationPolicy p;
  p.today_days = TodayUtcDays();
  return p;
}

FieldErrors Check(const Declaration& d) {
  FieldErrors e;
  ValidateDeclaration(d, *Ref(), Policy(), e);
  return e;
}

TEST(ReferenceData, LoadsRealCodeLists) {
  auto ref = Ref();
  EXPECT_EQ(ref->HsSubheadings().size(), 5612u);  // HS 2022 subheadings
  EXPECT_FALSE(ref->HsExists("999999"));         // a Comtrade reporting code, not HS
  EXPECT_TRUE(ref->HsExists("847130"));
  EXPECT_TRUE(ref->HsExists("8471"));
  EXPECT_FALSE(ref->HsExists("847199"));
  EXPECT_GE(ref->countries().size(), 249u);
  EXPECT_TRUE(ref->countries().Contains("UZ"));
  EXPECT_EQ(ref->CurrencyMinorUnits("JPY"), 0);
  EXPECT_EQ(ref->CurrencyMinorUnits("UZS"), 2);
  EXPECT_TRUE(ref->units().Contains("KGM"));
  EXPECT_TRUE(ref->document_types().Contains("N380"));
}

// Countries and currencies are Debian's iso-codes with the project's amendments: Kosovo (XK), which
// customs use though ISO has not assigned it; currencies newer than the package in, withdrawn ones
// out; minor units where they are not 2.
TEST(ReferenceData, IsoListsComeFromIsoCodesWithTheProjectsAmendments) {
  auto ref = Ref();
  EXPECT_EQ(ref->countries().size(), 250u);  // 249 assigned + XK
  ASSERT_TRUE(ref->countries().Contains("XK"));
  EXPECT_EQ(ref->countries().Find("XK")->extra[0], "XKK");
  EXPECT_EQ(ref->countries().Find("UZ")->name, "Uzbekistan");
  EXPECT_EQ(ref->countries().Find("UZ")->extra, (std::vector<std::string>{"UZB", "860"}));
  for (const char* gone : {"HRK", "ANG", "ZWL", "SLL"}) EXPECT_FALSE(ref->currencies().Contains(gone)) << gone;
  for (const char* added : {"XCG", "ZWG"}) EXPECT_TRUE(ref->currencies().Contains(added)) << added;
  EXPECT_EQ(ref->currencies().Find("XCG")->extra[0], "532");
  EXPECT_EQ(ref->CurrencyMinorUnits("BHD"), 3);
  EXPECT_EQ(ref->CurrencyMinorUnits("CLF"), 4);
  EXPECT_EQ(ref->currencies().Find("XAU")->extra[1], "") << "ISO 4217 gives no minor unit for gold";
  EXPECT_EQ(ref->currencies().Find("UZS")->extra, (std::vector<std::string>{"860", "2"}));
  EXPECT_EQ(ref->currencies().size(), 179u);
}

TEST(ReferenceData, WithoutIsoCodesTheServerSaysWhatToInstall) {
  const char* before = std::getenv("OC_ISO_CODES_DIR");
  std::string saved = before ? before : "";
  setenv("OC_ISO_CODES_DIR", "/nonexistent/iso-codes", 1);
  auto ref = ReferenceData::Load(DefaultReferenceDir(), "");
  if (saved.empty()) unsetenv("OC_ISO_CODES_DIR");
  else setenv("OC_ISO_CODES_DIR", saved.c_str(), 1);
  ASSERT_FALSE(ref.ok());
  EXPECT_EQ(ref.status().code(), "no_iso_codes");
  EXPECT_NE(ref.status().message().find("iso-codes"), std::string::npos);
}

TEST(Validate, GeneratedDeclarationsAreValid) {
  for (uint64_t n = 0; n < 200; ++n) {
    auto e = Check(ValidDeclaration(n));
    ASSERT_TRUE(e.empty()) << "declaration " << n << ": " << DumpErrors(e);
  }
}

TEST(Validate, CodesMustExistAtTheirDepth) {
  Declaration d = ValidDeclaration(1);
  d.items[0].commodity.hs = "847199";  // well-formed, not in HS 2022
  d.items[1].origin = "XX";
  d.invoice.currency = "ABC";
  d.office = "UZ999999";
  d.documents[0].type = "Z999";
  d.items[0].supplementary = SupplementaryQuantity{Decimal::FromInt(1), "ZZZ"};
  d.transport.border_mode = "0";
  auto e = Check(d);
  EXPECT_TRUE(HasFieldError(e, "/items/0/commodity/hs", "unknown_hs_code")) << DumpErrors(e);
  EXPECT_TRUE(HasFieldError(e, "/items/1/origin", "unknown_country")) << DumpErrors(e);
  EXPECT_TRUE(HasFieldError(e, "/invoice/currency", "unknown_currency")) << DumpErrors(e);
  EXPECT_TRUE(HasFieldError(e, "/office", "unknown_office")) << DumpErrors(e);
  EXPECT_TRUE(HasFieldError(e, "/documents/0/type", "unknown_document_type")) << DumpErrors(e);
  EXPECT_TRUE(HasFieldError(e, "/items/0/supplementary/unit", "unknown_unit")) << DumpErrors(e);
}

TEST(Validate, CrossFieldRules) {
  Declaration d = ValidDeclaration(2);
  d.items[0].net_mass = d.items[0].gross_mass + Decimal::FromInt(1);
  d.invoice.total = d.invoice.total + Decimal::FromInt(1000);
  d.issue_date = FormatIsoDate(TodayUtcDays() + 5);
  d.exchange_rates.clear();
  d.items[2].seq = d.items[1].seq;
  auto e = Check(d);
  EXPECT_TRUE(HasFieldError(e, "/items/0/net_mass", "net_exceeds_gross")) << DumpErrors(e);
  EXPECT_TRUE(HasFieldError(e, "/invoice/total", "invoice_total_mismatch")) << DumpErrors(e);
  EXPECT_TRUE(HasFieldError(e, "/issue_date", "date_in_future")) << DumpErrors(e);
  EXPECT_TRUE(HasFieldError(e, "/invoice/currency", "missing_exchange_rate")) << DumpErrors(e);
  EXPECT_TRUE(HasFieldError(e, "/items/2/seq", "duplicate_item_seq")) << DumpErrors(e);
}

TEST(Validate, InvoiceToleranceIsStated) {
  Declaration d = ValidDeclaration(3, "301234567", 1);
  d.items[0].price = *Decimal::Parse("100000");
  d.invoice.total = *Decimal::Parse("100099");  // 0.099 % off: within 0.1 %
  EXPECT_FALSE(HasFieldError(Check(d), "/invoice/total", "invoice_total_mismatch"));
  d.invoice.total = *Decimal::Parse("100101");  // 0.101 % off
  EXPECT_TRUE(HasFieldError(Check(d), "/invoice/total", "invoice_total_mismatch"));
  d.items[0].price = *Decimal::Parse("10");
  d.invoice.total = *Decimal::Parse("11");      // 1 unit: within the absolute tolerance
  EXPECT_FALSE(HasFieldError(Check(d), "/invoice/total", "invoice_total_mismatch"));
}

TEST(Validate, ProcedureMustFitTheDeclarationType) {
  Declaration d = ValidDeclaration(4);
  d.procedure = "1000";  // permanent export on an import declaration
  EXPECT_TRUE(HasFieldError(Check(d), "/procedure", "procedure_type_mismatch"));
  d.procedure = "9900";
  EXPECT_TRUE(HasFieldError(Check(d), "/procedure", "unknown_procedure"));
}

TEST(Validate, NationalCurrencyNeedsNoRate) {
  Declaration d = ValidDeclaration(5);
  d.invoice.currency = "UZS";
  d.freight->currency = "UZS";
  d.exchange_rates.clear();
  auto e = Check(d);
  EXPECT_FALSE(HasFieldError(e, "/invoice/currency", "missing_exchange_rate")) << DumpErrors(e);
}

// Found in use: a UZ import lodged at Kabul airport's office (AF010101) was accepted.
TEST(Validate, TheOfficeIsOneOfThisAdministration) {
  Declaration d = ValidDeclaration(6);
  d.office = "AF010101";
  d.locations.entry_office = "AF220101";
  auto e = Check(d);
  ASSERT_TRUE(HasFieldError(e, "/office", "foreign_office")) << DumpErrors(e);
  EXPECT_TRUE(HasFieldError(e, "/locations/entry_office", "foreign_office")) << DumpErrors(e);
  for (const auto& f : e)
    if (f.pointer == "/office") {
      EXPECT_NE(f.message.find("an office of AF, not of UZ"), std::string::npos) << f.message;
    }
  // A transit may end abroad.
  d = ValidDeclaration(6);
  d.type = DeclarationType::kTransit;
  d.procedure = "8000";
  d.locations.destination_office = "AF220101";
  EXPECT_FALSE(HasFieldError(Check(d), "/locations/destination_office", "foreign_office"));
  EXPECT_TRUE(Check(ValidDeclaration(6)).empty()) << DumpErrors(Check(ValidDeclaration(6)));
}

}  // namespace
}  // namespace oc
