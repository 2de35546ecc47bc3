// Names of countries and currencies in the user's language, from ICU's locale data (CLDR), so the
// code lists need no translation files of their own: "UZ" is "Uzbekistan", "Узбекистан",
// "Oʻzbekiston".
//
// Thread-safe (ICU's display-name lookups are); nothing is cached here.
#pragma once

#include <string>
#include <string_view>

namespace oc {

// The country's name in `language` (an ISO 639-1 code: "en", "ru", "uz"); "" when ICU has none.
std::string CountryDisplayName(std::string_view alpha2, std::string_view language);
// The currency's name in `language`; "" when ICU has none.
std::string CurrencyDisplayName(std::string_view alpha3, std::string_view language);

}  // namespace oc
