// Router: matches "METHOD /path/{param}" patterns, authenticates, applies the per-client rate
// limit, records metrics, and answers 404/405 with problem bodies. Routes are registered at
// start-up; Dispatch is thread-safe afterwards.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api/http_types.h"
#include "api/metrics.h"
#include "api/static_site.h"
#include "api/rate_limiter.h"
#include "clearance/identity_service.h"
#include "identity/principal.h"

namespace oc::api {

using AuthedHandler = std::function<void(HttpRequest&, const Principal&, Respond)>;

class Router {
 public:
  Router(IdentityService& identity, Metrics& metrics, RateLimiter& limiter)
      : identity_(identity), metrics_(metrics), limiter_(limiter) {}

  // `body_type`: the media type POST/PUT bodies must have (415 otherwise); "" accepts any
  // (protocols such as tlog-witness define their own text bodies).
  void Public(const std::string& method, const std::string& pattern, Handler h,
              std::string body_type = "application/json");
  void Authed(const std::string& method, const std::string& pattern, AuthedHandler h,
              std::string body_type = "application/json");
  void Dispatch(HttpRequest& req, Respond respond);
  // Serves `site` for GETs outside /v1/ that match no route (the browser app). Call before the
  // server starts; null = none (404 as before).
  void ServeSite(std::shared_ptr<const StaticSite> site) { site_ = std::move(site); }

  // Every registered "METHOD pattern", for tests that sweep all endpoints.
  std::vector<std::string> Routes() const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    std::string pattern;
    Handler pub;
    AuthedHandler authed;
    std::string body_type = "application/json";
  };
  static std::vector<std::string> Split(const std::string& path);
  static bool Match(const Route& r, const std::vector<std::string>& segs, HttpRequest* req);

  IdentityService& identity_;
  Metrics& metrics_;
  RateLimiter& limiter_;
  std::vector<Route> routes_;
  std::shared_ptr<const StaticSite> site_;
};

}  // namespace oc::api
