// The REST API over real HTTP on loopback: happy paths and every kind of bad input.
#include <set>

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <array>
#include <filesystem>
#include <fstream>
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <random>

#include "refdata/data_dirs.h"
#include "common/dates.h"
#include "common/decimal.h"
#include "common/encoding.h"
#include "identity/token.h"
#include "tariff/exchange_rates.h"
#include "tariff/schedule.h"
#include "tests/test_server.h"

namespace oc {
namespace {

using nlohmann::json;
using testing::TestServer;
using testing::ValidDeclarationJson;

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() { delete server_; }
  static TestServer* server_;
};
TestServer* ApiTest::server_ = nullptr;

TEST_F(ApiTest, HealthAndMetrics) {
  auto h = server_->Call("GET", "/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.body["status"], "ok");
  server_->Lodge(ValidDeclarationJson(100));
  auto m = server_->Call("GET", "/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.raw.find("oc_http_requests_total{route=\"POST /v1/declarations\",code=\"2xx\"}"), std::string::npos);
  EXPECT_NE(m.raw.find("oc_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(m.raw.find("oc_declarations{state=\"registered\"}"), std::string::npos);
  // The writer committed at least the lodgement, and spent time on it.
  auto counter = [&](const std::string& name) {
    size_t at = m.raw.find("\n" + name + " ");
    return at == std::string::npos ? -1.0 : std::stod(m.raw.substr(at + name.size() + 2));
  };
  EXPECT_GE(counter("oc_store_commits_total"), 1);
  EXPECT_GE(counter("oc_store_writes_total"), counter("oc_store_commits_total"));
  EXPECT_GT(counter("oc_store_writer_busy_seconds_total"), 0);
  EXPECT_GT(counter("oc_store_commit_seconds_total"), 0);
  EXPECT_LE(counter("oc_store_commit_seconds_total"), counter("oc_store_writer_busy_seconds_total"));
}

TEST_F(ApiTest, LodgeGetListHistory) {
  auto r = server_->Lodge(ValidDeclarationJson(1));
  ASSERT_EQ(r.status, 201) << r.raw;
  std::string mrn = r.body["mrn"];
  EXPECT_EQ(r.body["state"], "registered");
  EXPECT_EQ(r.body["cusres"], "1");
  EXPECT_EQ(r.headers["location"], "/v1/declarations/" + std::to_string(r.body["id"].get<int>()));
  auto g = server_->Call("GET", "/v1/declarations/" + mrn, "", "trader_a");
  ASSERT_EQ(g.status, 200);
  EXPECT_EQ(g.body["declaration"], ValidDeclarationJson(1));
  auto l = server_->Call("GET", "/v1/declarations?state=registered&limit=1", "", "trader_a");
  ASSERT_EQ(l.status, 200);
  EXPECT_EQ(l.body["items"].size(), 1u);
  EXPECT_FALSE(l.body["next_cursor"].is_null());
  auto h = server_->Call("GET", "/v1/declarations/" + mrn + "/history", "", "trader_a");
  ASSERT_EQ(h.status, 200);
  EXPECT_EQ(h.body["transitions"].size(), 2u);
}

// A declared exchange rate far from the official one is accepted with a warning (duties are
// assessed at the official rate); one close to it passes silently.
TEST_F(ApiTest, ADeclaredRateFarFromTheOfficialOneIsWarnedAbout) {
  json d = ValidDeclarationJson(41);
  EXPECT_FALSE(server_->Lodge(d).body.contains("warnings")) << "the generator declares the official rate";
  ASSERT_FALSE(d["exchange_rates"].empty());
  Decimal official = *Decimal::Parse(d["exchange_rates"][0]["rate"].get<std::string>());
  d["lrn"] = "RATE-FAR";
  d["exchange_rates"][0]["rate"] = (official * *Decimal::Parse("0.8")).ToString();
  auto r = server_->Lodge(d);
  ASSERT_EQ(r.status, 201) << r.raw;
  ASSERT_TRUE(r.body.contains("warnings")) << r.raw;
  EXPECT_EQ(r.body["warnings"][0]["code"], "rate_differs_from_official");
  EXPECT_EQ(r.body["warnings"][0]["pointer"], "/exchange_rates/0/rate");
  EXPECT_NE(r.body["warnings"][0]["message"].get<std::string>().find("20.0 % lower"), std::string::npos) << r.raw;
}

TEST_F(ApiTest, PaginationVisitsEverythingOnce) {
  std::set<int> ids;
  for (int i = 0; i < 7; ++i) server_->Lodge(ValidDeclarationJson(200 + i, TestServer::kOrgB), "trader_b");
  std::string cursor;
  for (int guard = 0; guard < 20; ++guard) {
    auto page = server_->Call("GET", "/v1/declarations?limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor), "", "trader_b");
    ASSERT_EQ(page.status, 200);
    for (auto& it : page.body["items"]) EXPECT_TRUE(ids.insert(it["id"].get<int>()).second);
    if (page.body["next_cursor"].is_null()) break;
    cursor = page.body["next_cursor"];
  }
  EXPECT_EQ(ids.size(), 7u);
}

TEST_F(ApiTest, IdempotentReplayAndLrnReuse) {
  json j = ValidDeclarationJson(2);
  auto first = server_->Lodge(j);
  ASSERT_EQ(first.status, 201);
  auto again = server_->Lodge(j);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body["mrn"], first.body["mrn"]);
  j["items"][0]["description"] = "something else";
  auto reused = server_->Lodge(j);
  EXPECT_EQ(reused.status, 409);
  EXPECT_EQ(reused.body["code"], "lrn_reused");
  EXPECT_EQ(reused.headers["content-type"], "application/problem+json");
}

TEST_F(ApiTest, BadInputGetsSpecific4xx) {
  struct Case { std::string body; int status; std::string code; };
  std::vector<Case> cases = {
      {"{\"lrn\":", 400, "malformed_json"},
      {"[]", 400, "not_an_object"},
      {std::string("{\"lrn\":\"\xFF\xFE\"}"), 400, "invalid_utf8"},
      {"{}", 422, "invalid_declaration"},
  };
  for (const auto& c : cases) {
    auto r = server_->Call("POST", "/v1/declarations", c.body, "trader_a");
    EXPECT_EQ(r.status, c.status) << c.body << " -> " << r.raw;
    EXPECT_EQ(r.body["code"], c.code) << r.raw;
    EXPECT_EQ(r.body["status"], c.status);
    EXPECT_TRUE(r.body.contains("type") && r.body.contains("title") && r.body.contains("detail"));
  }
  json j = ValidDeclarationJson(3);
  j["items"][0]["net_mass"] = 5;
  j["bogus"] = true;
  auto r = server_->Lodge(j);
  ASSERT_EQ(r.status, 422);
  EXPECT_EQ(r.body["errors"].size(), 2u) << r.raw;
  // An API client that reads Russian gets the field errors in Russian, the English detail beside.
  auto ru = server_->Call("POST", "/v1/declarations", j.dump(), "trader_a", {{"Accept-Language", "ru-RU, en;q=0.5"}});
  ASSERT_EQ(ru.status, 422) << ru.raw;
  EXPECT_EQ(ru.headers["content-language"], "ru");
  ASSERT_EQ(ru.body["errors"].size(), 2u) << ru.raw;
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(ru.body["errors"][i]["message_en"], r.body["errors"][i]["message"]) << ru.raw;
    EXPECT_EQ(ru.body["errors"][i]["code"], r.body["errors"][i]["code"]);
  }
  EXPECT_EQ(ru.body["errors"][0]["code"], "wrong_type");
  EXPECT_EQ(ru.body["errors"][0]["message"], "Неверный тип значения.");
  EXPECT_FALSE(r.body["errors"][0].contains("message_en")) << "English needs no second copy";
  auto wrong_ct = server_->Call("POST", "/v1/declarations", j.dump(), "trader_a", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(wrong_ct.status, 415);
  auto nothing = server_->Call("GET", "/v1/nothing-here", "", "trader_a");
  EXPECT_EQ(nothing.status, 404);
  auto method = server_->Call("DELETE", "/v1/declarations", "", "trader_a");
  EXPECT_EQ(method.status, 405);
  auto bad_param = server_->Call("GET", "/v1/declarations?limit=0", "", "trader_a");
  EXPECT_EQ(bad_param.status, 400);
  auto bad_state = server_->Call("GET", "/v1/declarations?state=flying", "", "trader_a");
  EXPECT_EQ(bad_state.status, 400);
}

TEST_F(ApiTest, HugeBodiesAndHeadersAreRefused) {
  std::string huge(9 << 20, 'x');
  auto r = server_->Call("POST", "/v1/declarations", huge, "trader_a");
  EXPECT_EQ(r.status, 413) << r.raw.substr(0, 200);
  auto h = server_->Call("GET", "/healthz", "", "", {{"X-Padding", std::string(20000, 'p')}});
  EXPECT_EQ(h.status, 431);
  EXPECT_EQ(server_->Call("GET", "/healthz").status, 200);  // the server is still fine
}

TEST_F(ApiTest, GarbageOnTheSocketGets400AndTheServerLives) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket s(io);
  s.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(server_->port())});
  std::string junk = "\x16\x03\x01 NOT HTTP AT ALL\r\n\r\n";
  boost::asio::write(s, boost::asio::buffer(junk));
  std::string reply(64, '\0');
  boost::system::error_code ec;
  size_t n = s.read_some(boost::asio::buffer(reply), ec);
  EXPECT_NE(reply.substr(0, n).find("400"), std::string::npos) << reply;
  EXPECT_EQ(server_->Call("GET", "/healthz").status, 200);
}

// Found in use: a validly signed token for a user id that does not exist was accepted, with the
// role the token claimed. The server's own key signs these, as if it had leaked.
TEST_F(ApiTest, ATokenOpensOnlyWhatItsUserMayDoNow) {
  std::ifstream in(server_->data_dir() + "/token.key", std::ios::binary);
  std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(key.empty());
  TokenSigner signer(key);
  int64_t later = NowUnixMillis() + 3600000;
  std::string ghost = signer.Issue(Principal{987654, "ghost", Role::kAdmin, "", "token"}, later);
  auto r = server_->Call("GET", "/v1/users", "", "", {{"Authorization", "Bearer " + ghost}});
  EXPECT_EQ(r.status, 401) << r.raw;
  auto me = server_->Call("GET", "/v1/me", "", "trader_a");
  ASSERT_EQ(me.status, 200);
  int64_t trader_id = me.body["user_id"].get<int64_t>();
  // The trader's own session, read from its token: only the claimed role is forged.
  auto payload = Base64UrlDecode(server_->token("trader_a").substr(0, server_->token("trader_a").find('.')));
  ASSERT_TRUE(payload);
  std::string session = payload->substr(payload->rfind('|') + 1);
  std::string promoted = signer.Issue(Principal{trader_id, "trader_a", Role::kAdmin, "", "token", session}, later);
  auto users = server_->Call("GET", "/v1/users", "", "", {{"Authorization", "Bearer " + promoted}});
  EXPECT_EQ(users.status, 403) << users.raw;  // the stored role (trader) decides, not the claim
  auto own = server_->Call("GET", "/v1/me", "", "", {{"Authorization", "Bearer " + promoted}});
  ASSERT_EQ(own.status, 200) << own.raw;
  EXPECT_EQ(own.body["role"], "trader");
  EXPECT_EQ(own.body["org_tin"], TestServer::kOrgA);
}

TEST_F(ApiTest, TheDataDirectoryIsTheServersOnly) {
  namespace fs = std::filesystem;
  auto mode = [](const std::string& p) { return fs::status(p).permissions() & fs::perms::all; };
  EXPECT_EQ(mode(server_->data_dir()), fs::perms::owner_all);
  for (const char* f : {"/token.key", "/opencustoms.db", "/opencustoms.db-wal"})
    EXPECT_EQ(mode(server_->data_dir() + f), fs::perms::owner_read | fs::perms::owner_write) << f;
}

// RFC 9112 6.3: a request with both Transfer-Encoding and Content-Length, or a transfer coding
// other than chunked, is answered 400 and its connection closed (request smuggling).
TEST_F(ApiTest, AmbiguousRequestFramingIsRefused) {
  for (const std::string te : {"xchunked", "chunked, identity", "chunked"}) {
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket s(io);
    s.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(server_->port())});
    std::string request = "POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          "Transfer-Encoding: " + te + "\r\nContent-Length: 5\r\n\r\n0\r\n\r\n";
    boost::asio::write(s, boost::asio::buffer(request));
    std::string reply;
    boost::system::error_code ec;
    std::array<char, 4096> buf;
    while (!ec) {  // read to the end: the server must close the connection
      size_t n = s.read_some(boost::asio::buffer(buf), ec);
      reply.append(buf.data(), n);
    }
    EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << te << ": " << reply;
    EXPECT_EQ(ec, boost::asio::error::eof) << te;
  }
  EXPECT_EQ(server_->Call("GET", "/healthz").status, 200);
}

TEST_F(ApiTest, AuthenticationIsRequiredAndChecked) {
  EXPECT_EQ(server_->Call("GET", "/v1/declarations").status, 401);
  auto forged = server_->Call("GET", "/v1/declarations", "", "", {{"Authorization", "Bearer abc.def"}});
  EXPECT_EQ(forged.status, 401);
  EXPECT_EQ(forged.headers["www-authenticate"], "Bearer");
  auto wrong = server_->Call("POST", "/v1/auth/login", R"({"username":"trader_a","password":"wrong-password"})");
  EXPECT_EQ(wrong.status, 401);
  auto unknown = server_->Call("POST", "/v1/auth/login", R"({"username":"trader_a","password":1})");
  EXPECT_EQ(unknown.status, 400);
  auto me = server_->Call("GET", "/v1/me", "", "trader_a");
  EXPECT_EQ(me.body["org_tin"], TestServer::kOrgA);
}

TEST_F(ApiTest, ApiKeysActAsTheirUser) {
  auto k = server_->Call("POST", "/v1/api-keys", R"({"name":"erp"})", "trader_a");
  ASSERT_EQ(k.status, 201) << k.raw;
  std::string key = k.body["key"];
  auto r = server_->Call("POST", "/v1/declarations", ValidDeclarationJson(4).dump(), "", {{"X-API-Key", key}});
  EXPECT_EQ(r.status, 201) << r.raw;
  auto h = server_->Call("GET", "/v1/declarations/" + r.body["mrn"].get<std::string>() + "/history", "", "trader_a");
  EXPECT_NE(h.body["transitions"][0]["actor"].get<std::string>().find("api_key:"), std::string::npos);
  EXPECT_EQ(server_->Call("GET", "/v1/me", "", "", {{"X-API-Key", "ock_nope"}}).status, 401);
  EXPECT_EQ(server_->Call("POST", "/v1/api-keys", R"({"name":"x","user_id":"1"})", "trader_a").status, 403);
}

TEST_F(ApiTest, UserManagementIsForAdmins) {
  std::string body = R"({"username":"newclerk","role":"trader","org_tin":"301234567","password":"long-password-1"})";
  EXPECT_EQ(server_->Call("POST", "/v1/users", body, "trader_a").status, 403);
  EXPECT_EQ(server_->Call("POST", "/v1/users", body, "admin").status, 201);
  EXPECT_EQ(server_->Call("POST", "/v1/users", body, "admin").status, 409);
  EXPECT_EQ(server_->Call("POST", "/v1/users", R"({"username":"x","role":"pilot","password":"long-password-1"})", "admin").status, 422);
}

TEST_F(ApiTest, LifecycleOverHttp) {
  auto r = server_->Lodge(ValidDeclarationJson(5));
  std::string path = "/v1/declarations/" + r.body["mrn"].get<std::string>();
  auto act = [&](const std::string& user, const std::string& body) {
    return server_->Call("POST", path + "/actions", body, user);
  };
  EXPECT_EQ(act("trader_a", R"({"action":"release"})").status, 403);
  auto illegal = act("inspector", R"({"action":"release"})");
  EXPECT_EQ(illegal.status, 409);
  EXPECT_EQ(illegal.body["current_state"], "registered");
  EXPECT_EQ(act("inspector", R"({"action":"control"})").status, 422);  // needs a control type
  EXPECT_EQ(act("inspector", R"({"action":"teleport"})").status, 422);
  EXPECT_EQ(act("inspector", R"({"action":"control","control":"physical","colour":"red"})").status, 400);
  auto c = act("risk", R"({"action":"control","control":"documentary","reason":"invoice check"})");
  ASSERT_EQ(c.status, 200) << c.raw;
  EXPECT_EQ(c.body["cusres"], "6");
  EXPECT_EQ(act("inspector", R"({"action":"hold","reason":"permit"})").body["state"], "held");
  EXPECT_EQ(act("inspector", R"({"action":"unhold"})").body["state"], "under_control");
  EXPECT_EQ(act("inspector", R"({"action":"assess"})").body["state"], "assessed");
  // The duties are not paid yet: no release.
  auto unpaid = act("inspector", R"({"action":"release"})");
  EXPECT_EQ(unpaid.status, 409) << unpaid.raw;
  EXPECT_EQ(unpaid.body["code"], "debt_not_settled");
  auto debt = server_->Call("GET", path + "/debt", "", "trader_a");
  ASSERT_EQ(debt.status, 200) << debt.raw;
  ASSERT_EQ(debt.body["orders"].size(), 1u) << debt.raw;
  EXPECT_EQ(debt.body["orders"][0]["amount"], debt.body["outstanding"]);
  server_->RegisterTestBank();
  auto paid = server_->PayOrder(debt.body["orders"][0]["reference"], debt.body["orders"][0]["amount"], "BR-LIFE-1");
  ASSERT_EQ(paid.status, 201) << paid.raw;
  auto rel = act("inspector", R"({"action":"release"})");
  EXPECT_EQ(rel.body["state"], "released");
  EXPECT_EQ(rel.body["cusres"], "4");
  auto cancel = server_->Call("POST", path + "/cancellation", R"({"reason":"too late"})", "trader_a");
  EXPECT_EQ(cancel.status, 409);
  EXPECT_EQ(cancel.body["current_state"], "released");
  auto notes = server_->Call("GET", "/v1/notifications?after=0&limit=1000", "", "trader_a");
  ASSERT_EQ(notes.status, 200);
  int for_this = 0;
  for (auto& e : notes.body["events"]) if (e["mrn"] == r.body["mrn"]) ++for_this;
  EXPECT_EQ(for_this, 7);  // submit, register, control, hold, unhold, assess, release
  // The declaration page reads its own notifications only.
  std::string id = std::to_string(r.body["id"].get<int>());
  auto own = server_->Call("GET", "/v1/notifications?declaration=" + id, "", "trader_a");
  ASSERT_EQ(own.status, 200) << own.raw;
  EXPECT_EQ(own.body["events"].size(), 7u);
  for (auto& e : own.body["events"]) EXPECT_EQ(e["mrn"], r.body["mrn"]);
  EXPECT_EQ(server_->Call("GET", "/v1/notifications?declaration=" + id, "", "trader_b").body["events"].size(), 0u);
  EXPECT_EQ(server_->Call("GET", "/v1/notifications?declaration=x1", "", "trader_a").body["code"], "invalid_parameter");
}

// Search by part of an LRN or MRN, and worklists over several states at once.
TEST_F(ApiTest, ListsSearchByPartOfTheReferenceAndSeveralStates) {
  json a = ValidDeclarationJson(51);
  a["lrn"] = "SEARCH-ALPHA-51";
  json b = ValidDeclarationJson(52);
  b["lrn"] = "SEARCH-BETA-52";
  auto la = server_->Lodge(a);
  ASSERT_EQ(la.status, 201) << la.raw;
  ASSERT_EQ(server_->Lodge(b).status, 201);
  auto found = server_->Call("GET", "/v1/declarations?q=alpha-5", "", "trader_a");
  ASSERT_EQ(found.status, 200) << found.raw;
  ASSERT_EQ(found.body["items"].size(), 1u);
  EXPECT_EQ(found.body["items"][0]["lrn"], "SEARCH-ALPHA-51");
  EXPECT_EQ(server_->Call("GET", "/v1/declarations?q=search-", "", "trader_a").body["items"].size(), 2u);
  std::string mrn = la.body["mrn"];
  auto by_mrn = server_->Call("GET", "/v1/declarations?q=" + mrn.substr(4, 10), "", "trader_a");
  bool has = false;
  for (auto& i : by_mrn.body["items"]) has |= i["mrn"] == mrn;
  EXPECT_TRUE(has) << by_mrn.raw;
  EXPECT_EQ(server_->Call("GET", "/v1/declarations?q=alpha", "", "trader_b").body["items"].size(), 0u);
  EXPECT_EQ(server_->Call("GET", "/v1/declarations?q=" + std::string(65, 'a'), "", "trader_a").status, 400);

  ASSERT_EQ(server_->Call("POST", "/v1/declarations/" + mrn + "/actions", R"({"action":"hold","reason":"permit"})", "inspector").status, 200);
  auto open = server_->Call("GET", "/v1/declarations?q=search-&state=held,registered", "", "inspector");
  ASSERT_EQ(open.status, 200) << open.raw;
  EXPECT_EQ(open.body["items"].size(), 2u);
  auto held = server_->Call("GET", "/v1/declarations?q=search-&state=held", "", "inspector");
  ASSERT_EQ(held.body["items"].size(), 1u);
  EXPECT_EQ(held.body["items"][0]["state"], "held");
  EXPECT_EQ(server_->Call("GET", "/v1/declarations?state=held,nonsense", "", "inspector").body["code"], "invalid_parameter");
}

// Full-text search: invoice number, goods descriptions (any script; Uzbek apostrophes in any of
// their forms), containers; each word as a word's beginning; amendments replace what is found.
TEST_F(ApiTest, ListsSearchInvoicesGoodsAndContainersByWords) {
  auto encode = [](const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '-' || c == '.' || c == '_') out.push_back(static_cast<char>(c));
      else { char b[4]; std::snprintf(b, sizeof b, "%%%02X", c); out += b; }
    }
    return out;
  };
  auto search = [&](const std::string& q, const std::string& user = "trader_a") {
    auto r = server_->Call("GET", "/v1/declarations?q=" + encode(q), "", user);
    EXPECT_EQ(r.status, 200) << q << ": " << r.raw;
    std::vector<std::string> lrns;
    for (auto& i : r.body["items"]) lrns.push_back(i["lrn"]);
    return lrns;
  };
  json a = ValidDeclarationJson(61);
  a["lrn"] = "FTS-61";
  a["invoice"]["number"] = "INV-7788/2026";
  a["items"][0]["description"] = "Erkaklar charm o\u02BBtigi";
  a["items"][1]["description"] = "Ботинки мужские кожаные";
  a["transport"]["containers"] = json::array({"MSCU1234565"});
  json b = ValidDeclarationJson(62);
  b["lrn"] = "FTS-62";
  b["items"][0]["description"] = "frozen cod fillets";
  auto la = server_->Lodge(a);
  ASSERT_EQ(la.status, 201) << la.raw;
  auto lb = server_->Lodge(b);
  ASSERT_EQ(lb.status, 201) << lb.raw;
  using L = std::vector<std::string>;
  EXPECT_EQ(search("INV-7788/2026"), L{"FTS-61"});
  EXPECT_EQ(search("inv-7788"), L{"FTS-61"});
  EXPECT_EQ(search("o'tigi charm"), L{"FTS-61"});   // typed with an ASCII apostrophe
  EXPECT_EQ(search("БОТИН"), L{"FTS-61"});           // Cyrillic, folded case, a word's beginning
  EXPECT_EQ(search("mscu1234565"), L{"FTS-61"});
  EXPECT_EQ(search("cod fillet"), L{"FTS-62"});
  EXPECT_EQ(search("cod ботинки"), L{});              // every word must match
  EXPECT_EQ(search("cod", "trader_b"), L{});          // another organisation's declarations stay hidden
  // FTS5's own syntax in the text is plain text: no error, no surprise match.
  for (std::string q : {"\"", "*", "OR", "NEAR(cod", "cod AND", "-", "(", "^cod", "col:cod"}) search(q);
  EXPECT_EQ(search("\"cod\""), L{"FTS-62"});
  // An amendment replaces the searchable text.
  b["items"][0]["description"] = "smoked salmon";
  std::string path = "/v1/declarations/" + std::to_string(lb.body["id"].get<int>());
  json body = {{"reason_code", "A1"}, {"declaration", b}};
  ASSERT_EQ(server_->Call("POST", path + "/amendments", body.dump(), "trader_a").status, 200);
  EXPECT_EQ(search("salmon"), L{"FTS-62"});
  EXPECT_EQ(search("cod"), L{});
}

// The CSV bulk lodgement over HTTP: the CLI's format, each declaration's outcome, errors by line.
TEST_F(ApiTest, CsvImportLodgesEachDeclarationAndPointsAtTheBadLine) {
  std::string today = FormatIsoDate(TodayUtcDays());
  std::string head = "lrn,type,procedure,office,issue_date,declarant_tin,declarant_name,declarant_city,declarant_country,"
                     "importer_tin,importer_name,importer_country,exporter_name,exporter_country,border_mode,invoice_number,"
                     "invoice_date,invoice_currency,invoice_total,incoterm,exchange_rate,item_seq,description,hs,origin,"
                     "net_mass,gross_mass,price,package_count,package_kind\n";
  auto row = [&](const std::string& lrn, const std::string& total, const std::string& seq, const std::string& what,
                 const std::string& hs, const std::string& price) {
    return lrn + ",IM,4000,UZ260101," + today + ",301234567,A Co,Tashkent,UZ,301234567,A Co,UZ,Shenzhen Ltd,CN,3,I-" + lrn + "," +
           today + ",USD," + total + ",FCA,12650.25," + seq + "," + what + "," + hs + ",CN,100,110," + price + ",10,CT\n";
  };
  std::string csv = head + row("CSV-1", "1500", "1", "laptops", "847130", "1000") + row("CSV-1", "1500", "2", "mice", "847160", "500") +
                    row("CSV-2", "300", "1", "cotton shirts", "620520", "300") + row("CSV-3", "700", "1", "tea", "090230", "400") +
                    row("CSV-3", "700", "2", "mystery", "999999", "300");
  std::vector<std::pair<std::string, std::string>> as_csv = {{"Content-Type", "text/csv"}};
  auto r = server_->Call("POST", "/v1/declarations/import", csv, "trader_a", as_csv);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["declarations"], 3);
  EXPECT_EQ(r.body["lodged"], 2);
  EXPECT_EQ(r.body["rejected"], 1);
  EXPECT_EQ(r.body["items"][0]["lrn"], "CSV-1");
  EXPECT_EQ(r.body["items"][0]["outcome"], "lodged");
  EXPECT_EQ(r.body["items"][0]["declaration"]["item_count"], 2);
  json bad = r.body["items"][2];
  EXPECT_EQ(bad["outcome"], "rejected");
  ASSERT_EQ(bad["errors"].size(), 1u) << bad;
  EXPECT_EQ(bad["errors"][0]["line"], 6);
  EXPECT_EQ(bad["errors"][0]["pointer"], "/items/1/commodity/hs");
  EXPECT_EQ(bad["errors"][0]["code"], "unknown_hs_code");
  // The same file again: nothing new is stored.
  auto again = server_->Call("POST", "/v1/declarations/import", csv, "trader_a", as_csv);
  EXPECT_EQ(again.body["replayed"], 2) << again.raw;
  EXPECT_EQ(again.body["lodged"], 0);

  EXPECT_EQ(server_->Call("POST", "/v1/declarations/import", csv, "trader_a").status, 415);
  EXPECT_EQ(server_->Call("POST", "/v1/declarations/import", "lrn,colour\nX,red\n", "trader_a", as_csv).body["code"], "unknown_column");
  EXPECT_EQ(server_->Call("POST", "/v1/declarations/import", head, "trader_a", as_csv).body["code"], "empty_csv");
  EXPECT_EQ(server_->Call("POST", "/v1/declarations/import", "lrn\n\"open", "trader_a", as_csv).body["code"], "invalid_csv");
  EXPECT_EQ(server_->Call("POST", "/v1/declarations/import", csv, "inspector", as_csv).status, 403);
}

// Code lists for forms: country and currency names in the user's language (ICU's CLDR data).
// The official rate of a day, as the assessment uses it: from the server's rate table, inverted
// when the table has the other direction; 404 when none is valid that day; 400 for bad input.
TEST_F(ApiTest, OfficialExchangeRateOfADay) {
  auto table = tariff::ExchangeRates::Load(DefaultReferenceDir() + "/ref/exchange_rates.csv");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  const tariff::ExchangeRateEntry* first = nullptr;  // the table's earliest USD rate
  for (const auto& e : table.value()->entries())
    if (e.from == "USD" && e.to == "UZS" && (!first || e.valid_from < first->valid_from)) first = &e;
  ASSERT_NE(first, nullptr);
  const tariff::ExchangeRateEntry& usd = *first;
  const std::string day = FormatIsoDate(usd.valid_from + 3);
  auto r = server_->Call("GET", "/v1/reference/exchange-rates?currency=USD&date=" + day, "", "trader_a");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["currency"], "USD");
  EXPECT_EQ(r.body["to"], "UZS");  // the national currency by default
  EXPECT_EQ(r.body["date"], day);
  EXPECT_EQ(r.body["rate"], usd.rate.ToString());
  EXPECT_EQ(r.body["valid_from"], FormatIsoDate(usd.valid_from));
  auto inverse = server_->Call("GET", "/v1/reference/exchange-rates?currency=UZS&to=USD&date=" + day, "", "inspector");
  ASSERT_EQ(inverse.status, 200) << inverse.raw;
  EXPECT_EQ(inverse.body["rate"], Decimal::Div(Decimal::FromInt(1), usd.rate).ToString());
  auto same = server_->Call("GET", "/v1/reference/exchange-rates?currency=UZS", "", "trader_a");
  EXPECT_EQ(same.body["rate"], "1");

  auto before = server_->Call("GET", "/v1/reference/exchange-rates?currency=USD&date=" + FormatIsoDate(usd.valid_from - 1), "", "trader_a");
  EXPECT_EQ(before.status, 404) << before.raw;
  EXPECT_EQ(before.body["code"], "no_exchange_rate");
  EXPECT_EQ(server_->Call("GET", "/v1/reference/exchange-rates?currency=XTS", "", "trader_a").body["code"], "no_exchange_rate");
  for (const std::string q : {"", "?currency=usd", "?currency=USD&date=2026-13-01", "?currency=USD&to=UZSS"}) {
    auto bad = server_->Call("GET", "/v1/reference/exchange-rates" + q, "", "trader_a");
    EXPECT_EQ(bad.status, 400) << q;
    EXPECT_EQ(bad.body["code"], "invalid_parameter") << q;
  }
  EXPECT_EQ(server_->Call("GET", "/v1/reference/exchange-rates?currency=USD").status, 401);
}

// The organisation registry: administrators and supervisors register a trader's name and
// address; the trader reads its own (the form's declarant), customs staff read any.
TEST_F(ApiTest, OrganisationRegistry) {
  const json org = {{"name", "Registry Test Trading LLC"},
                    {"address", {{"street", "Amir Temur 1"}, {"city", "Toshkent"}, {"postcode", "100000"}, {"country", "UZ"}}}};
  auto put = server_->Call("PUT", "/v1/organisations/302345678", org.dump(), "admin");
  ASSERT_EQ(put.status, 200) << put.raw;
  EXPECT_EQ(put.body["name"], "Registry Test Trading LLC");
  EXPECT_EQ(put.body["updated_by"], "admin");

  auto own = server_->Call("GET", "/v1/organisations/302345678", "", "trader_b");
  ASSERT_EQ(own.status, 200) << own.raw;
  EXPECT_EQ(own.body["tin"], "302345678");
  EXPECT_EQ(own.body["address"]["city"], "Toshkent");
  EXPECT_EQ(own.body["address"]["street"], "Amir Temur 1");
  EXPECT_EQ(server_->Call("GET", "/v1/organisations/302345678", "", "inspector").status, 200);
  EXPECT_EQ(server_->Call("GET", "/v1/organisations/302345678", "", "trader_a").status, 403);  // another trader's
  auto unknown = server_->Call("GET", "/v1/organisations/999999999", "", "inspector");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body["code"], "unknown_organisation");

  // A change replaces the record.
  json changed = org;
  changed["name"] = "Registry Test Trading JSC";
  ASSERT_EQ(server_->Call("PUT", "/v1/organisations/302345678", changed.dump(), "supervisor").status, 200);
  auto after = server_->Call("GET", "/v1/organisations/302345678", "", "trader_b");
  EXPECT_EQ(after.body["name"], "Registry Test Trading JSC");
  EXPECT_EQ(after.body["updated_by"], "supervisor");

  EXPECT_EQ(server_->Call("PUT", "/v1/organisations/302345678", org.dump(), "trader_b").status, 403);
  EXPECT_EQ(server_->Call("PUT", "/v1/organisations/302345678", org.dump(), "inspector").status, 403);
  // Malformed requests are 400; well-formed ones that break the registry's rules are 422.
  const std::vector<std::tuple<std::string, std::string, int, std::string>> bad = {
      {"/v1/organisations/12", org.dump(), 422, "invalid_tin"},
      {"/v1/organisations/302345678", R"({"address":{"country":"UZ"}})", 422, "missing_name"},
      {"/v1/organisations/302345678", R"({"name":"X","address":{"country":"ZZ"}})", 422, "invalid_country"},
      {"/v1/organisations/302345678", R"({"name":"X","address":{"country":"uz"}})", 422, "invalid_country"},
      {"/v1/organisations/302345678", R"({"name":"X","nickname":"Y","address":{"country":"UZ"}})", 400, "unknown_field"},
      {"/v1/organisations/302345678", R"({"name":7,"address":{"country":"UZ"}})", 400, ""},
      {"/v1/organisations/302345678", "[1]", 400, ""},
  };
  for (const auto& [path, body, status, code] : bad) {
    auto r = server_->Call("PUT", path, body, "admin");
    EXPECT_EQ(r.status, status) << path << " " << body << " " << r.raw;
    if (!code.empty()) { EXPECT_EQ(r.body["code"], code) << r.raw; }
  }
  EXPECT_EQ(server_->Call("GET", "/v1/organisations/302345678", "", "trader_b").body["name"], "Registry Test Trading JSC");
}

TEST_F(ApiTest, CodeListsInTheUsersLanguage) {
  auto find = [](const json& items, const std::string& code) {
    for (const auto& i : items)
      if (i["code"] == code) return i;
    return json();
  };
  auto en = server_->Call("GET", "/v1/code-lists/countries", "", "trader_a");
  ASSERT_EQ(en.status, 200) << en.raw;
  EXPECT_EQ(find(en.body["items"], "UZ")["name"], "Uzbekistan");
  EXPECT_GT(en.body["items"].size(), 200u);
  auto ru = server_->Call("GET", "/v1/code-lists/countries?lang=ru", "", "trader_a");
  EXPECT_EQ(find(ru.body["items"], "UZ")["name"], "Узбекистан");
  auto uz = server_->Call("GET", "/v1/code-lists/countries?lang=uz", "", "trader_a");
  EXPECT_EQ(find(uz.body["items"], "DE")["name"], "Germaniya");
  auto currencies = server_->Call("GET", "/v1/code-lists/currencies?lang=ru", "", "inspector");
  json usd = find(currencies.body["items"], "USD");
  EXPECT_EQ(usd["name"], "доллар США");
  EXPECT_EQ(usd["minor_units"], "2");
  auto offices = server_->Call("GET", "/v1/code-lists/offices", "", "trader_a");
  json post = find(offices.body["items"], "UZ260101");
  EXPECT_EQ(post["country"], "UZ");
  EXPECT_NE(post["roles"].get<std::string>().find("declaration"), std::string::npos);
  // The project's own lists carry their names in Russian and Uzbek (data/ref/i18n), every code
  // (a code without a translation would show its English name).
  const std::set<std::string> same_word = {"units uz YRD", "units uz GRO"};  // "yard", "gross" in Uzbek too
  for (const std::string& list : {"transport-modes", "valuation-methods", "incoterms", "representative-statuses",
                                  "procedures", "document-types", "package-kinds", "units", "offices"}) {
    json names_en = server_->Call("GET", "/v1/code-lists/" + list, "", "trader_a").body["items"];
    for (const std::string lang : {"ru", "uz"}) {
      json names = server_->Call("GET", "/v1/code-lists/" + list + "?lang=" + lang, "", "trader_a").body["items"];
      ASSERT_EQ(names.size(), names_en.size()) << list;
      for (size_t i = 0; i < names.size(); ++i)
        if (!same_word.count(list + " " + lang + " " + names[i]["code"].get<std::string>()))
          EXPECT_NE(names[i]["name"], names_en[i]["name"]) << list << " " << lang << " " << names[i]["code"];
    }
  }
  EXPECT_EQ(find(server_->Call("GET", "/v1/code-lists/procedures?lang=uz", "", "trader_a").body["items"], "80")["name"],
            "Bojxona tranziti (milliy kod)");
  EXPECT_EQ(find(server_->Call("GET", "/v1/code-lists/transport-modes?lang=ru", "", "trader_a").body["items"], "3")["name"],
            "Автомобильный транспорт");
  EXPECT_EQ(server_->Call("GET", "/v1/code-lists/planets", "", "trader_a").body["code"], "no_such_list");
  EXPECT_EQ(server_->Call("GET", "/v1/code-lists/countries?lang=de", "", "trader_a").status, 400);
  EXPECT_EQ(server_->Call("GET", "/v1/code-lists/countries").status, 401);
}

TEST_F(ApiTest, ConfigTellsTheClientTheCountryCurrencyAndLedgerKey) {
  auto c = server_->Call("GET", "/v1/config");
  ASSERT_EQ(c.status, 200) << c.raw;
  EXPECT_EQ(c.body["country"], "UZ");
  EXPECT_EQ(c.body["currency"], "UZS");
  EXPECT_EQ(c.body["languages"], json({"uz", "ru", "en"}));
  auto checkpoint = server_->Call("GET", "/v1/ledger/checkpoint");
  ASSERT_EQ(checkpoint.status, 200);
  // The key is the one that signs the checkpoints: its name is the checkpoint's first line.
  std::string key = c.body["ledger"]["verifier_key"];
  EXPECT_EQ(checkpoint.raw.substr(0, checkpoint.raw.find('\n')), c.body["ledger"]["origin"]);
  EXPECT_EQ(key.substr(0, key.find('+')), c.body["ledger"]["origin"]);
}

TEST_F(ApiTest, AmendmentAndVersions) {
  json j = ValidDeclarationJson(6);
  auto r = server_->Lodge(j);
  std::string path = "/v1/declarations/" + std::to_string(r.body["id"].get<int>());
  j["items"][0]["description"] = "amended goods description";
  json body = {{"reason_code", "A1"}, {"reason", "wrong description"}, {"declaration", j}};
  auto a = server_->Call("POST", path + "/amendments", body.dump(), "trader_a");
  ASSERT_EQ(a.status, 200) << a.raw;
  EXPECT_EQ(a.body["version"], 2);
  auto v = server_->Call("GET", path + "/versions", "", "trader_a");
  ASSERT_EQ(v.body["versions"].size(), 2u);
  EXPECT_EQ(v.body["versions"][1]["changed"][0], "/items/0/description");
  auto v1 = server_->Call("GET", path + "/versions/1", "", "trader_a");
  EXPECT_EQ(v1.body["declaration"], ValidDeclarationJson(6));
  EXPECT_EQ(server_->Call("GET", path + "/versions/9", "", "trader_a").status, 404);
  j["items"][0]["commodity"]["hs"] = "000000";
  auto bad = server_->Call("POST", path + "/amendments", json{{"reason_code", "A1"}, {"declaration", j}}.dump(), "trader_a");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.body["errors"][0]["pointer"], "/items/0/commodity/hs");
}

TEST_F(ApiTest, DraftsSubmitAndCancel) {
  auto d = server_->Call("POST", "/v1/declarations?draft=true", ValidDeclarationJson(7).dump(), "trader_a");
  ASSERT_EQ(d.status, 201) << d.raw;
  EXPECT_EQ(d.body["state"], "draft");
  EXPECT_TRUE(d.body["mrn"].is_null());
  std::string path = "/v1/declarations/" + std::to_string(d.body["id"].get<int>());
  auto s = server_->Call("POST", path + "/actions", R"({"action":"submit"})", "trader_a");
  EXPECT_EQ(s.body["state"], "registered");
  auto d2 = server_->Call("POST", "/v1/declarations?draft=true", ValidDeclarationJson(8).dump(), "trader_a");
  auto c = server_->Call("POST", "/v1/declarations/" + std::to_string(d2.body["id"].get<int>()) + "/cancellation", "", "trader_a");
  EXPECT_EQ(c.body["state"], "cancelled");
}

// Malformed-input sweep: truncations, byte flips, type swaps and deletions of a valid
// declaration. Every answer is 2xx or 4xx — never 5xx, never a dropped connection.
TEST_F(ApiTest, MutatedDeclarationsNeverCause5xx) {
  std::mt19937 rng(12345);
  std::string valid = ValidDeclarationJson(900).dump();
  int answered = 0;
  for (int i = 0; i < 400; ++i) {
    std::string body = valid;
    switch (i % 5) {
      case 0: body = body.substr(0, rng() % body.size()); break;                       // truncated
      case 1: for (int k = 0; k < 3; ++k) body[rng() % body.size()] = static_cast<char>(rng() % 256); break;
      case 2: {                                                                          // value types swapped
        json j = json::parse(valid);
        j["items"][rng() % 3][(rng() % 2) ? "price" : "net_mass"] = json::array({1, "x", nullptr});
        j["lrn"] = "MUT-" + std::to_string(i);
        body = j.dump();
        break;
      }
      case 3: {                                                                          // a member removed
        json j = json::parse(valid);
        auto it = j.begin();
        std::advance(it, rng() % j.size());
        j.erase(it.key());
        body = j.dump();
        break;
      }
      default: {                                                                         // deep nesting
        body = std::string(2000 + rng() % 2000, '[') + std::string(100, ']');
        break;
      }
    }
    auto r = server_->Call("POST", "/v1/declarations", body, "trader_a");
    ASSERT_GE(r.status, 200) << "connection failed on mutation " << i << ": " << r.raw;
    ASSERT_LT(r.status, 500) << "mutation " << i << " -> " << r.raw;
    ++answered;
  }
  EXPECT_EQ(answered, 400);
  EXPECT_EQ(server_->Call("GET", "/healthz").status, 200);
}

TEST_F(ApiTest, AssessmentOfADeclarationAndOfItsAmendment) {
  // One item: 100 USD of cotton T-shirts (6109.10), 10 kg, FCA with 50 USD freight to the border.
  json j = ValidDeclarationJson(950, TestServer::kOrgA, 1);
  auto& item = j["items"][0];
  item["commodity"] = {{"hs", "610910"}};
  item.erase("supplementary");
  item["origin"] = "CN";
  item["net_mass"] = "10";
  item["gross_mass"] = "11";
  item["price"] = "100";
  j["invoice"]["currency"] = "USD";
  j["invoice"]["total"] = "100";
  j["invoice"]["incoterm"] = "FCA";
  j["freight"] = {{"amount", "50"}, {"currency", "USD"}};
  j["exchange_rates"] = json::array({{{"currency", "USD"}, {"rate", "12650.25"}}});
  auto r = server_->Lodge(j);
  ASSERT_EQ(r.status, 201) << r.raw;
  std::string path = "/v1/declarations/" + r.body["mrn"].get<std::string>();
  auto a = server_->Call("GET", path + "/assessment", "", "trader_a");
  ASSERT_EQ(a.status, 200) << a.raw;
  // Customs value: (100 + 50) x 12650.25 = 1 897 537.50 UZS. Duty max(25 %; 2 USD/kg x 10 kg):
  // 474 384.38 > 253 005.00. VAT 12 % x 2 371 921.88 = 284 630.63. Fee 0.2 % = 3 795.08 -> 50 000.
  EXPECT_EQ(a.body["customs_value"], "1897537.50");
  EXPECT_EQ(a.body["totals_by_tax"]["duty"], "474384.38");
  EXPECT_EQ(a.body["totals_by_tax"]["vat"], "284630.63");
  EXPECT_EQ(a.body["totals_by_tax"]["fee"], "50000.00");
  EXPECT_EQ(a.body["total"], "809015.01");
  EXPECT_EQ(a.body["currency"], "UZS");
  // The measures by name in the caller's language, the same figures.
  auto ru = server_->Call("GET", path + "/assessment", "", "trader_a", {{"Accept-Language", "ru"}});
  ASSERT_EQ(ru.status, 200) << ru.raw;
  EXPECT_EQ(ru.body["total"], a.body["total"]);
  const json& vat_en = a.body["items"][0]["lines"].back();
  const json& vat_ru = ru.body["items"][0]["lines"].back();
  EXPECT_EQ(vat_ru["measure_id"], vat_en["measure_id"]);
  EXPECT_NE(vat_ru["description"], vat_en["description"]);
  EXPECT_NE(vat_ru["description"].get<std::string>().find("НДС"), std::string::npos) << vat_ru;
  // The trader corrects the price downwards: the difference is a refund.
  item["price"] = "80";
  j["invoice"]["total"] = "80";
  auto am = server_->Call("POST", path + "/amendments", json{{"reason_code", "PRICE"}, {"declaration", j}}.dump(), "trader_a");
  ASSERT_EQ(am.status, 200) << am.raw;
  auto a2 = server_->Call("GET", path + "/assessment", "", "trader_a");
  ASSERT_EQ(a2.status, 200) << a2.raw;
  EXPECT_EQ(a2.body["version"], 2);
  // (80 + 50) x 12650.25 = 1 644 532.50; duty 25 % = 411 133.13; VAT 12 % x 2 055 665.63 = 246 679.88.
  EXPECT_EQ(a2.body["total"], "707813.01");
  EXPECT_EQ(a2.body["difference_from_previous"]["total"], "-101202.00");
  EXPECT_EQ(a2.body["difference_from_previous"]["meaning"], "refund");
  EXPECT_EQ(server_->Call("GET", path + "/assessment?version=1", "", "trader_a").body["total"], "809015.01");
  // The officer's assess action records the amounts of the current version with the transition.
  ASSERT_EQ(server_->Call("POST", path + "/actions", R"({"action":"assess"})", "inspector").status, 200);
  auto h = server_->Call("GET", path + "/history", "", "trader_a");
  const auto& last = h.body["transitions"].back();
  EXPECT_EQ(last["action"], "assess");
  EXPECT_EQ(last["details"]["total"], "707813.01");
  EXPECT_EQ(last["details"]["by_tax"]["fee"], "50000.00");
  EXPECT_EQ(server_->Call("GET", path + "/assessment?version=x", "", "trader_a").status, 400);
}

TEST_F(ApiTest, TransitAndTemporaryAdmissionSecureInsteadOfPaying) {
  json j = ValidDeclarationJson(952, TestServer::kOrgA, 2);
  auto home = server_->Lodge(j);
  ASSERT_EQ(home.status, 201) << home.raw;
  auto a = server_->Call("GET", "/v1/declarations/" + home.body["mrn"].get<std::string>() + "/assessment", "", "trader_a");
  ASSERT_EQ(a.status, 200) << a.raw;
  EXPECT_EQ(a.body["payable"], a.body["total"]);
  EXPECT_EQ(a.body["secured"], "0.00");
  // The same goods in transit to another office: everything but the fee is secured.
  json tr = ValidDeclarationJson(953, TestServer::kOrgA, 2);
  tr["type"] = "TR";
  tr["procedure"] = "8000";
  tr["locations"]["destination_office"] = "UZ260101";
  auto t = server_->Lodge(tr);
  ASSERT_EQ(t.status, 201) << t.raw;
  auto ta = server_->Call("GET", "/v1/declarations/" + t.body["mrn"].get<std::string>() + "/assessment", "", "trader_a");
  ASSERT_EQ(ta.status, 200) << ta.raw;
  EXPECT_EQ(ta.body["payable"], ta.body["totals_by_tax"]["fee"]);
  EXPECT_NE(ta.body["secured"], "0.00");
  EXPECT_NE(ta.body["relief"].get<std::string>().find("transit"), std::string::npos);
  // Temporary admission (procedure 53) likewise.
  json temp = ValidDeclarationJson(954, TestServer::kOrgA, 1);
  temp["procedure"] = "5300";
  auto ta2 = server_->Lodge(temp);
  ASSERT_EQ(ta2.status, 201) << ta2.raw;
  auto tb = server_->Call("GET", "/v1/declarations/" + ta2.body["mrn"].get<std::string>() + "/assessment", "", "trader_a");
  EXPECT_NE(tb.body["relief"].get<std::string>().find("temporary admission"), std::string::npos);
  EXPECT_EQ(tb.body["payable"], tb.body["totals_by_tax"]["fee"]);
}

TEST_F(ApiTest, SpecificRatesNeedTheirQuantityAtLodgement) {
  json j = ValidDeclarationJson(951, TestServer::kOrgA, 1);
  j["items"][0]["commodity"] = {{"hs", "220421"}};  // wine: duty max(20 %; 1 USD/l), excise per litre
  j["items"][0].erase("supplementary");
  auto r = server_->Lodge(j);
  ASSERT_EQ(r.status, 422) << r.raw;
  EXPECT_EQ(r.body["errors"][0]["pointer"], "/items/0/supplementary");
  EXPECT_EQ(r.body["errors"][0]["code"], "quantity_required");
  EXPECT_NE(r.body["errors"][0]["message"].get<std::string>().find("LTR"), std::string::npos);
  j["items"][0]["supplementary"] = {{"quantity", "750"}, {"unit", "LTR"}};
  EXPECT_EQ(server_->Lodge(j).status, 201);
}

TEST_F(ApiTest, TariffQuoteUsesTheRealSchedule) {
  if (!std::filesystem::exists(SharedDataDir() + "/tariff/us_hts_2023_htsdata.csv"))
    GTEST_SKIP() << "the US HTS data set is not here; it is in CI's ../shared/data";
  // Cotton sweater from China: 16.5 % MFN + 7.5 % Section 301 (list 4A).
  auto q = server_->Call("POST", "/v1/tariff/quote",
                         R"({"code":"6110.20.20","origin":"CN","value":{"amount":"100","currency":"USD"}})", "trader_a");
  ASSERT_EQ(q.status, 200) << q.raw;
  EXPECT_EQ(q.body["total"], "24.00");
  EXPECT_EQ(q.body["currency"], "USD");
  ASSERT_EQ(q.body["lines"].size(), 2u);
  EXPECT_EQ(q.body["lines"][1]["measure_id"], "9903.88.15");
  // The same in euros is converted at the rate valid on the date (demo table: 1 EUR = 1.0838 USD).
  auto eur = server_->Call("POST", "/v1/tariff/quote",
                           R"({"code":"6110.20.20","origin":"CN","value":{"amount":"100","currency":"EUR"},"date":"2026-06-01"})", "trader_a");
  ASSERT_EQ(eur.status, 200) << eur.raw;
  EXPECT_EQ(eur.body["customs_value"], "108.38");
  EXPECT_EQ(eur.body["total"], "26.01");  // 17.88 + 8.13
  auto need_qty = server_->Call("POST", "/v1/tariff/quote",
                                R"({"code":"2204.21.50","origin":"FR","value":{"amount":"100","currency":"USD"}})", "trader_a");
  EXPECT_EQ(need_qty.status, 422);
  EXPECT_EQ(need_qty.body["code"], "quantity_required");
  auto unknown = server_->Call("POST", "/v1/tariff/quote",
                               R"({"code":"9999.99.99","origin":"FR","value":{"amount":"1","currency":"USD"}})", "trader_a");
  EXPECT_EQ(unknown.body["code"], "unknown_code");
  auto no_rate = server_->Call("POST", "/v1/tariff/quote",
                               R"({"code":"6110.20.20","origin":"CN","value":{"amount":"1","currency":"XAU"}})", "trader_a");
  EXPECT_EQ(no_rate.body["code"], "missing_exchange_rate");
  EXPECT_EQ(server_->Call("POST", "/v1/tariff/quote", R"({"code":"6110.20.20","colour":"red"})", "trader_a").status, 400);
  EXPECT_EQ(server_->Call("POST", "/v1/tariff/quote", R"({"code":"6110.20.20","origin":"CN","value":{"amount":"-5","currency":"USD"}})", "trader_a").body["code"], "negative_value");
}

TEST(ApiRateLimit, ExcessRequestsGet429WithRetryAfter) {
  TestServer server(/*rate_limit=*/5);
  int limited = 0;
  std::string retry;
  for (int i = 0; i < 40; ++i) {
    auto r = server.Call("GET", "/v1/me", "", "trader_a");
    if (r.status == 429) { ++limited; retry = r.headers["retry-after"]; }
  }
  EXPECT_GT(limited, 0);
  EXPECT_FALSE(retry.empty());
}

// The built browser app is served at / beside the API: hashed assets cached for a year, the page
// itself revalidated by ETag, deep links answered with the page, and nothing outside the directory.
TEST(ApiWebApp, ServesTheBuiltAppWithCachingHeaders) {
  testing::TempDir outside;
  std::string dist = outside.path() + "/dist";
  std::filesystem::create_directories(dist + "/assets");
  auto write = [](const std::string& path, const std::string& text) { std::ofstream(path) << text; };
  write(dist + "/index.html", "<!doctype html><title>OpenCustoms</title>");
  write(dist + "/assets/index-3f9a1c.js", "console.log('app')");
  write(outside.path() + "/secret.txt", "not for the web");
  TestServer server(0, false, [&](AppConfig& c) { c.web_dir = dist; });

  auto page = server.Call("GET", "/");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.raw, "<!doctype html><title>OpenCustoms</title>");
  EXPECT_EQ(page.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_EQ(page.headers["cache-control"], "no-cache");
  EXPECT_NE(page.headers["content-security-policy"].find("default-src 'self'"), std::string::npos);
  std::string etag = page.headers["etag"];
  ASSERT_FALSE(etag.empty());
  auto again = server.Call("GET", "/", "", "", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.raw.empty());
  auto changed = server.Call("GET", "/", "", "", {{"If-None-Match", "\"other\""}});
  EXPECT_EQ(changed.status, 200);

  // HEAD answers what GET would, without the body (link checkers, caches, monitoring).
  auto head = server.Call("HEAD", "/");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.raw.empty()) << head.raw;
  EXPECT_EQ(head.headers["content-length"], std::to_string(page.raw.size()));
  EXPECT_EQ(head.headers["etag"], etag);
  auto head_missing = server.Call("HEAD", "/assets/gone-000.js");
  EXPECT_EQ(head_missing.status, 404);
  EXPECT_TRUE(head_missing.raw.empty());
  auto head_api = server.Call("HEAD", "/healthz");
  EXPECT_EQ(head_api.status, 200);
  EXPECT_TRUE(head_api.raw.empty());
  // The connection stays usable after a HEAD: the next answer is not read as its body.
  auto after = server.Call("GET", "/");
  EXPECT_EQ(after.raw, page.raw);

  auto script = server.Call("GET", "/assets/index-3f9a1c.js");
  ASSERT_EQ(script.status, 200);
  EXPECT_EQ(script.raw, "console.log('app')");
  EXPECT_EQ(script.headers["content-type"], "text/javascript; charset=utf-8");
  EXPECT_EQ(script.headers["cache-control"], "public, max-age=31536000, immutable");

  // A deep link of the app's own router gets the page; a missing file gets a 404 problem.
  auto deep = server.Call("GET", "/declarations/25UZ00000000000001");
  EXPECT_EQ(deep.status, 200);
  EXPECT_EQ(deep.raw, page.raw);
  auto missing = server.Call("GET", "/assets/gone-000.js");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body["code"], "no_such_file");
  auto escape = server.Call("GET", "/../secret.txt");
  EXPECT_NE(escape.raw, "not for the web");
  auto encoded = server.Call("GET", "/%2e%2e/secret.txt");
  EXPECT_NE(encoded.raw, "not for the web");

  // The API keeps its own answers: unknown endpoints under /v1/ are not the page.
  auto api = server.Call("GET", "/v1/no-such-thing");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.body["code"], "no_such_endpoint");
  auto post = server.Call("POST", "/declarations", "{}");
  EXPECT_EQ(post.status, 404);
}

TEST(ApiWebApp, AWebDirectoryWithoutTheBuiltAppIsRefusedAtStart) {
  testing::TempDir empty;
  AppConfig config;
  testing::TempDir data;
  config.data_dir = data.path();
  config.port = 0;
  config.web_dir = empty.path();
  auto app = App::Create(config);
  ASSERT_FALSE(app.ok());
  EXPECT_NE(app.status().ToString().find("index.html"), std::string::npos) << app.status().ToString();
}

}  // namespace
}  // namespace oc
