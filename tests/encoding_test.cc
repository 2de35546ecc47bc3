#include "common/encoding.h"

#include <gtest/gtest.h>

#include "common/dates.h"
#include "refdata/csv.h"

namespace oc {
namespace {

TEST(Utf8, AcceptsRussianUzbekAndRejectsMalformed) {
  InitCrypto();
  EXPECT_TRUE(IsValidUtf8("Ташкент, Oʻzbekiston, ўзбек"));
  EXPECT_TRUE(IsValidUtf8("emoji \xF0\x9F\x93\xA6"));
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // UTF-16 surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(Base64Url, RoundTripsAndRejectsGarbage) {
  InitCrypto();
  std::string bytes = RandomBytes(33);
  EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(bytes)), bytes);
  EXPECT_FALSE(Base64UrlDecode("not base64!").has_value());
}

// Found by fuzz/fuzz_note: libsodium 1.0.18 decodes any byte from 0x80 up as '/' ('_'), so
// "SGk\x97" read as "SGk/" and a signed note or key had many spellings.
TEST(Base64, RefusesBytesOutsideTheAlphabet) {
  InitCrypto();
  EXPECT_EQ(Base64Decode("SGk/"), std::string("Hi?"));
  EXPECT_EQ(Base64UrlDecode("SGk_"), std::string("Hi?"));
  for (char c : {'\x80', '\x97', '\xb1', '\xff', ' ', '.'}) {
    EXPECT_FALSE(Base64Decode(std::string("SGk") + c).has_value()) << int(static_cast<unsigned char>(c));
    EXPECT_FALSE(Base64UrlDecode(std::string("SGk") + c).has_value()) << int(static_cast<unsigned char>(c));
  }
  EXPECT_TRUE(IsBase64Text("SGk/SGk_SGk+SGk-SGk="));
  EXPECT_FALSE(IsBase64Text("SGk\x97"));
}

TEST(Dates, ValidatesCalendar) {
  EXPECT_TRUE(ParseIsoDate("2024-02-29").has_value());
  EXPECT_FALSE(ParseIsoDate("2023-02-29").has_value());
  EXPECT_FALSE(ParseIsoDate("2026-13-01").has_value());
  EXPECT_FALSE(ParseIsoDate("2026-1-01").has_value());
  EXPECT_EQ(FormatIsoDate(*ParseIsoDate("2026-11-21")), "2026-11-21");
  EXPECT_EQ(*ParseIsoDate("1970-01-02"), 1);
  EXPECT_EQ(FormatTimestamp(86400000 + 3723004), "1970-01-02T01:02:03.004Z");
}

TEST(Csv, QuotesAndBom) {
  auto rows = ParseCsv("\xEF\xBB\xBF" "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n,\n");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ(rows.value()[0][0], "a");
  EXPECT_EQ(rows.value()[1][0], "x, y");
  EXPECT_EQ(rows.value()[1][1], "say \"hi\"");
  EXPECT_EQ(rows.value()[2].size(), 2u);
  EXPECT_FALSE(ParseCsv("\"open").ok());
}

}  // namespace
}  // namespace oc
