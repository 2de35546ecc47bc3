#include "api/http_client.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <variant>

namespace oc::api {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::optional<HttpUrl> ParseHttpUrl(std::string_view url) {
  constexpr std::string_view kHttp = "http://", kHttps = "https://";
  HttpUrl out;
  if (url.substr(0, kHttps.size()) == kHttps) {
    out.tls = true;
    out.port = 443;
    url.remove_prefix(kHttps.size());
  } else if (url.substr(0, kHttp.size()) == kHttp) {
    url.remove_prefix(kHttp.size());
  } else {
    return std::nullopt;
  }
  size_t slash = url.find('/');
  std::string_view hostport = url.substr(0, slash);
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

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

struct HttpClient::Impl {
  std::string host;
  int port;
  int timeout_ms;
  std::function<bool(const std::string&)> allowed;  // unset: any address
  net::io_context ioc;
  std::unique_ptr<net::ssl::context> tls;  // null: plain HTTP
  // The connection: none, plain or TLS.
  std::variant<std::monostate, beast::tcp_stream, TlsStream> stream;
  beast::flat_buffer buffer;

  bool connected() const { return !std::holds_alternative<std::monostate>(stream); }
  beast::tcp_stream& Lowest() {
    if (auto* plain = std::get_if<beast::tcp_stream>(&stream)) return *plain;
    return beast::get_lowest_layer(std::get<TlsStream>(stream));
  }
  void Reset() { stream.emplace<std::monostate>(); }

  Status SetUpTls(const TlsTrust& trust) {
    tls = std::make_unique<net::ssl::context>(net::ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(tls->native_handle(), TLS1_2_VERSION);
    beast::error_code ec;
    tls->set_default_verify_paths(ec);
    if (!trust.ca_file.empty()) {
      tls->load_verify_file(trust.ca_file, ec);
      if (ec) return Status::Invalid("bad_tls", "cannot read the CA file " + trust.ca_file + ": " + ec.message());
    }
    tls->set_verify_mode(net::ssl::verify_peer);
    return Status::Ok();
  }

  // The TLS handshake on a connected socket: SNI for a name, and the certificate checked against
  // the host as written in the URL (a name, or an IP address in the certificate's addresses).
  Status Handshake(TlsStream& s) {
    SSL* ssl = s.native_handle();
    beast::error_code ec;
    net::ip::make_address(host, ec);
    bool is_address = !ec;
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if (is_address ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) != 1
                   : (SSL_set_tlsext_host_name(ssl, host.c_str()) != 1 || X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0) != 1))
      return Status::Internal("cannot set up TLS for " + host);
    s.handshake(net::ssl::stream_base::client, ec);
    if (ec) {
      long verify = SSL_get_verify_result(ssl);
      std::string why = verify != X509_V_OK ? X509_verify_cert_error_string(verify) : ec.message();
      return Status::Unavailable("TLS with " + host + ":" + std::to_string(port) + " failed: " + why);
    }
    return Status::Ok();
  }

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
    if (tls)
      stream.emplace<TlsStream>(ioc, *tls);
    else
      stream.emplace<beast::tcp_stream>(ioc);
    Lowest().expires_after(std::chrono::milliseconds(timeout_ms));
    Lowest().connect(endpoints.value(), ec);
    if (ec) {
      Reset();
      return Status::Unavailable("cannot connect to " + host + ":" + std::to_string(port) + ": " + ec.message());
    }
    Lowest().socket().set_option(tcp::no_delay(true));
    buffer.clear();
    if (auto* s = std::get_if<TlsStream>(&stream)) {
      if (Status st = Handshake(*s); !st.ok()) {
        Reset();
        return st;
      }
    }
    return Status::Ok();
  }

  // Writes the request and reads the answer on the open connection.
  beast::error_code Exchange(http::request<http::string_body>& req, http::response_parser<http::string_body>& parser) {
    beast::error_code ec, read_ec;
    Lowest().expires_after(std::chrono::milliseconds(timeout_ms));
    std::visit(
        [&](auto& s) {
          if constexpr (!std::is_same_v<std::decay_t<decltype(s)>, std::monostate>) {
            http::write(s, req, ec);
            // Even if the server stopped reading our body (e.g. 413), its answer may be waiting.
            http::read(s, buffer, parser, read_ec);
          }
        },
        stream);
    if (!read_ec && parser.is_done()) return {};
    return ec ? ec : read_ec;
  }
};

HttpClient::HttpClient(std::string host, int port, int timeout_ms) : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
  impl_->timeout_ms = timeout_ms;
}

HttpClient::HttpClient(const HttpUrl& url, int timeout_ms, TlsTrust trust) : HttpClient(url.host, url.port, timeout_ms) {
  if (url.tls) tls_status_ = impl_->SetUpTls(trust);
}

HttpClient::~HttpClient() { Close(); }

void HttpClient::AllowOnly(std::function<bool(const std::string& ip)> allowed) { impl_->allowed = std::move(allowed); }

void HttpClient::Close() {
  if (impl_ && impl_->connected()) {
    beast::error_code ec;
    impl_->Lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
    impl_->Reset();
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
  if (!tls_status_.ok()) return tls_status_;
  // A kept-alive connection may have been closed by the server: retry once on a fresh one.
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!impl_->connected()) {
      Status st = impl_->Connect();
      if (!st.ok()) return st;
    }
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    parser.skip(req.method() == http::verb::head);  // a HEAD answer announces a body it does not send
    beast::error_code ec = impl_->Exchange(req, parser);
    if (ec) {
      impl_->Reset();
      if (attempt == 0 && (ec == http::error::end_of_stream || ec == net::error::connection_reset ||
                           ec == net::error::broken_pipe || ec == net::error::eof ||
                           ec == net::ssl::error::stream_truncated))
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
