#include "tests/test_support.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "common/dates.h"
#include "common/encoding.h"

namespace oc::testing {

std::shared_ptr<const ReferenceData> Ref() {
  static auto ref = [] {
    auto r = ReferenceData::Load(DefaultReferenceDir());
    if (!r.ok()) throw std::runtime_error(r.status().ToString());
    return r.value();
  }();
  return ref;
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "octest-XXXXXX").string();
  char* p = mkdtemp(tmpl.data());
  if (!p) throw std::runtime_error("mkdtemp failed");
  path_ = p;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

Declaration ValidDeclaration(uint64_t n, const std::string& tin, int items) {
  DemoGenerator gen(*Ref(), 7);
  DemoTrader t{tin, "Test Trader " + tin, "Tashkent", "t"};
  return gen.Make(n, t, items, FormatIsoDate(TodayUtcDays() - 1));
}

nlohmann::json ValidDeclarationJson(uint64_t n, const std::string& tin, int items) {
  return nlohmann::json::parse(CanonicalJson(ValidDeclaration(n, tin, items)));
}

TestServer::TestServer(double rate_limit) {
  InitCrypto();
  AppConfig cfg;
  cfg.data_dir = dir_.path();
  cfg.port = 0;
  cfg.rate_per_client = rate_limit;
  cfg.rate_burst = rate_limit * 2;
  auto app = App::Create(cfg);
  if (!app.ok()) throw std::runtime_error(app.status().ToString());
  app_ = std::move(app.value());
  struct U { const char* name; Role role; const char* org; };
  const U users[] = {{"admin", Role::kAdmin, ""},           {"risk", Role::kRiskOfficer, ""},
                     {"inspector", Role::kInspectionOfficer, ""}, {"supervisor", Role::kSupervisor, ""},
                     {"trader_a", Role::kTrader, kOrgA},    {"trader_b", Role::kTrader, kOrgB}};
  for (const auto& u : users) {
    auto r = app_->core().identity().AddUser(u.name, u.role, u.org, "correct-horse-battery");
    if (!r.ok()) throw std::runtime_error(r.status().ToString());
  }
  Status st = app_->Start();
  if (!st.ok()) throw std::runtime_error(st.ToString());
  client_ = std::make_unique<api::HttpClient>("127.0.0.1", app_->port());
  for (const auto& u : users) {
    auto r = Call("POST", "/v1/auth/login",
                  nlohmann::json{{"username", u.name}, {"password", "correct-horse-battery"}}.dump());
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

}  // namespace oc::testing
