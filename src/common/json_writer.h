// JsonWriter: appends compact JSON to a string in the order it is called, for documents written
// on hot paths (the canonical form of every lodged declaration) where building an nlohmann tree
// first would cost more than the rest of the request. Strings that need escaping are escaped by
// nlohmann::json, so the escaping rules are the library's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace oc {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  JsonWriter& BeginObject() { Sep(); out_.push_back('{'); first_ = true; return *this; }
  JsonWriter& EndObject() { out_.push_back('}'); first_ = false; return *this; }
  JsonWriter& BeginArray() { Sep(); out_.push_back('['); first_ = true; return *this; }
  JsonWriter& EndArray() { out_.push_back(']'); first_ = false; return *this; }
  // Writes "key": — the next value call supplies the value.
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  // The shortest text that reads back as the same double; null when not finite.
  JsonWriter& Double(double value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // A value that is already JSON text (not checked).
  JsonWriter& Raw(std::string_view json);
  // Convenience: "key": "value" / "key": n, and the same only when value is non-empty.
  JsonWriter& Field(std::string_view key, std::string_view value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, int64_t value) { return Key(key).Int(value); }
  JsonWriter& Field(std::string_view key, int value) { return Key(key).Int(value); }
  JsonWriter& Field(std::string_view key, double value) { return Key(key).Double(value); }
  JsonWriter& Field(std::string_view key, bool value) { return Key(key).Bool(value); }
  JsonWriter& Field(std::string_view key, const char* value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, const std::string& value) { return Key(key).String(value); }
  JsonWriter& FieldIf(std::string_view key, std::string_view value) {
    if (!value.empty()) Field(key, value);
    return *this;
  }

 private:
  void Sep() {
    if (after_key_) { after_key_ = false; return; }
    if (!first_) out_.push_back(',');
    first_ = false;
  }
  void AppendQuoted(std::string_view s);
  std::string& out_;
  bool first_ = true;
  bool after_key_ = false;
};

}  // namespace oc
