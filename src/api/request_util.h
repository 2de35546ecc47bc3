// Small helpers every route uses to read requests: JSON bodies, members and query parameters,
// each failing with a Status that maps to a 400 problem naming what is wrong.
#pragma once

#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

#include "api/http_types.h"
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

}  // namespace oc::api
