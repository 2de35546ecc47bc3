// Officers' corrections (POST /v1/declarations/{ref}/corrections): ParseCorrectionJson on any
// JSON, then ApplyCorrection to a fixed two-item declaration.
// Invariants:
//  - nothing throws or crashes, whatever the bytes;
//  - every error names an RFC 6901 pointer ("" or starting with '/') and a code;
//  - an applied correction changes the declaration, keeps its items and LRN, and its canonical
//    JSON parses again (the store keeps that form and later corrections re-parse it).
#include <cstdint>

#include <nlohmann/json.hpp>

#include "declaration/correction.h"
#include "declaration/parse.h"
#include "fuzz_util.h"

namespace {

oc::Declaration TwoItems() {
  oc::Declaration d;
  d.lrn = "FUZZ-1";
  d.invoice.currency = "USD";
  d.invoice.total = *oc::Decimal::Parse("1500");
  oc::GoodsItem a;
  a.seq = 1;
  a.description = "boots";
  a.commodity = {"640399", "0000"};
  a.origin = "CN";
  a.net_mass = *oc::Decimal::Parse("100");
  a.gross_mass = *oc::Decimal::Parse("110");
  a.supplementary = oc::SupplementaryQuantity{*oc::Decimal::Parse("200"), "2PR"};
  a.price = *oc::Decimal::Parse("1000");
  oc::GoodsItem b = a;
  b.seq = 2;
  b.supplementary.reset();
  b.price = *oc::Decimal::Parse("500");
  d.items = {a, b};
  return d;
}

void CheckErrors(const oc::FieldErrors& errors) {
  for (const auto& e : errors) {
    FUZZ_CHECK(e.pointer.empty() || e.pointer[0] == '/', "error pointer '" + e.pointer + "'");
    FUZZ_CHECK(!e.code.empty(), "error without a code at '" + e.pointer + "'");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nlohmann::json body = nlohmann::json::parse(oc::fuzz::Bytes(data, size), nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return 0;
  oc::ParsedCorrection parsed = oc::ParseCorrectionJson(body);
  CheckErrors(parsed.errors);
  if (!parsed.errors.empty()) return 0;
  static const oc::Declaration declared = TwoItems();
  oc::FieldErrors errors;
  auto corrected = oc::ApplyCorrection(declared, parsed.correction, &errors);
  CheckErrors(errors);
  if (!corrected.ok()) {
    FUZZ_CHECK(!errors.empty(), "a refused correction without field errors");
    return 0;
  }
  FUZZ_CHECK(corrected->items.size() == declared.items.size() && corrected->lrn == declared.lrn,
             "a correction changed the items or the LRN");
  std::string canonical = oc::CanonicalJson(corrected.value());
  FUZZ_CHECK(canonical != oc::CanonicalJson(declared), "an accepted correction changed nothing");
  auto again = oc::ParseDeclarationText(canonical);
  FUZZ_CHECK(again.ok(), "corrected canonical JSON does not parse: " + again.status().ToString());
  return 0;
}
