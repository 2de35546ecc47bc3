// HttpClient: a small synchronous HTTP/1.1 client over Boost.Beast with keep-alive, used for
// webhook delivery, the CLI's --server mode, tests and benchmarks. One connection; not thread-safe.
#pragma once

#include <functional>
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

// True for a globally routable unicast IPv4 or IPv6 address (text form); false for loopback,
// link-local, private (RFC 1918, unique local), shared (100.64/10), unspecified, multicast,
// reserved and documentation ranges, and for text that is no address. Thread-safe.
bool IsPublicAddress(std::string_view ip);

// Whether the server may send to `url` (webhooks): every address its host resolves to is
// public, unless the host is in `allowed_hosts` (an administrator's exceptions). Forbidden
// ("destination_not_allowed") naming the address, Unavailable when the host does not resolve.
Status CheckDestination(const HttpUrl& url, const std::vector<std::string>& allowed_hosts);

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
  // From now on connects only to resolved addresses `allowed` accepts (checked at every
  // connection, so a name that later resolves elsewhere is caught); a request whose host has no
  // such address fails with Forbidden("destination_not_allowed").
  void AllowOnly(std::function<bool(const std::string& ip)> allowed);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace oc::api
