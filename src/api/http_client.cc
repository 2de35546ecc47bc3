#include "api/http_client.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace oc::api {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::optional<HttpUrl> ParseHttpUrl(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (url.substr(0, kScheme.size()) != kScheme) return std::nullopt;
  url.remove_prefix(kScheme.size());
  size_t slash = url.find('/');
  std::string_view hostport = url.substr(0, slash);
  HttpUrl out;
  out.target = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
  size_t colon = hostport.rfind(':');
  if (colon != std::string_view::npos) {
    std::string_view port = hostport.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    out.port = std::stoi(std::string(port));
    if (out.port < 1 || out.port > 65535) return std::nullopt;
    hostport = hostport.substr(0, colon);
  }
  if (hostport.empty()) return std::nullopt;
  for (char c : hostport)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-')) return std::nullopt;
  out.host = std::string(hostport);
  for (char c : out.target) if (static_cast<unsigned char>(c) <= 0x20) return std::nullopt;
  return out;
}

bool IsPublicAddress(std::string_view text) {
  beast::error_code ec;
  auto address = net::ip::make_address(std::string(text), ec);
  if (ec) return false;
  if (address.is_v6()) {
    auto v6 = address.to_v6();
    if (v6.is_v4_mapped()) return IsPublicAddress(net::ip::make_address_v4(net::ip::v4_mapped, v6).to_string());
    auto b = v6.to_bytes();
    if (v6.is_unspecified() || v6.is_loopback() || v6.is_multicast()) return false;
    if ((b[0] & 0xfe) == 0xfc) return false;                       // fc00::/7 unique local
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return false;       // fe80::/10 link-local
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return false;  // 2001:db8::/32
    if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) return false;  // 64:ff9b::/96 NAT64
    return true;
  }
  auto b = address.to_v4().to_bytes();
  auto in = [&b](int a0, int a1, int bits) {  // b within a0.a1.0.0/bits (bits 8..16)
    int mask = bits >= 16 ? 0xff : (0xff << (16 - bits)) & 0xff;
    return b[0] == a0 && (bits <= 8 || (b[1] & mask) == a1);
  };
  if (b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224) return false;  // this network, private, loopback, multicast, reserved
  if (in(100, 64, 10) || in(169, 254, 16) || in(172, 16, 12) || in(192, 168, 16) || in(198, 18, 15)) return false;
  if (b[0] == 192 && b[1] == 0 && (b[2] == 0 || b[2] == 2)) return false;  // IETF protocol assignments, TEST-NET-1
  if ((b[0] == 198 && b[1] == 51 && b[2] == 100) || (b[0] == 203 && b[1] == 0 && b[2] == 113)) return false;  // TEST-NET-2/3
  return true;
}

namespace {

Result<std::vector<tcp::endpoint>> Resolve(net::io_context& ioc, const std::string& host, int port) {
  beast::error_code ec;
  tcp::resolver resolver(ioc);
  auto results = resolver.resolve(host, std::to_string(port), ec);
  if (ec) return Status::Unavailable("cannot resolve " + host + ": " + ec.message());
  std::vector<tcp::endpoint> out;
  for (const auto& r : results) out.push_back(r.endpoint());
  return out;
}

Status RefuseDestination(const std::string& host, const std::string& address) {
  return Status::Forbidden("destination_not_allowed",
                           host + " resolves to " + address +
                               ", which is not a public address; an administrator may allow the host");
}

}  // namespace

Status CheckDestination(const HttpUrl& url, const std::vector<std::string>& allowed_hosts) {
  for (const auto& h : allowed_hosts)
    if (beast::iequals(h, url.host)) return Status::Ok();
  net::io_context ioc;
  auto endpoints = Resolve(ioc, url.host, url.port);
  if (!endpoints.ok()) return endpoints.status();
  for (const auto& e : endpoints.value()) {
    std::string ip = e.address().to_string();
    if (!IsPublicAddress(ip)) return RefuseDestination(url.host, ip);
  }
  return Status::Ok();
}

struct HttpClient::Impl {
  std::string host;
  int port;
  int timeout_ms;
  std::function<bool(const std::string&)> allowed;  // unset: any address
  net::io_context ioc;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;

  Status Connect() {
    beast::error_code ec;
    auto endpoints = Resolve(ioc, host, port);
    if (!endpoints.ok()) return endpoints.status();
    if (allowed) {
      // Every address is checked, not only the first: a name with one public and one private
      // address is refused as a whole.
      for (const auto& e : endpoints.value())
        if (!allowed(e.address().to_string())) return RefuseDestination(host, e.address().to_string());
    }
    stream.emplace(ioc);
    stream->expires_after(std::chrono::milliseconds(timeout_ms));
    stream->connect(endpoints.value(), ec);
    if (ec) {
      stream.reset();
      return Status::Unavailable("cannot connect to " + host + ":" + std::to_string(port) + ": " + ec.message());
    }
    stream->socket().set_option(tcp::no_delay(true));
    buffer.clear();
    return Status::Ok();
  }
};

HttpClient::HttpClient(std::string host, int port, int timeout_ms) : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
  impl_->timeout_ms = timeout_ms;
}

HttpClient::~HttpClient() { Close(); }

void HttpClient::AllowOnly(std::function<bool(const std::string& ip)> allowed) { impl_->allowed = std::move(allowed); }

void HttpClient::Close() {
  if (impl_ && impl_->stream) {
    beast::error_code ec;
    impl_->stream->socket().shutdown(tcp::socket::shutdown_both, ec);
    impl_->stream.reset();
  }
}

Result<ClientResponse> HttpClient::Request(const std::string& method, const std::string& target, const std::string& body,
                                           const std::vector<std::pair<std::string, std::string>>& headers) {
  http::request<http::string_body> req(http::string_to_verb(method), target, 11);
  req.set(http::field::host, impl_->host);
  req.keep_alive(true);
  bool has_ct = false;
  for (auto& [k, v] : headers) {
    req.set(k, v);
    if (beast::iequals(k, "content-type")) has_ct = true;
  }
  if (!body.empty() && !has_ct) req.set(http::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();
  // A kept-alive connection may have been closed by the server: retry once on a fresh one.
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!impl_->stream) {
      Status st = impl_->Connect();
      if (!st.ok()) return st;
    }
    beast::error_code ec;
    impl_->stream->expires_after(std::chrono::milliseconds(impl_->timeout_ms));
    http::write(*impl_->stream, req, ec);
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    parser.skip(req.method() == http::verb::head);  // a HEAD answer announces a body it does not send
    // Even if the server stopped reading our body (e.g. 413), its answer may be waiting.
    beast::error_code read_ec;
    http::read(*impl_->stream, impl_->buffer, parser, read_ec);
    if (!read_ec && parser.is_done()) ec = {};
    else if (!ec) ec = read_ec;
    if (ec) {
      impl_->stream.reset();
      if (attempt == 0 && (ec == http::error::end_of_stream || ec == net::error::connection_reset ||
                           ec == net::error::broken_pipe || ec == net::error::eof))
        continue;
      return Status::Unavailable(method + " " + target + " failed: " + ec.message());
    }
    auto& res = parser.get();
    ClientResponse out;
    out.status = static_cast<int>(res.result_int());
    out.body = std::move(res.body());
    for (const auto& f : res) {
      std::string name(f.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.headers[name] = std::string(f.value());
    }
    if (!res.keep_alive()) Close();
    return out;
  }
  return Status::Unavailable(method + " " + target + " failed");
}

}  // namespace oc::api
