// The selectivity-rule expression language: semantics of every operator on every type,
// precedence, NaN, lists and string sets; each error message at its exact column; limits;
// random input never crashing; canonical text round-tripping; and a random differential test
// against a direct evaluation of generated expressions.
#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <cmath>
#include <functional>
#include <random>
#include <thread>

#include "risk/rule_expr.h"

namespace oc::risk {
namespace {

const ListCatalog& Lists() {
  static const ListCatalog lists = [] {
    ListCatalog l;
    EXPECT_TRUE(l.Set("high_risk_countries", {"KP", "CN", "IR", "CN"}).ok());
    EXPECT_TRUE(l.Set("watch_importers", {"TIN-1", "TIN-2"}).ok());
    EXPECT_TRUE(l.Set("electronics", {"8517", "8471", "85"}).ok());
    return l;
  }();
  return lists;
}

CompiledExpr MustCompile(std::string_view text, const ListCatalog& lists = Lists()) {
  auto r = CompiledExpr::Compile(text, DeclarationFields(), lists);
  EXPECT_TRUE(r.ok()) << text << " -> " << r.status().ToString();
  if (!r.ok()) return CompiledExpr::Compile("false", DeclarationFields(), lists).value();
  return std::move(r).value();
}

// A goods item: 8517120000 phone from China, 12,000 worth, 40 kg, importer TIN-1 (not AEO),
// documents N935 and Y923, no model score.
Facts Phone() {
  Facts f(DeclarationFields());
  f.SetString(Field::kHsCode, "8517120000");
  f.SetString(Field::kChapter, "85");
  f.SetString(Field::kOrigin, "CN");
  f.SetString(Field::kDispatchCountry, "HK");
  f.SetString(Field::kImporter, "TIN-1");
  f.SetString(Field::kExporter, "Shenzhen \"Best\" Trading \\ Co");
  f.SetString(Field::kOffice, "26001");
  f.SetString(Field::kTransportMode, "3");
  f.SetNumber(Field::kCustomsValue, 12000);
  f.SetNumber(Field::kUnitValue, 300);
  f.SetNumber(Field::kNetMass, 40);
  f.SetNumber(Field::kItemCount, 2);
  f.SetSet(Field::kDocuments, {"N935", "Y923"});
  f.SetBool(Field::kTraderAeo, false);
  f.SetNumber(Field::kValuationRatio, 0.3);
  return f;
}

bool Eval(std::string_view text, const Facts& facts) { return MustCompile(text).Evaluate(facts); }

// Compiling `text` fails at 1-based `column` with `message`, in ExprError and in the Status.
void ExpectError(const std::string& text, int column, const std::string& message) {
  ExprError e{-1, ""};
  auto r = CompileExpr(text, DeclarationFields(), Lists(), &e);
  ASSERT_FALSE(r.ok()) << text;
  EXPECT_EQ(e.position + 1, column) << text;
  EXPECT_EQ(e.message, message) << text;
  EXPECT_EQ(r.status().code(), "invalid_expression");
  EXPECT_EQ(r.status().message(), "at " + std::to_string(column) + ": " + message) << text;
}

TEST(RuleExprFields, DeclarationCatalogueMatchesTheSlotConstants) {
  const FieldCatalog& f = DeclarationFields();
  ASSERT_EQ(f.size(), Slot(Field::kCount));
  using F = Field;
  const std::pair<const char*, Field> names[] = {
      {"hs_code", F::kHsCode}, {"chapter", F::kChapter}, {"origin", F::kOrigin}, {"importer", F::kImporter},
      {"dispatch_country", F::kDispatchCountry}, {"declarant", F::kDeclarant}, {"exporter", F::kExporter},
      {"office", F::kOffice}, {"transport_mode", F::kTransportMode}, {"procedure", F::kProcedure},
      {"declaration_type", F::kDeclarationType}, {"currency", F::kCurrency}, {"customs_value", F::kCustomsValue},
      {"unit_value", F::kUnitValue}, {"net_mass", F::kNetMass}, {"gross_mass", F::kGrossMass},
      {"item_count", F::kItemCount}, {"documents", F::kDocuments}, {"trader_declarations", F::kTraderDeclarations},
      {"trader_hit_rate", F::kTraderHitRate}, {"trader_aeo", F::kTraderAeo}, {"model_score", F::kModelScore},
      {"valuation_ratio", F::kValuationRatio}, {"misclassification", F::kMisclassification},
      {"days_since_first_declaration", F::kDaysSinceFirstDeclaration},
      {"trader_transit_incidents", F::kTraderTransitIncidents}};
  ASSERT_EQ(std::size(names), static_cast<size_t>(f.size()));
  for (const auto& [name, field] : names) {
    EXPECT_EQ(f.Find(name), Slot(field)) << name;
    EXPECT_EQ(f.Defs()[Slot(field)].name, name);
    EXPECT_FALSE(f.Defs()[Slot(field)].description.empty()) << name;
  }
  EXPECT_EQ(f.Defs()[Slot(Field::kDocuments)].type, FieldType::kStringSet);
  EXPECT_EQ(f.Defs()[Slot(Field::kTraderAeo)].type, FieldType::kBool);
  EXPECT_EQ(f.Defs()[Slot(Field::kUnitValue)].type, FieldType::kNumber);
  EXPECT_EQ(f.Defs()[Slot(Field::kOrigin)].type, FieldType::kString);
  EXPECT_EQ(f.Find("orign"), -1);
  EXPECT_EQ(f.Find("Origin"), -1);
}

TEST(RuleExprFields, CatalogueRejectsBadNames) {
  EXPECT_TRUE(FieldCatalog::Create({{"a", FieldType::kNumber, ""}, {"_b2", FieldType::kBool, ""}}).ok());
  for (const char* bad : {"", "2a", "A", "a-b", "and", "starts_with", "TRUE"}) {
    auto r = FieldCatalog::Create({{bad, FieldType::kNumber, ""}});
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), "invalid_field_catalog");
  }
  EXPECT_FALSE(FieldCatalog::Create({{"a", FieldType::kNumber, ""}, {"a", FieldType::kString, ""}}).ok());
}

TEST(RuleExprFields, ACustomCatalogueIsUsedForNamesTypesAndSlots) {
  auto cat = FieldCatalog::Create({{"weight", FieldType::kNumber, ""}, {"flagged", FieldType::kBool, ""}});
  ASSERT_TRUE(cat.ok());
  ListCatalog none;
  auto e = CompiledExpr::Compile("weight > 10 and flagged", cat.value(), none);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  Facts f(cat.value());
  f.SetNumber(0, 11);
  EXPECT_FALSE(e->Evaluate(f));
  f.SetBool(1, true);
  EXPECT_TRUE(e->Evaluate(f));
  EXPECT_EQ(e->FieldsUsed(), (std::vector<int>{0, 1}));
  EXPECT_FALSE(CompiledExpr::Compile("origin = \"CN\"", cat.value(), none).ok());
  // Facts of a smaller catalogue than the expression reads: no match rather than a bad read.
  auto small = FieldCatalog::Create({{"weight", FieldType::kNumber, ""}});
  Facts tiny(small.value());
  tiny.SetNumber(0, 11);
  tiny.SetNumber(5, 1);  // out of range: ignored
  EXPECT_FALSE(e->Evaluate(tiny));
}

TEST(RuleExprSemantics, PrecedenceIsNotThenAndThenOr) {
  Facts f = Phone();
  EXPECT_TRUE(Eval("true or true and false", f));     // true or (true and false)
  EXPECT_FALSE(Eval("(true or true) and false", f));
  EXPECT_FALSE(Eval("not true and false", f));        // (not true) and false
  EXPECT_TRUE(Eval("not (true and false)", f));
  EXPECT_TRUE(Eval("not false or false", f));         // (not false) or false
  EXPECT_FALSE(Eval("not (false or true)", f));
  EXPECT_TRUE(Eval("false and false or true", f));    // (false and false) or true
  EXPECT_FALSE(Eval("false and (false or true)", f));
  EXPECT_TRUE(Eval("not not true", f));
  EXPECT_TRUE(Eval("not origin = \"KP\"", f));        // not binds the whole comparison
  // The brief's examples.
  EXPECT_TRUE(Eval("hs_code starts_with [\"8517\", \"8471\"] and origin in @high_risk_countries and "
                   "unit_value < 2.5e3", f));
  EXPECT_TRUE(Eval("not trader_aeo and (model_score >= 0.8 or valuation_ratio < 0.4)", f));
  EXPECT_FALSE(Eval("not trader_aeo and model_score >= 0.8 or valuation_ratio < 0.2", f));
  EXPECT_TRUE(Eval("importer in @watch_importers or \"N935\" not in documents", f));
  EXPECT_TRUE(Eval("transport_mode = \"3\" and customs_value > 10000 and not (office in [\"26002\", \"26003\"])", f));
  EXPECT_FALSE(Eval("transport_mode = \"3\" and customs_value > 10000 and not (office in [\"26001\", \"26002\"])", f));
}

TEST(RuleExprSemantics, NumberOperators) {
  Facts f = Phone();  // customs_value 12000, net_mass 40
  struct Case { const char* op; bool less, equal, greater; };
  for (const Case& c : {Case{"=", false, true, false}, Case{"!=", true, false, true}, Case{"<", true, false, false},
                        Case{"<=", true, true, false}, Case{">", false, false, true}, Case{">=", false, true, true}}) {
    std::string op = c.op;
    EXPECT_EQ(Eval("customs_value " + op + " 12001", f), c.less) << op;
    EXPECT_EQ(Eval("customs_value " + op + " 12000", f), c.equal) << op;
    EXPECT_EQ(Eval("customs_value " + op + " 11999.5", f), c.greater) << op;
    EXPECT_EQ(Eval("12000 " + op + " customs_value", f), c.equal) << op;       // literal on the left
    EXPECT_EQ(Eval("net_mass " + op + " customs_value", f), c.less) << op;     // two fields
    EXPECT_EQ(Eval("1 " + op + " 2", f), c.less) << op;                        // two literals
  }
  EXPECT_TRUE(Eval("customs_value > -3", f));
  EXPECT_TRUE(Eval("customs_value>-3", f));
}

TEST(RuleExprSemantics, StringAndBooleanOperators) {
  Facts f = Phone();
  EXPECT_TRUE(Eval("origin = \"CN\"", f));
  EXPECT_FALSE(Eval("origin = \"cn\"", f));  // values are case-sensitive
  EXPECT_FALSE(Eval("origin != \"CN\"", f));
  EXPECT_TRUE(Eval("\"CN\" = origin", f));
  EXPECT_TRUE(Eval("origin != dispatch_country", f));
  EXPECT_TRUE(Eval("currency = \"\"", f));  // unset strings are empty
  EXPECT_FALSE(Eval("trader_aeo", f));
  EXPECT_TRUE(Eval("not trader_aeo", f));
  EXPECT_TRUE(Eval("trader_aeo = false", f));
  EXPECT_FALSE(Eval("trader_aeo != false", f));
  EXPECT_TRUE(Eval("trader_aeo = trader_aeo", f));
  EXPECT_TRUE(Eval("true", f));
  EXPECT_FALSE(Eval("false", f));
  EXPECT_TRUE(Eval("true != false", f));
  f.SetBool(Field::kTraderAeo, true);
  EXPECT_TRUE(Eval("trader_aeo", f));
  EXPECT_TRUE(Eval("trader_aeo = true", f));
  EXPECT_FALSE(Eval("not trader_aeo", f));
}

TEST(RuleExprSemantics, NaNMakesEveryComparisonFalse) {
  Facts f = Phone();  // model_score was never set: NaN
  for (const char* text : {"model_score > 0.5", "model_score <= 0.5", "model_score = 0.5", "model_score != 0.5",
                           "model_score < model_score", "model_score = model_score", "model_score != customs_value",
                           "0.5 < model_score", "model_score in [0.5, 1]", "model_score not in [0.5, 1]"})
    EXPECT_FALSE(Eval(text, f)) << text;
  EXPECT_TRUE(Eval("not (model_score > 0.8)", f));
  EXPECT_TRUE(Eval("not model_score != 0.5", f));
  EXPECT_TRUE(Eval("not model_score not in [1]", f));
  f.SetNumber(Field::kModelScore, std::nan(""));
  EXPECT_FALSE(Eval("model_score >= 0", f));
  f.SetNumber(Field::kModelScore, 0.9);
  EXPECT_TRUE(Eval("model_score >= 0.8", f));
  EXPECT_TRUE(Eval("model_score != 0.5", f));
  EXPECT_TRUE(Eval("model_score not in [0.5, 1]", f));
}

TEST(RuleExprSemantics, ListsAndMembership) {
  Facts f = Phone();
  EXPECT_TRUE(Eval("origin in [\"KP\", \"CN\"]", f));
  EXPECT_FALSE(Eval("origin in [\"KP\", \"IR\"]", f));
  EXPECT_FALSE(Eval("origin not in [\"KP\", \"CN\"]", f));
  EXPECT_TRUE(Eval("origin NOT IN [\"KP\"]", f));
  EXPECT_TRUE(Eval("origin in @high_risk_countries", f));
  EXPECT_FALSE(Eval("dispatch_country in @high_risk_countries", f));
  EXPECT_TRUE(Eval("dispatch_country not in @high_risk_countries", f));
  EXPECT_TRUE(Eval("\"CN\" in @high_risk_countries", f));
  EXPECT_TRUE(Eval("item_count in [1, 2, 3]", f));
  EXPECT_TRUE(Eval("item_count in [2e0]", f));
  EXPECT_FALSE(Eval("item_count in [1, 3]", f));
  EXPECT_TRUE(Eval("item_count not in [1, 3]", f));
  // Documents: a set of codes.
  EXPECT_TRUE(Eval("\"N935\" in documents", f));
  EXPECT_FALSE(Eval("\"N935\" not in documents", f));
  EXPECT_FALSE(Eval("\"C100\" in documents", f));
  EXPECT_TRUE(Eval("\"C100\" not in documents", f));
  EXPECT_TRUE(Eval("documents contains \"Y923\"", f));
  EXPECT_FALSE(Eval("documents contains \"Y92\"", f));  // membership, not substring
  f.SetString(Field::kCurrency, "Y923");
  EXPECT_TRUE(Eval("currency in documents", f));
  f.ClearSet(Slot(Field::kDocuments));
  EXPECT_FALSE(Eval("\"N935\" in documents", f));
  f.AddToSet(Field::kDocuments, "C100");
  EXPECT_TRUE(Eval("\"C100\" in documents", f));
  EXPECT_FALSE(Eval("\"N935\" in documents", f));  // the spare string kept for reuse is not a member
}

TEST(RuleExprSemantics, StartsWithAndContains) {
  Facts f = Phone();
  EXPECT_TRUE(Eval("hs_code starts_with \"8517\"", f));
  EXPECT_FALSE(Eval("hs_code starts_with \"8471\"", f));
  EXPECT_TRUE(Eval("hs_code starts_with \"\"", f));
  EXPECT_TRUE(Eval("hs_code starts_with [\"8471\", \"851712\"]", f));
  EXPECT_FALSE(Eval("hs_code starts_with [\"8471\", \"8518\"]", f));
  EXPECT_FALSE(Eval("hs_code starts_with [\"85171200001\"]", f));  // longer than the value
  EXPECT_TRUE(Eval("hs_code starts_with @electronics", f));
  f.SetString(Field::kHsCode, "8471300000");
  EXPECT_TRUE(Eval("hs_code starts_with @electronics", f));
  f.SetString(Field::kHsCode, "9403");
  EXPECT_FALSE(Eval("hs_code starts_with @electronics", f));
  f.SetString(Field::kHsCode, "");
  EXPECT_FALSE(Eval("hs_code starts_with @electronics", f));
  EXPECT_TRUE(Eval("exporter contains \"Best\"", f));
  EXPECT_FALSE(Eval("exporter contains \"best\"", f));
  EXPECT_TRUE(Eval("exporter contains \"\\\"Best\\\" Trading \\\\\"", f));  // escapes
  EXPECT_TRUE(Eval("exporter = \"Shenzhen \\\"Best\\\" Trading \\\\ Co\"", f));
}

TEST(RuleExprSemantics, KeywordsAreCaseInsensitiveAndNumbersTakeExponents) {
  Facts f = Phone();
  EXPECT_TRUE(Eval("origin IN [\"CN\"] AND NoT trader_aeo Or FALSE", f));
  EXPECT_TRUE(Eval("hs_code STARTS_WITH \"85\" and exporter CONTAINS \"Best\" and TRUE", f));
  EXPECT_EQ(MustCompile("origin IN [\"CN\"] AND NoT trader_aeo Or FALSE").Canonical(),
            "origin in [\"CN\"] and not trader_aeo or false");
  EXPECT_TRUE(Eval("customs_value = 1.2e4", f));
  EXPECT_TRUE(Eval("customs_value = 1.2E+4", f));
  EXPECT_TRUE(Eval("customs_value < 1e6", f));
  EXPECT_TRUE(Eval("valuation_ratio = 3e-1", f));
  EXPECT_TRUE(Eval("customs_value > -1.5e-3", f));
  EXPECT_EQ(MustCompile("customs_value > 1e6 and unit_value < 2.50 and net_mass > 1e20 and gross_mass > 1e-9")
                .Canonical(),
            "customs_value > 1000000 and unit_value < 2.5 and net_mass > 1e+20 and gross_mass > 1e-09");
}

TEST(RuleExprErrors, EachMessageAtItsColumn) {
  ExpectError("origin = \"CN\" and orign = \"x\"", 19, "unknown field 'orign'");
  ExpectError("Origin = \"CN\"", 1, "unknown field 'Origin' (field names are lowercase)");
  ExpectError("origin in @foo", 11, "unknown list '@foo'");
  ExpectError("origin in @", 11, "expected a list name after '@'");
  ExpectError("customs_value <=", 17, "expected a value after '<='");
  ExpectError("customs_value <= and true", 18, "expected a value after '<='");
  ExpectError("customs_value > \"100\"", 17, "cannot compare the number field 'customs_value' with a string");
  ExpectError("origin = customs_value", 10,
              "cannot compare the string field 'origin' with the number field 'customs_value'");
  ExpectError("trader_aeo = 1", 14, "cannot compare the boolean field 'trader_aeo' with a number");
  ExpectError("1 = \"1\"", 5, "cannot compare a number with a string");
  ExpectError("origin < \"CN\"", 8, "'<' compares numbers only; strings take = or !=");
  ExpectError("trader_aeo >= true", 12, "'>=' compares numbers only; booleans take = or !=");
  ExpectError("origin = \"CN", 10, "unterminated string");
  ExpectError("origin = \"CN\\\"", 10, "unterminated string");
  ExpectError("origin = \"C\nN\"", 10, "unterminated string");
  ExpectError("origin = \"C\\nN\"", 12, "unknown escape '\\n' in a string (only \\\" and \\\\ are escapes)");
  ExpectError("origin = \"C\tN\"", 12, "control character in a string");
  ExpectError("origin = 'CN'", 10, "strings are written in double quotes");
  ExpectError("origin = \"CN\")", 14, "unexpected ')'");
  ExpectError("()", 2, "unexpected ')'");
  ExpectError("origin = \"CN\" trader_aeo", 15, "expected 'and', 'or' or the end");
  ExpectError("(origin = \"CN\" \"x\")", 16, "expected 'and', 'or' or ')'");
  ExpectError("(origin = \"CN\"", 15, "missing ')' for the '(' at column 1");
  ExpectError("", 1, "empty expression");
  ExpectError("  \n ", 1, "empty expression");
  ExpectError("origin = \"CN\" and", 18, "expected a condition after 'and'");
  ExpectError("not", 4, "expected a condition after 'not'");
  ExpectError("origin = \"CN\" or or true", 18, "expected a condition, found 'or'");
  ExpectError("origin \"CN\"", 8, "expected an operator after 'origin'");
  ExpectError("origin == \"CN\"", 8, "use '=' to compare, not '=='");
  ExpectError("!trader_aeo", 1, "unexpected character '!': use 'not' to negate and '!=' for 'differs'");
  ExpectError("origin = \"CN\" # note", 15, "unexpected character '#'");
  ExpectError(std::string("origin = \"CN\" \x01"), 15, "unexpected byte 0x01");
  ExpectError("customs_value", 1, "the number field 'customs_value' is not a condition: compare it with a value");
  ExpectError("true and origin", 10, "the string field 'origin' is not a condition: compare it with a value");
  ExpectError("\"x\"", 1, "a string is not a condition");
  ExpectError("12", 1, "a number is not a condition");
  ExpectError("documents", 1, "the string-set field 'documents' is not a condition: test it with 'contains' or 'in'");
  ExpectError("documents = \"N935\"", 1,
              "the string-set field 'documents' can only be tested with 'in' (\"X\" in documents) or 'contains'");
  ExpectError("customs_value > 1e999", 17, "number out of range '1e999'");
  ExpectError("customs_value > 1.", 17, "malformed number '1.'");
  ExpectError("customs_value > 12abc", 17, "malformed number '12abc'");
  ExpectError("customs_value > 1e", 17, "malformed number '1e'");
  // Lists.
  ExpectError("customs_value in [1, \"2\"]", 22, "cannot compare the number field 'customs_value' with a string");
  ExpectError("origin in [\"CN\", 1]", 18, "cannot compare the string field 'origin' with a number");
  ExpectError("customs_value in @high_risk_countries", 18,
              "cannot look up the number field 'customs_value' in the list '@high_risk_countries': named lists "
              "hold strings");
  ExpectError("origin in []", 11, "empty list");
  ExpectError("origin in [\"CN\"", 16, "missing ']' for the '[' at column 11");
  ExpectError("origin in [\"CN\" \"KP\"]", 17, "expected ',' or ']' in the list");
  ExpectError("origin in [\"CN\", ]", 18, "expected a string or a number in the list, found ']'");
  ExpectError("origin in [true]", 12, "expected a string or a number in the list, found 'true'");
  ExpectError("origin in \"CN\"", 11, "expected a list (@name or [...]) after 'in'");
  ExpectError("origin not in", 14, "expected a list (@name or [...]) after 'not in'");
  ExpectError("origin not \"CN\"", 12, "expected 'in' after 'not'");
  ExpectError("\"x\" in origin", 8,
              "'in' needs a list (@name or [...]) or a string-set field, not the string field 'origin'");
  ExpectError("customs_value in documents", 1,
              "cannot look for the number field 'customs_value' in the string-set field 'documents'");
  ExpectError("trader_aeo in [\"x\"]", 1, "'in' tests a number or a string, not the boolean field 'trader_aeo'");
  ExpectError("documents in [\"x\"]", 1,
              "the string-set field 'documents' can only be tested with 'in' (\"X\" in documents) or 'contains'");
  // starts_with, contains.
  ExpectError("customs_value starts_with \"1\"", 1,
              "'starts_with' tests strings, not the number field 'customs_value'");
  ExpectError("hs_code starts_with 85", 21, "expected a string or a list after 'starts_with'");
  ExpectError("hs_code starts_with [85]", 22, "cannot compare the string field 'hs_code' with a number");
  ExpectError("hs_code starts_with @nope", 21, "unknown list '@nope'");
  ExpectError("customs_value contains \"1\"", 1,
              "'contains' tests strings or string sets, not the number field 'customs_value'");
  ExpectError("exporter contains", 18, "expected a string after 'contains'");
  ExpectError("exporter contains @electronics", 19, "expected a string after 'contains'");
}

TEST(RuleExprErrors, LengthAndDepthLimits) {
  // Exactly the limit compiles; one byte more does not.
  std::string at_limit = "origin = \"" + std::string(kMaxExprBytes - 11, 'x') + "\"";
  ASSERT_EQ(at_limit.size(), static_cast<size_t>(kMaxExprBytes));
  EXPECT_TRUE(CompiledExpr::Compile(at_limit, DeclarationFields(), Lists()).ok());
  ExpectError(at_limit + " ", kMaxExprBytes + 1, "the expression is longer than 4000 bytes");
  ExpectError(std::string(1'000'000, '('), kMaxExprBytes + 1, "the expression is longer than 4000 bytes");

  auto nested = [](int n) { return std::string(n, '(') + "trader_aeo" + std::string(n, ')'); };
  EXPECT_FALSE(Eval(nested(kMaxExprDepth), Phone()));
  ExpectError(nested(kMaxExprDepth + 1), kMaxExprDepth + 1, "nesting deeper than 64 levels");
  ExpectError(std::string(3000, '('), kMaxExprDepth + 1, "nesting deeper than 64 levels");
  std::string nots;
  for (int i = 0; i < kMaxExprDepth; ++i) nots += "not ";
  EXPECT_FALSE(Eval(nots + "trader_aeo", Phone()));  // 64 nots: even
  ExpectError(nots + "not trader_aeo", 4 * kMaxExprDepth + 1, "nesting deeper than 64 levels");
  // Parentheses and nots count together.
  std::string mixed;
  for (int i = 0; i < kMaxExprDepth / 2; ++i) mixed += "not (";
  ExpectError(mixed + "not true" + std::string(kMaxExprDepth / 2, ')'), 5 * (kMaxExprDepth / 2) + 1,
              "nesting deeper than 64 levels");
  // Long flat chains are not nesting.
  std::string chain = "true";
  while (chain.size() < 3900) chain += " and true or false";
  EXPECT_TRUE(Eval(chain, Phone()));
  // Criteria are stored in canonical form and recompiled from it: a text within the limit whose
  // canonical form is not ("9e14" prints as "900000000000000") compiled, then failed to reload.
  std::string grows = "true";
  while (grows.size() < 3970) grows += " or customs_value>9e14";
  ASSERT_LE(grows.size(), static_cast<size_t>(kMaxExprBytes));
  ExpectError(grows, 1, "the expression's canonical form is longer than 4000 bytes");
}

TEST(RuleExprApi, FieldsUsedAndIsConstant) {
  auto e = MustCompile("customs_value > 100 and (origin in @high_risk_countries or \"N935\" in documents) and "
                       "origin != dispatch_country and customs_value < 1e6");
  EXPECT_EQ(e.FieldsUsed(), (std::vector<int>{Slot(Field::kOrigin), Slot(Field::kDispatchCountry),
                                              Slot(Field::kCustomsValue), Slot(Field::kDocuments)}));
  bool value = true;
  EXPECT_FALSE(e.IsConstant(&value));
  EXPECT_FALSE(e.IsConstant(nullptr));
  struct Case { const char* text; bool value; };
  for (const Case& c : {Case{"true", true}, Case{"false", false}, Case{"1 < 2", true}, Case{"not (1 < 2)", false},
                        Case{"\"a\" in [\"b\", \"a\"] and \"ab\" starts_with \"a\"", true},
                        Case{"\"x\" in @watch_importers", false},
                        Case{"true = false or \"abc\" contains \"bc\"", true}}) {
    auto k = MustCompile(c.text);
    bool v = !c.value;
    EXPECT_TRUE(k.IsConstant(&v)) << c.text;
    EXPECT_EQ(v, c.value) << c.text;
    EXPECT_TRUE(k.FieldsUsed().empty()) << c.text;
    EXPECT_EQ(k.Evaluate(Phone()), c.value) << c.text;
  }
  EXPECT_FALSE(MustCompile("trader_aeo or true").IsConstant(nullptr));  // reads a field
}

TEST(RuleExprApi, CompiledExpressionKeepsItsListSnapshot) {
  ListCatalog lists;
  ASSERT_TRUE(lists.Set("countries", {"CN"}).ok());
  auto e = MustCompile("origin in @countries", lists);
  ASSERT_TRUE(lists.Set("countries", {"KP"}).ok());
  EXPECT_TRUE(e.Evaluate(Phone()));  // still the list as compiled
  EXPECT_FALSE(MustCompile("origin in @countries", lists).Evaluate(Phone()));
  EXPECT_TRUE(lists.Remove("countries"));
  EXPECT_FALSE(lists.Remove("countries"));
  EXPECT_TRUE(e.Evaluate(Phone()));
  EXPECT_FALSE(CompiledExpr::Compile("origin in @countries", DeclarationFields(), lists).ok());
  EXPECT_FALSE(lists.Set("bad name", {}).ok());
  EXPECT_FALSE(lists.Set("", {}).ok());
  ASSERT_TRUE(lists.Set("b", {"y", "x", "y"}).ok());
  ASSERT_TRUE(lists.Set("a", {}).ok());
  EXPECT_EQ(lists.Names(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(*lists.Find("b"), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(lists.Find("c"), nullptr);
  EXPECT_FALSE(MustCompile("origin in @a", lists).Evaluate(Phone()));  // an empty named list matches nothing
}

TEST(RuleExprApi, CanonicalTextRoundTrips) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"  origin   =\"CN\"AND(customs_value>100)", "origin = \"CN\" and customs_value > 100"},
      {"(origin = \"CN\" or origin = \"KP\") and trader_aeo", "(origin = \"CN\" or origin = \"KP\") and trader_aeo"},
      {"origin = \"CN\" or (origin = \"KP\" and trader_aeo)", "origin = \"CN\" or origin = \"KP\" and trader_aeo"},
      {"((true and (false and true)) and true)", "true and false and true and true"},
      {"not (origin = \"CN\" and trader_aeo)", "not (origin = \"CN\" and trader_aeo)"},
      {"not (not (trader_aeo))", "not not trader_aeo"},
      {"NOT (origin IN @high_risk_countries)", "not origin in @high_risk_countries"},
      {"hs_code starts_with [\"8517\",\"8471\" , \"8517\"]", "hs_code starts_with [\"8517\", \"8471\", \"8517\"]"},
      {"\"N935\" NOT   IN documents", "\"N935\" not in documents"},
      {"exporter contains \"a\\\"b\\\\c\"", "exporter contains \"a\\\"b\\\\c\""},
      {"item_count in [3, 1.50, -2e0]", "item_count in [3, 1.5, -2]"},
      {"customs_value >= 100000", "customs_value >= 100000"},
  };
  Facts phone = Phone();
  Facts other = Phone();
  other.SetString(Field::kOrigin, "KP");
  other.SetBool(Field::kTraderAeo, true);
  other.SetNumber(Field::kItemCount, 1.5);
  for (const auto& [text, canonical] : cases) {
    auto e = MustCompile(text);
    EXPECT_EQ(e.Canonical(), canonical) << text;
    auto again = MustCompile(e.Canonical());
    EXPECT_EQ(again.Canonical(), e.Canonical());
    EXPECT_EQ(again.Evaluate(phone), e.Evaluate(phone)) << text;
    EXPECT_EQ(again.Evaluate(other), e.Evaluate(other)) << text;
    EXPECT_EQ(again.FieldsUsed(), e.FieldsUsed());
  }
}

// ---- Random testing --------------------------------------------------------------------------

// Random expressions built as a tree with their expected value computed directly, written with
// random spacing, keyword case and redundant parentheses.
struct Gen {
  std::mt19937 rng{20240611};
  Facts facts = Phone();
  double customs_value = 12000, model_score = NAN;
  std::string origin = "CN";
  bool aeo = false;

  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }
  std::string Kw(const char* kw) {
    std::string s = kw;
    for (char& c : s)
      if (Pick(3) == 0) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  }
  std::string Sp() { return std::string(Pick(3), ' '); }

  void Randomise() {
    customs_value = std::array<double, 5>{0, 100, 12000, 1e6, NAN}[Pick(5)];
    model_score = Pick(2) ? NAN : Pick(100) / 100.0;
    origin = std::array<const char*, 4>{"CN", "KP", "DE", ""}[Pick(4)];
    aeo = Pick(2);
    facts.SetNumber(Field::kCustomsValue, customs_value);
    facts.SetNumber(Field::kModelScore, model_score);
    facts.SetString(Field::kOrigin, origin);
    facts.SetBool(Field::kTraderAeo, aeo);
  }

  // Returns the text; `eval` gets a function of the current facts.
  std::string Expr(int depth, std::function<bool()>& eval) {
    int kind = depth <= 0 ? 3 : Pick(6);
    if (kind == 0 || kind == 1) {
      std::function<bool()> a, b;
      std::string ta = Expr(depth - 1, a), tb = Expr(depth - 1, b);
      bool is_and = kind == 0;
      eval = [a, b, is_and] { return is_and ? a() && b() : a() || b(); };
      return "(" + Sp() + ta + " " + Kw(is_and ? "and" : "or") + " " + tb + Sp() + ")";
    }
    if (kind == 2) {
      std::function<bool()> a;
      std::string ta = Expr(depth - 1, a);
      eval = [a] { return !a(); };
      return Kw("not") + " (" + ta + ")";
    }
    switch (Pick(7)) {
      case 0: {
        using Cmp = bool (*)(double, double);
        static const std::pair<const char*, Cmp> kOps[] = {
            {"=", [](double a, double b) { return a == b; }}, {"!=", [](double a, double b) { return a != b; }},
            {"<", [](double a, double b) { return a < b; }},  {"<=", [](double a, double b) { return a <= b; }},
            {">", [](double a, double b) { return a > b; }},  {">=", [](double a, double b) { return a >= b; }}};
        auto [op, cmp] = kOps[Pick(6)];
        double v = Pick(2) ? 12000 : 500;
        eval = [this, cmp = cmp, v] { return !std::isnan(customs_value) && cmp(customs_value, v); };
        return "customs_value" + Sp() + op + Sp() + (v == 12000 ? "1.2e4" : "500");
      }
      case 1: {
        bool ne = Pick(2);
        eval = [this, ne] { return (origin == "CN") != ne; };
        return std::string("origin ") + (ne ? "!=" : "=") + " \"CN\"";
      }
      case 2: {
        bool negate = Pick(2);
        eval = [this, negate] { return (origin == "CN" || origin == "KP") != negate; };
        return "origin " + (negate ? Kw("not") + " " : "") + Kw("in") + " @high_risk_countries";
      }
      case 3:
        eval = [this] { return aeo; };
        return "trader_aeo";
      case 4:
        eval = [this] { return !std::isnan(model_score) && model_score >= 0.5; };
        return "model_score >= 0.5";
      case 5: {
        bool t = Pick(2);
        eval = [t] { return t; };
        return Kw(t ? "true" : "false");
      }
      default:
        eval = [this] { return origin.starts_with("C") || origin.starts_with("K"); };
        return "origin " + Kw("starts_with") + " [\"C\", \"K\"]";
    }
  }
};

TEST(RuleExprRandom, GeneratedExpressionsEvaluateAsWrittenAndRoundTrip) {
  Gen g;
  for (int i = 0; i < 2000; ++i) {
    std::function<bool()> expected;
    std::string text = g.Expr(1 + g.Pick(6), expected);
    auto r = CompiledExpr::Compile(text, DeclarationFields(), Lists());
    if (text.size() > static_cast<size_t>(kMaxExprBytes)) continue;
    ASSERT_TRUE(r.ok()) << text << " -> " << r.status().ToString();
    auto canonical = CompiledExpr::Compile(r->Canonical(), DeclarationFields(), Lists());
    ASSERT_TRUE(canonical.ok()) << r->Canonical();
    EXPECT_EQ(canonical->Canonical(), r->Canonical());
    for (int k = 0; k < 8; ++k) {
      g.Randomise();
      ASSERT_EQ(r->Evaluate(g.facts), expected()) << text;
      ASSERT_EQ(canonical->Evaluate(g.facts), expected()) << r->Canonical();
    }
  }
}

// Compiling any input either succeeds (and then evaluates and round-trips) or is
// invalid_expression with a position inside the text; it never crashes.
void CheckAnyInput(const std::string& text, const Facts& facts) {
  ExprError error;
  auto r = CompileExpr(text, DeclarationFields(), Lists(), &error);
  if (!r.ok()) {
    ASSERT_EQ(r.status().code(), "invalid_expression") << text;
    ASSERT_GE(error.position, 0) << text;
    ASSERT_LE(error.position, static_cast<int>(text.size())) << text;
    ASSERT_FALSE(error.message.empty()) << text;
    return;
  }
  bool value = r->Evaluate(facts);
  auto again = CompiledExpr::Compile(r->Canonical(), DeclarationFields(), Lists());
  ASSERT_TRUE(again.ok()) << text << " -> " << r->Canonical();
  ASSERT_EQ(again->Canonical(), r->Canonical());
  ASSERT_EQ(again->Evaluate(facts), value) << text;
}

TEST(RuleExprRandom, RandomBytesAndTokenSequencesNeverCrash) {
  std::mt19937 rng(7);
  auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  const Facts facts = Phone();
  const std::string syntax = "()[]@,=!<>\"\\ -.e0123456789abcdefghijklmnopqrstuvwxyz_ABCNOTRDIS'#\t\n";
  for (int i = 0; i < 20000; ++i) {
    std::string text(pick(60), ' ');
    for (char& c : text)
      c = pick(3) == 0 ? static_cast<char>(pick(256)) : syntax[pick(static_cast<int>(syntax.size()))];
    CheckAnyInput(text, facts);
  }
  const std::vector<std::string> tokens = {
      "(", ")", "[", "]", ",", "=", "!=", "<", "<=", ">", ">=", "and", "OR", "not", "in", "starts_with", "contains",
      "true", "FALSE", "origin", "customs_value", "documents", "trader_aeo", "hs_code", "model_score", "orign",
      "@high_risk_countries", "@electronics", "@missing", "\"CN\"", "\"N935\"", "\"85\"", "\"\"", "12", "-3",
      "1e6", "0.5", "\"unterminated", "@", "'x'", "==", "1.", "\"a\\\"b\""};
  const std::vector<std::string> clauses = {
      "origin = \"CN\"", "customs_value > 1e6", "trader_aeo", "\"N935\" in documents", "model_score >= 0.5",
      "hs_code starts_with @electronics", "origin not in [\"CN\", \"KP\"]", "exporter contains \"a\\\"b\"", "true"};
  int compiled = 0;
  for (int i = 0; i < 20000; ++i) {
    // A valid skeleton (clauses joined by and/or, some negated or parenthesised), then up to two
    // random tokens inserted, deleted or substituted.
    std::vector<std::string> seq;
    for (int n = 1 + pick(5); n > 0; --n) {
      if (!seq.empty()) seq.push_back(pick(2) ? "and" : "OR");
      if (pick(4) == 0) seq.push_back("not");
      bool paren = pick(4) == 0;
      if (paren) seq.push_back("(");
      seq.push_back(clauses[pick(static_cast<int>(clauses.size()))]);
      if (paren) seq.push_back(")");
    }
    for (int m = pick(3); m > 0 && !seq.empty(); --m) {
      auto at = seq.begin() + pick(static_cast<int>(seq.size()));
      const std::string& token = tokens[pick(static_cast<int>(tokens.size()))];
      switch (pick(3)) {
        case 0: seq.insert(at, token); break;
        case 1: seq.erase(at); break;
        default: *at = token;
      }
    }
    std::string text;
    for (const std::string& t : seq) text += t + (pick(5) ? " " : "");
    ExprError e;
    compiled += CompileExpr(text, DeclarationFields(), Lists(), &e).ok();
    CheckAnyInput(text, facts);
  }
  EXPECT_GT(compiled, 2000);  // the sequences reach the evaluator too, not only the error paths
}

// ---- Evaluation at scale -----------------------------------------------------------------------

// One Facts refilled per item and one ~5-clause rule. Measured on one core of the dev machine
// (RelWithDebInfo, -O2): about 10 million evaluations per second, 8 million including the
// refill; batch scoring needs several hundred thousand. No timing assertion, only the count.
TEST(RuleExprScale, ManyItemsThroughOneReusedFacts) {
  auto rule = MustCompile("hs_code starts_with [\"8517\", \"8471\"] and origin in @high_risk_countries and "
                          "unit_value < 2.5 and not trader_aeo and \"N935\" not in documents");
  Facts f(DeclarationFields());
  const char* codes[] = {"8517120000", "8471300000", "9403100000"};
  const char* origins[] = {"CN", "KP", "DE", "US"};
  int matches = 0, expected = 0;
  for (int i = 0; i < 300000; ++i) {
    const char* code = codes[i % 3];
    const char* origin = origins[i % 4];
    double unit_value = (i % 5) * 1.0;
    bool aeo = i % 7 == 0;
    bool has_doc = i % 11 == 0;
    f.SetString(Field::kHsCode, code);
    f.SetString(Field::kOrigin, origin);
    f.SetNumber(Field::kUnitValue, unit_value);
    f.SetBool(Field::kTraderAeo, aeo);
    f.ClearSet(Slot(Field::kDocuments));
    f.AddToSet(Field::kDocuments, "Y923");
    if (has_doc) f.AddToSet(Field::kDocuments, "N935");
    matches += rule.Evaluate(f);
    expected += (i % 3 != 2) && (i % 4 < 2) && unit_value < 2.5 && !aeo && !has_doc;
  }
  EXPECT_EQ(matches, expected);
  EXPECT_GT(matches, 0);
}

TEST(RuleExprScale, OneExpressionFromManyThreads) {
  auto rule = MustCompile("origin in @high_risk_countries and customs_value > 1000 or trader_aeo");
  std::vector<int> counts(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      Facts f = Phone();
      for (int i = 0; i < 20000; ++i) {
        f.SetNumber(Field::kCustomsValue, i % 2 ? 5000 : 10);
        counts[t] += rule.Evaluate(f);
      }
    });
  for (auto& th : threads) th.join();
  for (int c : counts) EXPECT_EQ(c, 10000);
}

}  // namespace
}  // namespace oc::risk
