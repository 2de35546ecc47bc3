// Small helpers every route uses to read requests: JSON bodies, members and query parameters,
// each failing with a Status that maps to a 400 problem naming what is wrong.
#pragma once

#include <initializer_list>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/http_types.h"
#include "api/problem.h"
#include "common/message.h"
#include "common/status.h"

namespace oc::api {

// The body as a JSON object; Invalid(bad_request | invalid_utf8 | malformed_json | not_an_object).
Result<nlohmann::json> ParseBodyObject(const HttpRequest& req);
// An optional string member ("" when absent or null); Invalid on the wrong type or length.
Result<std::string> OptString(const nlohmann::json& j, const char* key, size_t max_len);
// Invalid("unknown_field") naming the first member not in `allowed`.
Status RejectUnknownKeys(const nlohmann::json& j, std::initializer_list<const char*> allowed);
// An integer query parameter in [min, max], `def` when absent.
Result<int> IntParam(const HttpRequest& req, const char* name, int def, int min, int max);
// A small JSON object body with string members only (null counts as absent); unknown members
// are refused, and each of `required` must be a non-empty string. Invalid otherwise.
Result<std::unordered_map<std::string, std::string>> StringFields(const HttpRequest& req,
                                                                  std::initializer_list<const char*> allowed,
                                                                  std::initializer_list<const char*> required);
// An RFC 3339 timestamp of `ms`, "" for 0 (a time that has not come yet: settled, approved...).
std::string TimestampOrEmpty(int64_t ms);

// {"code", "params": {...}, "message"} of a generated text: clients word the code in their
// user's language and fall back to the English message.
// `message` is in `lang` where the code has a wording in it (api/localise.h).
nlohmann::json MessageJson(const Message& m, std::string_view lang = "en");
nlohmann::json MessagesJson(const std::vector<Message>& ms, std::string_view lang = "en");

// {"items": [...]} of a list, or its problem.
template <typename T, typename ToJson>
void RespondList(const Respond& respond, const Result<std::vector<T>>& list, ToJson to_json) {
  if (!list.ok()) return respond(StatusResponse(list.status()));
  nlohmann::json items = nlohmann::json::array();
  for (const auto& x : list.value()) items.push_back(to_json(x));
  respond(JsonResponse(200, {{"items", items}}));
}

// One resource as JSON with `status`, or its problem.
template <typename T, typename ToJson>
void RespondOne(const Respond& respond, const Result<T>& r, ToJson to_json, int status = 200) {
  if (!r.ok()) return respond(StatusResponse(r.status()));
  respond(JsonResponse(status, to_json(r.value())));
}

}  // namespace oc::api
