// What whoever runs the server relies on: liveness and readiness probes, the API description,
// compressed static files, the access log and the process metrics.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/logging.h"
#include "tests/test_server.h"

namespace oc::testing {
namespace {

bool StartsWithGzipMagic(const std::string& body) {
  return body.size() > 2 && static_cast<unsigned char>(body[0]) == 0x1f && static_cast<unsigned char>(body[1]) == 0x8b;
}

TEST(Operations, LivenessReadinessAndTheApiDescription) {
  TestServer server;
  auto live = server.Call("GET", "/livez");
  EXPECT_EQ(live.status, 200);
  EXPECT_EQ(live.body["status"], "ok");

  auto ready = server.Call("GET", "/readyz");
  ASSERT_EQ(ready.status, 200) << ready.raw;
  EXPECT_EQ(ready.body["status"], "ready");
  std::set<std::string> names;
  for (const auto& c : ready.body["checks"]) {
    names.insert(c["name"].get<std::string>());
    EXPECT_TRUE(c["ok"].get<bool>()) << c.dump();
  }
  for (const char* n : {"store", "store_writable", "disk_space", "fraud_model", "hs_classifier"}) EXPECT_TRUE(names.count(n)) << n;

  auto doc = server.Call("GET", "/openapi.yaml");
  EXPECT_EQ(doc.status, 200);
  EXPECT_EQ(doc.raw.rfind("openapi: 3", 0), 0u) << doc.raw.substr(0, 80);
  EXPECT_NE(doc.raw.find("/readyz:"), std::string::npos) << "the document describes the probes";
  auto gz = server.Call("GET", "/openapi.yaml", "", "", {{"Accept-Encoding", "gzip, br"}});
  EXPECT_EQ(gz.headers["content-encoding"], "gzip");
  EXPECT_TRUE(StartsWithGzipMagic(gz.raw));
  EXPECT_LT(gz.raw.size(), doc.raw.size() / 3);
}

// Readiness looks at the store's files: a database file that cannot be written (here: gone)
// takes the server out of rotation until it is back.
TEST(Operations, ReadinessFailsWhileTheStoreCannotBeWritten) {
  TestServer server;
  std::string db = server.data_dir() + "/opencustoms.db";
  std::filesystem::rename(db, db + ".away");
  auto ready = server.Call("GET", "/readyz");
  std::filesystem::rename(db + ".away", db);
  EXPECT_EQ(ready.status, 503) << ready.raw;
  EXPECT_EQ(ready.body["status"], "not_ready");
  bool found = false;
  for (const auto& c : ready.body["checks"])
    if (c["name"] == "store_writable") {
      found = true;
      EXPECT_FALSE(c["ok"].get<bool>());
    }
  EXPECT_TRUE(found);
  EXPECT_EQ(server.Call("GET", "/readyz").status, 200);
  EXPECT_EQ(server.Call("GET", "/livez").status, 200) << "alive all the same";
}

// Security events reach the log collector as JSON lines too, not only the store.
TEST(Operations, TheSecurityLogHasAJsonLinePerEvent) {
  TempDir dir;
  std::string path = dir.path() + "/security.log";
  LogConfig config;
  config.format = "json";
  config.security_log = path;
  ASSERT_TRUE(ConfigureLogging(config).ok());
  {
    TestServer server;
    auto wrong = server.Call("POST", "/v1/auth/login", R"({"username":"trader_a","password":"wrong-password"})");
    EXPECT_EQ(wrong.status, 401);
  }
  ASSERT_TRUE(ConfigureLogging({}).ok());
  std::ifstream in(path);
  std::string line;
  int failed = 0;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["log"], "security");
    EXPECT_TRUE(j.contains("time") && j.contains("address") && j.contains("actor")) << line;
    if (j["event"] == "login_failed" && j["user"] == "trader_a") ++failed;
  }
  EXPECT_EQ(failed, 1);
  LogConfig bad;
  bad.security_log = dir.path();  // a directory, not a file
  EXPECT_EQ(ConfigureLogging(bad).code(), "internal");
  ASSERT_TRUE(ConfigureLogging({}).ok());
}

TEST(Operations, TheAccessLogHasALinePerRequestWithWhoAndHowLong) {
  TempDir dir;
  std::string path = dir.path() + "/access.log";
  ASSERT_TRUE(ConfigureLogging({"info", "json", path}).ok());
  {
    TestServer server;
    auto r = server.Call("GET", "/v1/declarations", "", "trader_a", {{"X-Request-Id", "req-42.a"}});
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.headers["x-request-id"], "req-42.a");
    auto bad = server.Call("GET", "/v1/declarations", "", "", {{"X-Request-Id", "spaces are not allowed"}});
    EXPECT_EQ(bad.status, 401);
    EXPECT_EQ(bad.headers["x-request-id"].size(), 16u) << "an unusable id is replaced";
  }
  ASSERT_TRUE(ConfigureLogging({}).ok());
  std::ifstream in(path);
  std::string line;
  int mine = 0, refused = 0;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["log"], "access");
    EXPECT_TRUE(j.contains("time") && j.contains("duration_ms") && j.contains("client")) << line;
    if (j["request_id"] == "req-42.a") {
      ++mine;
      EXPECT_EQ(j["principal"], "trader_a");
      EXPECT_EQ(j["route"], "GET /v1/declarations");
      EXPECT_EQ(j["status"], 200);
    }
    if (j["status"] == 401 && j["path"] == "/v1/declarations") {
      ++refused;
      EXPECT_EQ(j["principal"], "-");
    }
  }
  EXPECT_EQ(mine, 1);
  EXPECT_EQ(refused, 1);
}

TEST(Operations, StaticFilesAreSentCompressedToClientsThatAcceptIt) {
  TempDir web;
  std::string script(20000, 'x');
  for (size_t i = 0; i < script.size(); i += 40) script.replace(i, 11, "console.log");
  std::ofstream(web.path() + "/index.html") << "<!doctype html><title>OpenCustoms</title>" << std::string(2000, ' ');
  std::filesystem::create_directories(web.path() + "/assets");
  std::ofstream(web.path() + "/assets/app.js") << script;
  std::ofstream(web.path() + "/logo.png") << std::string("\x89PNG\r\n\x1a\n", 8) << std::string(3000, '\x01');
  TestServer server(0, false, [&](AppConfig& c) { c.web_dir = web.path(); });
  auto plain = server.Call("GET", "/assets/app.js");
  EXPECT_EQ(plain.raw, script);
  EXPECT_EQ(plain.headers["vary"], "Accept-Encoding");
  EXPECT_EQ(plain.headers.count("content-encoding"), 0u);
  auto gz = server.Call("GET", "/assets/app.js", "", "", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(gz.headers["content-encoding"], "gzip");
  EXPECT_TRUE(StartsWithGzipMagic(gz.raw));
  EXPECT_LT(gz.raw.size(), script.size() / 10);
  auto refused = server.Call("GET", "/assets/app.js", "", "", {{"Accept-Encoding", "gzip;q=0"}});
  EXPECT_EQ(refused.raw, script);
  auto png = server.Call("GET", "/logo.png", "", "", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(png.headers.count("content-encoding"), 0u) << "images are not compressed again";
}

TEST(Operations, MetricsDescribeTheProcessTheBuildAndTheBacklogs) {
  TestServer server;
  auto m = server.Call("GET", "/metrics");
  ASSERT_EQ(m.status, 200);
  for (const char* name : {"process_resident_memory_bytes ", "process_cpu_seconds_total ", "process_open_fds ",
                           "process_start_time_seconds ", "oc_build_info{version=", "oc_store_wal_bytes ",
                           "oc_store_checkpoint_age_seconds ", "oc_webhook_backlog ", "oc_model_scorings_total "})
    EXPECT_NE(m.raw.find(std::string("\n") + name), std::string::npos) << name;
}

}  // namespace
}  // namespace oc::testing
