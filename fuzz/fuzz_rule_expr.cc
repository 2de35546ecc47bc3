// Selectivity expressions as risk officers type them (POST /v1/risk/criteria, backtests):
// CompileExpr against the declaration fields and a few named lists, then evaluation.
// Invariants (rule_expr.h):
//  - compiling never crashes, recurses without bound or throws; a failure has a message and a
//    position inside the text;
//  - the canonical text compiles to the same canonical text, reads the same fields and gives
//    the same result on every record: criteria are stored in canonical form and recompiled
//    from it whenever the risk engine reloads;
//  - a constant expression evaluates to its constant value on any record.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "fuzz_util.h"
#include "risk/rule_expr.h"

namespace {

using oc::risk::Facts;
using oc::risk::Field;

const oc::risk::ListCatalog& Lists() {
  static const oc::risk::ListCatalog* lists = [] {
    auto* l = new oc::risk::ListCatalog();
    (void)l->Set("high_risk_countries", {"AF", "IR", "KP", "SY"});
    (void)l->Set("sensitive_hs", {"2402", "8471", "8517", "871"});
    (void)l->Set("empty", {});
    return l;
  }();
  return *lists;
}

// Records that make comparisons go both ways: nothing known, typical values, edge values.
const std::vector<Facts>& Records() {
  static const std::vector<Facts>* records = [] {
    const auto& fields = oc::risk::DeclarationFields();
    auto* r = new std::vector<Facts>(3, Facts(fields));
    Facts& typical = (*r)[1];
    typical.SetString(Field::kHsCode, "8517120000");
    typical.SetString(Field::kChapter, "85");
    typical.SetString(Field::kOrigin, "AF");
    typical.SetString(Field::kImporter, "301234567");
    typical.SetString(Field::kCurrency, "USD");
    typical.SetNumber(Field::kCustomsValue, 50000000);
    typical.SetNumber(Field::kUnitValue, 2.5);
    typical.SetNumber(Field::kModelScore, 0.8);
    typical.SetNumber(Field::kItemCount, 3);
    typical.SetBool(Field::kTraderAeo, true);
    typical.SetSet(Field::kDocuments, {"N380", "Y900"});
    Facts& edge = (*r)[2];
    for (int slot = 0; slot < fields.size(); ++slot) {
      edge.SetNumber(slot, slot % 2 ? -0.0 : 1e300);
      edge.SetString(slot, slot % 2 ? "" : "\"\\ x");
      edge.AddToSet(slot, "");
    }
    edge.SetNumber(Field::kNetMass, std::nan(""));
    return r;
  }();
  return *records;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& fields = oc::risk::DeclarationFields();
  std::string_view text = oc::fuzz::Bytes(data, size);
  oc::risk::ExprError error;
  auto expr = oc::risk::CompileExpr(text, fields, Lists(), &error);
  if (!expr.ok()) {
    FUZZ_CHECK(!error.message.empty(), "a compile error without a message");
    FUZZ_CHECK(error.position >= 0 && static_cast<size_t>(error.position) <= std::max<size_t>(size, oc::risk::kMaxExprBytes),
               "error position " + std::to_string(error.position) + " outside the text");
    return 0;
  }
  for (int slot : expr->FieldsUsed()) FUZZ_CHECK(slot >= 0 && slot < fields.size(), "field slot out of range");

  const std::string& canonical = expr->Canonical();
  auto again = oc::risk::CompileExpr(canonical, fields, Lists(), &error);
  FUZZ_CHECK(again.ok(), "the canonical text does not compile: " + error.message + "\n" + canonical);
  FUZZ_CHECK(again->Canonical() == canonical, "canonical text is not a fixed point:\n" + canonical + "\n" + again->Canonical());
  FUZZ_CHECK(again->FieldsUsed() == expr->FieldsUsed(), "the canonical text reads other fields\n" + canonical);
  bool value = false, value_again = false;
  bool constant = expr->IsConstant(&value);
  FUZZ_CHECK(again->IsConstant(&value_again) == constant && value_again == value,
             "the canonical text is constant differently\n" + canonical);
  for (const Facts& record : Records()) {
    bool result = expr->Evaluate(record);
    FUZZ_CHECK(again->Evaluate(record) == result, "the canonical text evaluates differently\n" + canonical);
    if (constant) FUZZ_CHECK(result == value, "a constant expression's result depends on the record\n" + canonical);
  }
  return 0;
}
