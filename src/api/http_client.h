// HttpClient: a small synchronous HTTP/1.1 client over Boost.Beast with keep-alive, used for
// webhook delivery, the CLI's --server mode, tests and benchmarks. One connection; not thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/status.h"

namespace oc::api {

struct HttpUrl {
  std::string host;
  int port = 80;
  std::string target = "/";
};
// Parses "http://host[:port][/path]". nullopt for anything else (https is not supported yet).
std::optional<HttpUrl> ParseHttpUrl(std::string_view url);

struct ClientResponse {
  int status = 0;
  std::string body;
  std::unordered_map<std::string, std::string> headers;  // lower-case names
};

class HttpClient {
 public:
  HttpClient(std::string host, int port, int timeout_ms = 10000);
  ~HttpClient();
  // Sends one request (reconnecting if the kept-alive connection was closed).
  // Unavailable on connection or timeout errors.
  Result<ClientResponse> Request(const std::string& method, const std::string& target, const std::string& body = "",
                                 const std::vector<std::pair<std::string, std::string>>& headers = {});
  void Close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace oc::api
