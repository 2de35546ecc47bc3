// Witness requests (POST /v1/witness/add-checkpoint, c2sp.org/tlog-witness): ParseAddCheckpoint,
// then the witness's judgement for a log it follows, before and after it cosigned a checkpoint.
// Invariants (witness.h):
//  - a parsed request formats back to the input byte for byte;
//  - the witness cosigns only a checkpoint signed by the log's key, of a size at least the one
//    it cosigned last, proven consistent with it (a fork never gets a cosignature).
#include <cstdint>
#include <optional>

#include "fuzz_util.h"
#include "ledger/merkle.h"
#include "ledger/witness.h"

namespace {

using namespace oc::ledger;

struct World {
  std::vector<WitnessedLog> logs;
  std::vector<std::optional<WitnessedState>> states;
};

// The log the seeds come from (make_seeds.cc): eight entries "entry 0".."entry 7".
const World& TheWorld() {
  static const World* world = [] {
    auto* w = new World();
    auto log = SignerFromSeed(oc::fuzz::kLogOrigin, oc::fuzz::Seed(oc::fuzz::kLogSeed)).value();
    w->logs.push_back({oc::fuzz::kLogOrigin, {log.key}});
    MerkleTree tree;
    for (int i = 0; i < 8; ++i) tree.Append(HashLeaf("entry " + std::to_string(i)));
    w->states.push_back(std::nullopt);
    w->states.push_back(WitnessedState{oc::fuzz::kLogOrigin, 3, tree.Root(3).value()});
    w->states.push_back(WitnessedState{oc::fuzz::kLogOrigin, 8, tree.Root(8).value()});
    return w;
  }();
  return *world;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input = oc::fuzz::Bytes(data, size);
  auto request = ParseAddCheckpoint(input);
  if (!request.ok()) return 0;
  FUZZ_CHECK(request->proof.size() <= 63, "more than 63 proof lines accepted");
  FUZZ_CHECK(FormatAddCheckpoint(request.value()) == input, "request does not round-trip");
  const World& w = TheWorld();
  for (const auto& latest : w.states) {
    WitnessJudgement j = JudgeCheckpoint(request.value(), w.logs, latest);
    if (j.verdict != WitnessVerdict::kCosign) continue;
    auto note = ParseNote(request->note);
    FUZZ_CHECK(note.ok() && VerifyNote(note.value(), w.logs[0].keys[0]).ok(), "cosigned a note the log did not sign");
    FUZZ_CHECK(j.checkpoint.origin == oc::fuzz::kLogOrigin, "cosigned another log's checkpoint");
    uint64_t last = latest ? latest->size : 0;
    FUZZ_CHECK(request->old_size == last && j.checkpoint.size >= last, "cosigned from the wrong size");
    if (latest && last == j.checkpoint.size) FUZZ_CHECK(latest->root == j.checkpoint.root, "cosigned a fork");
    if (latest && last > 0 && last < j.checkpoint.size)
      FUZZ_CHECK(VerifyConsistency(last, j.checkpoint.size, latest->root, j.checkpoint.root, request->proof).ok(),
                 "cosigned without a consistency proof");
  }
  return 0;
}
