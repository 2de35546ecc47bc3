// Signed notes and checkpoints in the C2SP formats (c2sp.org/signed-note, c2sp.org/tlog-checkpoint)
// that transparency logs and witnesses exchange, with Ed25519 keys (libsodium):
//
//   <origin>\n<tree size>\n<base64 root hash>\n          ← the checkpoint (the note's text)
//   \n
//   — <key name> <base64(4-byte key hash || signature)>\n   ← one line per signer
//
// A verifier key is written "<name>+<8 hex key hash>+<base64(0x01 || public key)>", a signer key
// "PRIVATE+KEY+<name>+<hash>+<base64(0x01 || 32-byte seed)>", as Go's golang.org/x/mod/sumdb/note
// does, so keys and notes interoperate with other implementations.
//
// Witnesses cosign checkpoints (c2sp.org/tlog-cosignature, cosignature/v1): their keys have type
// 0x04 instead of 0x01, and their signature is a big-endian 8-byte POSIX timestamp followed by an
// Ed25519 signature of "cosignature/v1\ntime <timestamp>\n" + the note's text.
//
// Thread-safety: pure functions over values.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ledger/merkle.h"

namespace oc::ledger {

inline constexpr uint8_t kNoteSignature = 0x01;  // a log's (or any note signer's) key
inline constexpr uint8_t kCosignatureV1 = 0x04;  // a witness's cosigning key

struct NoteKey {
  std::string name;
  uint8_t type = kNoteSignature;
  uint32_t key_hash = 0;  // first 4 bytes (big-endian) of SHA-256(name || "\n" || type || public key)
  std::array<uint8_t, 32> public_key{};
};

struct NoteSigner {
  NoteKey key;
  std::array<uint8_t, 64> secret_key{};  // libsodium's: seed || public key
};

// A signer from a 32-byte seed. Invalid("bad_key") when the name is empty or has spaces, '+' or
// newlines.
Result<NoteSigner> SignerFromSeed(std::string name, const std::array<uint8_t, 32>& seed, uint8_t type = kNoteSignature);
// A fresh signer (random seed).
Result<NoteSigner> GenerateSigner(std::string name, uint8_t type = kNoteSignature);
Result<NoteSigner> ParseSignerKey(std::string_view text);  // Invalid("bad_key")
std::string SignerKeyString(const NoteSigner& s);
Result<NoteKey> ParseVerifierKey(std::string_view text);   // Invalid("bad_key"), hash checked
std::string VerifierKeyString(const NoteKey& k);

struct NoteSignature {
  std::string name;
  uint32_t key_hash = 0;
  std::string signature;  // raw bytes after the key hash (64 for Ed25519)
};

struct SignedNote {
  std::string text;  // ends in a newline
  std::vector<NoteSignature> signatures;
};

// The text with one signature line by `signer` (and the signatures already on `note`, if any).
// Invalid("bad_note") when the text is empty, does not end in a newline or has a blank line.
Result<std::string> SignNote(std::string_view text, const NoteSigner& signer);
Result<std::string> AddSignature(const SignedNote& note, const NoteSigner& signer);
// One cosignature/v1 line ("— <name> <base64>\n") by a type-0x04 signer over the note's text at
// `timestamp` (POSIX seconds). Invalid("bad_key") for a signer of another type; "bad_note" as above.
Result<std::string> CosignatureLine(std::string_view text, const NoteSigner& cosigner, uint64_t timestamp);
std::string FormatNote(const SignedNote& note);
// Invalid("bad_note") naming what is malformed.
Result<SignedNote> ParseNote(std::string_view note);
// Ok when a signature on `note` by `key` (same name and key hash) verifies — a cosignature when the
// key's type is 0x04. Invalid("unknown_key") when none is by that key; Invalid("bad_signature")
// when it does not verify.
Status VerifyNote(const SignedNote& note, const NoteKey& key);
// The timestamp of the verified cosignature by `key` on `note`; VerifyNote's errors otherwise.
Result<uint64_t> VerifyCosignature(const SignedNote& note, const NoteKey& key);

// The checkpoint a log signs (c2sp.org/tlog-checkpoint).
struct Checkpoint {
  std::string origin;  // the log's name, e.g. "customs.example.uz/ledger"
  uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extensions;  // further lines, opaque
};
std::string CheckpointText(const Checkpoint& c);
// Invalid("bad_checkpoint") naming the line.
Result<Checkpoint> ParseCheckpoint(std::string_view text);

}  // namespace oc::ledger
