// Webhook delivery to a real HTTP receiver on loopback that fails at first: retried with
// backoff, delivered in order, signed, nothing lost or repeated.
#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "api/http_server.h"
#include "api/webhook_dispatcher.h"
#include "tests/test_server.h"

namespace oc {
namespace {

using nlohmann::json;
using testing::TestServer;
using testing::ValidDeclarationJson;

TEST(Webhook, RetriesUntilDeliveredInOrderWithValidSignature) {
  std::mutex mu;
  int calls = 0;
  std::vector<int64_t> seqs;
  bool signatures_ok = true;
  const std::string secret = "a-long-webhook-secret";
  api::HttpServer receiver(api::ServerOptions{"127.0.0.1", 0, 1}, [&](api::HttpRequest& req, api::Respond respond) {
    std::lock_guard lk(mu);
    ++calls;
    api::HttpResponse r;
    if (calls <= 2) {  // the receiver is down at first
      r.status = 503;
      return respond(r);
    }
    if (std::string(req.Header("x-opencustoms-signature")) != api::WebhookSignature(secret, req.body)) signatures_ok = false;
    json batch = json::parse(req.body);
    for (auto& e : batch["events"]) seqs.push_back(e["seq"].get<int64_t>());
    r.status = 204;
    respond(r);
  });
  ASSERT_TRUE(receiver.Start().ok());

  TestServer server(0, false, [](AppConfig& c) { c.webhook_allowed_hosts = {"127.0.0.1"}; });
  json hook = {{"url", "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hooks/customs"}, {"secret", secret}};
  auto put = server.Call("PUT", "/v1/webhook", hook.dump(), "trader_a");
  ASSERT_EQ(put.status, 200) << put.raw;
  EXPECT_EQ(server.Call("PUT", "/v1/webhook", R"({"url":"ftp://x","secret":"a-long-webhook-secret"})", "trader_a").status, 422);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(server.Lodge(ValidDeclarationJson(i)).status, 201);
  server.Lodge(ValidDeclarationJson(50, TestServer::kOrgB), "trader_b");  // not for this webhook

  auto all = server.Call("GET", "/v1/notifications", "", "trader_a");
  size_t expected = all.body["events"].size();
  ASSERT_EQ(expected, 10u);
  for (int waited = 0; waited < 200; ++waited) {
    {
      std::lock_guard lk(mu);
      if (seqs.size() >= expected) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::unique_lock lk(mu);
  EXPECT_GE(calls, 3);
  ASSERT_EQ(seqs.size(), expected);
  for (size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], all.body["events"][i]["seq"].get<int64_t>());
  EXPECT_TRUE(signatures_ok);
  std::string last = std::to_string(seqs.back());
  lk.unlock();
  // The dispatcher records the delivery after the receiver has answered: wait for that write.
  testing::CallResult status;
  for (int waited = 0; waited < 100; ++waited) {
    status = server.Call("GET", "/v1/webhook", "", "trader_a");
    if (status.body["cursor"] == last) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(status.body["failures"], 0);
  EXPECT_EQ(status.body["cursor"], last);
}

// Found in use: a trader could point its webhook at the server's own network (loopback, cloud
// metadata, private ranges) and the server posted event data there (SSRF).
TEST(Webhooks, PrivateDestinationsAreRefusedUnlessAnAdministratorAllowsTheHost) {
  for (const char* ip : {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
                         "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd00::1",
                         "::ffff:127.0.0.1", "::ffff:10.0.0.1", "not an address"})
    EXPECT_FALSE(api::IsPublicAddress(ip)) << ip;
  for (const char* ip : {"8.8.8.8", "172.32.0.1", "100.128.0.1", "193.0.14.129", "2a00:1450:4001:82a::200e", "::ffff:8.8.4.4"})
    EXPECT_TRUE(api::IsPublicAddress(ip)) << ip;

  int calls = 0;
  std::mutex mu;
  api::HttpServer receiver(api::ServerOptions{"127.0.0.1", 0, 1}, [&](api::HttpRequest&, api::Respond respond) {
    std::lock_guard lk(mu);
    ++calls;
    api::HttpResponse r;
    r.status = 204;
    respond(r);
  });
  ASSERT_TRUE(receiver.Start().ok());
  std::string port = std::to_string(receiver.port());
  TestServer server;
  for (std::string host : {"127.0.0.1", "localhost", "169.254.169.254", "0.0.0.0", "10.0.0.7"}) {
    json hook = {{"url", "http://" + host + ":" + port + "/hook"}, {"secret", "a-long-webhook-secret"}};
    auto put = server.Call("PUT", "/v1/webhook", hook.dump(), "trader_a");
    EXPECT_EQ(put.status, 422) << host << ": " << put.raw;
    EXPECT_EQ(put.body["code"], "destination_not_allowed") << host;
  }
  // Delivery checks too: a destination registered while it was allowed (or that resolves
  // elsewhere later) is not posted to.
  api::HttpClient client("127.0.0.1", receiver.port(), 2000);
  client.AllowOnly([](const std::string& ip) { return api::IsPublicAddress(ip); });
  auto sent = client.Request("POST", "/hook", "{}");
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.status().code(), "destination_not_allowed");
  std::lock_guard lk(mu);
  EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace oc
