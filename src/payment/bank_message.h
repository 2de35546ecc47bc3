// Bank confirmations: their JSON form, their signatures and the payment references they quote.
//
// A bank POSTs the confirmation as JSON with two headers: X-Bank-Id (its registered id) and
// X-Bank-Signature, computed over the exact body bytes:
//   "ed25519=" + base64(Ed25519 signature)      for banks registered with a public key
//   "hmac-sha256=" + hex(HMAC-SHA-256(secret))  for banks registered with a shared secret
// Thread-safe pure functions (libsodium must be initialised: InitCrypto()).
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "payment/records.h"

namespace oc::payment {

// {"bank_ref": "...", "order": "RF...", "amount": "123.45", "currency": "UZS",
//  "paid_at": "2026-11-21T10:00:00Z", "payer": "..."}; every member but payer required, nothing
// else allowed. Invalid("invalid_confirmation", naming the member) otherwise.
Result<BankConfirmation> ParseConfirmation(std::string_view body);

// Checks the X-Bank-Signature value against the bank's key. Unauthorized("bad_signature")
// when it does not verify, is malformed or uses another scheme than the bank's.
Status VerifySignature(const Bank& bank, std::string_view body, std::string_view signature_header);

// The X-Bank-Signature value for `body`: `secret` is the Ed25519 secret key (64 bytes) or the
// HMAC secret. For the demo bank, tests and `opencustoms bank sign`.
std::string SignBody(const std::string& scheme, const std::string& secret, std::string_view body);

struct Ed25519KeyPair {
  std::string public_key;  // 32 bytes
  std::string secret_key;  // 64 bytes
};
Ed25519KeyPair GenerateEd25519();

// Standard or URL-safe base64, with or without padding; nullopt when malformed.
std::optional<std::string> DecodeBase64Any(std::string_view text);
std::string EncodeBase64(std::string_view bytes);  // standard alphabet with padding

// ISO 11649 structured creditor reference: "RF" + two check digits + `base` (1-21 letters or
// digits, upper case). Payers quote it; a mistyped one fails the check.
std::string MakeCreditorReference(const std::string& base);
bool IsValidCreditorReference(std::string_view ref);

}  // namespace oc::payment
