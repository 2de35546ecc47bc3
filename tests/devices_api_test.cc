// The device registry over HTTP: customs registers seals (ISO 18185 identity), trackers and
// phones for a carrier, fits and removes them; a carrier sees its own devices and nobody else's;
// bad input is refused with the member named.
#include <gtest/gtest.h>
#include <sodium.h>

#include <nlohmann/json.hpp>

#include "common/encoding.h"
#include "tests/test_server.h"

namespace oc {
namespace {

using nlohmann::json;
using testing::TestServer;

std::string NewPublicKey() {
  EXPECT_GE(sodium_init(), 0);
  std::string pk(crypto_sign_PUBLICKEYBYTES, '\0'), sk(crypto_sign_SECRETKEYBYTES, '\0');
  crypto_sign_keypair(reinterpret_cast<unsigned char*>(pk.data()), reinterpret_cast<unsigned char*>(sk.data()));
  return Base64Encode(pk);
}

TEST(DevicesApi, CustomsRegistersFitsAndRemovesCarriersSeeTheirOwn) {
  TestServer server;
  std::string key = NewPublicKey();
  json seal = {{"kind", "seal"}, {"manufacturer", "ESL"}, {"serial", "000123"}, {"owner_tin", TestServer::kOrgA},
               {"public_key", key}};
  auto made = server.Call("POST", "/v1/devices", seal.dump(), "inspector");
  ASSERT_EQ(made.status, 201) << made.raw;
  EXPECT_EQ(made.body["id"], "ESL-000123") << "a seal's id is its ISO 18185 identity";
  EXPECT_EQ(made.body["state"], "in_stock");
  EXPECT_EQ(made.body["public_key"], key);
  EXPECT_NE(made.body["registered_by"].get<std::string>().find("inspector"), std::string::npos);
  EXPECT_EQ(server.Call("POST", "/v1/devices", seal.dump(), "supervisor").body["code"], "device_exists");
  auto phone = server.Call("POST", "/v1/devices",
                           json{{"kind", "phone"}, {"id", "PHONE-B1"}, {"owner_tin", TestServer::kOrgB}}.dump(), "admin");
  ASSERT_EQ(phone.status, 201) << phone.raw;
  EXPECT_TRUE(phone.body["public_key"].is_null());

  // Who may: traders and risk officers do not register devices.
  EXPECT_EQ(server.Call("POST", "/v1/devices", seal.dump(), "trader_a").status, 403);
  EXPECT_EQ(server.Call("POST", "/v1/devices", seal.dump(), "risk").status, 403);

  // A carrier sees its own devices only, and another's not even by id.
  auto mine = server.Call("GET", "/v1/devices", "", "trader_a");
  ASSERT_EQ(mine.status, 200) << mine.raw;
  ASSERT_EQ(mine.body["items"].size(), 1u);
  EXPECT_EQ(mine.body["items"][0]["id"], "ESL-000123");
  EXPECT_EQ(server.Call("GET", "/v1/devices?owner_tin=" + std::string(TestServer::kOrgB), "", "trader_a").body["items"].size(), 1u)
      << "the owner filter cannot widen a carrier's view";
  EXPECT_EQ(server.Call("GET", "/v1/devices/PHONE-B1", "", "trader_a").status, 404);
  EXPECT_EQ(server.Call("GET", "/v1/devices/PHONE-B1", "", "trader_b").status, 200);
  EXPECT_EQ(server.Call("GET", "/v1/devices", "", "risk").body["items"].size(), 2u);
  EXPECT_EQ(server.Call("GET", "/v1/devices?owner_tin=" + std::string(TestServer::kOrgB), "", "risk").body["items"].size(), 1u);

  // Fitted for a journey, then removed: removal is final.
  auto fitted = server.Call("PATCH", "/v1/devices/ESL-000123", json{{"state", "fitted"}}.dump(), "inspector");
  ASSERT_EQ(fitted.status, 200) << fitted.raw;
  EXPECT_EQ(fitted.body["state"], "fitted");
  EXPECT_EQ(server.Call("PATCH", "/v1/devices/ESL-000123", json{{"state", "removed"}}.dump(), "inspector").body["state"],
            "removed");
  auto again = server.Call("PATCH", "/v1/devices/ESL-000123", json{{"state", "fitted"}}.dump(), "inspector");
  EXPECT_EQ(again.status, 422) << again.raw;
  EXPECT_EQ(again.body["code"], "device_removed");
  EXPECT_EQ(server.Call("PATCH", "/v1/devices/NOPE", json{{"state", "fitted"}}.dump(), "inspector").status, 404);
  EXPECT_EQ(server.Call("PATCH", "/v1/devices/PHONE-B1", "{}", "inspector").body["code"], "no_change");
  EXPECT_EQ(server.Call("PATCH", "/v1/devices/PHONE-B1", json{{"state", "fitted"}}.dump(), "trader_b").status, 403);
}

TEST(DevicesApi, BadRegistrationsAreRefusedWithTheirReason) {
  TestServer server;
  std::string key = NewPublicKey();
  struct Case { json body; std::string code; };
  std::vector<Case> cases = {
      {{{"kind", "drone"}, {"id", "D1"}, {"owner_tin", TestServer::kOrgA}}, "invalid_kind"},
      {{{"kind", "seal"}, {"serial", "1"}, {"owner_tin", TestServer::kOrgA}, {"public_key", key}}, "seal_identity_required"},
      {{{"kind", "seal"}, {"id", "X-1"}, {"manufacturer", "ESL"}, {"serial", "1"}, {"owner_tin", TestServer::kOrgA},
        {"public_key", key}}, "seal_identity_required"},
      {{{"kind", "tracker"}, {"id", "TRK-1"}, {"owner_tin", TestServer::kOrgA}}, "public_key_required"},
      {{{"kind", "tracker"}, {"id", "TRK-1"}, {"owner_tin", TestServer::kOrgA}, {"public_key", "c2hvcnQ="}}, "invalid_public_key"},
      {{{"kind", "phone"}, {"id", "bad id!"}, {"owner_tin", TestServer::kOrgA}}, "invalid_device_id"},
      {{{"kind", "phone"}, {"id", "P1"}, {"owner_tin", "not a tin"}}, "invalid_tin"},
      {{{"kind", "phone"}, {"id", "P1"}, {"owner_tin", TestServer::kOrgA}, {"state", "lost"}}, "invalid_state"},
      {{{"kind", "phone"}, {"id", "P1"}}, ""},  // owner_tin required: the field helper's code
  };
  for (const auto& c : cases) {
    auto r = server.Call("POST", "/v1/devices", c.body.dump(), "admin");
    EXPECT_GE(r.status, 400) << c.body;
    EXPECT_LT(r.status, 500) << c.body;
    if (!c.code.empty()) EXPECT_EQ(r.body["code"], c.code) << c.body << " -> " << r.raw;
  }
  EXPECT_EQ(server.Call("GET", "/v1/devices", "", "admin").body["items"].size(), 0u) << "nothing half-registered";
}

}  // namespace
}  // namespace oc
