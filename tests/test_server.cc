#include "tests/test_server.h"

#include "common/encoding.h"
#include "payment/bank_message.h"

#include <random>

namespace oc::testing {

TestServer::TestServer(double rate_limit, bool risk_decisions, const std::function<void(AppConfig&)>& configure) {
  InitCrypto();
  AppConfig cfg;
  cfg.data_dir = dir_.path();
  cfg.port = 0;
  cfg.rate_per_client = rate_limit;
  cfg.rate_burst = rate_limit * 2;
  cfg.risk_decisions = risk_decisions;
  if (configure) configure(cfg);
  data_dir_ = cfg.data_dir;
  auto app = App::Create(cfg);
  if (!app.ok()) throw std::runtime_error(app.status().ToString());
  app_ = std::move(app.value());
  struct U { const char* name; Role role; const char* org; };
  const U users[] = {{"admin", Role::kAdmin, ""},           {"risk", Role::kRiskOfficer, ""},
                     {"inspector", Role::kInspectionOfficer, ""}, {"supervisor", Role::kSupervisor, ""},
                     {"trader_a", Role::kTrader, kOrgA},    {"trader_b", Role::kTrader, kOrgB}};
  for (const auto& u : users) {
    auto r = app_->core().identity().AddUser(u.name, u.role, u.org, "correct-horse-battery");
    // A server restarted on the same data directory (configure sets data_dir) has its users.
    if (!r.ok() && r.status().kind() != StatusKind::kConflict) throw std::runtime_error(r.status().ToString());
  }
  Status st = app_->Start();
  if (!st.ok()) throw std::runtime_error(st.ToString());
  // Over TLS when the server serves it, trusting the CA the configuration trusts (a test's own).
  client_ = std::make_unique<api::HttpClient>(api::HttpUrl{app_->tls(), "127.0.0.1", app_->port(), "/"}, 10000,
                                              api::TlsTrust{cfg.tls_ca_file});
  for (const auto& u : users) {
    auto r = Call("POST", "/v1/auth/login",
                  nlohmann::json{{"username", u.name}, {"password", "correct-horse-battery"}}.dump());
    if (r.status == 401) continue;  // disabled on a data directory used before: no token
    if (r.status != 200) throw std::runtime_error("login failed for " + std::string(u.name) + ": " + r.raw);
    tokens_[u.name] = r.body["token"].get<std::string>();
  }
}

TestServer::~TestServer() {
  client_.reset();
  app_.reset();
}

std::string TestServer::token(const std::string& user) const { return tokens_.at(user); }

CallResult TestServer::Call(const std::string& method, const std::string& path, const std::string& body,
                            const std::string& user, const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::pair<std::string, std::string>> headers = extra;
  if (!user.empty()) headers.emplace_back("Authorization", "Bearer " + tokens_.at(user));
  auto r = client_->Request(method, path, body, headers);
  CallResult out;
  if (!r.ok()) {
    out.status = -1;
    out.raw = r.status().ToString();
    return out;
  }
  out.status = r->status;
  out.raw = r->body;
  out.headers = r->headers;
  out.body = nlohmann::json::parse(r->body, nullptr, false);
  return out;
}

CallResult TestServer::Lodge(const nlohmann::json& decl, const std::string& user) {
  return Call("POST", "/v1/declarations", decl.dump(), user);
}

void TestServer::RegisterTestBank() {
  nlohmann::json bank = {{"id", "TESTBANK"},
                         {"name", "Test Bank"},
                         {"scheme", "hmac-sha256"},
                         {"key", payment::EncodeBase64(kBankSecret)}};
  auto r = Call("POST", "/v1/banks", bank.dump(), "admin");
  if (r.status != 201) throw std::runtime_error("bank registration failed: " + r.raw);
}

CallResult TestServer::PayOrder(const std::string& order, const std::string& amount, const std::string& bank_ref) {
  std::string body = nlohmann::json{{"bank_ref", bank_ref},
                                    {"order", order},
                                    {"amount", amount},
                                    {"currency", "UZS"},
                                    {"paid_at", "2026-11-21T10:00:00Z"}}
                         .dump();
  return Call("POST", "/v1/bank/confirmations", body, "",
              {{"X-Bank-Id", "TESTBANK"}, {"X-Bank-Signature", payment::SignBody("hmac-sha256", kBankSecret, body)}});
}

Result<std::unique_ptr<risk::FraudModel>> TrainModelCatching(const std::string& importer, int rounds) {
  std::vector<risk::RiskRecord> rows;
  std::mt19937 rng(3);
  for (int i = 0; i < 600; ++i) {
    risk::RiskRecord r;
    r.id = std::to_string(i);
    r.day = 20000 + i / 10;
    r.importer = i % 3 == 0 ? importer : "OTHER" + std::to_string(i % 17);
    r.hs6 = "8517" + std::to_string(10 + i % 5);
    r.origin = i % 2 ? "CN" : "TR";
    r.price = 1000 + rng() % 5000;
    r.net_mass = 10 + rng() % 100;
    r.label = r.importer == importer ? (rng() % 10 < 8) : (rng() % 10 == 0);
    rows.push_back(r);
  }
  risk::TrainOptions opts;
  opts.rounds = rounds;
  return risk::FraudModel::Train(rows, opts);
}

}  // namespace oc::testing
