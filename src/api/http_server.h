// HttpServer: HTTP/1.1 with keep-alive over Boost.Beast, a fixed pool of I/O threads, limits on
// header and body size, and read/idle timeouts; over TLS (OpenSSL through Beast's ssl_stream,
// TLS 1.2 and 1.3 with forward-secret AEAD ciphers only) when given a certificate and key.
// Requests are handed to one Handler, which may answer asynchronously from any thread.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "api/http_types.h"
#include "common/status.h"

namespace oc::api {

struct ServerOptions {
  std::string address = "127.0.0.1";
  int port = 8080;              // 0 = any free port (see HttpServer::port())
  int threads = 2;
  size_t body_limit = 8 << 20;  // bytes; larger bodies get 413
  size_t header_limit = 16 << 10;  // bytes; larger headers get 431
  int read_timeout_s = 30;      // a request must arrive within this time (also the keep-alive idle limit)
  // PEM files: the certificate chain (the server's first) and its private key. Both empty = plain
  // HTTP; one without the other is refused by Start().
  std::string tls_cert_file;
  std::string tls_key_file;
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, Handler handler);
  ~HttpServer();
  // Binds and starts the I/O threads. Unavailable if the address cannot be bound; Invalid
  // ("bad_tls") when the certificate or key cannot be read or do not belong together.
  Status Start();
  // Stops accepting, closes connections and joins the threads. Idempotent.
  void Stop();
  int port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace oc::api
