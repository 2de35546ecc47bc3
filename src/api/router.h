// Router: matches "METHOD /path/{param}" patterns, authenticates, applies the per-client rate
// limit, refuses what the caller's role may never do (identity/access.h), records metrics, and
// answers 404/405 with problem bodies. Routes are registered at start-up; Dispatch is
// thread-safe afterwards.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/logger.h>

#include "api/http_types.h"
#include "api/metrics.h"
#include "api/static_site.h"
#include "api/rate_limiter.h"
#include "clearance/identity_service.h"
#include "identity/access.h"
#include "identity/principal.h"

namespace oc::api {

using AuthedHandler = std::function<void(HttpRequest&, const Principal&, Respond)>;

// The access action an authenticated route needs: the one its service checks. By default the
// router also refuses (403) a role the policy never allows it before the handler reads the
// request. Late(...) leaves the refusal to the service, which comes to it after parsing the body
// or finding the subject: another trader's declaration is then 404, not 403, as it always was.
struct RouteAccess {
  RouteAccess(access::Action a) : action(a) {}  // NOLINT(implicit): every route names one
  access::Action action;
  bool late = false;
};
inline RouteAccess Late(access::Action a) {
  RouteAccess r(a);
  r.late = true;
  return r;
}

// A registered route as listed for tests and documentation; `access` is unset for public routes.
struct RouteInfo {
  std::string method, pattern;
  std::optional<RouteAccess> access;
};

class Router {
 public:
  // Writes the access log to the "access" spdlog logger when one is registered (app/logging.h).
  Router(IdentityService& identity, Metrics& metrics, RateLimiter& limiter);

  // `body_type`: the media type POST/PUT bodies must have (415 otherwise); "" accepts any
  // (protocols such as tlog-witness define their own text bodies).
  void Public(const std::string& method, const std::string& pattern, Handler h,
              std::string body_type = "application/json");
  void Authed(const std::string& method, const std::string& pattern, RouteAccess access, AuthedHandler h,
              std::string body_type = "application/json");
  void Dispatch(HttpRequest& req, Respond respond);
  // Serves `site` for GETs outside /v1/ that match no route (the browser app). Call before the
  // server starts; null = none (404 as before).
  void ServeSite(std::shared_ptr<const StaticSite> site) { site_ = std::move(site); }

  // Every registered "METHOD pattern", for tests that sweep all endpoints.
  std::vector<std::string> Routes() const;
  // The same with each route's access (the route × role test walks them).
  std::vector<RouteInfo> RouteTable() const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    std::string pattern;
    Handler pub;
    AuthedHandler authed;
    std::string body_type = "application/json";
    std::optional<RouteAccess> access{};  // set for authenticated routes
  };
  static std::vector<std::string> Split(const std::string& path);
  static bool Match(const Route& r, const std::vector<std::string>& segs, HttpRequest* req);

  IdentityService& identity_;
  Metrics& metrics_;
  RateLimiter& limiter_;
  std::vector<Route> routes_;
  std::shared_ptr<const StaticSite> site_;
  std::shared_ptr<spdlog::logger> access_log_;  // null = none
};

// The request's id: the client's X-Request-Id when it is 1-64 characters of [A-Za-z0-9._:-],
// else 16 random hex digits. Echoed in the answer and written to the access log.
std::string RequestId(std::string_view client_supplied);

}  // namespace oc::api
