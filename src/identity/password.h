// Password hashing with Argon2id (libsodium crypto_pwhash, interactive limits).
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace oc {

// Returns the encoded hash string ("$argon2id$v=19$..."), or Internal if memory is exhausted.
// Slow by design (tens of milliseconds); thread-safe.
Result<std::string> HashPassword(std::string_view password);
// Constant-time check of `password` against an encoded hash. Thread-safe.
bool VerifyPassword(std::string_view password, const std::string& encoded_hash);
// Password policy: 8..256 bytes, valid UTF-8. Invalid("weak_password") otherwise.
Status CheckPasswordPolicy(std::string_view password);

}  // namespace oc
