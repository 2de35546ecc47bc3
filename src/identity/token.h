// Session tokens: signed (HMAC-SHA-512/256, libsodium crypto_auth) and expiring.
// Format: base64url(payload) "." base64url(tag), payload
// "v2|user_id|role|org|username|expires_unix_ms|session_id". A token only says who signed in and
// when it ends: IdentityService checks the user and the session on every request, so that a
// sign-out or a disabled user ends it at once. Version 1 tokens (no session) are refused.
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

  // Issues a token for `p` (and its p.session) valid until `expires_unix_ms`. Thread-safe.
  std::string Issue(const Principal& p, int64_t expires_unix_ms) const;
  // Verifies signature, form and expiry against `now_unix_ms`; never throws. Unauthorized with the
  // reason otherwise ("malformed token" for a signed payload whose numbers do not parse). Thread-safe.
  Result<Principal> Verify(std::string_view token, int64_t now_unix_ms) const;

 private:
  std::string key_;
};

}  // namespace oc
