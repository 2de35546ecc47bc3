#include <gtest/gtest.h>
#include <sodium.h>

#include "common/encoding.h"
#include "identity/password.h"
#include "identity/lockout.h"
#include "identity/token.h"
#include "identity/totp.h"

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
  auto ok = signer.Verify(sign("v2|42|trader|301234567|clerk|1000000|s1"), 1);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->session, "s1");
  // A version 1 token (no session) cannot be signed out: it is refused.
  EXPECT_EQ(signer.Verify(sign("v1|42|trader|301234567|clerk|1000000"), 1).status().message(),
            "unsupported token version: sign in again");
  for (const char* payload : {"v2|42|trader|301234567|clerk|soon|s1", "v2|42|trader|301234567|clerk||s1",
                              "v2|42|trader|301234567|clerk|99999999999999999999999|s1",
                              "v2|x42|trader|301234567|clerk|1000000|s1", "v2||trader|301234567|clerk|1000000|s1",
                              "v2|0|trader|301234567|clerk|1000000|s1", "v2|42|trader|301234567|clerk|1000000 |s1"}) {
    Result<Principal> r = Status::Internal("not run");
    EXPECT_NO_THROW(r = signer.Verify(sign(payload), 1)) << payload;
    EXPECT_EQ(r.status().message(), "malformed token") << payload;
  }
}

}  // namespace
}  // namespace oc

namespace oc {
namespace {

// RFC 6238 appendix B, SHA-1 key "12345678901234567890": the 8-digit codes' last six digits.
TEST(Totp, MatchesTheRfc6238TestVectors) {
  const std::string key = "12345678901234567890";
  EXPECT_EQ(totp::Code(key, 59), "287082");
  EXPECT_EQ(totp::Code(key, 1111111109), "081804");
  EXPECT_EQ(totp::Code(key, 1234567890), "005924");
  EXPECT_EQ(totp::Code(key, 2000000000), "279037");
  EXPECT_EQ(totp::Base32(key), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(totp::ProvisioningUri("Open Customs", "clerk@x", key),
            "otpauth://totp/Open%20Customs:clerk%40x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Open%20Customs"
            "&algorithm=SHA1&digits=6&period=30");
}

TEST(Totp, ACodeIsAcceptedOnceAndOnlyNearItsTime) {
  const std::string key = "12345678901234567890";
  int64_t t = 1234567890;
  std::string code = totp::Code(key, t);
  auto step = totp::Verify(key, code, t, 0);
  ASSERT_TRUE(step);
  EXPECT_EQ(*step, t / 30);
  EXPECT_TRUE(totp::Verify(key, code, t + 30, 0)) << "a step of clock drift is tolerated";
  EXPECT_FALSE(totp::Verify(key, code, t + 90, 0)) << "three steps later it has expired";
  EXPECT_FALSE(totp::Verify(key, code, t, *step)) << "a code opens one sign-in only";
  EXPECT_FALSE(totp::Verify(key, "12345", t, 0));
  EXPECT_FALSE(totp::Verify(key, "12345a", t, 0));
}

TEST(Lockout, AnAccountLocksAfterConsecutiveFailuresForAWhile) {
  lockout::Policy p;
  p.account_failures = 3;
  p.account_lock_ms = 1000;
  lockout::AccountState s;
  for (int i = 0; i < 2; ++i) s = lockout::AfterFailure(s, 100, p);
  EXPECT_FALSE(lockout::Locked(s, 100));
  s = lockout::AfterFailure(s, 200, p);
  EXPECT_TRUE(lockout::Locked(s, 200));
  EXPECT_EQ(lockout::RetryAfterMs(s, 700), 500);
  EXPECT_EQ(lockout::AfterFailure(s, 300, p).locked_until_ms, s.locked_until_ms) << "attempts while locked do not extend it";
  EXPECT_FALSE(lockout::Locked(s, 1200));
  EXPECT_EQ(s.failed, 0) << "the count starts again after a lock";
}

TEST(Lockout, AnAddressIsBlockedWhileItsFailuresAreInTheWindow) {
  lockout::FailureWindow w(3, 1000, /*max_keys=*/2);
  for (int t : {0, 10, 20}) w.Fail("10.0.0.1", t);
  EXPECT_TRUE(w.Blocked("10.0.0.1", 30));
  EXPECT_EQ(w.RetryAfterMs("10.0.0.1", 30), 970);
  EXPECT_FALSE(w.Blocked("10.0.0.1", 1001)) << "the first failure aged out";
  EXPECT_FALSE(w.Blocked("10.0.0.2", 30));
  // Memory stays bounded: a third address pushes out the oldest.
  w.Fail("10.0.0.2", 40);
  w.Fail("10.0.0.3", 50);
  for (int t : {60, 70}) w.Fail("10.0.0.3", t);
  EXPECT_TRUE(w.Blocked("10.0.0.3", 80));
}

}  // namespace
}  // namespace oc
