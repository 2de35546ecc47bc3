// gzip for static files and documents: what clients accept, and that the bytes inflate back.
#include <gtest/gtest.h>
#include <zlib.h>

#include "api/compress.h"

namespace oc::api {
namespace {

std::string Gunzip(const std::string& gz) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  z.avail_in = static_cast<uInt>(gz.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  EXPECT_EQ(rc, Z_STREAM_END);
  return out;
}

TEST(Gzip, CompressesToAGzipMemberThatInflatesBack) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "customs declaration " + std::to_string(i) + "\n";
  std::string gz = GzipCompress(text);
  ASSERT_GE(gz.size(), 18u);
  EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8b);
  EXPECT_LT(gz.size(), text.size() / 4);
  EXPECT_EQ(Gunzip(gz), text);
  EXPECT_EQ(GzipCompress(""), "");
}

TEST(Gzip, AcceptEncodingIsReadAsRfc9110Says) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("deflate, gzip;q=0.8, br"));
  EXPECT_TRUE(AcceptsGzip("GZIP"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_TRUE(AcceptsGzip("x-gzip"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("br, deflate"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip; q=0.000"));
  EXPECT_FALSE(AcceptsGzip("gzipped"));
}

TEST(Gzip, OnlyTextIsWorthCompressing) {
  EXPECT_TRUE(Compressible("text/html; charset=utf-8"));
  EXPECT_TRUE(Compressible("application/javascript"));
  EXPECT_TRUE(Compressible("application/json"));
  EXPECT_TRUE(Compressible("image/svg+xml"));
  EXPECT_TRUE(Compressible("application/yaml"));
  EXPECT_FALSE(Compressible("image/png"));
  EXPECT_FALSE(Compressible("font/woff2"));
}

}  // namespace
}  // namespace oc::api
