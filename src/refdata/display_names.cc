#include "refdata/display_names.h"

#include <unicode/locid.h>
#include <unicode/ucurr.h>
#include <unicode/unistr.h>

namespace oc {

std::string CountryDisplayName(std::string_view alpha2, std::string_view language) {
  std::string code(alpha2), lang(language);
  icu::Locale region("", code.c_str());
  icu::UnicodeString name;
  region.getDisplayCountry(icu::Locale(lang.c_str()), name);
  std::string out;
  name.toUTF8String(out);
  return out == code ? std::string() : out;  // ICU answers the code itself when it knows no name
}

std::string CurrencyDisplayName(std::string_view alpha3, std::string_view language) {
  if (alpha3.size() != 3) return {};
  UChar iso[4] = {static_cast<UChar>(alpha3[0]), static_cast<UChar>(alpha3[1]), static_cast<UChar>(alpha3[2]), 0};
  std::string lang(language);
  UErrorCode status = U_ZERO_ERROR;
  UBool is_choice = false;
  int32_t length = 0;
  const UChar* name = ucurr_getName(iso, lang.c_str(), UCURR_LONG_NAME, &is_choice, &length, &status);
  if (U_FAILURE(status) || name == nullptr) return {};
  std::string out;
  icu::UnicodeString(name, length).toUTF8String(out);
  return out == std::string(alpha3) ? std::string() : out;
}

}  // namespace oc
