// The scalar parsers every document parser relies on for outside text: decimals
// (Decimal::Parse: amounts, masses, rates) and calendar dates (ParseIsoDate).
// Invariants (decimal.h, dates.h):
//  - Decimal::Parse(d.ToString()) gives d back, and ToString is canonical (a fixed point);
//  - ToFixed(p) differs from the value by at most half a unit of its last place, and parses
//    unless rounding carried it to 10^24, one digit more than Parse reads;
//  - a parsed date formats back to the input (ParseIsoDate accepts only canonical dates).
#include <algorithm>
#include <cstdint>

#include "common/dates.h"
#include "common/decimal.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = oc::fuzz::Bytes(data, size);
  if (auto d = oc::Decimal::Parse(text)) {
    std::string s = d->ToString();
    auto back = oc::Decimal::Parse(s);
    FUZZ_CHECK(back && *back == *d, "Decimal " + std::string(text) + " prints as " + s + ", which reads differently");
    FUZZ_CHECK(back->ToString() == s, "Decimal::ToString is not canonical: " + s);
    __int128 step = 1;
    for (int places = oc::Decimal::kScale; places >= 0; --places, step *= 10) {
      std::string text_fixed = d->ToFixed(places);
      auto fixed = oc::Decimal::Parse(text_fixed);
      size_t sign = text_fixed[0] == '-' ? 1 : 0;
      size_t int_digits = std::min(text_fixed.find('.'), text_fixed.size()) - sign;
      if (!fixed && int_digits == 25) continue;
      FUZZ_CHECK(fixed.has_value(), "ToFixed(" + std::to_string(places) + ") of " + s + " does not parse");
      __int128 diff = fixed->units() - d->units();
      if (diff < 0) diff = -diff;
      FUZZ_CHECK(diff * 2 <= step, "ToFixed(" + std::to_string(places) + ") of " + s + " is off");
    }
  }
  if (auto day = oc::ParseIsoDate(text))
    FUZZ_CHECK(oc::FormatIsoDate(*day) == text, "date " + std::string(text) + " formats as " + oc::FormatIsoDate(*day));
  return 0;
}
