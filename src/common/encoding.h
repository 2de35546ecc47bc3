// Byte encodings and hashes shared by modules (thin wrappers over libsodium).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace oc {

std::string Base64UrlEncode(std::string_view bytes);                   // no padding
std::optional<std::string> Base64UrlDecode(std::string_view text);     // nullopt if malformed
std::string Base64Encode(std::string_view bytes);                      // RFC 4648 §4, padded
std::optional<std::string> Base64Decode(std::string_view text);        // nullopt if malformed
// True when every character is of either base64 alphabet or '=' (decoders of any variant check
// this first: the libsodium they wrap takes bytes from 0x80 up for '/').
bool IsBase64Text(std::string_view text);
std::string HexEncode(std::string_view bytes);
// BLAKE2b-256 of bytes, hex-encoded: content fingerprints and API-key digests.
std::string Blake2bHex(std::string_view bytes);
// SHA-256 of bytes, hex-encoded: the checksum scanners and partners know.
std::string Sha256Hex(std::string_view bytes);
// Cryptographically random bytes.
std::string RandomBytes(size_t n);
// True when text is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view text);
// Removes HTML tags from a text (<sup>2</sup> -> 2, <u>kg</u> -> kg): the USITC tariff export
// embeds them in descriptions and rates.
std::string StripHtml(std::string_view text);
// Must be called once before any libsodium use; safe to call repeatedly.
void InitCrypto();

}  // namespace oc
