#include "api/problem.h"

namespace oc::api {

nlohmann::json FieldErrorsJson(const FieldErrors& errors) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& e : errors) arr.push_back({{"pointer", e.pointer}, {"code", e.code}, {"message", e.message}});
  return arr;
}

HttpResponse ProblemResponse(int status, const std::string& code, const std::string& title, const std::string& detail,
                             nlohmann::json extra) {
  nlohmann::json body = {{"type", "urn:opencustoms:problem:" + code},
                         {"title", title},
                         {"status", status},
                         {"detail", detail},
                         {"code", code}};
  for (auto it = extra.begin(); it != extra.end(); ++it) body[it.key()] = it.value();
  HttpResponse r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (status == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer");
  return r;
}

int HttpStatusFor(const Status& st) {
  switch (st.kind()) {
    case StatusKind::kOk: return 200;
    case StatusKind::kInvalid: {
      const std::string& c = st.code();
      // Malformed requests are 400; well-formed documents that break the rules are 422.
      if (c == "malformed_json" || c == "invalid_utf8" || c == "not_an_object" || c == "bad_request" ||
          c == "invalid_parameter" || c == "wrong_type" || c == "unknown_field" || c == "invalid_confirmation" ||
          c == "invalid_bundle")
        return 400;
      return 422;
    }
    case StatusKind::kNotFound: return 404;
    case StatusKind::kConflict: return 409;
    case StatusKind::kForbidden: return 403;
    case StatusKind::kUnauthorized: return 401;
    case StatusKind::kUnavailable: return 503;
    case StatusKind::kInternal: return 500;
    case StatusKind::kTooManyRequests: return 429;
  }
  return 500;
}

HttpResponse StatusResponse(const Status& st, const FieldErrors& errors, nlohmann::json extra) {
  static const char* kTitles[] = {"OK", "Invalid request", "Not found", "Conflict", "Forbidden",
                                  "Authentication required", "Service unavailable", "Internal error", "Too many requests"};
  if (!errors.empty()) extra["errors"] = FieldErrorsJson(errors);
  return ProblemResponse(HttpStatusFor(st), st.code(), kTitles[static_cast<int>(st.kind())], st.message(),
                         std::move(extra));
}

HttpResponse JsonResponse(int status, const nlohmann::json& body) {
  HttpResponse r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

}  // namespace oc::api
