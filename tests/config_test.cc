// The configuration file's parser: TOML keys to flag settings, and what it refuses.
#include <gtest/gtest.h>

#include "config/config_file.h"

namespace oc::config {
namespace {

TEST(ConfigFile, ScalarsListsAndTablesBecomeFlagSettings) {
  auto s = ParseSettings(R"(
port = 8443
address = "0.0.0.0"
log_format = "json"
red-percent = 2.5
demo = false
webhook-allow-host = ["a.example", "b.example"]
[tls]
cert = "/etc/opencustoms/cert.pem"
)",
                         "oc.toml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->at("port"), std::vector<std::string>{"8443"});
  EXPECT_EQ(s->at("address"), std::vector<std::string>{"0.0.0.0"});
  EXPECT_EQ(s->at("log-format"), std::vector<std::string>{"json"}) << "underscores read as dashes";
  EXPECT_EQ(s->at("red-percent"), std::vector<std::string>{"2.5"});
  EXPECT_EQ(s->at("demo"), std::vector<std::string>{"false"});
  EXPECT_EQ(s->at("webhook-allow-host"), (std::vector<std::string>{"a.example", "b.example"}));
  EXPECT_EQ(s->at("tls.cert"), std::vector<std::string>{"/etc/opencustoms/cert.pem"});
  EXPECT_EQ(s->size(), 7u);
}

TEST(ConfigFile, SyntaxErrorsNameTheLineAndColumn) {
  auto s = ParseSettings("port = 8080\naddress = \n", "oc.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), "bad_config");
  EXPECT_EQ(s.status().message().rfind("oc.toml:2:", 0), 0u) << s.status().message();
}

TEST(ConfigFile, ValuesThatNoFlagTakesAreRefused) {
  for (const char* text : {"port = 2026-12-07", "peers = [[\"a\"]]", "x = { y = [{ z = 1 }] }"}) {
    auto s = ParseSettings(text, "oc.toml");
    ASSERT_FALSE(s.ok()) << text;
    EXPECT_EQ(s.status().code(), "bad_config") << text;
  }
}

TEST(ConfigFile, TheSameSettingTwiceIsRefused) {
  auto s = ParseSettings("web_dir = \"a\"\nweb-dir = \"b\"\n", "oc.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("set twice"), std::string::npos) << s.status().message();
}

// toml++ 3.3 has undefined behaviour when it looks at some characters (Cyrillic among them)
// wherever they are; the parser hides them from it. Strings and comments take any UTF-8 and give
// it back unchanged; elsewhere such characters are errors like any other.
TEST(ConfigFile, CyrillicAndOtherScriptsReadBackUnchanged) {
  auto ok = ParseSettings(
      "# Таможня\nledger-origin = \"bojxona.uz/ledger\" # ўзбек\ncountry = 'ЎЗ'\n"
      "note = \"\"\"А\nБ\"\"\"\"\nother = '''В'''\n",
      "oc.toml");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->at("country"), std::vector<std::string>{"ЎЗ"});
  EXPECT_EQ(ok->at("note"), std::vector<std::string>{"А\nБ\""});
  auto key = ParseSettings("\"порт\" = \"ﬆ ﻼ\"", "oc.toml");
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->at("порт"), std::vector<std::string>{"ﬆ ﻼ"});
  for (const char* text : {"\xd0\x90port = 1", "port = 1 \xd0\x90", "a =-\"\"\"multi\xef\xbb\xaf\nline\"\"\"", "порт = 1",
                           "a = \"\xee\x80\x80\""}) {
    auto bad = ParseSettings(text, "oc.toml");
    ASSERT_FALSE(bad.ok()) << text;
    EXPECT_EQ(bad.status().code(), "bad_config") << text;
  }
}

TEST(ConfigFile, EnvironmentNamesAndLists) {
  EXPECT_EQ(EnvironmentName("webhook-allow-host"), "OC_WEBHOOK_ALLOW_HOST");
  EXPECT_EQ(EnvironmentName("tls.cert"), "OC_TLS_CERT");
  EXPECT_EQ(SplitList(" a.example, b.example ,,c "), (std::vector<std::string>{"a.example", "b.example", "c"}));
  EXPECT_TRUE(SplitList("").empty());
}

}  // namespace
}  // namespace oc::config
