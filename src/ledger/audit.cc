#include "ledger/audit.h"

#include <algorithm>
#include <map>

namespace oc::ledger {

void Auditor::Add(uint64_t index, std::string_view data, const Hash& stored_leaf_hash) {
  AddHashed(index, HashLeaf(data), stored_leaf_hash);
}

void Auditor::AddHashed(uint64_t index, const Hash& recomputed, const Hash& stored_leaf_hash) {
  ++report_.entries;
  if (index > expected_) {
    report_.findings.push_back({expected_, "removed",
                                index == expected_ + 1 ? "entry " + std::to_string(expected_) + " is missing"
                                                       : "entries " + std::to_string(expected_) + " to " +
                                                             std::to_string(index - 1) + " are missing"});
  }
  expected_ = index + 1;
  if (recomputed != stored_leaf_hash) mismatches_.push_back({index, recomputed, stored_leaf_hash});
  leaves_.push_back(recomputed);
}

AuditReport Auditor::Finish(const std::vector<StoredCheckpoint>& checkpoints, int threads) {
  MerkleTree tree_;
  tree_.AppendParallel(leaves_, threads);
  leaves_.clear();
  leaves_.shrink_to_fit();
  // An entry whose bytes hash to another index's stored leaf hash was moved there: reordered.
  std::map<Hash, uint64_t> stored_at;
  for (const auto& m : mismatches_) stored_at.emplace(m.stored, m.index);
  for (const auto& m : mismatches_) {
    auto it = stored_at.find(m.recomputed);
    if (it != stored_at.end())
      report_.findings.push_back({m.index, "reordered", "holds the entry that belongs at " + std::to_string(it->second)});
    else
      report_.findings.push_back({m.index, "changed", "its bytes no longer hash to the leaf hash stored with it"});
  }
  // The signed checkpoints: the stored bytes must still lead to each root.
  for (const auto& c : checkpoints) {
    ++report_.checkpoints;
    if (c.size > expected_) {
      report_.findings.push_back({c.size, "removed", "a checkpoint signed " + std::to_string(c.size) + " entries; " +
                                                         std::to_string(expected_) + " are stored"});
      continue;
    }
    // Gaps make the recomputed tree shorter than the indexes: its roots cannot match then, and
    // the gap is already reported.
    if (tree_.size() < c.size) continue;
    if (tree_.Root(c.size).value() != c.root)
      report_.findings.push_back({c.size, "checkpoint_mismatch",
                                  "the stored entries no longer lead to the root signed at size " + std::to_string(c.size)});
  }
  report_.root = tree_.Root(tree_.size()).value();
  std::stable_sort(report_.findings.begin(), report_.findings.end(),
                   [](const AuditFinding& a, const AuditFinding& b) { return a.index < b.index; });
  return report_;
}

}  // namespace oc::ledger
