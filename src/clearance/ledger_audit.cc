#include "clearance/ledger_audit.h"

#include <cstring>
#include <future>
#include <vector>

namespace oc {

namespace {

// One slice of stored rows, copied out of SQLite into one buffer so that workers can hash it
// while the next slice is read.
struct Slice {
  std::vector<uint64_t> index;
  std::vector<size_t> offset;  // index.size() + 1 offsets into bytes
  std::string bytes;
  std::vector<ledger::Hash> stored, recomputed;

  void Clear() {
    index.clear();
    offset.assign(1, 0);
    bytes.clear();
    stored.clear();
  }
  void Hash(size_t from, size_t to) {
    for (size_t i = from; i < to; ++i)
      recomputed[i] = ledger::HashLeaf(std::string_view(bytes).substr(offset[i], offset[i + 1] - offset[i]));
  }
};

// Hashes a slice on `threads` threads (returns when started).
std::vector<std::future<void>> StartHashing(Slice& s, int threads) {
  s.recomputed.resize(s.index.size());
  std::vector<std::future<void>> parts;
  size_t n = s.index.size(), step = (n + static_cast<size_t>(threads) - 1) / static_cast<size_t>(threads);
  for (size_t from = 0; from < n; from += step)
    parts.push_back(std::async(std::launch::async, [&s, from, to = std::min(n, from + step)] { s.Hash(from, to); }));
  return parts;
}

}  // namespace

Result<ledger::AuditReport> AuditStoredLedger(LedgerStore& store, int threads) {
  threads = std::max(1, threads);
  // The highest index bounds the loop (a deleted tail shows as checkpoints that signed more
  // entries than are stored).
  auto size = store.LedgerSize();
  if (!size.ok()) return size.status();
  ledger::Auditor auditor;
  constexpr int64_t kSlice = 1 << 16;
  Slice slices[2];
  std::vector<std::future<void>> hashing;
  Slice* pending = nullptr;  // being hashed
  auto drain = [&] {
    for (auto& f : hashing) f.get();
    hashing.clear();
    if (!pending) return;
    for (size_t i = 0; i < pending->index.size(); ++i) auditor.AddHashed(pending->index[i], pending->recomputed[i], pending->stored[i]);
    pending = nullptr;
  };
  for (int64_t start = 0, turn = 0; start < size.value(); start += kSlice, turn ^= 1) {
    Slice& s = slices[turn];
    s.Clear();
    Status st = store.ScanLedger(start, start + kSlice, [&s](int64_t index, std::string_view data, std::string_view leaf) {
      s.index.push_back(static_cast<uint64_t>(index));
      s.bytes.append(data);
      s.offset.push_back(s.bytes.size());
      ledger::Hash h{};
      if (leaf.size() == h.size()) std::memcpy(h.data(), leaf.data(), h.size());
      s.stored.push_back(h);
    });
    if (!st.ok()) {
      drain();
      return st;
    }
    drain();  // the previous slice, hashed while this one was read
    hashing = StartHashing(s, threads);
    pending = &s;
  }
  drain();
  auto stored = store.LedgerCheckpoints();
  if (!stored.ok()) return stored.status();
  std::vector<ledger::StoredCheckpoint> checkpoints;
  for (const auto& c : stored.value()) checkpoints.push_back({static_cast<uint64_t>(c.size), c.root});
  return auditor.Finish(checkpoints, threads);
}

}  // namespace oc
