// Partner bundles (POST /v1/partner/bundles): ParseBundle, then VerifyBundle against the fixed
// trusted partner key that signed the seed bundles (make_seeds.cc).
// Invariants (bundle.h):
//  - a parsed bundle formats and parses back to the same bundle;
//  - a bundle verifies only when its checkpoint carries the partner's signature, its proof
//    leads from the entry's leaf hash to the signed root, and the entry is a document.
#include <cstdint>

#include "fuzz_util.h"
#include "ledger/bundle.h"

namespace {

using namespace oc::ledger;

const std::vector<NoteKey>& Trusted() {
  static const std::vector<NoteKey>* keys = [] {
    auto log = SignerFromSeed(oc::fuzz::kLogOrigin, oc::fuzz::Seed(oc::fuzz::kLogSeed)).value();
    return new std::vector<NoteKey>{log.key};
  }();
  return *keys;
}

bool Same(const Bundle& a, const Bundle& b) {
  return a.entry == b.entry && a.leaf_index == b.leaf_index && a.tree_size == b.tree_size &&
         a.inclusion_proof == b.inclusion_proof && a.checkpoint == b.checkpoint;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto bundle = ParseBundle(oc::fuzz::Bytes(data, size));
  if (!bundle.ok()) return 0;
  auto again = ParseBundle(FormatBundle(bundle.value()));
  FUZZ_CHECK(again.ok() && Same(again.value(), bundle.value()), "bundle does not round-trip");

  auto doc = VerifyBundle(bundle.value(), Trusted());
  if (!doc.ok()) return 0;
  auto note = ParseNote(bundle->checkpoint);
  FUZZ_CHECK(note.ok() && VerifyNote(note.value(), Trusted()[0]).ok(), "verified without the partner's signature");
  FUZZ_CHECK(doc->checkpoint.size == bundle->tree_size, "verified a proof for another tree size");
  FUZZ_CHECK(VerifyInclusion(bundle->leaf_index, bundle->tree_size, HashLeaf(bundle->entry), bundle->inclusion_proof,
                             doc->checkpoint.root).ok(),
             "verified without an inclusion proof");
  auto type = doc->entry.is_object() ? doc->entry.find("type") : doc->entry.end();
  FUZZ_CHECK(type != doc->entry.end() && *type == kDocumentEntryType, "verified a non-document");
  return 0;
}
