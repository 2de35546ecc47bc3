// HttpClient: a small synchronous HTTP/1.1 client over Boost.Beast with keep-alive, used for
// webhook delivery, witnesses, the CLI's --server mode, tests and benchmarks; https with the
// server's certificate verified (the system's trust store and optionally a CA file; the name or
// address in the URL must match). One connection; not thread-safe.
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
  bool tls = false;  // https
  std::string host;
  int port = 80;     // 443 for https unless given
  std::string target = "/";
};
// Parses "http://host[:port][/path]" and "https://host[:port][/path]". nullopt for anything else.
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

// Trust for https: the system's CA store (/etc/ssl/certs), plus the CAs in `ca_file` (PEM) when set,
// e.g. an administration's own CA for its partners' and witnesses' servers.
struct TlsTrust {
  std::string ca_file;
};

class HttpClient {
 public:
  // Plain HTTP to host:port.
  HttpClient(std::string host, int port, int timeout_ms = 10000);
  // To the URL's host and port, over TLS for https (TLS 1.2 or later, the certificate verified
  // against `trust` and the URL's host name or address).
  explicit HttpClient(const HttpUrl& url, int timeout_ms = 10000, TlsTrust trust = {});
  ~HttpClient();
  // Sends one request (reconnecting if the kept-alive connection was closed).
  // Unavailable on connection or timeout errors, and when the TLS handshake or the server's
  // certificate fails (the message says which).
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
  Status tls_status_ = Status::Ok();  // a bad CA file, reported by every request
};

}  // namespace oc::api
