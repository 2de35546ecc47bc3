// RFC 8785 canonicalisation of untrusted JSON (ledger entries hash the canonical bytes, and a
// partner's or an auditor's code re-canonicalises them): Canonicalize, and EcmaScriptNumber on
// the first eight input bytes read as a double.
// Invariants (jcs.h):
//  - Canonicalize never throws or crashes; it fails only with "not_canonicalizable";
//  - its output is JSON, and canonicalising that JSON again gives the same bytes;
//  - EcmaScriptNumber prints every finite double so that it reads back as the same double.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "fuzz_util.h"
#include "ledger/jcs.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size >= sizeof(double)) {
    double v;
    std::memcpy(&v, data, sizeof v);
    if (std::isfinite(v)) {
      std::string text = oc::ledger::EcmaScriptNumber(v);
      double back = std::strtod(text.c_str(), nullptr);
      FUZZ_CHECK(back == v, "EcmaScriptNumber(" + std::to_string(v) + ") = " + text + " reads back differently");
    }
  }
  auto value = nlohmann::json::parse(oc::fuzz::Bytes(data, size), nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return 0;
  auto canonical = oc::ledger::Canonicalize(value);
  if (!canonical.ok()) {
    FUZZ_CHECK(canonical.status().code() == "not_canonicalizable", canonical.status().ToString());
    return 0;
  }
  auto reparsed = nlohmann::json::parse(canonical.value(), nullptr, false);
  FUZZ_CHECK(!reparsed.is_discarded(), "canonical output is not JSON: " + canonical.value());
  auto again = oc::ledger::Canonicalize(reparsed);
  FUZZ_CHECK(again.ok(), "canonical output cannot be canonicalised again: " + again.status().ToString() + "\n" +
                             canonical.value());
  FUZZ_CHECK(again.value() == canonical.value(), "canonical output is not a fixed point:\n" + canonical.value() + "\n" +
                                                     again.value());
  return 0;
}
