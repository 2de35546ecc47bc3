// The Merkle tree of RFC 9162 §2.1 (the Certificate Transparency log's, as in RFC 6962): SHA-256,
// leaf hash H(0x00 || entry), interior node H(0x01 || left || right), and the RFC's split of a
// tree of n leaves at the largest power of two below n. Roots and proofs from here agree with any
// other RFC 9162 implementation, which is the point: a partner verifies them with its own code.
//
// MerkleTree keeps the hash of every complete subtree (level by level), so a root or proof for
// any size costs O(log n) hashes. A server's tree may keep only the subtrees of 2^k leaves and
// up (about 64/2^k bytes per entry instead of 64, which grew a server's memory by ~150 MB in ten
// minutes of load) and read the leaf hashes of one 2^k chunk from its store when a proof goes
// below. Verification is free functions, for clients and tests.
//
// Thread-safety: MerkleTree is not synchronised: one writer, or readers while nobody appends
// (the ledger holds a lock). The free functions are pure.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace oc::ledger {

using Hash = std::array<uint8_t, 32>;

Hash Sha256(std::string_view bytes);
// H(0x00 || entry): the hash of one log entry.
Hash HashLeaf(std::string_view entry);
// H(0x01 || left || right).
Hash HashChildren(const Hash& left, const Hash& right);
// The root of the empty tree: SHA-256 of the empty string.
Hash EmptyRoot();
// The largest power of two smaller than n (n ≥ 2): where the RFC splits a tree of n leaves.
uint64_t SplitPoint(uint64_t n);

std::string HashHex(const Hash& h);
std::string HashBase64(const Hash& h);  // standard alphabet with padding (RFC 4648 §4)
// Invalid("bad_hash") unless the text is 32 bytes in standard base64.
Result<Hash> HashFromBase64(std::string_view text);

class MerkleTree {
 public:
  // The leaf hashes of [begin, end), for a tree that keeps only the upper levels: called with one
  // complete chunk at a time, possibly from several threads at once.
  using LeafSource = std::function<Result<std::vector<Hash>>(uint64_t begin, uint64_t end)>;

  // Every level in memory.
  MerkleTree() = default;
  // Only subtrees of 2^low_level leaves and larger, and the leaves of the last incomplete chunk,
  // in memory; `source` gives the leaves of a complete chunk. low_level 0 keeps every level.
  MerkleTree(int low_level, LeafSource source);

  void Append(const Hash& leaf_hash);
  void Append(const std::vector<Hash>& leaf_hashes);
  // The same tree as appending one by one, each level's new nodes hashed on `threads` threads
  // (for loading or auditing millions of entries).
  void AppendParallel(const std::vector<Hash>& leaf_hashes, int threads);
  uint64_t size() const { return size_; }
  // Hashes held in memory (for tests and figures).
  uint64_t HashesInMemory() const;

  // The root of the tree of the first `size` leaves (0 ≤ size ≤ size()). Invalid beyond; the
  // source's error when it fails.
  Result<Hash> Root(uint64_t size) const;
  // RFC 9162 §2.1.3.1: the audit path of leaf `index` in the tree of the first `size` leaves.
  // Invalid unless index < size ≤ size().
  Result<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size) const;
  // RFC 9162 §2.1.4.1: proof that the tree of `first` leaves is a prefix of the tree of
  // `second`. Invalid unless 0 < first ≤ second ≤ size() (first == second: empty proof).
  Result<std::vector<Hash>> ConsistencyProof(uint64_t first, uint64_t second) const;

 private:
  struct Reading;  // one call's chunk read from the source, and its error
  // The hash of leaves [begin, end): complete subtrees come from levels_, the rest is combined.
  Hash RangeHash(uint64_t begin, uint64_t end, Reading& r) const;
  void Path(uint64_t index, uint64_t begin, uint64_t end, std::vector<Hash>& out, Reading& r) const;
  void SubProof(uint64_t m, uint64_t begin, uint64_t end, bool whole, std::vector<Hash>& out, Reading& r) const;
  // Completes the subtree whose hash was just added at `level` upwards.
  void Carry(size_t level);
  uint64_t Chunk() const { return uint64_t{1} << low_; }

  int low_ = 0;
  LeafSource source_;
  uint64_t size_ = 0;
  // levels_[h - low_][i]: the hash of the complete subtree of 2^h leaves starting at leaf i·2^h.
  std::vector<std::vector<Hash>> levels_;
  std::vector<Hash> tail_;  // with low_ > 0: the leaves after the last complete chunk
};

// RFC 9162 §2.1.3.2. Ok when `proof` proves that `leaf_hash` is leaf `index` of the tree of
// `size` leaves whose root is `root`; Invalid("bad_proof") with the reason otherwise.
Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash, const std::vector<Hash>& proof,
                       const Hash& root);
// RFC 9162 §2.1.4.2. Ok when `proof` proves that the tree of `first` leaves (root `first_root`)
// is a prefix of the tree of `second` leaves (root `second_root`).
Status VerifyConsistency(uint64_t first, uint64_t second, const Hash& first_root, const Hash& second_root,
                         const std::vector<Hash>& proof);

}  // namespace oc::ledger
