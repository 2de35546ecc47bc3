// Officers' corrections after an inspection: parsing with every error at once, and applying them
// to a declaration (the invoice total follows the prices; unknown items and no-ops refused).
#include "declaration/correction.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace oc {
namespace {

using nlohmann::json;

bool Has(const FieldErrors& errors, const std::string& pointer, const std::string& code) {
  for (const auto& e : errors)
    if (e.pointer == pointer && e.code == code) return true;
  return false;
}

Declaration TwoItems() {
  Declaration d;
  d.lrn = "L1";
  d.invoice.currency = "USD";
  d.invoice.total = *Decimal::Parse("1500");
  GoodsItem a;
  a.seq = 1;
  a.description = "mens brown leather ankle boots";
  a.commodity = {"640399", "0000"};
  a.origin = "CN";
  a.net_mass = *Decimal::Parse("100");
  a.gross_mass = *Decimal::Parse("110");
  a.supplementary = SupplementaryQuantity{*Decimal::Parse("200"), "2PR"};
  a.price = *Decimal::Parse("1000");
  GoodsItem b = a;
  b.seq = 2;
  b.supplementary.reset();
  b.price = *Decimal::Parse("500");
  d.items = {a, b};
  return d;
}

TEST(CorrectionParse, ReadsEveryCorrectableElement) {
  auto p = ParseCorrectionJson(json::parse(R"({"reason":"found 400 pairs","items":[{"item":1,"hs_code":"6403910000",
      "origin":"VN","net_mass":"180.5","gross_mass":"200","supplementary_quantity":"400","price":"2600.00"}]})"));
  ASSERT_TRUE(p.errors.empty()) << p.errors[0].pointer << " " << p.errors[0].code;
  ASSERT_EQ(p.correction.items.size(), 1u);
  const ItemCorrection& c = p.correction.items[0];
  EXPECT_EQ(p.correction.reason, "found 400 pairs");
  EXPECT_EQ(c.item, 1);
  EXPECT_EQ(*c.hs_code, "6403910000");
  EXPECT_EQ(*c.origin, "VN");
  EXPECT_EQ(c.net_mass->ToString(), "180.5");
  EXPECT_EQ(c.supplementary_quantity->ToString(), "400");
  EXPECT_EQ(c.price->ToString(), "2600");
}

TEST(CorrectionParse, ReportsEveryErrorAtOnceWithItsPointer) {
  auto p = ParseCorrectionJson(json::parse(R"({"why":"x","items":[{"item":0,"hs_code":"64A3","origin":"china",
      "price":12.5,"net_mass":"-1","colour":"red"}, 7]})"));
  EXPECT_TRUE(Has(p.errors, "/why", "unknown_field"));
  EXPECT_TRUE(Has(p.errors, "/reason", "reason_required"));
  EXPECT_TRUE(Has(p.errors, "/items/0/item", "item_required"));
  EXPECT_TRUE(Has(p.errors, "/items/0/hs_code", "invalid_hs_code"));
  EXPECT_TRUE(Has(p.errors, "/items/0/origin", "invalid_country"));
  EXPECT_TRUE(Has(p.errors, "/items/0/price", "invalid_decimal"));  // numbers are not exact: strings only
  EXPECT_TRUE(Has(p.errors, "/items/0/net_mass", "invalid_decimal"));
  EXPECT_TRUE(Has(p.errors, "/items/0/colour", "unknown_field"));
  EXPECT_TRUE(Has(p.errors, "/items/1", "invalid_type"));
  EXPECT_EQ(p.errors.size(), 9u);
  EXPECT_TRUE(Has(ParseCorrectionJson(json::parse(R"({"reason":"r","items":[]})")).errors, "/items", "items_required"));
  EXPECT_TRUE(Has(ParseCorrectionJson(json::array()).errors, "", "not_an_object"));
}

TEST(CorrectionApply, ChangesOnlyTheNamedValuesAndMovesTheInvoiceTotal) {
  Correction c{"found more and dearer goods", {{1, "6403910000", "VN", std::nullopt, std::nullopt,
                                                *Decimal::Parse("400"), *Decimal::Parse("2600")}}};
  FieldErrors errors;
  auto d = ApplyCorrection(TwoItems(), c, &errors);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  const GoodsItem& a = d->items[0];
  EXPECT_EQ(a.commodity.hs, "640391");
  EXPECT_EQ(a.commodity.national, "0000");
  EXPECT_EQ(a.origin, "VN");
  EXPECT_EQ(a.supplementary->quantity.ToString(), "400");
  EXPECT_EQ(a.price.ToString(), "2600");
  EXPECT_EQ(a.net_mass.ToString(), "100");  // not corrected
  EXPECT_EQ(d->invoice.total.ToString(), "3100");  // 1500 + (2600 - 1000)
  Declaration expected_rest = TwoItems();
  expected_rest.items[0] = d->items[0];
  expected_rest.invoice.total = d->invoice.total;
  EXPECT_EQ(CanonicalJson(d.value()), CanonicalJson(expected_rest));  // item 2 and the rest untouched
}

TEST(CorrectionApply, RefusesUnknownItemsMissingUnitsAndCorrectionsThatChangeNothing) {
  FieldErrors errors;
  Correction unknown{"r", {{3, "640399"}}};
  EXPECT_FALSE(ApplyCorrection(TwoItems(), unknown, &errors).ok());
  EXPECT_TRUE(Has(errors, "/items/0/item", "unknown_item"));

  Correction no_unit{"r", {{2, std::nullopt, std::nullopt, std::nullopt, std::nullopt, *Decimal::Parse("5")}}};
  EXPECT_FALSE(ApplyCorrection(TwoItems(), no_unit, &errors).ok());
  EXPECT_TRUE(Has(errors, "/items/0/supplementary_quantity", "no_supplementary_unit"));

  Correction same{"r", {{1, "6403990000", "CN", std::nullopt, std::nullopt, std::nullopt, *Decimal::Parse("1000.00")}}};
  auto r = ApplyCorrection(TwoItems(), same, &errors);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), "invalid_correction");
  EXPECT_TRUE(Has(errors, "/items", "no_change"));
}

}  // namespace
}  // namespace oc
