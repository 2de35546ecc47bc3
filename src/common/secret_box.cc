#include "common/secret_box.h"

#include <sodium.h>

#include "common/encoding.h"

namespace oc {
namespace {
constexpr std::string_view kPrefix = "sealed:1:";
}

std::string SecretBox::GenerateKey() { return RandomBytes(kKeySize); }

Result<SecretBox> SecretBox::FromKey(std::string key) {
  static_assert(kKeySize == crypto_secretbox_KEYBYTES);
  if (key.size() != kKeySize) return Status::Invalid("bad_secret_key", "a secrets key has 32 bytes");
  return SecretBox(std::move(key));
}

bool SecretBox::IsSealed(std::string_view stored) { return stored.substr(0, kPrefix.size()) == kPrefix; }

std::string SecretBox::Seal(std::string_view plain) const {
  std::string nonce = RandomBytes(crypto_secretbox_NONCEBYTES);
  std::string box(crypto_secretbox_MACBYTES + plain.size(), '\0');
  crypto_secretbox_easy(reinterpret_cast<unsigned char*>(box.data()), reinterpret_cast<const unsigned char*>(plain.data()),
                        plain.size(), reinterpret_cast<const unsigned char*>(nonce.data()),
                        reinterpret_cast<const unsigned char*>(key_.data()));
  return std::string(kPrefix) + Base64Encode(nonce + box);
}

Result<std::string> SecretBox::Open(std::string_view stored) const {
  if (!IsSealed(stored)) return std::string(stored);
  auto raw = Base64Decode(stored.substr(kPrefix.size()));
  if (!raw || raw->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return Status::Internal("a sealed secret is damaged");
  const auto* nonce = reinterpret_cast<const unsigned char*>(raw->data());
  const auto* box = nonce + crypto_secretbox_NONCEBYTES;
  size_t box_size = raw->size() - crypto_secretbox_NONCEBYTES;
  std::string plain(box_size - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), box, box_size, nonce,
                                 reinterpret_cast<const unsigned char*>(key_.data())) != 0)
    return Status::Internal("a sealed secret does not open with this data directory's secrets.key (another "
                            "directory's key, or a damaged value)");
  return plain;
}

}  // namespace oc
