// Bank confirmations (POST /v1/bank/confirmations): the body, its X-Bank-Signature header, the
// base64 the header carries, the creditor reference and the amount it quotes. The input is
// "<header>\n<body>"; every function also sees the whole input.
// Invariants (bank_message.h, money.h):
//  - a parsed confirmation has every required member, within its length, and a positive amount;
//  - a body signed by the bank's key verifies, for any body, in each base64 form the header may
//    use; a header verifies only when it carries that signature;
//  - DecodeBase64Any(EncodeBase64(x)) == x; a valid creditor reference is the one
//    MakeCreditorReference makes for its base; ParseCents(FormatCents(c)) == c.
#include <sodium.h>

#include <cstdint>

#include "common/encoding.h"
#include "fuzz_util.h"
#include "payment/bank_message.h"
#include "payment/money.h"

namespace {

using namespace oc::payment;

struct Banks {
  Bank ed, hmac;
  std::string ed_secret;
};

const Banks& TheBanks() {
  static const Banks* banks = [] {
    oc::InitCrypto();
    auto* b = new Banks();
    auto seed = oc::fuzz::Seed(oc::fuzz::kBankSeed);
    std::string pk(crypto_sign_PUBLICKEYBYTES, '\0');
    b->ed_secret.assign(crypto_sign_SECRETKEYBYTES, '\0');
    crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(pk.data()),
                             reinterpret_cast<unsigned char*>(b->ed_secret.data()), seed.data());
    b->ed = Bank{"FUZZBANK", "Fuzz bank", "ed25519", pk, 0};
    b->hmac = Bank{"FUZZHMAC", "Fuzz HMAC bank", "hmac-sha256", oc::fuzz::kBankHmacSecret, 0};
    return b;
  }();
  return *banks;
}

void CheckConfirmation(std::string_view body) {
  auto c = ParseConfirmation(body);
  if (!c.ok()) {
    FUZZ_CHECK(c.status().code() == "invalid_confirmation", "unexpected code " + c.status().code());
    return;
  }
  FUZZ_CHECK(!c->bank_ref.empty() && c->bank_ref.size() <= 64, "bank_ref");
  FUZZ_CHECK(!c->order.empty() && c->order.size() <= 35, "order");
  FUZZ_CHECK(!c->currency.empty() && c->currency.size() <= 3, "currency");
  FUZZ_CHECK(!c->paid_at.empty() && c->paid_at.size() <= 40, "paid_at");
  FUZZ_CHECK(c->payer.size() <= 200, "payer");
  FUZZ_CHECK(c->amount > 0, "amount " + std::to_string(c->amount));
}

void CheckSignatures(std::string_view header, std::string_view body) {
  const Banks& b = TheBanks();
  std::string ed = SignBody("ed25519", b.ed_secret, body);
  FUZZ_CHECK(VerifySignature(b.ed, body, ed).ok(), "a body signed by the bank's key does not verify");
  auto raw = oc::Base64Decode(ed.substr(8));
  FUZZ_CHECK(raw.has_value(), "SignBody's base64");
  FUZZ_CHECK(VerifySignature(b.ed, body, "ed25519=" + oc::Base64UrlEncode(*raw)).ok(), "URL-safe signature");
  std::string mac = SignBody("hmac-sha256", b.hmac.key, body);
  FUZZ_CHECK(VerifySignature(b.hmac, body, mac).ok(), "a body signed by the bank's secret does not verify");
  FUZZ_CHECK(!VerifySignature(b.hmac, body, ed).ok(), "an Ed25519 header verifies for an HMAC bank");

  if (VerifySignature(b.ed, body, header).ok()) {
    auto eq = header.find('=');
    auto sig = DecodeBase64Any(header.substr(eq + 1));
    FUZZ_CHECK(sig && *sig == *raw, "a header verifies without the body's signature");
  }
  if (VerifySignature(b.hmac, body, header).ok()) FUZZ_CHECK(header == mac, "an HMAC header other than the body's verifies");
}

void CheckEncodings(std::string_view text) {
  if (auto bytes = DecodeBase64Any(text)) {
    auto back = DecodeBase64Any(EncodeBase64(*bytes));
    FUZZ_CHECK(back && *back == *bytes, "base64 round trip");
  }
  if (IsValidCreditorReference(text)) {
    std::string base(text.substr(4));
    FUZZ_CHECK(MakeCreditorReference(base) == text, "valid reference " + std::string(text) + " is not the one made for its base");
  }
  if (text.size() >= 1 && text.size() <= 21 && text.find_first_not_of("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string_view::npos)
    FUZZ_CHECK(IsValidCreditorReference(MakeCreditorReference(std::string(text))), "a made reference is not valid");
  if (auto cents = ParseCents(text)) {
    auto back = ParseCents(FormatCents(*cents));
    FUZZ_CHECK(back && *back == *cents, "cents round trip of " + std::string(text));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input = oc::fuzz::Bytes(data, size);
  size_t nl = input.find('\n');
  std::string_view header = nl == std::string_view::npos ? input : input.substr(0, nl);
  std::string_view body = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
  CheckConfirmation(body);
  CheckConfirmation(input);
  CheckSignatures(header, body);
  CheckEncodings(header);
  CheckEncodings(input);
  return 0;
}
