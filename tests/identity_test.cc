#include <gtest/gtest.h>
#include <sodium.h>

#include "common/encoding.h"
#include "identity/password.h"
#include "identity/token.h"

namespace oc {
namespace {

TEST(Password, Argon2idHashesVerifyAndDiffer) {
  InitCrypto();
  auto h1 = HashPassword("correct horse battery");
  auto h2 = HashPassword("correct horse battery");
  ASSERT_TRUE(h1.ok());
  EXPECT_EQ(h1->rfind("$argon2id$", 0), 0u);
  EXPECT_NE(h1.value(), h2.value());  // salted
  EXPECT_TRUE(VerifyPassword("correct horse battery", h1.value()));
  EXPECT_FALSE(VerifyPassword("correct horse batterx", h1.value()));
  EXPECT_FALSE(CheckPasswordPolicy("short").ok());
  EXPECT_TRUE(CheckPasswordPolicy("long enough").ok());
}

TEST(Token, SignedAndExpiring) {
  InitCrypto();
  TokenSigner signer(TokenSigner::GenerateKey());
  Principal p{42, "clerk", Role::kTrader, "301234567", "token"};
  std::string t = signer.Issue(p, 1000000);
  auto ok = signer.Verify(t, 999999);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->user_id, 42);
  EXPECT_EQ(ok->org_tin, "301234567");
  EXPECT_EQ(ok->role, Role::kTrader);
  EXPECT_EQ(signer.Verify(t, 1000000).status().message(), "token has expired");
  // Tampering with the payload (e.g. promoting the role) breaks the signature.
  std::string payload = *Base64UrlDecode(t.substr(0, t.find('.')));
  std::string forged_payload = payload;
  forged_payload.replace(forged_payload.find("trader"), 6, "admin");
  std::string forged = Base64UrlEncode(forged_payload) + t.substr(t.find('.'));
  EXPECT_FALSE(signer.Verify(forged, 1).ok());
  // Another server's key does not verify.
  TokenSigner other(TokenSigner::GenerateKey());
  EXPECT_FALSE(other.Verify(t, 1).ok());
  EXPECT_FALSE(signer.Verify("garbage", 1).ok());
}

// A token signed with the right key but holding numbers that do not parse threw from std::stoll
// and took the server down; it is now refused as malformed.
TEST(Token, SignedButMalformedNumbersAreRefusedWithoutThrowing) {
  InitCrypto();
  std::string key = TokenSigner::GenerateKey();
  TokenSigner signer(key);
  auto sign = [&key](const std::string& payload) {
    std::string tag(crypto_auth_BYTES, '\0');
    crypto_auth(reinterpret_cast<unsigned char*>(tag.data()), reinterpret_cast<const unsigned char*>(payload.data()),
                payload.size(), reinterpret_cast<const unsigned char*>(key.data()));
    return Base64UrlEncode(payload) + "." + Base64UrlEncode(tag);
  };
  ASSERT_TRUE(signer.Verify(sign("v1|42|trader|301234567|clerk|1000000"), 1).ok());
  for (const char* payload : {"v1|42|trader|301234567|clerk|soon", "v1|42|trader|301234567|clerk|",
                              "v1|42|trader|301234567|clerk|99999999999999999999999", "v1|x42|trader|301234567|clerk|1000000",
                              "v1||trader|301234567|clerk|1000000", "v1|0|trader|301234567|clerk|1000000",
                              "v1|42|trader|301234567|clerk|1000000 "}) {
    Result<Principal> r = Status::Internal("not run");
    EXPECT_NO_THROW(r = signer.Verify(sign(payload), 1)) << payload;
    EXPECT_EQ(r.status().message(), "malformed token") << payload;
  }
}

}  // namespace
}  // namespace oc
