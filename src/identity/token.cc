#include "identity/token.h"

#include <charconv>
#include <optional>

#include <sodium.h>

#include <stdexcept>
#include <vector>

#include "common/encoding.h"

namespace oc {

TokenSigner::TokenSigner(std::string key) : key_(std::move(key)) {
  if (key_.size() != crypto_auth_KEYBYTES) throw std::invalid_argument("token key must be 32 bytes");
}

std::string TokenSigner::GenerateKey() { return RandomBytes(crypto_auth_KEYBYTES); }

std::string TokenSigner::Issue(const Principal& p, int64_t expires) const {
  std::string payload = "v2|" + std::to_string(p.user_id) + "|" + RoleName(p.role) + "|" + p.org_tin + "|" +
                        p.username + "|" + std::to_string(expires) + "|" + p.session;
  unsigned char tag[crypto_auth_BYTES];
  crypto_auth(tag, reinterpret_cast<const unsigned char*>(payload.data()), payload.size(),
              reinterpret_cast<const unsigned char*>(key_.data()));
  return Base64UrlEncode(payload) + "." + Base64UrlEncode(std::string_view(reinterpret_cast<char*>(tag), sizeof tag));
}

Result<Principal> TokenSigner::Verify(std::string_view token, int64_t now) const {
  size_t dot = token.find('.');
  if (dot == std::string_view::npos) return Status::Unauthorized("malformed token");
  auto payload = Base64UrlDecode(token.substr(0, dot));
  auto tag = Base64UrlDecode(token.substr(dot + 1));
  if (!payload || !tag || tag->size() != crypto_auth_BYTES) return Status::Unauthorized("malformed token");
  if (crypto_auth_verify(reinterpret_cast<const unsigned char*>(tag->data()),
                         reinterpret_cast<const unsigned char*>(payload->data()), payload->size(),
                         reinterpret_cast<const unsigned char*>(key_.data())) != 0) {
    return Status::Unauthorized("token signature is not valid");
  }
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= payload->size(); ++i) {
    if (i == payload->size() || (*payload)[i] == '|') { parts.push_back(payload->substr(start, i - start)); start = i + 1; }
  }
  if (parts.size() != 7 || parts[0] != "v2") return Status::Unauthorized("unsupported token version: sign in again");
  auto role = RoleFromName(parts[2]);
  if (!role) return Status::Unauthorized("token names an unknown role");
  // Signed by us, but read without trusting it: a bad number is a malformed token, never a throw.
  auto number = [](const std::string& text) -> std::optional<int64_t> {
    int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return v;
  };
  auto expires = number(parts[5]);
  auto user_id = number(parts[1]);
  if (!expires || !user_id || *user_id <= 0) return Status::Unauthorized("malformed token");
  if (now >= *expires) return Status::Unauthorized("token has expired");
  Principal p;
  p.user_id = *user_id;
  p.role = *role;
  p.org_tin = parts[3];
  p.username = parts[4];
  p.via = "token";
  p.session = parts[6];
  return p;
}

}  // namespace oc
