// Audit of a stored ledger: recompute every leaf from its stored bytes and the tree from the
// leaves, and report, by index, every entry that was changed, removed or reordered, and every
// signed checkpoint the stored entries no longer lead to.
//
// Thread-safety: an Auditor is used by one thread; the result is a plain value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/merkle.h"

namespace oc::ledger {

struct AuditFinding {
  uint64_t index = 0;  // the entry (or, for a checkpoint, the tree size)
  std::string kind;    // changed, removed, reordered, checkpoint_mismatch
  std::string detail;
};

struct StoredCheckpoint {
  uint64_t size = 0;
  Hash root{};
};

struct AuditReport {
  uint64_t entries = 0;      // rows read
  uint64_t checkpoints = 0;  // checked
  Hash root{};               // the root the stored bytes give
  std::vector<AuditFinding> findings;
  bool clean() const { return findings.empty(); }
};

// Feed the stored rows in index order, then Finish with the stored checkpoints.
class Auditor {
 public:
  // One stored row: its index, exact leaf bytes and the leaf hash stored beside them.
  void Add(uint64_t index, std::string_view data, const Hash& stored_leaf_hash);
  // The same, for callers that hashed the bytes themselves (HashLeaf, e.g. on several threads).
  void AddHashed(uint64_t index, const Hash& recomputed_leaf_hash, const Hash& stored_leaf_hash);
  // Builds the tree of the recomputed leaves on `threads` threads and checks the checkpoints.
  AuditReport Finish(const std::vector<StoredCheckpoint>& checkpoints, int threads = 1);

 private:
  struct Mismatch {
    uint64_t index;
    Hash recomputed, stored;
  };
  uint64_t expected_ = 0;
  std::vector<Hash> leaves_;  // recomputed, gaps left out
  std::vector<Mismatch> mismatches_;
  AuditReport report_;
};

}  // namespace oc::ledger
