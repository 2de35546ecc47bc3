// A real server started in-process on a loopback port with accounts for every role.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "api/http_client.h"
#include "app/app.h"
#include "risk/model.h"
#include "tests/test_support.h"

namespace oc::testing {

struct CallResult {
  int status = 0;
  nlohmann::json body;
  std::string raw;
  std::unordered_map<std::string, std::string> headers;
};

// A server on 127.0.0.1:<free port> with users: admin, risk, inspector, supervisor (customs),
// trader_a (org 301234567), trader_b (org 302345678). Tokens are obtained by real logins (none
// for a user disabled in a reused data directory).
// Lifecycle tests drive every transition by hand, so automatic risk decisions on registration
// are off unless `risk_decisions` (risk_api_test turns them on).
class TestServer {
 public:
  explicit TestServer(double rate_limit = 0, bool risk_decisions = false,
                      const std::function<void(AppConfig&)>& configure = {});
  ~TestServer();
  int port() const { return app_->port(); }
  std::string token(const std::string& user) const;
  // A request with the user's bearer token ("" = no credentials).
  CallResult Call(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& user = "", const std::vector<std::pair<std::string, std::string>>& extra = {});
  CallResult Lodge(const nlohmann::json& decl, const std::string& user = "trader_a");
  Core& core() { return app_->core(); }
  // Registers bank "TESTBANK" (HMAC-SHA-256 with kBankSecret) through the admin API.
  void RegisterTestBank();
  // Sends TESTBANK's signed confirmation that `order` was paid `amount` (UZS).
  CallResult PayOrder(const std::string& order, const std::string& amount, const std::string& bank_ref);
  static constexpr const char* kBankSecret = "test-bank-shared-secret-of-32-bytes-at-least";
  App& app() { return *app_; }
  // The server's data directory (its keys, e.g. token.key, are files in it).
  const std::string& data_dir() const { return data_dir_; }

  static constexpr const char* kOrgA = "301234567";
  static constexpr const char* kOrgB = "302345678";

 private:
  TempDir dir_;
  std::string data_dir_;
  std::unique_ptr<App> app_;
  std::unique_ptr<api::HttpClient> client_;
  std::unordered_map<std::string, std::string> tokens_;
};

// A small fraud model trained on 600 synthetic declarations in which `importer` is caught
// eight times in ten and everyone else one in ten: its declarations score high, and a decision's
// reasons name the score and the importer among the strongest factors.
Result<std::unique_ptr<risk::FraudModel>> TrainModelCatching(const std::string& importer, int rounds = 30);

}  // namespace oc::testing
