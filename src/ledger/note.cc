#include "ledger/note.h"

#include <sodium.h>

#include "common/encoding.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <optional>
#include <cstring>

namespace oc::ledger {

namespace {

constexpr std::string_view kDash = "\xE2\x80\x94 ";  // "— " (U+2014 EM DASH, space)

std::string Base64(const uint8_t* data, size_t n) { return Base64Encode(std::string_view(reinterpret_cast<const char*>(data), n)); }

// Strict standard base64 (padding required, nothing ignored); nullopt when malformed.
std::optional<std::string> Unbase64(std::string_view text) { return Base64Decode(text); }

bool ValidName(std::string_view name) {
  if (name.empty()) return false;
  for (unsigned char c : name)
    if (c <= ' ' || c == '+' || c == 0x7f) return false;
  return true;
}

bool KnownType(uint8_t type) { return type == kNoteSignature || type == kCosignatureV1; }

uint32_t KeyHash(std::string_view name, uint8_t type, const std::array<uint8_t, 32>& public_key) {
  std::string material(name);
  material.push_back('\n');
  material.push_back(static_cast<char>(type));
  material.append(reinterpret_cast<const char*>(public_key.data()), public_key.size());
  Hash h = Sha256(material);
  return (uint32_t{h[0]} << 24) | (uint32_t{h[1]} << 16) | (uint32_t{h[2]} << 8) | h[3];
}

std::string Hex8(uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return buf;
}

Status BadKey(std::string why) { return Status::Invalid("bad_key", std::move(why)); }
Status BadNote(std::string why) { return Status::Invalid("bad_note", std::move(why)); }

Status CheckText(std::string_view text) {
  if (text.empty() || text.back() != '\n') return BadNote("a note's text is not empty and ends in a newline");
  if (text.front() == '\n' || text.find("\n\n") != std::string_view::npos) return BadNote("a note's text has no blank line");
  return Status::Ok();
}

std::string CosignedMessage(std::string_view text, uint64_t timestamp) {
  return "cosignature/v1\ntime " + std::to_string(timestamp) + "\n" + std::string(text);
}

void PutBigEndian(uint8_t* out, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i, v >>= 8) out[i] = static_cast<uint8_t>(v);
}

std::string SignatureLine(const NoteSigner& s, std::string_view text) {
  uint8_t blob[4 + crypto_sign_BYTES];
  uint32_t h = s.key.key_hash;
  blob[0] = static_cast<uint8_t>(h >> 24), blob[1] = static_cast<uint8_t>(h >> 16);
  blob[2] = static_cast<uint8_t>(h >> 8), blob[3] = static_cast<uint8_t>(h);
  crypto_sign_detached(blob + 4, nullptr, reinterpret_cast<const unsigned char*>(text.data()), text.size(), s.secret_key.data());
  return std::string(kDash) + s.key.name + " " + Base64(blob, sizeof blob) + "\n";
}

}  // namespace

Result<NoteSigner> SignerFromSeed(std::string name, const std::array<uint8_t, 32>& seed, uint8_t type) {
  if (!ValidName(name)) return BadKey("a key name is not empty and has no spaces, '+' or control characters");
  if (!KnownType(type)) return BadKey("only Ed25519 note (0x01) and cosignature/v1 (0x04) keys are supported");
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialise");
  NoteSigner s;
  crypto_sign_seed_keypair(s.key.public_key.data(), s.secret_key.data(), seed.data());
  s.key.name = std::move(name);
  s.key.type = type;
  s.key.key_hash = KeyHash(s.key.name, type, s.key.public_key);
  return s;
}

Result<NoteSigner> GenerateSigner(std::string name, uint8_t type) {
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialise");
  std::array<uint8_t, 32> seed;
  randombytes_buf(seed.data(), seed.size());
  auto s = SignerFromSeed(std::move(name), seed, type);
  sodium_memzero(seed.data(), seed.size());
  return s;
}

Result<NoteSigner> ParseSignerKey(std::string_view text) {
  constexpr std::string_view kPrefix = "PRIVATE+KEY+";
  if (text.substr(0, kPrefix.size()) != kPrefix) return BadKey("a signer key starts with PRIVATE+KEY+");
  text.remove_prefix(kPrefix.size());
  size_t a = text.find('+'), b = a == std::string_view::npos ? a : text.find('+', a + 1);
  if (b == std::string_view::npos) return BadKey("a signer key is PRIVATE+KEY+<name>+<hash>+<key>");
  auto material = Unbase64(text.substr(b + 1));
  if (!material || material->size() != 33 || !KnownType(static_cast<uint8_t>((*material)[0])))
    return BadKey("the signer key is not an Ed25519 seed");
  std::array<uint8_t, 32> seed;
  std::memcpy(seed.data(), material->data() + 1, 32);
  auto s = SignerFromSeed(std::string(text.substr(0, a)), seed, static_cast<uint8_t>((*material)[0]));
  sodium_memzero(seed.data(), seed.size());
  if (!s.ok()) return s.status();
  if (Hex8(s->key.key_hash) != text.substr(a + 1, b - a - 1)) return BadKey("the signer key's hash does not match its key");
  return s;
}

std::string SignerKeyString(const NoteSigner& s) {
  uint8_t material[33];
  material[0] = s.key.type;
  std::memcpy(material + 1, s.secret_key.data(), 32);  // libsodium's secret key starts with the seed
  std::string out = "PRIVATE+KEY+" + s.key.name + "+" + Hex8(s.key.key_hash) + "+" + Base64(material, sizeof material);
  sodium_memzero(material, sizeof material);
  return out;
}

Result<NoteKey> ParseVerifierKey(std::string_view text) {
  size_t a = text.find('+'), b = a == std::string_view::npos ? a : text.find('+', a + 1);
  if (b == std::string_view::npos) return BadKey("a verifier key is <name>+<hash>+<key>");
  NoteKey k;
  k.name = std::string(text.substr(0, a));
  if (!ValidName(k.name)) return BadKey("a key name is not empty and has no spaces, '+' or control characters");
  auto material = Unbase64(text.substr(b + 1));
  if (!material || material->size() != 33 || !KnownType(static_cast<uint8_t>((*material)[0])))
    return BadKey("the verifier key is not an Ed25519 public key");
  k.type = static_cast<uint8_t>((*material)[0]);
  std::memcpy(k.public_key.data(), material->data() + 1, 32);
  k.key_hash = KeyHash(k.name, k.type, k.public_key);
  if (Hex8(k.key_hash) != text.substr(a + 1, b - a - 1)) return BadKey("the verifier key's hash does not match its key");
  return k;
}

std::string VerifierKeyString(const NoteKey& k) {
  uint8_t material[33];
  material[0] = k.type;
  std::memcpy(material + 1, k.public_key.data(), 32);
  return k.name + "+" + Hex8(k.key_hash) + "+" + Base64(material, sizeof material);
}

std::string FormatNote(const SignedNote& note) {
  std::string out = note.text + "\n";
  for (const auto& s : note.signatures) {
    std::string blob(4, '\0');
    blob[0] = static_cast<char>(s.key_hash >> 24), blob[1] = static_cast<char>(s.key_hash >> 16);
    blob[2] = static_cast<char>(s.key_hash >> 8), blob[3] = static_cast<char>(s.key_hash);
    blob += s.signature;
    out += std::string(kDash) + s.name + " " + Base64(reinterpret_cast<const uint8_t*>(blob.data()), blob.size()) + "\n";
  }
  return out;
}

Result<std::string> SignNote(std::string_view text, const NoteSigner& signer) {
  if (Status st = CheckText(text); !st.ok()) return st;
  return std::string(text) + "\n" + SignatureLine(signer, text);
}

Result<std::string> AddSignature(const SignedNote& note, const NoteSigner& signer) {
  if (Status st = CheckText(note.text); !st.ok()) return st;
  SignedNote copy = note;
  copy.signatures.erase(std::remove_if(copy.signatures.begin(), copy.signatures.end(),
                                       [&](const NoteSignature& s) { return s.name == signer.key.name && s.key_hash == signer.key.key_hash; }),
                        copy.signatures.end());
  return FormatNote(copy) + SignatureLine(signer, note.text);
}

Result<std::string> CosignatureLine(std::string_view text, const NoteSigner& cosigner, uint64_t timestamp) {
  if (cosigner.key.type != kCosignatureV1) return BadKey("cosignatures need a cosignature/v1 (0x04) key");
  if (Status st = CheckText(text); !st.ok()) return st;
  if (timestamp >= (uint64_t{1} << 63)) return BadNote("the timestamp exceeds 2^63 - 1");
  uint8_t blob[4 + 8 + crypto_sign_BYTES];
  PutBigEndian(blob, cosigner.key.key_hash, 4);
  PutBigEndian(blob + 4, timestamp, 8);
  std::string message = CosignedMessage(text, timestamp);
  crypto_sign_detached(blob + 12, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       cosigner.secret_key.data());
  return std::string(kDash) + cosigner.key.name + " " + Base64(blob, sizeof blob) + "\n";
}

Result<SignedNote> ParseNote(std::string_view note) {
  if (note.size() > 1 << 20) return BadNote("the note is larger than 1 MiB");
  size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) return BadNote("no blank line separates the text from the signatures");
  SignedNote out;
  out.text = std::string(note.substr(0, split + 1));
  if (Status st = CheckText(out.text); !st.ok()) return st;
  std::string_view rest = note.substr(split + 2);
  if (rest.empty() || rest.back() != '\n') return BadNote("the signature lines end in a newline");
  while (!rest.empty()) {
    size_t eol = rest.find('\n');
    std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol + 1);
    if (line.substr(0, kDash.size()) != kDash) return BadNote("a signature line starts with an em dash and a space");
    line.remove_prefix(kDash.size());
    size_t space = line.find(' ');
    if (space == std::string_view::npos) return BadNote("a signature line is '— <name> <signature>'");
    NoteSignature s;
    s.name = std::string(line.substr(0, space));
    if (!ValidName(s.name)) return BadNote("a signature's key name is malformed");
    auto blob = Unbase64(line.substr(space + 1));
    if (!blob || blob->size() < 5) return BadNote("a signature is not base64 of a key hash and a signature");
    const auto* b = reinterpret_cast<const uint8_t*>(blob->data());
    s.key_hash = (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3];
    s.signature = blob->substr(4);
    out.signatures.push_back(std::move(s));
  }
  if (out.signatures.size() > 100) return BadNote("more than 100 signatures");
  return out;
}

Result<uint64_t> VerifyCosignature(const SignedNote& note, const NoteKey& key) {
  bool seen = false;
  for (const auto& s : note.signatures) {
    if (s.name != key.name || s.key_hash != key.key_hash) continue;
    seen = true;
    const auto* b = reinterpret_cast<const unsigned char*>(s.signature.data());
    if (key.type == kNoteSignature) {
      if (s.signature.size() == crypto_sign_BYTES &&
          crypto_sign_verify_detached(b, reinterpret_cast<const unsigned char*>(note.text.data()), note.text.size(),
                                      key.public_key.data()) == 0)
        return uint64_t{0};
    } else if (s.signature.size() == 8 + crypto_sign_BYTES) {
      uint64_t timestamp = 0;
      for (int i = 0; i < 8; ++i) timestamp = timestamp << 8 | b[i];
      std::string message = CosignedMessage(note.text, timestamp);
      if (crypto_sign_verify_detached(b + 8, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                      key.public_key.data()) == 0)
        return timestamp;
    }
  }
  if (!seen) return Status::Invalid("unknown_key", "the note carries no signature by " + key.name + "+" + Hex8(key.key_hash));
  return Status::Invalid("bad_signature", "the signature by " + key.name + " does not verify: the note was altered or forged");
}

Status VerifyNote(const SignedNote& note, const NoteKey& key) {
  auto r = VerifyCosignature(note, key);
  return r.ok() ? Status::Ok() : r.status();
}

std::string CheckpointText(const Checkpoint& c) {
  std::string out = c.origin + "\n" + std::to_string(c.size) + "\n" + HashBase64(c.root) + "\n";
  for (const auto& e : c.extensions) out += e + "\n";
  return out;
}

Result<Checkpoint> ParseCheckpoint(std::string_view text) {
  auto bad = [](std::string why) { return Status::Invalid("bad_checkpoint", std::move(why)); };
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t eol = text.find('\n');
    if (eol == std::string_view::npos) return bad("the checkpoint's last line has no newline");
    lines.push_back(text.substr(0, eol));
    text.remove_prefix(eol + 1);
  }
  if (lines.size() < 3) return bad("a checkpoint has an origin, a tree size and a root hash line");
  Checkpoint c;
  c.origin = std::string(lines[0]);
  if (c.origin.empty()) return bad("line 1: the origin is empty");
  const auto& size = lines[1];
  auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), c.size);
  if (ec != std::errc() || end != size.data() + size.size() || size.empty() || (size.size() > 1 && size[0] == '0'))
    return bad("line 2: the tree size is not a decimal number");
  auto root = HashFromBase64(lines[2]);
  if (!root.ok()) return bad("line 3: the root hash is not 32 bytes of base64");
  c.root = root.value();
  for (size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) return bad("line " + std::to_string(i + 1) + " is empty");
    c.extensions.emplace_back(lines[i]);
  }
  return c;
}

}  // namespace oc::ledger
