// Transport security with a throwaway CA made here (openssl): the server speaks HTTPS only,
// TLS 1.2 and later; clients (webhook deliveries, the CLI's and the witnesses' HTTP client)
// verify the server's certificate chain and name; an untrusted or misnamed certificate fails.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <openssl/ssl.h>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <thread>

#include "api/http_client.h"
#include "api/http_server.h"
#include "api/webhook_dispatcher.h"
#include "ledger/note.h"
#include "tests/test_server.h"

namespace oc {
namespace {

using nlohmann::json;
using testing::TempDir;
using testing::TestServer;

// A CA and a server certificate it signed (P-256) for `names` (subjectAltName entries such as
// "DNS:localhost,IP:127.0.0.1"), in a temporary directory.
struct Pki {
  TempDir dir;
  std::string ca, cert, key;

  explicit Pki(const std::string& names, const std::string& cn = "OpenCustoms test CA") {
    const std::string d = dir.path();
    ca = d + "/ca.pem";
    cert = d + "/server.pem";
    key = d + "/server.key";
    std::ofstream(d + "/ext.cnf") << "subjectAltName=" << names
                                  << "\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n";
    const std::string quiet = " > " + d + "/openssl.log 2>&1";
    Run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + d + "/ca.key -out " + ca +
        " -days 2 -subj '/CN=" + cn + "'" + quiet);
    Run("openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + key + " -out " + d +
        "/server.csr -subj /CN=opencustoms-test" + quiet);
    Run("openssl x509 -req -in " + d + "/server.csr -CA " + ca + " -CAkey " + d + "/ca.key -CAcreateserial -out " + cert +
        " -days 2 -extfile " + d + "/ext.cnf" + quiet);
  }
  static void Run(const std::string& command) {
    if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);
  }
};

api::HttpUrl Https(int port, const std::string& host = "127.0.0.1") { return api::HttpUrl{true, host, port, "/"}; }

TEST(Tls, TheServerSpeaksHttpsToClientsThatVerifyIt) {
  Pki pki("DNS:localhost,IP:127.0.0.1");
  TestServer server(0, false, [&](AppConfig& c) {
    c.tls_cert_file = pki.cert;
    c.tls_key_file = pki.key;
    c.tls_ca_file = pki.ca;  // also what the test server's own client trusts
  });
  // Signed in and lodging over HTTPS (TestServer's client is a TLS one here).
  EXPECT_EQ(server.Lodge(testing::ValidDeclarationJson(1)).status, 201);
  EXPECT_EQ(server.Call("GET", "/livez").status, 200);

  // By name as well as by address (both in the certificate).
  api::HttpClient by_name(Https(server.port(), "localhost"), 5000, {pki.ca});
  auto r = by_name.Request("GET", "/livez");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);

  // Without the test CA (the system's store only) the certificate is not trusted.
  api::HttpClient untrusting(Https(server.port()), 5000);
  auto refused = untrusting.Request("GET", "/livez");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("certificate"), std::string::npos) << refused.status().message();

  // Plain HTTP on the HTTPS port gets no answer.
  api::HttpClient plain("127.0.0.1", server.port(), 3000);
  EXPECT_FALSE(plain.Request("GET", "/livez").ok());
}

TEST(Tls, ACertificateForAnotherNameIsRefused) {
  Pki pki("DNS:customs.example.org");
  api::HttpServer server(api::ServerOptions{"127.0.0.1", 0, 1, 1 << 20, 16 << 10, 5, pki.cert, pki.key},
                         [](api::HttpRequest&, api::Respond respond) { respond(api::HttpResponse{}); });
  ASSERT_TRUE(server.Start().ok());
  api::HttpClient client(Https(server.port(), "localhost"), 5000, {pki.ca});
  auto r = client.Request("GET", "/livez");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("mismatch"), std::string::npos) << r.status().message();
}

// Only TLS 1.2 and 1.3: a client that offers at most TLS 1.1 fails the handshake.
TEST(Tls, OldProtocolVersionsAreRefused) {
  Pki pki("IP:127.0.0.1");
  api::HttpServer server(api::ServerOptions{"127.0.0.1", 0, 1, 1 << 20, 16 << 10, 5, pki.cert, pki.key},
                         [](api::HttpRequest&, api::Respond respond) { respond(api::HttpResponse{}); });
  ASSERT_TRUE(server.Start().ok());
  for (int version : {TLS1_1_VERSION, TLS1_2_VERSION, TLS1_3_VERSION}) {
    boost::asio::io_context io;
    boost::asio::ssl::context ctx(boost::asio::ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(ctx.native_handle(), version);
    SSL_CTX_set_max_proto_version(ctx.native_handle(), version);
    SSL_CTX_set_security_level(ctx.native_handle(), 0);  // let this client offer TLS 1.1 at all
    ctx.load_verify_file(pki.ca);
    ctx.set_verify_mode(boost::asio::ssl::verify_peer);
    boost::asio::ssl::stream<boost::asio::ip::tcp::socket> s(io, ctx);
    s.next_layer().connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(server.port())});
    boost::system::error_code ec;
    s.handshake(boost::asio::ssl::stream_base::client, ec);
    if (version == TLS1_1_VERSION)
      EXPECT_TRUE(ec) << "TLS 1.1 accepted";
    else
      EXPECT_FALSE(ec) << version << ": " << ec.message();
  }
}

TEST(Tls, AMismatchedKeyOrAMissingFileStopsTheServerWithAReason) {
  Pki a("IP:127.0.0.1"), b("IP:127.0.0.1");
  api::HttpServer mismatched(api::ServerOptions{"127.0.0.1", 0, 1, 1 << 20, 16 << 10, 5, a.cert, b.key},
                             [](api::HttpRequest&, api::Respond) {});
  Status st = mismatched.Start();
  EXPECT_EQ(st.code(), "bad_tls");
  EXPECT_NE(st.message().find("not the private key"), std::string::npos) << st.message();
  api::HttpServer missing(api::ServerOptions{"127.0.0.1", 0, 1, 1 << 20, 16 << 10, 5, a.cert, ""},
                          [](api::HttpRequest&, api::Respond) {});
  EXPECT_EQ(missing.Start().code(), "bad_tls");
}

// Webhooks to an https receiver: delivered when its certificate verifies against the trusted
// CAs, not delivered (and the failure recorded) when it does not.
TEST(Tls, WebhooksGoOnlyToReceiversWhoseCertificateVerifies) {
  Pki pki("DNS:localhost");
  std::mutex mu;
  int deliveries = 0;
  api::HttpServer receiver(api::ServerOptions{"127.0.0.1", 0, 1, 1 << 20, 16 << 10, 5, pki.cert, pki.key},
                           [&](api::HttpRequest& req, api::Respond respond) {
                             std::lock_guard lk(mu);
                             if (!req.Header("x-opencustoms-signature").empty()) ++deliveries;
                             api::HttpResponse r;
                             r.status = 204;
                             respond(r);
                           });
  ASSERT_TRUE(receiver.Start().ok());
  const std::string url = "https://localhost:" + std::to_string(receiver.port()) + "/hooks";
  for (bool trusted : {true, false}) {
    int before;
    {
      std::lock_guard lk(mu);
      before = deliveries;
    }
    TestServer server(0, false, [&](AppConfig& c) {
      c.webhook_allowed_hosts = {"localhost"};
      if (trusted) c.tls_ca_file = pki.ca;
    });
    json hook = {{"url", url}, {"secret", "a-long-webhook-secret"}};
    ASSERT_EQ(server.Call("PUT", "/v1/webhook", hook.dump(), "trader_a").status, 200);
    ASSERT_EQ(server.Lodge(testing::ValidDeclarationJson(7)).status, 201);
    testing::CallResult status;
    for (int waited = 0; waited < 100; ++waited) {
      status = server.Call("GET", "/v1/webhook", "", "trader_a");
      if (trusted ? status.body["cursor"] != "0" : status.body["failures"].get<int>() > 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::lock_guard lk(mu);
    if (trusted) {
      EXPECT_GT(deliveries, before);
      EXPECT_EQ(status.body["failures"], 0) << status.raw;
    } else {
      EXPECT_EQ(deliveries, before) << "delivered to a receiver whose certificate is not trusted";
      EXPECT_GT(status.body["failures"].get<int>(), 0) << status.raw;
      EXPECT_NE(status.body["last_error"].get<std::string>().find("certificate"), std::string::npos) << status.raw;
    }
  }
}

// A partner's witness over https: A's checkpoints are cosigned by B when A trusts B's CA, and
// not sent to an untrusted B at all.
TEST(Tls, WitnessesAreReachedOverHttpsWithTheirCertificateVerified) {
  Pki pki("IP:127.0.0.1");
  auto signer_a = ledger::GenerateSigner("customs.a.example/ledger").value();
  TestServer b(0, false, [&](AppConfig& c) {
    c.ledger_origin = "customs.b.example/ledger";
    c.peers = {ledger::VerifierKeyString(signer_a.key)};
    c.checkpoint_interval_s = 0;
    c.tls_cert_file = pki.cert;
    c.tls_key_file = pki.key;
    c.tls_ca_file = pki.ca;
  });
  const std::string witness = "https://127.0.0.1:" + std::to_string(b.port()) + "/v1/witness=" +
                              ledger::VerifierKeyString(b.core().witness().key());
  for (bool trusted : {true, false}) {
    TestServer a(0, false, [&](AppConfig& c) {
      c.ledger_origin = "customs.a.example/ledger";
      std::ofstream(c.data_dir + "/ledger.key") << ledger::SignerKeyString(signer_a) << "\n";
      c.witnesses = {witness};
      c.checkpoint_interval_s = 0;
      if (trusted) c.tls_ca_file = pki.ca;
    });
    ASSERT_EQ(a.Lodge(testing::ValidDeclarationJson(trusted ? 1 : 2)).status, 201);
    auto published = a.Call("POST", "/v1/ledger/checkpoint", "", "risk");
    ASSERT_EQ(published.status, 200) << published.raw;
    EXPECT_EQ(published.headers["x-cosignatures"], trusted ? "1" : "0") << published.raw;
    auto note = ledger::ParseNote(published.raw);
    ASSERT_TRUE(note.ok());
    EXPECT_EQ(ledger::VerifyCosignature(note.value(), b.core().witness().key()).ok(), trusted);
  }
}

}  // namespace
}  // namespace oc
