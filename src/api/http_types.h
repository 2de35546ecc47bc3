// Plain HTTP request/response values passed between the server and the routes, so that route
// code does not depend on Boost.Beast types.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace oc::api {

struct HttpRequest {
  std::string method;                                  // "GET", "POST", ...
  std::string path;                                    // decoded path without the query
  std::unordered_map<std::string, std::string> query;  // decoded query parameters (last one wins)
  std::unordered_map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string client;                                  // remote address
  std::unordered_map<std::string, std::string> params;   // path parameters filled by the router
  std::string route;                                   // route pattern, for metrics

  std::string_view Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string_view() : std::string_view(it->second);
  }
  std::string Query(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Completes a request; must be called exactly once, from any thread.
using Respond = std::function<void(HttpResponse)>;
using Handler = std::function<void(HttpRequest&, Respond)>;

}  // namespace oc::api
