// The Accept-Language header of every API request (api/localise.h): any bytes give one of the
// three languages, and a coded message worded in it has every placeholder filled.
#include <cstdint>

#include "api/localise.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string lang = oc::api::PreferredLanguage(oc::fuzz::Bytes(data, size));
  FUZZ_CHECK(lang == "en" || lang == "ru" || lang == "uz", "language '" + lang + "'");
  oc::Message m{"guarantee_short", {{"guarantee", std::string(oc::fuzz::Bytes(data, size))}, {"secured", "1"},
                                    {"required", "2"}, {"currency", "UZS"}}, "english"};
  std::string text = oc::api::LocalisedText(m, lang);
  FUZZ_CHECK(lang == "en" ? text == "english" : text.find("{secured}") == std::string::npos, "unfilled: " + text);
  return 0;
}
