// Shared test helpers: reference data, temporary directories, valid declarations, and a real
// server started in-process on a loopback port with accounts for every role.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "api/http_client.h"
#include "app/app.h"
#include "demo/demo_generator.h"

namespace oc::testing {

std::shared_ptr<const ReferenceData> Ref();

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A valid declaration for declarant `tin` (a DemoGenerator declaration, re-owned).
Declaration ValidDeclaration(uint64_t n, const std::string& tin = "301234567", int items = 3);
nlohmann::json ValidDeclarationJson(uint64_t n, const std::string& tin = "301234567", int items = 3);

struct CallResult {
  int status = 0;
  nlohmann::json body;
  std::string raw;
  std::unordered_map<std::string, std::string> headers;
};

// A server on 127.0.0.1:<free port> with users: admin, risk, inspector, supervisor (customs),
// trader_a (org 301234567), trader_b (org 302345678). Tokens are obtained by real logins.
class TestServer {
 public:
  explicit TestServer(double rate_limit = 0);
  ~TestServer();
  int port() const { return app_->port(); }
  std::string token(const std::string& user) const;
  // A request with the user's bearer token ("" = no credentials).
  CallResult Call(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& user = "", const std::vector<std::pair<std::string, std::string>>& extra = {});
  CallResult Lodge(const nlohmann::json& decl, const std::string& user = "trader_a");
  Core& core() { return app_->core(); }
  App& app() { return *app_; }

  static constexpr const char* kOrgA = "301234567";
  static constexpr const char* kOrgB = "302345678";

 private:
  TempDir dir_;
  std::unique_ptr<App> app_;
  std::unique_ptr<api::HttpClient> client_;
  std::unordered_map<std::string, std::string> tokens_;
};

}  // namespace oc::testing
