#include "api/http_server.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/ssl.h>

#include <pthread.h>
#include <spdlog/spdlog.h>
#include <thread>
#include <vector>

#include "api/problem.h"

namespace oc::api {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else if (plus_is_space && s[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

void SplitTarget(std::string_view target, HttpRequest& req) {
  size_t q = target.find('?');
  req.path = PercentDecode(target.substr(0, q), false);
  if (q == std::string_view::npos) return;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    size_t eq = pair.find('=');
    std::string key = PercentDecode(pair.substr(0, eq), true);
    std::string val = eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1), true);
    if (!key.empty()) req.query[key] = std::move(val);
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
}

// Transfer-Encoding is accepted only as exactly "chunked" and never with Content-Length; anything
// else is a request whose end a proxy in front may see elsewhere (request smuggling).
Status CheckFraming(const http::request<http::string_body>& msg) {
  auto te = msg.find(http::field::transfer_encoding);
  if (te == msg.end()) return Status::Ok();
  if (msg.find(http::field::content_length) != msg.end())
    return Status::Invalid("ambiguous_length", "the request has both Transfer-Encoding and Content-Length");
  if (msg.count(http::field::transfer_encoding) != 1 || !beast::iequals(te->value(), "chunked"))
    return Status::Invalid("unsupported_transfer_encoding",
                           "only 'Transfer-Encoding: chunked' is accepted, got '" + std::string(te->value()) + "'");
  return Status::Ok();
}

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// One connection, plain or TLS (Stream): read a request, hand it over, write the answer, again
// while the client keeps the connection alive.
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  Session(tcp::socket socket, const ServerOptions& opts, const Handler& handler)
      : stream_(std::move(socket)), opts_(opts), handler_(handler) {}
  Session(tcp::socket socket, net::ssl::context& tls, const ServerOptions& opts, const Handler& handler)
      : stream_(std::move(socket), tls), opts_(opts), handler_(handler) {}

  void Start() {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      if constexpr (kTls) {
        // The handshake has the read timeout too: a client that connects and says nothing is dropped.
        self->Lowest().expires_after(std::chrono::seconds(self->opts_.read_timeout_s));
        self->stream_.async_handshake(net::ssl::stream_base::server, [self](beast::error_code ec) {
          if (ec) return self->Lowest().close();  // not TLS, or no common version or cipher
          self->Read();
        });
      } else {
        self->Read();
      }
    });
  }

 private:
  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  void Read() {
    parser_.emplace();
    parser_->body_limit(opts_.body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(opts_.header_limit));
    Lowest().expires_after(std::chrono::seconds(opts_.read_timeout_s));
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::connection_reset ||
        ec == net::error::operation_aborted || ec == net::error::eof || ec == net::ssl::error::stream_truncated) {
      return Close();
    }
    if (ec) {
      // The request could not be read as HTTP: answer once and close, since the stream is out of step.
      HttpResponse r;
      if (ec == http::error::body_limit)
        r = ProblemResponse(413, "body_too_large", "Request body too large",
                            "the body exceeds " + std::to_string(opts_.body_limit) + " bytes");
      else if (ec == http::error::header_limit)
        r = ProblemResponse(431, "headers_too_large", "Request headers too large",
                            "the headers exceed " + std::to_string(opts_.header_limit) + " bytes");
      else
        r = ProblemResponse(400, "bad_http", "Malformed HTTP request", ec.message());
      keep_alive_ = false;
      head_ = false;
      return Write(std::move(r));
    }
    auto& msg = parser_->get();
    keep_alive_ = msg.keep_alive();
    head_ = msg.method() == http::verb::head;
    version_ = msg.version();
    if (Status framing = CheckFraming(msg); !framing.ok()) {
      // A request whose length two parties could read differently (RFC 9112 6.3): answered
      // once, and the connection closed, so that nothing after it is read as a request.
      keep_alive_ = false;
      head_ = false;
      return Write(ProblemResponse(400, framing.code(), "Ambiguous request framing", framing.message()));
    }
    HttpRequest req;
    req.method = std::string(msg.method_string());
    SplitTarget(std::string_view(msg.target().data(), msg.target().size()), req);
    for (const auto& f : msg) {
      std::string name(f.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req.headers[std::move(name)] = std::string(f.value());
    }
    req.body = std::move(msg.body());
    beast::error_code ep_ec;
    auto ep = Lowest().socket().remote_endpoint(ep_ec);
    if (!ep_ec) req.client = ep.address().to_string();
    auto self = this->shared_from_this();
    auto respond = [self](HttpResponse r) {
      net::post(self->stream_.get_executor(), [self, r = std::move(r)]() mutable { self->Write(std::move(r)); });
    };
    // A handler that throws answers 500 and the server goes on; no request may take it down.
    try {
      handler_(req, respond);
    } catch (const std::exception& e) {
      spdlog::error("{} {}: unhandled exception: {}", req.method, req.path, e.what());
      respond(ProblemResponse(500, "internal_error", "Internal error", "the request failed; it was logged"));
    }
  }

  void Write(HttpResponse r) {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(version_ ? version_ : 11);
    res->result(static_cast<http::status>(r.status));
    res->set(http::field::server, "OpenCustoms");
    res->set(http::field::content_type, r.content_type);
    for (auto& [k, v] : r.headers) res->set(k, v);
    const size_t length = r.body.size();
    res->body() = std::move(r.body);
    res->keep_alive(keep_alive_);
    res->prepare_payload();
    if (head_) {  // the GET answer's headers, its length included, without its body (RFC 9110 9.3.2)
      res->body().clear();
      if (r.status != 204 && r.status != 304) res->content_length(length);
    }
    Lowest().expires_after(std::chrono::seconds(opts_.read_timeout_s));
    http::async_write(stream_, *res, [self = this->shared_from_this(), res](beast::error_code ec, size_t) {
      if (ec) return self->Close();
      if (!self->keep_alive_) return self->LingerClose();
      self->Read();
    });
  }

  // After refusing a request whose body we did not read (413, 400), half-close and drain what
  // the client is still sending for a short while, so that it receives our answer instead of a
  // connection reset (the "lingering close" of other HTTP servers).
  // Over TLS the answer is followed by close_notify instead (a half-closed socket would cut the
  // TLS stream short).
  void LingerClose() {
    if constexpr (kTls) return Close();
    beast::error_code ec;
    Lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
    Lowest().expires_after(std::chrono::seconds(2));
    drain_.resize(64 * 1024);
    Drain();
  }
  void Drain() {
    stream_.async_read_some(net::buffer(drain_), [self = this->shared_from_this()](beast::error_code ec, size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ > (64u << 20)) return self->Close();
      self->Drain();
    });
  }

  void Close() {
    if constexpr (kTls) {
      // close_notify, waiting briefly for the client's; then the socket goes either way.
      Lowest().expires_after(std::chrono::seconds(2));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->Lowest().close(); });
    } else {
      beast::error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
      stream_.close();
    }
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const ServerOptions& opts_;
  const Handler& handler_;
  bool keep_alive_ = true;
  bool head_ = false;  // the request being answered is a HEAD
  unsigned version_ = 11;
  std::vector<char> drain_;
  size_t drained_ = 0;
};

// TLS 1.2 and 1.3 only; for 1.2 the forward-secret AEAD suites of Mozilla's "intermediate"
// profile (1.3's suites are all of that kind).
Result<std::unique_ptr<net::ssl::context>> MakeTlsContext(const ServerOptions& o) {
  if (o.tls_cert_file.empty() != o.tls_key_file.empty())
    return Status::Invalid("bad_tls", "TLS needs both a certificate (--tls-cert) and its private key (--tls-key)");
  auto ctx = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
  ctx->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 | net::ssl::context::no_sslv3 |
                   net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1 | net::ssl::context::single_dh_use |
                   net::ssl::context::no_compression);
  SSL_CTX* native = ctx->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_cipher_list(native,
                          "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
                          "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305");
  beast::error_code ec;
  ctx->use_certificate_chain_file(o.tls_cert_file, ec);
  if (ec) return Status::Invalid("bad_tls", "cannot use the certificate " + o.tls_cert_file + ": " + ec.message());
  ctx->use_private_key_file(o.tls_key_file, net::ssl::context::pem, ec);
  if (ec && ec.message().find("mismatch") != std::string::npos)
    return Status::Invalid("bad_tls", o.tls_key_file + " is not the private key of " + o.tls_cert_file);
  if (ec) return Status::Invalid("bad_tls", "cannot use the private key " + o.tls_key_file + ": " + ec.message());
  if (SSL_CTX_check_private_key(native) != 1)
    return Status::Invalid("bad_tls", o.tls_key_file + " is not the private key of " + o.tls_cert_file);
  return ctx;
}

}  // namespace

struct HttpServer::Impl {
  ServerOptions opts;
  Handler handler;
  std::unique_ptr<net::ssl::context> tls;  // null: plain HTTP
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::vector<std::thread> threads;
  std::atomic<bool> stopped{false};
  int bound_port = 0;

  void Accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      } else {
        socket.set_option(tcp::no_delay(true));
        if (tls)
          std::make_shared<Session<TlsStream>>(std::move(socket), *tls, opts, handler)->Start();
        else
          std::make_shared<Session<PlainStream>>(std::move(socket), opts, handler)->Start();
      }
      Accept();
    });
  }
};

HttpServer::HttpServer(ServerOptions options, Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->opts = std::move(options);
  impl_->handler = std::move(handler);
}

HttpServer::~HttpServer() { Stop(); }

Status HttpServer::Start() {
  if (!impl_->opts.tls_cert_file.empty() || !impl_->opts.tls_key_file.empty()) {
    auto tls = MakeTlsContext(impl_->opts);
    if (!tls.ok()) return tls.status();
    impl_->tls = std::move(tls.value());
  }
  beast::error_code ec;
  auto addr = net::ip::make_address(impl_->opts.address, ec);
  if (ec) return Status::Invalid("bad_address", "cannot parse listen address " + impl_->opts.address);
  tcp::endpoint ep(addr, static_cast<unsigned short>(impl_->opts.port));
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return Status::Unavailable("cannot listen on " + impl_->opts.address + ":" + std::to_string(impl_->opts.port) + ": " + ec.message());
  impl_->bound_port = a.local_endpoint().port();
  impl_->Accept();
  for (int i = 0; i < std::max(1, impl_->opts.threads); ++i) impl_->threads.emplace_back([this] {
      pthread_setname_np(pthread_self(), "oc-http-io");
      impl_->ioc.run();
    });
  return Status::Ok();
}

void HttpServer::Stop() {
  if (!impl_ || impl_->stopped.exchange(true)) return;
  net::post(impl_->ioc, [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
  });
  impl_->ioc.stop();
  for (auto& t : impl_->threads) if (t.joinable()) t.join();
}

int HttpServer::port() const { return impl_->bound_port; }

}  // namespace oc::api
