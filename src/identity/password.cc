#include "identity/password.h"

#include <sodium.h>

#include "common/encoding.h"

namespace oc {

Result<std::string> HashPassword(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Internal("out of memory while hashing a password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view password, const std::string& encoded) {
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

Status CheckPasswordPolicy(std::string_view password) {
  if (password.size() < 8) return Status::Invalid("weak_password", "a password needs at least 8 characters");
  if (password.size() > 256) return Status::Invalid("weak_password", "a password may have at most 256 bytes");
  if (!IsValidUtf8(password)) return Status::Invalid("weak_password", "a password must be valid UTF-8");
  return Status::Ok();
}

}  // namespace oc
