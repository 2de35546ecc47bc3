#include "clearance/ledger_service.h"

#include <spdlog/spdlog.h>

#include "clearance/clearance_service.h"
#include "common/dates.h"
#include "identity/access.h"
#include "ledger/events.h"

namespace oc {

// The tree keeps subtrees of 2^6 leaves and up (about one byte per entry) and reads a chunk's 64
// leaf hashes from the store when a proof goes below them.
constexpr int kTreeLowLevel = 6;

LedgerService::LedgerService(LedgerStore& store, LedgerConfig config)
    : store_(store),
      config_(std::move(config)),
      tree_(kTreeLowLevel, [&store](uint64_t begin, uint64_t end) {
        return store.LedgerLeafHashes(static_cast<int64_t>(begin), static_cast<int64_t>(end));
      }) {}

Status LedgerService::Open() {
  auto size = store_.LedgerSize();
  if (!size.ok()) return size.status();
  // In slices, so that a large log is not read into one vector twice.
  constexpr int64_t kSlice = 1 << 20;
  for (int64_t start = 0; start < size.value(); start += kSlice) {
    auto leaves = store_.LedgerLeafHashes(start, std::min(size.value(), start + kSlice));
    if (!leaves.ok()) return leaves.status();
    std::unique_lock lk(mu_);
    tree_.Append(leaves.value());
  }
  if (static_cast<int64_t>(Size()) != size.value())
    return Status::Internal("the ledger has a gap: " + std::to_string(Size()) + " leaves read of " + std::to_string(size.value()));
  store_.SetLedgerObserver([this](int64_t first, const std::vector<ledger::Hash>& leaves) { Appended(first, leaves); });
  return Status::Ok();
}

void LedgerService::Appended(int64_t first_index, const std::vector<ledger::Hash>& leaves) {
  std::unique_lock lk(mu_);
  if (static_cast<uint64_t>(first_index) != tree_.size()) {
    // The store numbers entries in commit order from the tree's size: anything else is a bug that
    // would make every later proof wrong, so it is loud.
    spdlog::critical("ledger: entries from {} arrived with the tree at {}", first_index, tree_.size());
    return;
  }
  tree_.Append(leaves);
}

uint64_t LedgerService::HashesInMemory() const {
  std::shared_lock lk(mu_);
  return tree_.HashesInMemory();
}

uint64_t LedgerService::Size() const {
  std::shared_lock lk(mu_);
  return tree_.size();
}

SignedCheckpoint LedgerService::Checkpoint() {
  std::lock_guard sign(sign_mu_);
  ledger::Checkpoint c;
  c.origin = config_.origin;
  {
    std::shared_lock lk(mu_);
    c.size = tree_.size();
    c.root = tree_.Root(c.size).value();
  }
  if (latest_ && latest_->checkpoint.size == c.size) return *latest_;
  auto note = ledger::SignNote(ledger::CheckpointText(c), config_.signer);
  auto signed_checkpoint = std::make_shared<SignedCheckpoint>(SignedCheckpoint{c, note.value()});
  latest_ = signed_checkpoint;
  // Kept for audits (what was signed must stay provable); the answer does not wait for it.
  store_.PutLedgerCheckpoint(LedgerCheckpointRecord{static_cast<int64_t>(c.size), c.root, note.value(), NowUnixMillis()},
                             [size = c.size](Result<bool> r) {
                               if (!r.ok()) spdlog::warn("ledger: checkpoint at {} not stored: {}", size, r.status().ToString());
                             });
  return *signed_checkpoint;
}

void LedgerService::AddCosignatures(uint64_t size, const std::string& lines) {
  std::lock_guard sign(sign_mu_);
  if (!latest_ || latest_->checkpoint.size != size) return;
  auto cosigned = std::make_shared<SignedCheckpoint>(*latest_);
  cosigned->note += lines;
  latest_ = cosigned;
}

Result<std::vector<ledger::Hash>> LedgerService::InclusionProof(uint64_t index, uint64_t size) const {
  std::shared_lock lk(mu_);
  return tree_.InclusionProof(index, size);
}

Result<std::vector<ledger::Hash>> LedgerService::ConsistencyProof(uint64_t first, uint64_t second) const {
  std::shared_lock lk(mu_);
  return tree_.ConsistencyProof(first, second);
}

Result<uint64_t> LedgerService::IndexOf(const ledger::Hash& leaf_hash) const {
  auto index = store_.LedgerIndexOfLeaf(leaf_hash);
  if (!index.ok()) return index.status();
  // An entry committed but not yet in the tree (the observer runs right after the commit) is not
  // provable yet: as if it were not there.
  if (static_cast<uint64_t>(index.value()) >= Size())
    return Status::NotFound("unknown_entry", "no ledger entry has this hash");
  return static_cast<uint64_t>(index.value());
}

Result<std::vector<LedgerEntry>> LedgerService::Entries(const Principal& who, int64_t start, std::optional<int64_t> end) {
  constexpr int64_t kMaxEntries = 1000;  // per request
  if (Status st = access::Allow(who, access::Action::kReadLedgerEntries); !st.ok()) return st;
  int64_t last = end ? *end : std::min<int64_t>(start + 100, static_cast<int64_t>(Size()));
  if (last < start || last - start > kMaxEntries)
    return Status::Invalid("invalid_parameter", "need start ≤ end and at most " + std::to_string(kMaxEntries) + " entries");
  return store_.LedgerEntries(start, last);
}

Result<DeclarationLedger> LedgerService::EntriesOf(const Principal& who, const std::string& ref) {
  if (!clearance_) return Status::Unavailable("the ledger does not know the declarations yet");
  auto rec = clearance_->Get(who, ref);
  if (!rec.ok()) return rec.status();
  DeclarationLedger out;
  out.declaration_id = rec->id;
  out.checkpoint = Checkpoint();
  auto indexes = store_.LedgerIndexesOf(rec->id);
  if (!indexes.ok()) return indexes.status();
  bool confidential_too = access::Allowed(who, access::Action::kReadConfidentialRisk);
  for (int64_t i : indexes.value()) {
    // Entries written after the checkpoint are proved by the next one.
    if (static_cast<uint64_t>(i) >= out.checkpoint.checkpoint.size) continue;
    auto e = store_.LedgerEntries(i, i + 1);
    if (!e.ok() || e->empty()) return e.ok() ? Status::Internal("ledger entry missing") : e.status();
    auto proof = InclusionProof(static_cast<uint64_t>(i), out.checkpoint.checkpoint.size);
    if (!proof.ok()) return proof.status();
    DeclarationLedger::Entry entry{i, e->front().type, e->front().data, std::move(proof.value())};
    entry.leaf = ledger::HashLeaf(entry.data);
    if (!confidential_too && ledger::events::Confidential(entry.type, entry.data)) {
      entry.withheld = true;
      entry.data.clear();
    }
    out.entries.push_back(std::move(entry));
  }
  return out;
}

}  // namespace oc
