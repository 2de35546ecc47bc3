// Every route × every role against the access policy (identity/access.h): a role the policy never
// allows a route's action is refused with 403; a role it allows is not (whatever else it gets:
// 400 for an empty body, 404 for an unknown id, 409 for the declaration's state). The routes come
// from the router itself, each with the action it declared, so a new route is swept as soon as it
// is registered; one whose path parameter or refusal this sweep cannot reach fails here.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>
#include <vector>

#include "identity/access.h"
#include "tests/test_server.h"

namespace oc {
namespace {

using nlohmann::json;
using testing::TestServer;
using testing::ValidDeclarationJson;

struct RoleUser {
  Role role;
  const char* user;  // a TestServer account
};
constexpr RoleUser kRoles[] = {{Role::kTrader, "trader_a"},
                               {Role::kRiskOfficer, "risk"},
                               {Role::kInspectionOfficer, "inspector"},
                               {Role::kSupervisor, "supervisor"},
                               {Role::kAdmin, "admin"}};

// Routes that need no credentials, each for a reason (protocols with their own authentication,
// public proofs, health and metrics). A new public route must be added here on purpose.
const std::set<std::string> kPublicRoutes = {
    "GET /healthz", "GET /livez", "GET /readyz", "GET /openapi.yaml",
    "GET /metrics",
    "POST /v1/auth/login",
    "GET /v1/config",
    "GET /v1/ledger/checkpoint",
    "GET /v1/ledger/proof/inclusion",
    "GET /v1/ledger/proof/consistency",
    "POST /v1/witness/add-checkpoint",
    "GET /v1/witness",
    "POST /v1/bank/confirmations",
    // Phones' OsmAnd reports: the protocol has no credentials but the registered phone's id.
    "GET /v1/osmand", "POST /v1/osmand",
};

// Routes that end the session they are called with.
const std::set<std::string> kEndsItsSession = {"POST /v1/auth/logout", "POST /v1/auth/refresh"};

// Fills each {param} of `pattern` from `values`; false when one has no value.
bool FillPath(const std::string& pattern, const std::map<std::string, std::string>& values, std::string* path) {
  *path = pattern;
  for (size_t open = path->find('{'); open != std::string::npos; open = path->find('{')) {
    size_t close = path->find('}', open);
    auto it = values.find(path->substr(open, close - open + 1));
    if (it == values.end()) return false;
    path->replace(open, close - open + 1, it->second);
  }
  return true;
}

class RouteAccessSweep {
 public:
  RouteAccessSweep() {
    json decl = ValidDeclarationJson(1, TestServer::kOrgA);
    auto lodged = server_.Lodge(decl, "trader_a");
    if (lodged.status != 201) throw std::runtime_error("lodgement failed: " + lodged.raw);
    // The trader's own, registered declaration: each role gets past "may it see it" and meets the
    // action's rule (a draft would refuse the supervisor's cancellation by the lifecycle instead).
    params_ = {{"{ref}", std::to_string(lodged.body["id"].get<int>())},
               {"{n}", "1"},
               {"{tin}", TestServer::kOrgA},
               {"{id}", "1"},
               {"{alert}", "1"},
               {"{list}", "countries"},
               {"{order}", "RF18539007547034"},
               {"{account}", "ACC1"},
               {"{guarantee}", "G1"},
               {"{refund}", "R1"},
               {"{receipt}", "RC1"},
               {"{name}", "sweep_list"},
               {"{version}", "v0"},
               {"{action}", "activate"}};
    // Each route gets a request its handler can read, so that it reaches the service and the
    // service's own check: a 400 before it would hide a refusal the policy does not expect.
    // Several requests where the lifecycle decides (it lets a trader submit, an officer hold): an
    // allowed role needs one that is not refused.
    json bank = {{"id", "SWEEP"}, {"name", "Sweep"}, {"scheme", "none"}, {"key", "AAAA"}};
    json account = {{"org_tin", TestServer::kOrgA}, {"limit", "1.00"}, {"currency", "XXX"}};
    json guarantee = {{"org_tin", TestServer::kOrgA}, {"amount", "1.00"}, {"currency", "XXX"}};
    json organisation = {{"name", "Sweep Trading"},
                         {"address", {{"street", "1 Amir Temur"}, {"city", "Tashkent"}, {"postcode", "100000"}, {"country", "UZ"}}}};
    json user = {{"username", "sweep_user"}, {"role", "trader"}, {"org_tin", TestServer::kOrgB}, {"password", "correct-horse-battery"}};
    json webhook = {{"url", "http://127.0.0.1:9/hook"}, {"secret", "0123456789abcdef"}};
    json criterion = {{"name", "sweep"}, {"expression", "true"}, {"lane", "green"}, {"selection_percent", 1}};
    samples_ = {
        {"POST /v1/declarations", {{"", ValidDeclarationJson(2, TestServer::kOrgA).dump()}}},
        {"POST /v1/declarations/{ref}/actions", {{"", R"({"action":"submit"})"}, {"", R"({"action":"hold"})"}}},
        {"POST /v1/declarations/{ref}/amendments", {{"", json{{"reason_code", "X"}, {"declaration", decl}}.dump()}}},
        {"POST /v1/declarations/{ref}/guarantee", {{"", R"({"guarantee":"G1"})"}}},
        {"POST /v1/declarations/{ref}/inspection", {{"", R"({"outcome":"no_discrepancy"})"}}},
        {"POST /v1/declarations/{ref}/corrections", {{"", R"({"reason":"found","items":[{"item":1,"origin":"VN"}]})"}}},
        {"POST /v1/payment-orders/{order}/deferred", {{"", R"({"account":"ACC1"})"}}},
        {"POST /v1/banks", {{"", bank.dump()}}},
        {"POST /v1/deferred-accounts", {{"", account.dump()}}},
        {"POST /v1/guarantees", {{"", guarantee.dump()}}},
        {"POST /v1/users", {{"", user.dump()}}},
        {"POST /v1/api-keys", {{"", R"({"name":"sweep"})"}}},
        {"PUT /v1/organisations/{tin}", {{"", organisation.dump()}}},
        {"PUT /v1/webhook", {{"", webhook.dump()}}},
        {"PUT /v1/traders/{tin}/aeo", {{"", R"({"aeo":false})"}}},
        {"PUT /v1/risk/lists/{name}", {{"", R"({"values":["X"]})"}}},
        {"POST /v1/risk/expressions/check", {{"", R"({"expression":"true"})"}}},
        {"POST /v1/risk/backtest", {{"", R"({"expression":"true"})"}}},
        {"POST /v1/risk/criteria", {{"", criterion.dump()}}},
        {"POST /v1/risk/criteria/{id}/versions", {{"", criterion.dump()}}},
        {"GET /v1/ledger/entries", {{"?start=0", ""}}},
        {"POST /v1/declarations/{ref}/journey", {{"", R"({"route":"sweep","seals":["ESL-1"]})"}}},
        {"POST /v1/journeys/{id}/close", {{"", R"({"seal_checks":[]})"}}},
        {"GET /v1/reference/unit-values", {{"?hs=870323", ""}}},
        {"GET /v1/reference/exchange-rates", {{"?currency=USD", ""}}},
    };
  }

  TestServer& server() { return server_; }
  const std::map<std::string, std::string>& params() const { return params_; }
  struct Sample {
    std::string query, body;
  };
  std::vector<Sample> SamplesFor(const std::string& route) const {
    auto it = samples_.find(route);
    return it == samples_.end() ? std::vector<Sample>{{"", ""}} : it->second;
  }

 private:
  TestServer server_;
  std::map<std::string, std::string> params_;
  std::map<std::string, std::vector<Sample>> samples_;
};

TEST(RouteAccess, EveryRouteAnswersEveryRoleAsThePolicySays) {
  RouteAccessSweep sweep;
  auto routes = sweep.server().app().RouteTable();
  ASSERT_GT(routes.size(), 50u);
  int authed = 0, probes = 0;
  std::set<std::string> public_routes;
  for (const auto& route : routes) {
    std::string name = route.method + " " + route.pattern;
    if (!route.access) {
      public_routes.insert(name);
      continue;
    }
    ++authed;
    std::string path;
    ASSERT_TRUE(FillPath(route.pattern, sweep.params(), &path)) << name << ": give its path parameter a plausible value";
    access::Action action = route.access->action;
    for (const auto& [role, user] : kRoles) {
      bool allowed = access::RoleMay(role, action);
      std::vector<std::string> answers;
      bool any_not_refused = false;
      for (const auto& sample : sweep.SamplesFor(name)) {
        // Signing out or refreshing ends the session it is sent with: those get a session of
        // their own, so that the sweep's tokens stay good.
        std::vector<std::pair<std::string, std::string>> own_session;
        if (kEndsItsSession.count(name)) {
          auto login = sweep.server().Call("POST", "/v1/auth/login",
                                           json{{"username", user}, {"password", "correct-horse-battery"}}.dump());
          ASSERT_EQ(login.status, 200) << login.raw;
          own_session = {{"Authorization", "Bearer " + login.body["token"].get<std::string>()}};
        }
        auto r = own_session.empty() ? sweep.server().Call(route.method, path + sample.query, sample.body, user)
                                     : sweep.server().Call(route.method, path + sample.query, sample.body, "", own_session);
        ++probes;
        answers.push_back(std::to_string(r.status) + " " + r.raw.substr(0, 160));
        if (r.status == 403) {
          EXPECT_EQ(r.body.value("code", ""), "forbidden") << name << " as " << user << ": " << r.raw;
        } else {
          any_not_refused = true;
        }
      }
      std::string seen;
      for (const auto& a : answers) seen += "\n  " + a;
      if (allowed)
        EXPECT_TRUE(any_not_refused) << name << " (" << access::ActionName(action) << "): " << RoleName(role)
                                     << " is allowed but was refused" << seen;
      else
        EXPECT_FALSE(any_not_refused) << name << " (" << access::ActionName(action) << "): " << RoleName(role)
                                      << " is not allowed but was not refused" << seen;
    }
  }
  EXPECT_EQ(public_routes, kPublicRoutes) << "a route without authentication must be listed as public on purpose";
  std::printf("swept %d authenticated routes x %zu roles (%d requests)\n", authed, std::size(kRoles), probes);
}

}  // namespace
}  // namespace oc
