// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP) with the parameters authenticator
// apps use by default: HMAC-SHA-1, 30-second steps, 6 digits. The key is 20 random bytes, shown to
// the user once as base32 in an otpauth:// URI.
//
// Thread-safety: pure functions (HMAC by OpenSSL); the caller supplies the time and the key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oc::totp {

inline constexpr int64_t kStepSeconds = 30;
inline constexpr size_t kKeyBytes = 20;

// The 6-digit code of `key` for the 30-second step that holds `unix_seconds`.
std::string Code(std::string_view key, int64_t unix_seconds);
// The step `code` belongs to, if it is the code of the current step or of the one before or after
// (clocks drift), and that step is after `last_used_step` (a code opens one sign-in only);
// nullopt otherwise. `code` must be 6 digits.
std::optional<int64_t> Verify(std::string_view key, std::string_view code, int64_t unix_seconds,
                              int64_t last_used_step);
// RFC 4648 base32 without padding: how authenticator apps take the key.
std::string Base32(std::string_view bytes);
// otpauth://totp/<issuer>:<account>?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30,
// with issuer and account percent-encoded.
std::string ProvisioningUri(std::string_view issuer, std::string_view account, std::string_view key);

}  // namespace oc::totp
