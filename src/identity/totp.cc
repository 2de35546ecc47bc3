#include "identity/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cstdio>

namespace oc::totp {

namespace {

// RFC 4226 §5.3: HMAC-SHA-1 of the 8-byte big-endian counter, dynamic truncation, 6 digits.
std::string Hotp(std::string_view key, uint64_t counter) {
  std::array<unsigned char, 8> msg{};
  for (int i = 7; i >= 0; --i, counter >>= 8) msg[static_cast<size_t>(i)] = static_cast<unsigned char>(counter & 0xff);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), msg.data(), msg.size(), mac, &len);
  int offset = mac[len - 1] & 0x0f;
  uint32_t binary = (static_cast<uint32_t>(mac[offset] & 0x7f) << 24) | (static_cast<uint32_t>(mac[offset + 1]) << 16) |
                    (static_cast<uint32_t>(mac[offset + 2]) << 8) | static_cast<uint32_t>(mac[offset + 3]);
  char out[8];
  std::snprintf(out, sizeof out, "%06u", binary % 1000000u);
  return out;
}

std::string PercentEncode(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string Code(std::string_view key, int64_t unix_seconds) {
  return Hotp(key, static_cast<uint64_t>(unix_seconds / kStepSeconds));
}

std::optional<int64_t> Verify(std::string_view key, std::string_view code, int64_t unix_seconds, int64_t last_used_step) {
  if (code.size() != 6 || code.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  int64_t now_step = unix_seconds / kStepSeconds;
  for (int64_t step : {now_step, now_step - 1, now_step + 1})
    if (step > last_used_step && step >= 0 && Hotp(key, static_cast<uint64_t>(step)) == code) return step;
  return std::nullopt;
}

std::string Base32(std::string_view bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  return out;
}

std::string ProvisioningUri(std::string_view issuer, std::string_view account, std::string_view key) {
  std::string i = PercentEncode(issuer);
  return "otpauth://totp/" + i + ":" + PercentEncode(account) + "?secret=" + Base32(key) + "&issuer=" + i +
         "&algorithm=SHA1&digits=6&period=30";
}

}  // namespace oc::totp
