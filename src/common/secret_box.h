// SecretBox: secrets kept at rest (webhook and bank secrets, second-factor keys) sealed with a
// key of the data directory (XSalsa20-Poly1305, libsodium's crypto_secretbox), so that a copy of
// the database alone reveals none of them. Thread-safe: immutable after construction.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace oc {

class SecretBox {
 public:
  static constexpr size_t kKeySize = 32;
  // A fresh random key (kKeySize bytes).
  static std::string GenerateKey();
  // Invalid("bad_secret_key") unless `key` has kKeySize bytes.
  static Result<SecretBox> FromKey(std::string key);

  // "sealed:1:" + base64(nonce || MAC || ciphertext), a new random nonce each time.
  std::string Seal(std::string_view plain) const;
  // The plain secret of a sealed text; a text that is not sealed (written before sealing
  // existed) is returned as it is. Internal when the text is sealed but does
  // not open with this key (another data directory's key, or damaged).
  Result<std::string> Open(std::string_view stored) const;
  static bool IsSealed(std::string_view stored);

 private:
  explicit SecretBox(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

}  // namespace oc
