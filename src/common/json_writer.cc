#include "common/json_writer.h"

#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

namespace oc {

void JsonWriter::AppendQuoted(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == '"' || c == '\\') {
      // Rare in customs data: let the library apply the JSON escaping rules. UTF-8 passes through
      // unescaped on both paths (nlohmann::json::dump does not escape non-ASCII).
      out_ += nlohmann::json(std::string(s)).dump();
      return;
    }
  }
  out_.push_back('"');
  out_.append(s);
  out_.push_back('"');
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  Sep();
  AppendQuoted(key);
  out_.push_back(':');
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  Sep();
  AppendQuoted(value);
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t value) {
  Sep();
  out_ += std::to_string(value);
  return *this;
}

JsonWriter& JsonWriter::Double(double value) {
  Sep();
  if (!std::isfinite(value)) {
    out_ += "null";
    return *this;
  }
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, value);
  out_.append(buf, r.ptr);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  Sep();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::Null() {
  Sep();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::Raw(std::string_view json) {
  Sep();
  out_.append(json);
  return *this;
}

}  // namespace oc
