// RFC 9457 problem details (application/problem+json) and Status -> HTTP mapping.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "api/http_types.h"
#include "common/status.h"
#include "declaration/field_error.h"

namespace oc::api {

// {"type": "urn:opencustoms:problem:<code>", "title", "status", "detail", "code", ...extra}
HttpResponse ProblemResponse(int status, const std::string& code, const std::string& title, const std::string& detail,
                             nlohmann::json extra = nlohmann::json::object());
// Maps a Status to its HTTP status and problem body; `errors` are listed under "errors".
HttpResponse StatusResponse(const Status& st, const FieldErrors& errors = {}, nlohmann::json extra = nlohmann::json::object());
int HttpStatusFor(const Status& st);
HttpResponse JsonResponse(int status, const nlohmann::json& body);
nlohmann::json FieldErrorsJson(const FieldErrors& errors);

}  // namespace oc::api
