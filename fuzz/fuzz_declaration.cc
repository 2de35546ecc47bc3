// Declaration JSON as lodged (POST /v1/declarations): ParseDeclarationText, then, for a document
// that parses cleanly, validation against the real reference data and the canonical form.
// Invariants:
//  - the parser never throws or crashes, whatever the bytes;
//  - every error names an RFC 6901 pointer ("" or starting with '/') and a code;
//  - the canonical JSON of a clean parse parses cleanly again and is a fixed point: the store
//    keeps declarations in that form and amendments re-parse it (clearance_service.cc).
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "common/dates.h"
#include "declaration/declaration.h"
#include "declaration/parse.h"
#include "declaration/validate.h"
#include "fuzz_util.h"
#include "refdata/reference_data.h"

namespace {

std::shared_ptr<const oc::ReferenceData> g_ref;

void CheckErrors(const oc::FieldErrors& errors) {
  for (const auto& e : errors) {
    FUZZ_CHECK(e.pointer.empty() || e.pointer[0] == '/', "error pointer '" + e.pointer + "'");
    FUZZ_CHECK(!e.code.empty(), "error without a code at '" + e.pointer + "'");
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  auto ref = oc::ReferenceData::Load(oc::DefaultReferenceDir());
  if (!ref.ok()) {
    std::fprintf(stderr, "fuzz_declaration: reference data: %s\n", ref.status().ToString().c_str());
    std::abort();
  }
  g_ref = ref.value();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parsed = oc::ParseDeclarationText(oc::fuzz::Bytes(data, size));
  if (!parsed.ok()) {
    FUZZ_CHECK(!parsed.status().code().empty(), "a parse failure without a code");
    return 0;
  }
  CheckErrors(parsed->errors);
  if (!parsed->errors.empty()) return 0;

  const oc::Declaration& d = parsed->declaration;
  oc::ValidationPolicy policy;
  policy.today_days = *oc::ParseIsoDate("2026-06-01");
  oc::FieldErrors semantic;
  oc::ValidateDeclaration(d, *g_ref, policy, semantic);
  CheckErrors(semantic);
  (void)oc::SearchText(d);

  std::string canonical = oc::CanonicalJson(d);
  auto again = oc::ParseDeclarationText(canonical);
  FUZZ_CHECK(again.ok(), "canonical JSON does not parse: " + again.status().ToString() + "\n" + canonical);
  std::string first_error = again->errors.empty() ? "" : again->errors[0].pointer + " " + again->errors[0].code;
  FUZZ_CHECK(again->errors.empty(), "canonical JSON has errors: " + first_error + "\n" + canonical);
  FUZZ_CHECK(oc::CanonicalJson(again->declaration) == canonical, "canonical JSON is not a fixed point\n" + canonical);
  return 0;
}
