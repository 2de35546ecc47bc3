#include "api/request_util.h"

#include "api/localise.h"

#include "common/dates.h"
#include "common/encoding.h"
#include "declaration/parse.h"

namespace oc::api {

using nlohmann::json;

// Parses a JSON request body that must be an object; 400 problems otherwise.
Result<json> ParseBodyObject(const HttpRequest& req) {
  if (req.body.empty()) return Status::Invalid("bad_request", "a JSON body is required");
  if (!IsValidUtf8(req.body)) return Status::Invalid("invalid_utf8", "the body is not valid UTF-8");
  json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded()) return Status::Invalid("malformed_json", "the body is not valid JSON");
  if (!j.is_object()) return Status::Invalid("not_an_object", "the body must be a JSON object");
  return j;
}

// Reads an optional string member of a small request object; Invalid on the wrong type.
Result<std::string> OptString(const json& j, const char* key, size_t max_len) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::string();
  if (!it->is_string()) return Status::Invalid("wrong_type", std::string("'") + key + "' must be a string");
  std::string s = it->get<std::string>();
  if (s.size() > max_len)
    return Status::Invalid("invalid_parameter", std::string("'") + key + "' is longer than " + std::to_string(max_len));
  return s;
}

Status RejectUnknownKeys(const json& j, std::initializer_list<const char*> allowed) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool ok = false;
    for (const char* a : allowed) if (it.key() == a) ok = true;
    if (!ok) return Status::Invalid("unknown_field", "unknown element '" + it.key() + "'");
  }
  return Status::Ok();
}

Result<int> IntParam(const HttpRequest& req, const char* name, int def, int min, int max) {
  std::string v = req.Query(name);
  if (v.empty()) return def;
  if (!IsDigits(v, 1, 9)) return Status::Invalid("invalid_parameter", std::string("'") + name + "' must be a whole number");
  int n = std::stoi(v);
  if (n < min || n > max)
    return Status::Invalid("invalid_parameter", std::string("'") + name + "' must be between " + std::to_string(min) +
                                                    " and " + std::to_string(max));
  return n;
}

Result<std::unordered_map<std::string, std::string>> StringFields(const HttpRequest& req,
                                                                  std::initializer_list<const char*> allowed,
                                                                  std::initializer_list<const char*> required) {
  if (!IsValidUtf8(req.body)) return Status::Invalid("invalid_utf8", "the body is not valid UTF-8");
  json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded()) return Status::Invalid("malformed_json", "the body is not valid JSON");
  if (!j.is_object()) return Status::Invalid("not_an_object", "the body must be a JSON object");
  std::unordered_map<std::string, std::string> out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool known = false;
    for (const char* a : allowed) if (it.key() == a) known = true;
    if (!known) return Status::Invalid("unknown_field", "unknown element '" + it.key() + "'");
    if (it->is_null()) continue;
    if (!it->is_string()) return Status::Invalid("wrong_type", "'" + it.key() + "' must be a string");
    out[it.key()] = it->get<std::string>();
  }
  for (const char* r : required)
    if (out[r].empty()) return Status::Invalid("required", std::string("'") + r + "' is required");
  return out;
}

std::string TimestampOrEmpty(int64_t ms) { return ms ? FormatTimestamp(ms) : std::string(); }

nlohmann::json MessageJson(const Message& m, std::string_view lang) {
  nlohmann::json params = nlohmann::json::object();
  for (const auto& [k, v] : m.params) params[k] = v;
  return {{"code", m.code}, {"params", std::move(params)}, {"message", LocalisedText(m, lang)}};
}

nlohmann::json MessagesJson(const std::vector<Message>& ms, std::string_view lang) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : ms) out.push_back(MessageJson(m, lang));
  return out;
}

}  // namespace oc::api
