#include "api/router.h"

#include "api/localise.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include <nlohmann/json.hpp>

#include <chrono>

#include "api/problem.h"
#include "common/dates.h"

namespace oc::api {

std::vector<std::string> Router::Split(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

void Router::Public(const std::string& method, const std::string& pattern, Handler h, std::string body_type) {
  routes_.push_back(Route{method, Split(pattern), pattern, std::move(h), nullptr, std::move(body_type)});
}

void Router::Authed(const std::string& method, const std::string& pattern, RouteAccess access, AuthedHandler h,
                    std::string body_type) {
  routes_.push_back(Route{method, Split(pattern), pattern, nullptr, std::move(h), std::move(body_type), access});
}

std::vector<std::string> Router::Routes() const {
  std::vector<std::string> out;
  for (const auto& r : routes_) out.push_back(r.method + " " + r.pattern);
  return out;
}

std::vector<RouteInfo> Router::RouteTable() const {
  std::vector<RouteInfo> out;
  for (const auto& r : routes_) out.push_back(RouteInfo{r.method, r.pattern, r.access});
  return out;
}

bool Router::Match(const Route& r, const std::vector<std::string>& segs, HttpRequest* req) {
  if (r.segments.size() != segs.size()) return false;
  for (size_t i = 0; i < segs.size(); ++i) {
    const std::string& p = r.segments[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') continue;
    if (p != segs[i]) return false;
  }
  if (req)
    for (size_t i = 0; i < segs.size(); ++i) {
      const std::string& p = r.segments[i];
      if (p.size() > 2 && p.front() == '{') req->params[p.substr(1, p.size() - 2)] = segs[i];
    }
  return true;
}

Router::Router(IdentityService& identity, Metrics& metrics, RateLimiter& limiter)
    : identity_(identity), metrics_(metrics), limiter_(limiter), access_log_(spdlog::get("access")) {}

std::string RequestId(std::string_view given) {
  bool valid = !given.empty() && given.size() <= 64 && std::all_of(given.begin(), given.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == ':' || c == '-';
  });
  if (valid) return std::string(given);
  unsigned char bytes[8];
  randombytes_buf(bytes, sizeof bytes);
  static const char* kHex = "0123456789abcdef";
  std::string id;
  for (unsigned char b : bytes) {
    id += kHex[b >> 4];
    id += kHex[b & 15];
  }
  return id;
}

void Router::Dispatch(HttpRequest& req, Respond respond) {
  auto started = std::chrono::steady_clock::now();
  // Who asked, filled in once authenticated; read when the answer goes out (any thread, after).
  auto who = std::make_shared<std::string>("-");
  std::string request_id = RequestId(req.Header("x-request-id"));
  // HEAD is GET without the body, which the server drops: every GET resource answers it.
  if (req.method == "HEAD") req.method = "GET";
  auto segs = Split(req.path);
  const Route* found = nullptr;
  bool path_matched = false;
  for (const auto& r : routes_) {
    if (!Match(r, segs, nullptr)) continue;
    path_matched = true;
    if (r.method == req.method) {
      Match(r, segs, &req);
      found = &r;
      break;
    }
  }
  bool site_path = !found && !path_matched && site_ && req.method == "GET" && req.path.rfind("/v1/", 0) != 0;
  std::string route_name = found ? found->method + " " + found->pattern : site_path ? "GET (web app)" : "unmatched";
  req.route = route_name;
  Respond finish = [this, route_name, started, who, request_id, method = req.method, path = req.path,
                    client = req.client, lang = RequestLanguage(req), respond = std::move(respond)](HttpResponse r) {
    // Field errors in the caller's language (API clients say which by Accept-Language).
    if (r.content_type == "application/problem+json" && LocaliseProblem(r.body, lang))
      r.headers.emplace_back("Content-Language", lang);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics_.Observe(route_name, r.status, secs);
    if (r.status >= 500)
      spdlog::error("{} answered {} (request {}): {}", route_name, r.status, request_id, r.body.substr(0, 300));
    if (access_log_) {
      nlohmann::json line = {{"request_id", request_id}, {"client", client},   {"principal", *who},
                             {"method", method},         {"path", path},       {"route", route_name},
                             {"status", r.status},       {"bytes", r.body.size()},
                             {"duration_ms", std::round(secs * 1e5) / 100}};
      access_log_->info(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    r.headers.emplace_back("X-Request-Id", request_id);
    respond(std::move(r));
  };
  if (site_path) {
    if (auto page = site_->Serve(req)) return finish(std::move(*page));
    return finish(ProblemResponse(404, "no_such_file", "Not found", "no file at " + req.path));
  }
  if (!found) {
    if (path_matched)
      return finish(ProblemResponse(405, "method_not_allowed", "Method not allowed",
                                    req.method + " is not supported on " + req.path));
    return finish(ProblemResponse(404, "no_such_endpoint", "Not found", "no endpoint at " + req.path));
  }
  if ((req.method == "POST" || req.method == "PUT" || req.method == "PATCH") && !req.body.empty() &&
      !found->body_type.empty()) {
    std::string_view ct = req.Header("content-type");
    if (ct.substr(0, found->body_type.size()) != found->body_type)
      return finish(ProblemResponse(415, "unsupported_media_type", "Unsupported media type",
                                    "send the body as " + found->body_type));
  }
  auto limited = [&](const std::string& key) {
    double retry = 1;
    if (limiter_.Allow(key, NowUnixMillis(), &retry)) return false;
    metrics_.CountRateLimited();
    HttpResponse r = ProblemResponse(429, "rate_limited", "Too many requests",
                                     "the request rate limit for this client was exceeded; retry later");
    r.headers.emplace_back("Retry-After", std::to_string(static_cast<int>(retry) + 1));
    finish(std::move(r));
    return true;
  };
  if (found->pub) {
    if (limited("ip:" + req.client)) return;
    return found->pub(req, std::move(finish));
  }
  auto principal = identity_.Authenticate(req.Header("authorization"), req.Header("x-api-key"));
  if (!principal.ok()) {
    if (limited("ip:" + req.client)) return;
    return finish(StatusResponse(principal.status()));
  }
  *who = principal->username;
  if (limited("user:" + std::to_string(principal->user_id))) return;
  if (!found->access->late)
    if (Status st = access::Allow(principal.value(), found->access->action); !st.ok()) return finish(StatusResponse(st));
  found->authed(req, principal.value(), std::move(finish));
}

}  // namespace oc::api
