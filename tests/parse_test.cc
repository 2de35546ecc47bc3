#include "declaration/parse.h"
#include "declaration/csv_import.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_support.h"

namespace oc {
namespace {

using nlohmann::json;
using testing::DumpErrors;
using testing::HasFieldError;
using testing::ValidDeclarationJson;

TEST(Parse, ValidDeclarationRoundTripsCanonically) {
  json j = ValidDeclarationJson(1);
  auto parsed = ParseDeclarationText(j.dump());
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->errors.empty()) << DumpErrors(parsed->errors);
  EXPECT_EQ(json::parse(CanonicalJson(parsed->declaration)), j);
  EXPECT_EQ(parsed->declaration.items.size(), 3u);
}

// Found by fuzz/fuzz_csv: a cell that was not UTF-8 went into the declaration's JSON, whose
// dump() (both importers lodge the JSON text) then threw.
TEST(CsvImport, RefusesCellsThatAreNotUtf8) {
  std::vector<CsvRow> rows = {{"lrn", "description"}, {"A-1", "steel tubes"}, {"A-1", "caf\xe9"}};
  auto bad = DeclarationsFromCsv(rows);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), "invalid_utf8");
  EXPECT_NE(bad.status().message().find("line 3"), std::string::npos) << bad.status().message();
  EXPECT_EQ(DeclarationsFromCsv({{"lrn", "\xff"}}).status().code(), "invalid_utf8");
  rows[2][1] = "caf\xc3\xa9";
  auto good = DeclarationsFromCsv(rows);
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_EQ(json::parse(good.value()[0].declaration.dump())["items"][1]["description"], "caf\xc3\xa9");
}

// Found by fuzz/fuzz_csv: errors named the row number as the line, wrong after a quoted field
// spanning lines or a blank line.
TEST(CsvImport, ErrorsNameTheLineTheirRowStartsOn) {
  std::string text = "lrn,description,price\nA-1,\"steel\ntubes\",10\n\nA-1,pipes,oops\n";
  std::vector<int> lines;
  auto rows = ParseCsv(text, &lines);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(lines, (std::vector<int>{1, 2, 5}));
  auto groups = DeclarationsFromCsv(rows.value(), &lines);
  ASSERT_TRUE(groups.ok()) << groups.status().ToString();
  ASSERT_EQ(groups->size(), 1u);
  EXPECT_EQ(groups.value()[0].lines, (std::vector<int>{2, 5}));
  EXPECT_EQ(groups.value()[0].LineFor("/items/1/price"), 5);
  auto bad = DeclarationsFromCsv({{"lrn", "description"}, {"A-1", "caf\xe9"}}, &lines);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 2"), std::string::npos) << bad.status().message();
}

TEST(Parse, SyntaxErrorsAreNotDocuments) {
  EXPECT_EQ(ParseDeclarationText("{\"lrn\": ").status().code(), "malformed_json");
  EXPECT_EQ(ParseDeclarationText("[1,2]").status().code(), "not_an_object");
  EXPECT_EQ(ParseDeclarationText("{\"lrn\": \"\xC3\x28\"}").status().code(), "invalid_utf8");
  EXPECT_EQ(ParseDeclarationText("").status().code(), "malformed_json");
}

TEST(Parse, ReportsEveryErrorWithItsPointer) {
  json j = ValidDeclarationJson(2);
  j["surprise"] = 1;                                  // unknown field at the root
  j["items"][1]["net_mass"] = 12.5;                   // number instead of decimal string
  j["items"][2]["commodity"]["hs"] = "8471";          // too short
  j["items"][0]["price"] = "1e5";                     // not a plain decimal
  j["invoice"].erase("currency");                     // missing
  j["parties"]["declarant"]["address"]["country"] = "uz";
  j["issue_date"] = "2026-02-30";
  j["items"][0]["packages"][0]["count"] = "ten";
  j["items"][0]["extra"] = true;
  auto parsed = ParseDeclarationText(j.dump());
  ASSERT_TRUE(parsed.ok());
  const auto& e = parsed->errors;
  EXPECT_TRUE(HasFieldError(e, "/surprise", "unknown_field")) << DumpErrors(e);
  EXPECT_TRUE(HasFieldError(e, "/items/1/net_mass", "wrong_type")) << DumpErrors(e);
  EXPECT_TRUE(HasFieldError(e, "/items/2/commodity/hs", "invalid_format")) << DumpErrors(e);
  EXPECT_TRUE(HasFieldError(e, "/items/0/price", "invalid_decimal")) << DumpErrors(e);
  EXPECT_TRUE(HasFieldError(e, "/invoice/currency", "required")) << DumpErrors(e);
  EXPECT_TRUE(HasFieldError(e, "/parties/declarant/address/country", "invalid_format")) << DumpErrors(e);
  EXPECT_TRUE(HasFieldError(e, "/issue_date", "invalid_format")) << DumpErrors(e);
  EXPECT_TRUE(HasFieldError(e, "/items/0/packages/0/count", "wrong_type")) << DumpErrors(e);
  EXPECT_TRUE(HasFieldError(e, "/items/0/extra", "unknown_field")) << DumpErrors(e);
  EXPECT_EQ(e.size(), 9u) << DumpErrors(e);
}

TEST(Parse, SealsAreDeclaredOnceEach) {
  json j = ValidDeclarationJson(7);
  j["transport"]["seals"] = json::array({"ESL-000777", "ESL-000778"});
  auto ok = ParseDeclarationJson(j);
  EXPECT_TRUE(ok.errors.empty()) << DumpErrors(ok.errors);
  EXPECT_EQ(ok.declaration.transport.seals, (std::vector<std::string>{"ESL-000777", "ESL-000778"}));
  EXPECT_EQ(json::parse(CanonicalJson(ok.declaration))["transport"]["seals"], j["transport"]["seals"]) << "kept in order";
  j["transport"]["seals"] = json::array({"ESL-1", 5, "", "ESL-1"});
  auto e = ParseDeclarationJson(j).errors;
  EXPECT_TRUE(HasFieldError(e, "/transport/seals/1", "wrong_type")) << DumpErrors(e);
  EXPECT_TRUE(HasFieldError(e, "/transport/seals/2", "invalid_format")) << DumpErrors(e);
  EXPECT_TRUE(HasFieldError(e, "/transport/seals/3", "duplicate_seal")) << DumpErrors(e);
  EXPECT_EQ(e.size(), 3u) << DumpErrors(e);
}

TEST(Parse, ItemCountLimits) {
  json j = ValidDeclarationJson(3, "301234567", 1);
  j["items"] = json::array();
  EXPECT_TRUE(HasFieldError(ParseDeclarationJson(j).errors, "/items", "required"));
  json item = ValidDeclarationJson(3, "301234567", 1)["items"][0];
  for (int i = 0; i < 1000; ++i) j["items"].push_back(item);
  EXPECT_TRUE(HasFieldError(ParseDeclarationJson(j).errors, "/items", "too_many"));
}

TEST(Parse, PointerEscapesKeys) {
  json j = ValidDeclarationJson(4);
  j["a/b~c"] = 1;
  EXPECT_TRUE(HasFieldError(ParseDeclarationJson(j).errors, "/a~1b~0c", "unknown_field"));
}

TEST(Parse, RejectsNegativeAndZeroWhereMeaningless) {
  json j = ValidDeclarationJson(5);
  j["items"][0]["net_mass"] = "0";
  j["items"][1]["price"] = "-1";
  auto e = ParseDeclarationJson(j).errors;
  EXPECT_TRUE(HasFieldError(e, "/items/0/net_mass", "not_positive")) << DumpErrors(e);
  EXPECT_TRUE(HasFieldError(e, "/items/1/price", "negative")) << DumpErrors(e);
}

TEST(Parse, ControlCharactersAndOverlongStrings) {
  json j = ValidDeclarationJson(6);
  j["items"][0]["description"] = std::string(600, 'x');
  j["parties"]["declarant"]["name"] = "bad\x01name";
  auto e = ParseDeclarationJson(j).errors;
  EXPECT_TRUE(HasFieldError(e, "/items/0/description", "too_long")) << DumpErrors(e);
  EXPECT_TRUE(HasFieldError(e, "/parties/declarant/name", "control_characters")) << DumpErrors(e);
}

}  // namespace
}  // namespace oc
