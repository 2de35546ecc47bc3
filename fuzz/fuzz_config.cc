// The server's configuration file (`serve --config FILE`, config/config_file.h).
// Invariants:
//  - ParseSettings neither throws nor crashes; an error is "bad_config" and names the source;
//  - every setting has a non-empty name without underscores (read as dashes) and at least one
//    value unless it is an empty list;
//  - the settings written back as TOML (quoted keys, lists of strings) parse to the same settings;
//  - SplitList never yields an empty or blank-edged element.
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <string>

#include "config/config_file.h"
#include "fuzz_util.h"

namespace {

std::string Quoted(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = oc::fuzz::Bytes(data, size);
  auto parsed = oc::config::ParseSettings(text, "fuzz.toml");
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.status().code() == "bad_config", "error code " + parsed.status().code());
    FUZZ_CHECK(parsed.status().message().rfind("fuzz.toml", 0) == 0, "the error does not name the source");
  } else {
    std::string again;
    for (const auto& [name, values] : parsed.value()) {
      FUZZ_CHECK(!name.empty(), "empty setting name");
      FUZZ_CHECK(name.find('_') == std::string::npos, "underscore in " + name);
      again += Quoted(name) + " = [";
      for (size_t i = 0; i < values.size(); ++i) again += (i ? ", " : "") + Quoted(values[i]);
      again += "]\n";
    }
    auto reparsed = oc::config::ParseSettings(again, "again.toml");
    FUZZ_CHECK(reparsed.ok(), "written back, the settings do not parse: " + reparsed.status().message() + "\n" + again);
    FUZZ_CHECK(reparsed.value() == parsed.value(), "written back, the settings differ:\n" + again);
  }
  for (const auto& part : oc::config::SplitList(text)) {
    FUZZ_CHECK(!part.empty(), "empty list element");
    FUZZ_CHECK(!std::isspace(static_cast<unsigned char>(part.front())) && !std::isspace(static_cast<unsigned char>(part.back())),
               "blank-edged list element");
  }
  return 0;
}
