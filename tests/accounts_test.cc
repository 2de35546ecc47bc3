// Access that can be taken back, over HTTP against a real server and store: sign-out and refresh,
// disabled users (at once and after a restart), role changes, password changes and resets, API
// keys listed, scoped and revoked, lockout after failed sign-ins and its lifting, the second
// factor, the security log, and the demo flag.
#include <gtest/gtest.h>

#include <optional>

#include "common/dates.h"
#include "identity/totp.h"
#include "tests/test_server.h"

namespace oc {
namespace {

using nlohmann::json;
using testing::CallResult;
using testing::TempDir;
using testing::TestServer;
using testing::ValidDeclarationJson;

constexpr const char* kPassword = "correct-horse-battery";

CallResult Login(TestServer& s, const std::string& user, const std::string& password, const std::string& otp = "") {
  json body = {{"username", user}, {"password", password}};
  if (!otp.empty()) body["otp"] = otp;
  return s.Call("POST", "/v1/auth/login", body.dump());
}

CallResult WithToken(TestServer& s, const std::string& method, const std::string& path, const std::string& token,
                     const std::string& body = "") {
  return s.Call(method, path, body, "", {{"Authorization", "Bearer " + token}});
}

CallResult WithKey(TestServer& s, const std::string& method, const std::string& path, const std::string& key,
                   const std::string& body = "") {
  return s.Call(method, path, body, "", {{"X-API-Key", key}});
}

int64_t UserId(TestServer& s, const std::string& user) {
  return s.Call("GET", "/v1/me", "", user).body["user_id"].get<int64_t>();
}

// RFC 4648 base32, as an authenticator app reads the enrolment's secret.
std::string Base32Decode(const std::string& text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v = c >= 'A' && c <= 'Z' ? c - 'A' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
    if (v < 0) continue;
    buffer = (buffer << 5) | static_cast<uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

TEST(Accounts, SigningOutEndsTheTokenAndRefreshReplacesIt) {
  TestServer server;
  auto first = Login(server, "trader_a", kPassword);
  ASSERT_EQ(first.status, 200) << first.raw;
  std::string token = first.body["token"];
  ASSERT_EQ(WithToken(server, "GET", "/v1/me", token).status, 200);

  auto refreshed = WithToken(server, "POST", "/v1/auth/refresh", token);
  ASSERT_EQ(refreshed.status, 200) << refreshed.raw;
  std::string next = refreshed.body["token"];
  EXPECT_NE(next, token);
  EXPECT_EQ(WithToken(server, "GET", "/v1/me", token).status, 401) << "the refreshed session ended";
  ASSERT_EQ(WithToken(server, "GET", "/v1/me", next).status, 200);

  EXPECT_EQ(WithToken(server, "POST", "/v1/auth/logout", next).status, 204);
  auto after = WithToken(server, "GET", "/v1/me", next);
  EXPECT_EQ(after.status, 401);
  EXPECT_NE(after.raw.find("session has ended"), std::string::npos) << after.raw;
  // Another session of the same user goes on.
  EXPECT_EQ(server.Call("GET", "/v1/me", "", "trader_a").status, 200);
}

TEST(Accounts, ADisabledUserIsShutOutAtOnceAndAfterARestart) {
  TempDir data;
  auto configure = [&](AppConfig& c) { c.data_dir = data.path(); };
  std::string token, key;
  int64_t trader = 0;
  {
    TestServer server(0, false, configure);
    trader = UserId(server, "trader_a");
    token = server.token("trader_a");
    auto k = server.Call("POST", "/v1/api-keys", R"({"name":"erp"})", "trader_a");
    ASSERT_EQ(k.status, 201) << k.raw;
    key = k.body["key"];
    ASSERT_EQ(WithKey(server, "GET", "/v1/declarations", key).status, 200);

    auto off = server.Call("PATCH", "/v1/users/" + std::to_string(trader), R"({"disabled":true})", "admin");
    ASSERT_EQ(off.status, 200) << off.raw;
    EXPECT_EQ(off.body["disabled"], true);
    EXPECT_EQ(WithToken(server, "GET", "/v1/declarations", token).status, 401);
    EXPECT_EQ(WithKey(server, "GET", "/v1/declarations", key).status, 401) << "a cached key is dropped too";
    // A disabled account cannot sign in, and is told no more than for a wrong password.
    auto refused = Login(server, "trader_a", kPassword);
    auto wrong = Login(server, "trader_b", "not-the-password");
    EXPECT_EQ(refused.status, 401);
    EXPECT_EQ(refused.body["detail"], wrong.body["detail"]);
    // An administrator does not lock itself out.
    auto self = server.Call("PATCH", "/v1/users/" + std::to_string(UserId(server, "admin")), R"({"disabled":true})", "admin");
    EXPECT_EQ(self.status, 409) << self.raw;
    EXPECT_EQ(server.Call("PATCH", "/v1/users/" + std::to_string(trader), R"({"disabled":"yes"})", "admin").status, 400);
    EXPECT_EQ(server.Call("PATCH", "/v1/users/" + std::to_string(trader), R"({"disabled":false})", "trader_b").status, 403);
  }
  TestServer restarted(0, false, configure);
  EXPECT_EQ(WithToken(restarted, "GET", "/v1/declarations", token).status, 401);
  EXPECT_EQ(WithKey(restarted, "GET", "/v1/declarations", key).status, 401);
  auto on = restarted.Call("PATCH", "/v1/users/" + std::to_string(trader), R"({"disabled":false})", "admin");
  ASSERT_EQ(on.status, 200) << on.raw;
  EXPECT_EQ(Login(restarted, "trader_a", kPassword).status, 200);
  EXPECT_EQ(WithToken(restarted, "GET", "/v1/declarations", token).status, 401) << "its sessions stay ended";
  EXPECT_EQ(WithKey(restarted, "GET", "/v1/declarations", key).status, 200) << "its keys work again";
}

TEST(Accounts, ARoleChangeAppliesToTheNextRequest) {
  TestServer server;
  auto k = server.Call("POST", "/v1/api-keys", R"({"name":"risk desk"})", "risk");
  ASSERT_EQ(k.status, 201);
  std::string key = k.body["key"];
  json criterion = {{"name", "n"}, {"expression", "true"}, {"lane", "yellow"}, {"description", "d"}};
  ASSERT_EQ(WithKey(server, "POST", "/v1/risk/criteria", key, criterion.dump()).status, 201);
  auto changed = server.Call("PATCH", "/v1/users/" + std::to_string(UserId(server, "risk")),
                             R"({"role":"inspection_officer"})", "admin");
  ASSERT_EQ(changed.status, 200) << changed.raw;
  EXPECT_EQ(changed.body["role"], "inspection_officer");
  EXPECT_EQ(server.Call("POST", "/v1/risk/criteria", criterion.dump(), "risk").status, 403);
  EXPECT_EQ(WithKey(server, "POST", "/v1/risk/criteria", key, criterion.dump()).status, 403);
  // A trader needs an organisation; staff have none.
  auto bad = server.Call("PATCH", "/v1/users/" + std::to_string(UserId(server, "risk")), R"({"role":"trader"})", "admin");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.body["code"], "org_required");
}

TEST(Accounts, PasswordsAreChangedByTheirOwnerAndResetByAnAdministrator) {
  TestServer server;
  std::string old_token = server.token("trader_b");
  auto wrong = server.Call("PUT", "/v1/me/password", R"({"current_password":"guess-guess","new_password":"a-new-long-password"})", "trader_b");
  EXPECT_EQ(wrong.status, 403) << wrong.raw;
  EXPECT_EQ(server.Call("PUT", "/v1/me/password", R"({"current_password":"correct-horse-battery","new_password":"short"})", "trader_b").status, 422);
  auto ok = server.Call("PUT", "/v1/me/password",
                        R"({"current_password":"correct-horse-battery","new_password":"a-new-long-password"})", "trader_b");
  ASSERT_EQ(ok.status, 204) << ok.raw;
  EXPECT_EQ(WithToken(server, "GET", "/v1/me", old_token).status, 401) << "sessions end with the old password";
  EXPECT_EQ(Login(server, "trader_b", kPassword).status, 401);
  ASSERT_EQ(Login(server, "trader_b", "a-new-long-password").status, 200);

  int64_t id = UserId(server, "trader_a");
  std::string a_token = server.token("trader_a");
  auto reset = server.Call("PUT", "/v1/users/" + std::to_string(id) + "/password", R"({"password":"set-by-the-admin"})", "admin");
  ASSERT_EQ(reset.status, 204) << reset.raw;
  EXPECT_EQ(WithToken(server, "GET", "/v1/me", a_token).status, 401);
  EXPECT_EQ(Login(server, "trader_a", "set-by-the-admin").status, 200);
  EXPECT_EQ(server.Call("PUT", "/v1/users/" + std::to_string(id) + "/password", R"({"password":"x-long-enough"})", "supervisor").status, 403);
}

TEST(Accounts, ApiKeysAreListedScopedAndRevoked) {
  TestServer server;
  auto full = server.Call("POST", "/v1/api-keys", R"({"name":"erp"})", "trader_a");
  auto read = server.Call("POST", "/v1/api-keys", R"({"name":"dashboard","scope":"read"})", "trader_a");
  ASSERT_EQ(full.status, 201);
  ASSERT_EQ(read.status, 201) << read.raw;
  EXPECT_EQ(read.body["scope"], "read");
  EXPECT_EQ(server.Call("POST", "/v1/api-keys", R"({"name":"x","scope":"admin"})", "trader_a").status, 422);

  auto mine = server.Call("GET", "/v1/api-keys", "", "trader_a");
  ASSERT_EQ(mine.status, 200);
  ASSERT_EQ(mine.body["items"].size(), 2u);
  EXPECT_FALSE(mine.raw.find("ock_") != std::string::npos) << "a key is shown once, at creation";
  EXPECT_EQ(server.Call("GET", "/v1/api-keys", "", "trader_b").body["items"].size(), 0u);
  EXPECT_EQ(server.Call("GET", "/v1/api-keys?user_id=0", "", "trader_b").status, 403);
  EXPECT_EQ(server.Call("GET", "/v1/api-keys?user_id=0", "", "admin").body["items"].size(), 2u);

  // The read-only key reads, and may not write.
  std::string rk = read.body["key"];
  EXPECT_EQ(WithKey(server, "GET", "/v1/declarations", rk).status, 200);
  auto write = WithKey(server, "POST", "/v1/declarations", rk, ValidDeclarationJson(1, TestServer::kOrgA).dump());
  EXPECT_EQ(write.status, 403) << write.raw;
  EXPECT_NE(write.raw.find("may only read"), std::string::npos);
  EXPECT_EQ(WithKey(server, "GET", "/v1/me", rk).body["scope"], "read");

  // Another trader cannot revoke it (nor learn that it exists); its owner can, at once.
  std::string id = std::to_string(full.body["id"].get<int64_t>());
  EXPECT_EQ(server.Call("DELETE", "/v1/api-keys/" + id, "", "trader_b").status, 404);
  std::string fk = full.body["key"];
  ASSERT_EQ(WithKey(server, "GET", "/v1/declarations", fk).status, 200);
  auto revoked = server.Call("DELETE", "/v1/api-keys/" + id, "", "trader_a");
  ASSERT_EQ(revoked.status, 200) << revoked.raw;
  EXPECT_EQ(revoked.body["revoked"], true);
  auto refused = WithKey(server, "GET", "/v1/declarations", fk);
  EXPECT_EQ(refused.status, 401);
  EXPECT_NE(refused.raw.find("revoked"), std::string::npos);
  EXPECT_EQ(server.Call("DELETE", "/v1/api-keys/x1", "", "trader_a").status, 400);
}

TEST(Accounts, FailedSignInsLockTheAccountUntilAnAdministratorLiftsIt) {
  TestServer server(0, false, [](AppConfig& c) {
    c.lockout.account_failures = 3;
    c.lockout.address_failures = 100;
  });
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Login(server, "trader_a", "wrong-password").status, 401);
  auto locked = Login(server, "trader_a", kPassword);
  EXPECT_EQ(locked.status, 429) << locked.raw;
  EXPECT_EQ(locked.body["code"], "too_many_attempts");
  // A name no account has locks the same way: the answer does not tell which names exist.
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Login(server, "no-such-user", "wrong-password").status, 401);
  auto phantom = Login(server, "no-such-user", kPassword);
  EXPECT_EQ(phantom.status, 429);
  EXPECT_EQ(phantom.body["detail"], locked.body["detail"]);

  auto users = server.Call("GET", "/v1/users", "", "admin");
  bool shown_locked = false;
  for (const auto& u : users.body["users"])
    if (u["username"] == "trader_a") shown_locked = u.contains("locked_until");
  EXPECT_TRUE(shown_locked) << users.raw;
  auto unlocked = server.Call("POST", "/v1/users/" + std::to_string(UserId(server, "trader_a")) + "/unlock", "", "admin");
  ASSERT_EQ(unlocked.status, 200) << unlocked.raw;
  EXPECT_EQ(Login(server, "trader_a", kPassword).status, 200);

  // The security log has each attempt with its address, the lock and the unlock.
  auto log = server.Call("GET", "/v1/security-events?limit=1000", "", "admin");
  ASSERT_EQ(log.status, 200) << log.raw;
  std::map<std::string, int> kinds;
  for (const auto& e : log.body["items"]) {
    ++kinds[e["kind"].get<std::string>()];
    EXPECT_EQ(e["address"].get<std::string>().empty(), e["kind"] != "login_succeeded" && e["kind"] != "login_failed" &&
                                                           e["kind"] != "login_refused" && e["kind"] != "account_locked" &&
                                                           e["kind"] != "user_unlocked")
        << e;
  }
  EXPECT_EQ(kinds["login_failed"], 6);
  EXPECT_EQ(kinds["login_refused"], 2);
  EXPECT_EQ(kinds["account_locked"], 1);
  EXPECT_EQ(kinds["user_unlocked"], 1);
  EXPECT_GE(kinds["login_succeeded"], 7) << "the six test accounts and the last";
  EXPECT_EQ(server.Call("GET", "/v1/security-events", "", "supervisor").status, 403);
}

TEST(Accounts, TooManyFailuresFromOneAddressBlockIt) {
  TestServer server(0, false, [](AppConfig& c) {
    c.lockout.account_failures = 100;
    c.lockout.address_failures = 4;
  });
  for (const char* name : {"a-name", "b-name", "c-name", "d-name"}) EXPECT_EQ(Login(server, name, "whatever-pass").status, 401);
  auto blocked = Login(server, "trader_a", kPassword);
  EXPECT_EQ(blocked.status, 429) << blocked.raw;
  EXPECT_NE(blocked.raw.find("this address"), std::string::npos);
}

TEST(Accounts, ASecondFactorIsAskedForOnceConfirmed) {
  TestServer server;
  auto begun = server.Call("POST", "/v1/me/totp", "", "inspector");
  ASSERT_EQ(begun.status, 201) << begun.raw;
  std::string key = Base32Decode(begun.body["secret"]);
  EXPECT_EQ(begun.body["uri"].get<std::string>().rfind("otpauth://totp/OpenCustoms:inspector?secret=", 0), 0u);
  // Not in force until confirmed.
  EXPECT_EQ(Login(server, "inspector", kPassword).status, 200);
  EXPECT_EQ(server.Call("POST", "/v1/me/totp/confirm", R"({"code":"000000"})", "inspector").status, 422);
  int64_t now = NowUnixMillis() / 1000;
  ASSERT_EQ(server.Call("POST", "/v1/me/totp/confirm", json{{"code", totp::Code(key, now)}}.dump(), "inspector").status, 204);

  auto asked = Login(server, "inspector", kPassword);
  EXPECT_EQ(asked.status, 401);
  EXPECT_EQ(asked.body["code"], "otp_required");
  EXPECT_EQ(Login(server, "inspector", "wrong-password", totp::Code(key, now + 30)).body["code"], "invalid_credentials");
  EXPECT_EQ(Login(server, "inspector", kPassword, "123456").body["code"], "invalid_otp");
  std::string code = totp::Code(key, now + 30);
  auto in = Login(server, "inspector", kPassword, code);
  EXPECT_EQ(in.status, 200) << in.raw;
  EXPECT_EQ(Login(server, "inspector", kPassword, code).body["code"], "invalid_otp") << "a code opens one sign-in";
  EXPECT_EQ(server.Call("POST", "/v1/me/totp", "", "inspector").status, 409);

  // A lost phone: an administrator removes the factor.
  auto removed = server.Call("POST", "/v1/users/" + std::to_string(UserId(server, "inspector")) + "/unlock",
                             R"({"remove_totp":true})", "admin");
  ASSERT_EQ(removed.status, 200) << removed.raw;
  EXPECT_EQ(removed.body["totp_enabled"], false);
  EXPECT_EQ(Login(server, "inspector", kPassword).status, 200);
}

TEST(Accounts, OnlyDemoDataShowsItsSharedPassword) {
  TestServer server;
  auto config = server.Call("GET", "/v1/config");
  ASSERT_EQ(config.status, 200);
  EXPECT_EQ(config.body["demo"], false);
}

}  // namespace
}  // namespace oc
