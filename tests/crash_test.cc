// Crash safety: kill -9 the server process while clients lodge; after a restart every
// acknowledged (2xx) declaration is present and byte-for-byte intact. Repeated three times on
// the same store.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio.hpp>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "ledger/merkle.h"
#include "ledger/note.h"
#include "tests/test_server.h"

namespace oc {
namespace {

using nlohmann::json;
using testing::TempDir;
using testing::ValidDeclarationJson;

int FreePort() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

pid_t StartServer(const std::string& data, int port, const std::string& log) {
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    execl(OC_BINARY, OC_BINARY, "serve", "--data", data.c_str(), "--port", std::to_string(port).c_str(), "--rate-limit",
          "0", static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

bool WaitHealthy(int port) {
  for (int i = 0; i < 200; ++i) {
    api::HttpClient c("127.0.0.1", port, 500);
    auto r = c.Request("GET", "/healthz");
    if (r.ok() && r->status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

std::string Login(int port) {
  api::HttpClient c("127.0.0.1", port);
  auto r = c.Request("POST", "/v1/auth/login", R"({"username":"clerk","password":"crash-test-password"})");
  if (!r.ok() || r->status != 200) return "";
  return json::parse(r->body)["token"];
}

TEST(Crash, KillDashNineLosesNoAcknowledgedDeclaration) {
  TempDir dir;
  std::string data = dir.path() + "/var";
  std::string cmd = std::string("echo crash-test-password | ") + OC_BINARY + " user add --role trader --org 301234567 --name clerk --password-stdin --data " + data + " > /dev/null";
  ASSERT_EQ(system(cmd.c_str()), 0);

  std::map<std::string, json> acked;  // mrn -> declaration sent
  std::vector<std::string> checkpoints;  // signed before a kill
  std::mutex mu;
  std::atomic<uint64_t> next{0};
  int port = FreePort();
  for (int round = 0; round < 3; ++round) {
    pid_t pid = StartServer(data, port, dir.path() + "/server.log");
    ASSERT_TRUE(WaitHealthy(port)) << "server did not start";
    std::string token = Login(port);
    ASSERT_FALSE(token.empty());
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int t = 0; t < 8; ++t) {
      clients.emplace_back([&] {
        api::HttpClient c("127.0.0.1", port, 2000);
        while (!stop) {
          json d = ValidDeclarationJson(next++, "301234567", 5);
          auto r = c.Request("POST", "/v1/declarations", d.dump(), {{"Authorization", "Bearer " + token}});
          if (!r.ok()) break;  // the server died mid-request: not acknowledged
          if (r->status == 201) {
            std::lock_guard lk(mu);
            acked[json::parse(r->body)["mrn"]] = d;
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    // A checkpoint handed out just before the kill: what it signed must survive.
    if (auto cp = api::HttpClient("127.0.0.1", port, 2000).Request("GET", "/v1/ledger/checkpoint"); cp.ok() && cp->status == 200)
      checkpoints.push_back(cp->body);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    kill(pid, SIGKILL);
    int st;
    waitpid(pid, &st, 0);
    stop = true;
    for (auto& c : clients) c.join();
  }
  ASSERT_GT(acked.size(), 100u) << "too few lodgements to make the test meaningful";

  pid_t pid = StartServer(data, port, dir.path() + "/server.log");
  ASSERT_TRUE(WaitHealthy(port));
  std::string token = Login(port);
  api::HttpClient c("127.0.0.1", port);
  size_t intact = 0;
  for (const auto& [mrn, sent] : acked) {
    auto r = c.Request("GET", "/v1/declarations/" + mrn, "", {{"Authorization", "Bearer " + token}});
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->status, 200) << "acknowledged declaration " << mrn << " is missing after kill -9";
    auto got = json::parse(r->body);
    EXPECT_EQ(got["declaration"], sent) << mrn;
    // Every acknowledged lodgement has its risk decision: made before the kill, or by the
    // startup sweep for those registered but not yet decided.
    EXPECT_TRUE(got["lane"].is_string()) << mrn << " has no risk decision after restart";
    if (got["declaration"] == sent) ++intact;
    // Its lodgement is in the ledger.
    auto entries = c.Request("GET", "/v1/declarations/" + mrn + "/ledger", "", {{"Authorization", "Bearer " + token}});
    ASSERT_TRUE(entries.ok());
    EXPECT_NE(entries->body.find("\"lodgement\""), std::string::npos) << mrn << " has no lodgement entry after kill -9";
  }
  EXPECT_EQ(intact, acked.size());

  // The log after the restart extends every checkpoint signed before a kill.
  ASSERT_EQ(checkpoints.size(), 3u);
  auto now = ledger::ParseCheckpoint(ledger::ParseNote(c.Request("GET", "/v1/ledger/checkpoint")->body)->text).value();
  for (const auto& note : checkpoints) {
    auto before = ledger::ParseCheckpoint(ledger::ParseNote(note)->text).value();
    ASSERT_LE(before.size, now.size);
    auto proof = c.Request("GET", "/v1/ledger/proof/consistency?first=" + std::to_string(before.size) +
                                      "&second=" + std::to_string(now.size));
    ASSERT_TRUE(proof.ok());
    std::vector<ledger::Hash> hashes;
    json body = json::parse(proof->body);
    for (const auto& h : body["hashes"]) hashes.push_back(ledger::HashFromBase64(h.get<std::string>()).value());
    EXPECT_TRUE(ledger::VerifyConsistency(before.size, now.size, before.root, now.root, hashes).ok())
        << "the checkpoint of " << before.size << " entries signed before a kill is not a prefix of the log after it";
  }
  kill(pid, SIGTERM);
  int st;
  waitpid(pid, &st, 0);
  EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << "clean shutdown after SIGTERM";
  std::cout << "acknowledged before 3 kills: " << acked.size() << ", intact after restart: " << intact << "\n";
  // And the stored log audits clean: no entry half-written, lost or out of order.
  std::string audit = std::string(OC_BINARY) + " ledger audit --data " + data + " > " + dir.path() + "/audit.txt";
  EXPECT_EQ(system(audit.c_str()), 0) << "ledger audit after kill -9 found problems";
}

}  // namespace
}  // namespace oc
