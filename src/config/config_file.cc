#include "config/config_file.h"

// Header-only and without exceptions: parse errors come back as values (this file is kept out of
// unity batches so that the settings stay its own).
#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 0
#include <toml++/toml.h>

#include <cctype>
#include <sstream>

namespace oc::config {
namespace {

// toml++ 3.3 (Debian 12) reaches undefined behaviour (an unreachable switch default in its
// whitespace table) when it asks whether U+00A1..U+0499 (Latin-1, Greek, Cyrillic) or
// U+FB26..U+FEFE is whitespace, which it does for characters inside values and strings alike
// (found by fuzz/fuzz_config.cc). While it parses, those characters are moved to the Private Use
// Area (U+E000.., which its table answers), and moved back in what it returns.
constexpr char32_t kLowFirst = 0xA1, kLowLast = 0x499, kHighFirst = 0xFB26, kHighLast = 0xFEFE;
constexpr char32_t kMovedLow = 0xE000, kMovedHigh = 0xE400, kMovedEnd = 0xE800;

void AppendUtf8(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Rewrites each well-formed UTF-8 character through `map`; other bytes pass unchanged (the
// parser reports them).
template <class Map>
std::string MapCodepoints(std::string_view text, Map map) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (size_t i = 0; i < text.size();) {
    unsigned char b = static_cast<unsigned char>(text[i]);
    size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    bool whole = n > 1 && i + n <= text.size();
    for (size_t k = 1; whole && k < n; ++k) whole = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    if (!whole) {
      out += text[i++];
      continue;
    }
    char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (size_t k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    AppendUtf8(map(c), out);
    i += n;
  }
  return out;
}

char32_t MoveAway(char32_t c) {
  if (c >= kLowFirst && c <= kLowLast) return kMovedLow + (c - kLowFirst);
  if (c >= kHighFirst && c <= kHighLast) return kMovedHigh + (c - kHighFirst);
  return c;
}

char32_t MoveBack(char32_t c) {
  if (c >= kMovedLow && c <= kMovedLow + (kLowLast - kLowFirst)) return kLowFirst + (c - kMovedLow);
  if (c >= kMovedHigh && c <= kMovedHigh + (kHighLast - kHighFirst)) return kHighFirst + (c - kMovedHigh);
  return c;
}

std::string Restored(std::string_view text) { return MapCodepoints(text, MoveBack); }


// A scalar as the command line would spell it; false when the node is not a scalar.
bool ScalarText(const toml::node& node, std::string& out) {
  if (auto s = node.value_exact<std::string>()) { out = Restored(*s); return true; }
  if (auto b = node.value_exact<bool>()) { out = *b ? "true" : "false"; return true; }
  if (auto i = node.value_exact<int64_t>()) { out = std::to_string(*i); return true; }
  if (auto d = node.value_exact<double>()) {
    std::ostringstream ss;
    ss.precision(17);
    ss << *d;
    out = ss.str();
    return true;
  }
  return false;
}

std::string Where(const toml::node& node, const std::string& source) {
  const auto& at = node.source().begin;
  return source + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

Status Flatten(const toml::table& table, const std::string& prefix, const std::string& source, Settings& out) {
  for (const auto& [key, node] : table) {
    if (key.str().empty()) return Status::Invalid("bad_config", Where(node, source) + ": a setting without a name");
    std::string name = prefix + Restored(key.str());
    for (char& c : name)
      if (c == '_') c = '-';
    if (const toml::table* nested = node.as_table()) {
      if (Status st = Flatten(*nested, name + ".", source, out); !st.ok()) return st;
      continue;
    }
    std::vector<std::string> values;
    std::string text;
    if (const toml::array* array = node.as_array()) {
      for (const toml::node& element : *array) {
        if (!ScalarText(element, text))
          return Status::Invalid("bad_config", Where(element, source) + ": '" + name +
                                                   "' must be a list of strings, numbers or booleans");
        values.push_back(text);
      }
    } else if (ScalarText(node, text)) {
      values.push_back(text);
    } else {
      return Status::Invalid("bad_config", Where(node, source) + ": '" + name +
                                               "' must be a string, number, boolean or a list of them");
    }
    if (!out.emplace(name, std::move(values)).second)
      return Status::Invalid("bad_config", Where(node, source) + ": '" + name + "' is set twice");
  }
  return Status::Ok();
}


}  // namespace

Result<Settings> ParseSettings(std::string_view text, const std::string& source) {
  bool reserved = false;
  MapCodepoints(text, [&reserved](char32_t c) {
    reserved = reserved || (c >= kMovedLow && c < kMovedEnd);
    return c;
  });
  if (reserved)
    return Status::Invalid("bad_config", source + ": private-use characters U+E000..U+E7FF are not accepted");
  std::string moved = MapCodepoints(text, MoveAway);
  toml::parse_result parsed = toml::parse(moved, source);
  if (!parsed) {
    const toml::parse_error& err = parsed.error();
    return Status::Invalid("bad_config", source + ":" + std::to_string(err.source().begin.line) + ":" +
                                             std::to_string(err.source().begin.column) + ": " +
                                             Restored(err.description()));
  }
  Settings out;
  if (Status st = Flatten(parsed.table(), "", source, out); !st.ok()) return st;
  return out;
}

std::string EnvironmentName(const std::string& setting) {
  std::string name = "OC_";
  for (char c : setting) name += (c == '-' || c == '.') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

std::vector<std::string> SplitList(std::string_view value) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= value.size()) {
    size_t comma = value.find(',', start);
    if (comma == std::string_view::npos) comma = value.size();
    std::string_view part = value.substr(start, comma - start);
    while (!part.empty() && std::isspace(static_cast<unsigned char>(part.front()))) part.remove_prefix(1);
    while (!part.empty() && std::isspace(static_cast<unsigned char>(part.back()))) part.remove_suffix(1);
    if (!part.empty()) out.emplace_back(part);
    start = comma + 1;
  }
  return out;
}

}  // namespace oc::config
