// Signed notes, checkpoints and note keys (c2sp.org/signed-note, tlog-checkpoint): what partner
// logs, witnesses and `ledger verify` read. The input is tried as each of them.
// Invariants (note.h):
//  - ParseNote, ParseCheckpoint, ParseVerifierKey and ParseSignerKey accept only their canonical
//    text: formatting what they parsed gives back the input byte for byte;
//  - a note verifies under the fixed log key only with the signature that key makes;
//  - any text SignNote accepts, signed and cosigned, parses and verifies, and the cosignature
//    gives back its timestamp.
#include <cstdint>

#include "fuzz_util.h"
#include "ledger/note.h"

namespace {

using namespace oc::ledger;

struct Keys {
  NoteSigner log, witness;
};

const Keys& TheKeys() {
  static const Keys* keys = [] {
    auto* k = new Keys();
    k->log = SignerFromSeed(oc::fuzz::kLogOrigin, oc::fuzz::Seed(oc::fuzz::kLogSeed)).value();
    k->witness = SignerFromSeed(oc::fuzz::kWitnessName, oc::fuzz::Seed(oc::fuzz::kWitnessSeed), kCosignatureV1).value();
    return k;
  }();
  return *keys;
}

void CheckCheckpoint(std::string_view text) {
  auto c = ParseCheckpoint(text);
  if (!c.ok()) return;
  FUZZ_CHECK(CheckpointText(c.value()) == text, "checkpoint text does not round-trip:\n" + std::string(text));
}

void CheckParsedNote(std::string_view input) {
  auto note = ParseNote(input);
  if (!note.ok()) return;
  FUZZ_CHECK(FormatNote(note.value()) == input, "note does not round-trip");
  CheckCheckpoint(note->text);
  const Keys& k = TheKeys();
  if (VerifyNote(note.value(), k.log.key).ok()) {
    auto ours = ParseNote(SignNote(note->text, k.log).value()).value();
    bool found = false;
    for (const auto& s : note->signatures) found = found || s.signature == ours.signatures[0].signature;
    FUZZ_CHECK(found, "a note verifies without the log key's signature");
  }
  (void)VerifyCosignature(note.value(), k.witness.key);
}

void CheckSigning(std::string_view text) {
  const Keys& k = TheKeys();
  auto signed_note = SignNote(text, k.log);
  if (!signed_note.ok()) return;
  auto cosig = CosignatureLine(text, k.witness, 1767225600);
  FUZZ_CHECK(cosig.ok(), "SignNote accepts a text CosignatureLine refuses");
  auto note = ParseNote(signed_note.value() + cosig.value());
  FUZZ_CHECK(note.ok(), "a signed note does not parse: " + note.status().ToString());
  FUZZ_CHECK(note->text == text, "the parsed text differs from the signed one");
  FUZZ_CHECK(VerifyNote(note.value(), k.log.key).ok(), "a signed note does not verify");
  auto when = VerifyCosignature(note.value(), k.witness.key);
  FUZZ_CHECK(when.ok() && when.value() == 1767225600, "a cosignature does not verify");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input = oc::fuzz::Bytes(data, size);
  CheckParsedNote(input);
  CheckCheckpoint(input);
  if (auto key = ParseVerifierKey(input); key.ok())
    FUZZ_CHECK(VerifierKeyString(key.value()) == input, "verifier key does not round-trip");
  if (auto key = ParseSignerKey(input); key.ok())
    FUZZ_CHECK(SignerKeyString(key.value()) == input, "signer key does not round-trip");
  CheckSigning(input);
  return 0;
}
