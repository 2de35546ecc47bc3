#include "ledger/jcs.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

namespace oc::ledger {

namespace {

// UTF-8 → UTF-16 code units, for ordering member names as RFC 8785 §3.2.3 requires (code-point
// order differs from it only above U+FFFF against U+E000–U+FFFF).
std::u16string Utf16(const std::string& s) {
  std::u16string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    uint32_t cp = c;
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (extra) cp = c & (0x3F >> extra);
    for (int k = 1; k <= extra && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += 1 + extra;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
  return out;
}

void String(const std::string& s, std::string& out) {
  out.push_back('"');
  // Runs of characters that need no escape are copied at once (most of every entry).
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s, run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        }
    }
  }
  out.append(s, run, s.size() - run);
  out.push_back('"');
}

Status Write(const nlohmann::json& v, std::string& out) {
  using T = nlohmann::json::value_t;
  switch (v.type()) {
    case T::null: out += "null"; return Status::Ok();
    case T::boolean: out += v.get<bool>() ? "true" : "false"; return Status::Ok();
    case T::string: String(v.get_ref<const std::string&>(), out); return Status::Ok();
    case T::number_integer:
    case T::number_unsigned: {
      // The RFC reads numbers as doubles. Below 2^53 every integer is one; beyond, only those
      // whose double prints back as the same digits: a float such as 1e19 canonicalises to
      // "10000000000000000000", which the JSON reader then gives back as an integer.
      constexpr uint64_t kExact = uint64_t{1} << 53;
      bool exact = v.is_number_unsigned() ? v.get<uint64_t>() <= kExact
                                          : (v.get<int64_t>() <= static_cast<int64_t>(kExact) &&
                                             v.get<int64_t>() >= -static_cast<int64_t>(kExact));
      std::string digits = v.dump();
      double as_double = v.is_number_unsigned() ? static_cast<double>(v.get<uint64_t>())
                                                : static_cast<double>(v.get<int64_t>());
      if (!exact && EcmaScriptNumber(as_double) != digits)
        return Status::Invalid("not_canonicalizable", "the integer " + digits + " changes when read as a double");
      out += digits;
      return Status::Ok();
    }
    case T::number_float: {
      double d = v.get<double>();
      if (!std::isfinite(d)) return Status::Invalid("not_canonicalizable", "JSON has no NaN or infinite numbers");
      out += EcmaScriptNumber(d);
      return Status::Ok();
    }
    case T::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v) {
        if (!first) out.push_back(',');
        first = false;
        if (Status st = Write(e, out); !st.ok()) return st;
      }
      out.push_back(']');
      return Status::Ok();
    }
    case T::object: {
      // nlohmann keeps members in UTF-8 byte order, which is code-point order: the same as UTF-16
      // order unless a name has a character from U+E000 up (UTF-8 lead byte 0xEE or more). Only
      // then are the names re-sorted by their UTF-16 code units.
      bool reorder = false;
      for (auto it = v.begin(); it != v.end() && !reorder; ++it)
        for (unsigned char c : it.key())
          if (c >= 0xEE) { reorder = true; break; }
      std::vector<std::pair<std::u16string, nlohmann::json::const_iterator>> members;
      for (auto it = v.begin(); it != v.end(); ++it) members.emplace_back(reorder ? Utf16(it.key()) : std::u16string(), it);
      if (reorder)
        std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      out.push_back('{');
      bool first = true;
      for (const auto& [sort_key, it] : members) {
        if (!first) out.push_back(',');
        first = false;
        String(it.key(), out);
        out.push_back(':');
        if (Status st = Write(it.value(), out); !st.ok()) return st;
      }
      out.push_back('}');
      return Status::Ok();
    }
    case T::binary:
    case T::discarded: return Status::Invalid("not_canonicalizable", "not a JSON value");
  }
  return Status::Invalid("not_canonicalizable", "not a JSON value");
}

}  // namespace

std::string EcmaScriptNumber(double v) {
  if (v == 0) return "0";  // and -0
  // Shortest round-trip digits in scientific form: "d.ddde±x".
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string sci(buf, end);
  bool negative = sci[0] == '-';
  if (negative) sci.erase(0, 1);
  size_t e = sci.find('e');
  std::string digits = sci.substr(0, e);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  int exponent = std::stoi(sci.substr(e + 1));
  int k = static_cast<int>(digits.size());
  int n = exponent + 1;  // the value is 0.digits × 10^n
  std::string out = negative ? "-" : "";
  if (k <= n && n <= 21) {
    out += digits + std::string(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<size_t>(n)) + "." + digits.substr(static_cast<size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0." + std::string(static_cast<size_t>(-n), '0') + digits;
  } else {
    out += digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += "e";
    out += n - 1 >= 0 ? "+" : "-";
    out += std::to_string(std::abs(n - 1));
  }
  return out;
}

Result<std::string> Canonicalize(const nlohmann::json& value) {
  std::string out;
  if (Status st = Write(value, out); !st.ok()) return st;
  return out;
}

}  // namespace oc::ledger
