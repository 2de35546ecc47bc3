#include "payment/bank_message.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "common/encoding.h"

namespace oc::payment {

namespace {

// Remainder modulo 97 of the number written by `text`, letters counting as 10..35 (ISO 7064).
int Mod97(std::string_view text) {
  int r = 0;
  for (char ch : text) {
    int v = (ch >= '0' && ch <= '9') ? ch - '0' : ch - 'A' + 10;
    r = v >= 10 ? (r * 100 + v) % 97 : (r * 10 + v) % 97;
  }
  return r;
}

bool IsUpperAlnum(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

}  // namespace

std::string MakeCreditorReference(const std::string& base) {
  int check = 98 - Mod97(base + "RF00");
  std::string digits = std::to_string(check);
  if (digits.size() == 1) digits = "0" + digits;
  return "RF" + digits + base;
}

bool IsValidCreditorReference(std::string_view ref) {
  if (ref.size() < 5 || ref.size() > 25 || ref.substr(0, 2) != "RF" || !IsUpperAlnum(ref)) return false;
  if (!(ref[2] >= '0' && ref[2] <= '9' && ref[3] >= '0' && ref[3] <= '9')) return false;
  std::string moved = std::string(ref.substr(4)) + std::string(ref.substr(0, 4));
  return Mod97(moved) == 1;
}

std::optional<std::string> DecodeBase64Any(std::string_view text) {
  if (!IsBase64Text(text)) return std::nullopt;
  for (int variant : {sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING,
                      sodium_base64_VARIANT_URLSAFE, sodium_base64_VARIANT_URLSAFE_NO_PADDING}) {
    std::string out(text.size(), '\0');
    size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                          &len, &end, variant) == 0 &&
        end == text.data() + text.size()) {
      out.resize(len);
      return out;
    }
  }
  return std::nullopt;
}

std::string EncodeBase64(std::string_view bytes) {
  const int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), variant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

Result<BankConfirmation> ParseConfirmation(std::string_view body) {
  auto bad = [](const std::string& why) { return Status::Invalid("invalid_confirmation", why); };
  if (!IsValidUtf8(body)) return bad("the body is not valid UTF-8");
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return bad("the body is not a JSON object");
  BankConfirmation c;
  struct Member { const char* name; std::string* into; bool required; size_t max; };
  std::string amount;
  Member members[] = {{"bank_ref", &c.bank_ref, true, 64}, {"order", &c.order, true, 35},
                      {"amount", &amount, true, 24},       {"currency", &c.currency, true, 3},
                      {"paid_at", &c.paid_at, true, 40},   {"payer", &c.payer, false, 200}};
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool known = false;
    for (const auto& m : members) known = known || it.key() == m.name;
    if (!known) return bad("unknown member '" + it.key() + "'");
  }
  for (const auto& m : members) {
    auto it = j.find(m.name);
    if (it == j.end()) {
      if (m.required) return bad(std::string("'") + m.name + "' is required");
      continue;
    }
    if (!it->is_string()) return bad(std::string("'") + m.name + "' must be a string");
    *m.into = it->get<std::string>();
    if (m.into->empty() && m.required) return bad(std::string("'") + m.name + "' is empty");
    if (m.into->size() > m.max) return bad(std::string("'") + m.name + "' is too long");
  }
  auto cents = ParseCents(amount);
  if (!cents) return bad("'amount' must be a decimal string with at most two fractional digits");
  if (*cents <= 0) return bad("'amount' must be positive");
  c.amount = *cents;
  return c;
}

Status VerifySignature(const Bank& bank, std::string_view body, std::string_view header) {
  auto fail = [&](const std::string& why) { return Status::Unauthorized("bad_signature", why); };
  auto eq = header.find('=');
  if (eq == std::string_view::npos) return fail("X-Bank-Signature must be 'ed25519=<base64>' or 'hmac-sha256=<hex>'");
  std::string_view scheme = header.substr(0, eq), value = header.substr(eq + 1);
  if (scheme != bank.scheme)
    return fail("bank " + bank.id + " signs with " + bank.scheme + ", not " + std::string(scheme));
  if (bank.scheme == "ed25519") {
    auto sig = DecodeBase64Any(value);
    if (!sig || sig->size() != crypto_sign_BYTES || bank.key.size() != crypto_sign_PUBLICKEYBYTES)
      return fail("the Ed25519 signature is malformed");
    if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig->data()),
                                    reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                                    reinterpret_cast<const unsigned char*>(bank.key.data())) != 0)
      return fail("the Ed25519 signature does not verify with bank " + bank.id + "'s key");
    return Status::Ok();
  }
  if (bank.scheme == "hmac-sha256") {
    std::string expected = SignBody(bank.scheme, bank.key, body).substr(sizeof("hmac-sha256=") - 1);
    if (value.size() != expected.size() || sodium_memcmp(value.data(), expected.data(), expected.size()) != 0)
      return fail("the HMAC does not verify with bank " + bank.id + "'s secret");
    return Status::Ok();
  }
  return fail("bank " + bank.id + " has an unknown signature scheme");
}

std::string SignBody(const std::string& scheme, const std::string& secret, std::string_view body) {
  if (scheme == "ed25519") {
    std::string sig(crypto_sign_BYTES, '\0');
    crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr,
                         reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                         reinterpret_cast<const unsigned char*>(secret.data()));
    return "ed25519=" + EncodeBase64(sig);
  }
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  crypto_auth_hmacsha256_final(&st, mac);
  return "hmac-sha256=" + HexEncode(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

Ed25519KeyPair GenerateEd25519() {
  Ed25519KeyPair kp;
  kp.public_key.resize(crypto_sign_PUBLICKEYBYTES);
  kp.secret_key.resize(crypto_sign_SECRETKEYBYTES);
  crypto_sign_keypair(reinterpret_cast<unsigned char*>(kp.public_key.data()),
                      reinterpret_cast<unsigned char*>(kp.secret_key.data()));
  return kp;
}

}  // namespace oc::payment
