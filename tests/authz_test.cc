// Authorisation: for every endpoint that touches a declaration, a trader cannot read or change
// another trader's declaration. The sweep is checked against the router's full route list, so
// a new endpoint without a case here fails this test.
#include <gtest/gtest.h>

#include <set>

#include "tests/test_server.h"

namespace oc {
namespace {

using nlohmann::json;
using testing::TestServer;
using testing::ValidDeclarationJson;

TEST(Authorization, TraderCannotReachAnotherTradersDeclarationThroughAnyEndpoint) {
  TestServer server;
  json decl = ValidDeclarationJson(1, TestServer::kOrgA);
  auto lodged = server.Lodge(decl, "trader_a");
  ASSERT_EQ(lodged.status, 201);
  std::string mrn = lodged.body["mrn"];
  std::string id = std::to_string(lodged.body["id"].get<int>());
  json amended = decl;
  amended["items"][0]["description"] = "changed by an intruder";
  json amendment = {{"reason_code", "X"}, {"declaration", amended}};

  struct Probe { std::string route, method, path, body; };
  std::vector<Probe> probes;
  for (const std::string& ref : {mrn, id}) {
    std::string base = "/v1/declarations/" + ref;
    probes.push_back({"GET /v1/declarations/{ref}", "GET", base, ""});
    probes.push_back({"GET /v1/declarations/{ref}/history", "GET", base + "/history", ""});
    probes.push_back({"GET /v1/declarations/{ref}/versions", "GET", base + "/versions", ""});
    probes.push_back({"GET /v1/declarations/{ref}/versions/{n}", "GET", base + "/versions/1", ""});
    probes.push_back({"GET /v1/declarations/{ref}/assessment", "GET", base + "/assessment", ""});
    probes.push_back({"POST /v1/declarations/{ref}/actions", "POST", base + "/actions", R"({"action":"invalidate"})"});
    probes.push_back({"POST /v1/declarations/{ref}/cancellation", "POST", base + "/cancellation", ""});
    probes.push_back({"POST /v1/declarations/{ref}/amendments", "POST", base + "/amendments", amendment.dump()});
    probes.push_back({"GET /v1/declarations/{ref}/debt", "GET", base + "/debt", ""});
    probes.push_back({"POST /v1/declarations/{ref}/guarantee", "POST", base + "/guarantee", R"({"guarantee":"G1"})"});
    probes.push_back({"POST /v1/declarations/{ref}/discharge", "POST", base + "/discharge", ""});
    probes.push_back({"GET /v1/declarations/{ref}/risk", "GET", base + "/risk", ""});
    probes.push_back({"POST /v1/declarations/{ref}/inspection", "POST", base + "/inspection", R"({"outcome":"no_discrepancy"})"});
    probes.push_back({"GET /v1/declarations/{ref}/inspections", "GET", base + "/inspections", ""});
    probes.push_back({"GET /v1/declarations/{ref}/ledger", "GET", base + "/ledger", ""});
    probes.push_back({"POST /v1/declarations/{ref}/bundle", "POST", base + "/bundle", R"({"kind":"export_declaration"})"});
  }
  std::set<std::string> covered;
  for (const auto& p : probes) {
    auto r = server.Call(p.method, p.path, p.body, "trader_b");
    EXPECT_EQ(r.status, 404) << p.method << " " << p.path << " -> " << r.raw;
    EXPECT_EQ(r.raw.find(decl["parties"]["declarant"]["name"].get<std::string>()), std::string::npos);
    covered.insert(p.route);
  }
  // Every route with a declaration reference is in the sweep.
  for (const auto& route : server.app().Routes())
    if (route.find("{ref}") != std::string::npos) {
      EXPECT_TRUE(covered.count(route)) << "not swept: " << route;
    }

  // Lists, filters and notifications do not leak it either.
  for (const std::string& q : std::vector<std::string>{"/v1/declarations", "/v1/declarations?mrn=" + mrn, "/v1/declarations?lrn=" + decl["lrn"].get<std::string>(),
                               "/v1/declarations?declarant=" + std::string(TestServer::kOrgA)}) {
    auto r = server.Call("GET", q, "", "trader_b");
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(r.body["items"].empty()) << q;
  }
  auto n = server.Call("GET", "/v1/notifications", "", "trader_b");
  EXPECT_TRUE(n.body["events"].empty());
  // Lodging in another organisation's name is refused.
  EXPECT_EQ(server.Lodge(ValidDeclarationJson(2, TestServer::kOrgA), "trader_b").status, 403);

  // Nothing was changed by the attempts: still version 1, registered, and the owner still sees it.
  auto own = server.Call("GET", "/v1/declarations/" + mrn, "", "trader_a");
  ASSERT_EQ(own.status, 200);
  EXPECT_EQ(own.body["version"], 1);
  EXPECT_EQ(own.body["state"], "registered");
  EXPECT_EQ(own.body["declaration"], decl);
  auto hist = server.Call("GET", "/v1/declarations/" + mrn + "/history", "", "trader_a");
  EXPECT_EQ(hist.body["transitions"].size(), 2u);
  // Customs staff see it; an administrator cannot act on it.
  EXPECT_EQ(server.Call("GET", "/v1/declarations/" + mrn, "", "inspector").status, 200);
  EXPECT_EQ(server.Call("POST", "/v1/declarations/" + mrn + "/actions", R"({"action":"assess"})", "admin").status, 403);
}

}  // namespace
}  // namespace oc
