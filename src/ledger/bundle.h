// Partner bundles: how an administration hands a document to another so that the receiver can
// check, offline and without trusting the channel, that the issuer logged it. A bundle is the
// ledger entry that holds the document (its exact leaf bytes), the entry's inclusion proof and
// the issuer's signed checkpoint the proof leads to:
//
//   {"format": "opencustoms-bundle/v1", "entry": base64(leaf bytes), "leaf_index": i,
//    "tree_size": n, "inclusion_proof": [base64 hash...], "checkpoint": "<signed note>"}
//
// The receiver trusts issuers by their verifier keys (the checkpoint's origin names the issuer).
//
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "ledger/merkle.h"
#include "ledger/note.h"

namespace oc::ledger {

inline constexpr const char* kBundleFormat = "opencustoms-bundle/v1";
// The type of the ledger entries that carry exported documents; their event is
// {"kind": …, "reference": …, "document": {…}}.
inline constexpr const char* kDocumentEntryType = "document";

struct Bundle {
  std::string entry;  // the leaf bytes (RFC 8785 JSON)
  uint64_t leaf_index = 0;
  uint64_t tree_size = 0;
  std::vector<Hash> inclusion_proof;
  std::string checkpoint;  // the signed note
};

std::string FormatBundle(const Bundle& b);
// Invalid("invalid_bundle") naming the field that is missing or malformed.
Result<Bundle> ParseBundle(std::string_view json);

struct VerifiedDocument {
  Checkpoint checkpoint;      // the issuer's, signature verified
  nlohmann::json entry;       // the whole entry: type, at, event...
  std::string kind, reference;
  nlohmann::json document;
};

// Verifies a bundle against the issuers trusted (their checkpoint keys) and returns its document.
// Errors (Invalid, each naming what failed): "unknown_key" (no trusted key for the checkpoint's
// origin, or none of its signatures is by one), "bad_signature", "bad_checkpoint",
// "proof_mismatch" (the proof is for a tree of another size than the checkpoint's),
// "bad_proof" (the entry is not in the checkpoint's tree: bytes changed or a proof of another
// tree), "not_a_document" (the entry is not an exported document).
Result<VerifiedDocument> VerifyBundle(const Bundle& b, const std::vector<NoteKey>& trusted);

}  // namespace oc::ledger
