// Session tokens: signed (HMAC-SHA-512/256, libsodium crypto_auth) and expiring.
// Format: base64url(payload) "." base64url(tag), payload "v1|user_id|role|org|username|expires_unix_ms".
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "identity/principal.h"

namespace oc {

class TokenSigner {
 public:
  // `key` must be crypto_auth_KEYBYTES (32) bytes of secret; the server keeps it in its data dir.
  explicit TokenSigner(std::string key);
  static std::string GenerateKey();

  // Issues a token for `p` valid until `expires_unix_ms`. Thread-safe.
  std::string Issue(const Principal& p, int64_t expires_unix_ms) const;
  // Verifies signature, form and expiry against `now_unix_ms`; never throws. Unauthorized with the
  // reason otherwise ("malformed token" for a signed payload whose numbers do not parse). Thread-safe.
  Result<Principal> Verify(std::string_view token, int64_t now_unix_ms) const;

 private:
  std::string key_;
};

}  // namespace oc
