#include "api/router.h"

#include <spdlog/spdlog.h>

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

void Router::Dispatch(HttpRequest& req, Respond respond) {
  auto started = std::chrono::steady_clock::now();
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
  Respond finish = [this, route_name, started, respond = std::move(respond)](HttpResponse r) {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics_.Observe(route_name, r.status, secs);
    if (r.status >= 500) spdlog::error("{} answered {}: {}", route_name, r.status, r.body.substr(0, 300));
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
  if (limited("user:" + std::to_string(principal->user_id))) return;
  if (!found->access->late)
    if (Status st = access::Allow(principal.value(), found->access->action); !st.ok()) return finish(StatusResponse(st));
  found->authed(req, principal.value(), std::move(finish));
}

}  // namespace oc::api
