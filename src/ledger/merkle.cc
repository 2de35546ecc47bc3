#include "ledger/merkle.h"

#include <openssl/evp.h>

#include <bit>
#include <cstring>
#include <memory>
#include <thread>

#include "common/encoding.h"

namespace oc::ledger {

namespace {

// One digest context per thread, reset per hash: creating one costs more than the hash itself.
struct Digest {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Digest() { EVP_MD_CTX_free(ctx); }
};

Hash Sha256Parts(std::initializer_list<std::string_view> parts) {
  // Fetched once: OpenSSL 3 looks the algorithm up in its providers on every EVP_sha256() init,
  // which cost as much as hashing a node.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  thread_local Digest d;
  Hash out;
  unsigned int length = 0;
  EVP_DigestInit_ex2(d.ctx, sha256, nullptr);
  for (auto p : parts) EVP_DigestUpdate(d.ctx, p.data(), p.size());
  EVP_DigestFinal_ex(d.ctx, out.data(), &length);
  return out;
}

std::string_view View(const Hash& h) { return {reinterpret_cast<const char*>(h.data()), h.size()}; }

bool IsPowerOfTwo(uint64_t n) { return n != 0 && (n & (n - 1)) == 0; }

Status BadProof(std::string why) { return Status::Invalid("bad_proof", std::move(why)); }

}  // namespace

Hash Sha256(std::string_view bytes) { return Sha256Parts({bytes}); }

Hash HashLeaf(std::string_view entry) {
  static const char kLeaf = 0x00;
  return Sha256Parts({std::string_view(&kLeaf, 1), entry});
}

Hash HashChildren(const Hash& left, const Hash& right) {
  static const char kNode = 0x01;
  return Sha256Parts({std::string_view(&kNode, 1), View(left), View(right)});
}

Hash EmptyRoot() { return Sha256(""); }

uint64_t SplitPoint(uint64_t n) { return std::bit_floor(n - 1); }

std::string HashHex(const Hash& h) { return HexEncode(View(h)); }

std::string HashBase64(const Hash& h) {
  char out[48];
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out), h.data(), static_cast<int>(h.size()));
  return std::string(out, static_cast<size_t>(n));
}

Result<Hash> HashFromBase64(std::string_view text) {
  // 32 bytes are 44 characters ending in exactly one '='.
  if (text.size() != 44 || text[43] != '=' || text[42] == '=')
    return Status::Invalid("bad_hash", "a hash is 32 bytes in base64 (44 characters)");
  unsigned char out[36];
  if (EVP_DecodeBlock(out, reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size())) != 33)
    return Status::Invalid("bad_hash", "a hash is 32 bytes in base64 (44 characters)");
  Hash h;
  std::memcpy(h.data(), out, h.size());
  // EVP_DecodeBlock also takes a '=' inside the text and spare bits set in the last character:
  // only the one spelling HashBase64 writes is a hash, so that signed texts have one form.
  if (HashBase64(h) != text) return Status::Invalid("bad_hash", "a hash is 32 bytes in canonical base64");
  return h;
}

struct MerkleTree::Reading {
  uint64_t chunk_begin = UINT64_MAX;  // the chunk in `leaves`
  std::vector<Hash> leaves;
  Status error;
};

namespace {

// The root of a complete subtree: `n` (a power of two) leaves from `leaves`.
Hash SubtreeHash(const Hash* leaves, uint64_t n) {
  std::vector<Hash> level(leaves, leaves + n);
  for (; level.size() > 1; level.resize(level.size() / 2))
    for (size_t i = 0; i < level.size() / 2; ++i) level[i] = HashChildren(level[2 * i], level[2 * i + 1]);
  return level[0];
}

}  // namespace

MerkleTree::MerkleTree(int low_level, LeafSource source) : low_(low_level), source_(std::move(source)) {
  if (low_ < 0 || low_ > 20 || (low_ > 0 && !source_)) low_ = 0;  // a tree without a source keeps every level
}

void MerkleTree::Carry(size_t h) {
  // Each completed pair completes a subtree one level up.
  for (; levels_[h].size() % 2 == 0; ++h) {
    if (levels_.size() == h + 1) levels_.emplace_back();
    const auto& level = levels_[h];
    levels_[h + 1].push_back(HashChildren(level[level.size() - 2], level.back()));
  }
}

void MerkleTree::Append(const Hash& leaf_hash) {
  if (levels_.empty()) levels_.emplace_back();
  ++size_;
  if (low_ == 0) {
    levels_[0].push_back(leaf_hash);
    return Carry(0);
  }
  tail_.push_back(leaf_hash);
  if (tail_.size() < Chunk()) return;
  levels_[0].push_back(SubtreeHash(tail_.data(), Chunk()));
  tail_.clear();
  Carry(0);
}

void MerkleTree::Append(const std::vector<Hash>& leaf_hashes) {
  for (const auto& h : leaf_hashes) Append(h);
}

void MerkleTree::AppendParallel(const std::vector<Hash>& leaf_hashes, int threads) {
  if (leaf_hashes.empty()) return;
  if (low_ > 0) return Append(leaf_hashes);
  if (levels_.empty()) levels_.emplace_back();
  size_ += leaf_hashes.size();
  levels_[0].insert(levels_[0].end(), leaf_hashes.begin(), leaf_hashes.end());
  for (size_t h = 0; levels_[h].size() >= 2; ++h) {
    if (levels_.size() == h + 1) levels_.emplace_back();
    const auto& below = levels_[h];
    auto& level = levels_[h + 1];
    size_t have = level.size(), want = below.size() / 2;
    if (want == have) break;  // nothing completed here, so nothing above either
    level.resize(want);
    auto fill = [&](size_t from, size_t to) {
      for (size_t i = from; i < to; ++i) level[i] = HashChildren(below[2 * i], below[2 * i + 1]);
    };
    size_t n = want - have;
    if (threads <= 1 || n < 4096) {
      fill(have, want);
      continue;
    }
    std::vector<std::thread> workers;
    size_t step = (n + static_cast<size_t>(threads) - 1) / static_cast<size_t>(threads);
    for (size_t from = have + step; from < want; from += step) workers.emplace_back(fill, from, std::min(want, from + step));
    fill(have, std::min(want, have + step));
    for (auto& w : workers) w.join();
  }
}

uint64_t MerkleTree::HashesInMemory() const {
  uint64_t n = tail_.size();
  for (const auto& level : levels_) n += level.size();
  return n;
}

Hash MerkleTree::RangeHash(uint64_t begin, uint64_t end, Reading& r) const {
  uint64_t n = end - begin;
  if (IsPowerOfTwo(n) && begin % n == 0) {
    int level = std::countr_zero(n);
    if (level >= low_) return levels_[static_cast<size_t>(level - low_)][begin >> level];
    // Below the levels kept: inside one chunk, from the tail or from the store.
    uint64_t chunk_begin = begin & ~(Chunk() - 1);
    uint64_t tail_begin = size_ - tail_.size();
    if (chunk_begin == tail_begin) return SubtreeHash(tail_.data() + (begin - chunk_begin), n);
    if (r.chunk_begin != chunk_begin) {
      r.chunk_begin = chunk_begin;
      r.leaves.assign(Chunk(), Hash{});
      if (r.error.ok()) {
        auto got = source_(chunk_begin, chunk_begin + Chunk());
        if (!got.ok()) r.error = got.status();
        else if (got->size() != Chunk()) r.error = Status::Internal("the ledger's leaf source gave " + std::to_string(got->size()) +
                                                                    " leaves for a chunk of " + std::to_string(Chunk()));
        else r.leaves = std::move(got.value());
      }
    }
    return SubtreeHash(r.leaves.data() + (begin - chunk_begin), n);
  }
  uint64_t k = SplitPoint(n);
  return HashChildren(RangeHash(begin, begin + k, r), RangeHash(begin + k, end, r));
}

Result<Hash> MerkleTree::Root(uint64_t n) const {
  if (n > size()) return Status::Invalid("bad_size", "tree size " + std::to_string(n) + " is beyond the log's " + std::to_string(size()));
  if (n == 0) return EmptyRoot();
  Reading r;
  Hash h = RangeHash(0, n, r);
  if (!r.error.ok()) return r.error;
  return h;
}

void MerkleTree::Path(uint64_t index, uint64_t begin, uint64_t end, std::vector<Hash>& out, Reading& r) const {
  uint64_t n = end - begin;
  if (n == 1) return;
  uint64_t k = SplitPoint(n);
  if (index - begin < k) {
    Path(index, begin, begin + k, out, r);
    out.push_back(RangeHash(begin + k, end, r));
  } else {
    Path(index, begin + k, end, out, r);
    out.push_back(RangeHash(begin, begin + k, r));
  }
}

Result<std::vector<Hash>> MerkleTree::InclusionProof(uint64_t index, uint64_t n) const {
  if (n > size()) return Status::Invalid("bad_size", "tree size " + std::to_string(n) + " is beyond the log's " + std::to_string(size()));
  if (index >= n) return Status::Invalid("bad_index", "leaf " + std::to_string(index) + " is not in a tree of " + std::to_string(n));
  std::vector<Hash> out;
  Reading r;
  Path(index, 0, n, out, r);
  if (!r.error.ok()) return r.error;
  return out;
}

void MerkleTree::SubProof(uint64_t m, uint64_t begin, uint64_t end, bool whole, std::vector<Hash>& out, Reading& r) const {
  uint64_t n = end - begin;
  if (m == n) {
    if (!whole) out.push_back(RangeHash(begin, end, r));
    return;
  }
  uint64_t k = SplitPoint(n);
  if (m <= k) {
    SubProof(m, begin, begin + k, whole, out, r);
    out.push_back(RangeHash(begin + k, end, r));
  } else {
    SubProof(m - k, begin + k, end, false, out, r);
    out.push_back(RangeHash(begin, begin + k, r));
  }
}

Result<std::vector<Hash>> MerkleTree::ConsistencyProof(uint64_t first, uint64_t second) const {
  if (second > size())
    return Status::Invalid("bad_size", "tree size " + std::to_string(second) + " is beyond the log's " + std::to_string(size()));
  if (first == 0 || first > second)
    return Status::Invalid("bad_size", "a consistency proof needs 0 < first ≤ second (got " + std::to_string(first) + ", " +
                                           std::to_string(second) + ")");
  std::vector<Hash> out;
  Reading r;
  if (first < second) SubProof(first, 0, second, true, out, r);
  if (!r.error.ok()) return r.error;
  return out;
}

Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash, const std::vector<Hash>& proof,
                       const Hash& root) {
  if (index >= size) return BadProof("leaf " + std::to_string(index) + " is not in a tree of " + std::to_string(size));
  uint64_t fn = index, sn = size - 1;
  Hash r = leaf_hash;
  for (const auto& p : proof) {
    if (sn == 0) return BadProof("the proof is longer than the tree is deep");
    if ((fn & 1) || fn == sn) {
      r = HashChildren(p, r);
      if (!(fn & 1))
        while (!(fn & 1) && fn != 0) fn >>= 1, sn >>= 1;
    } else {
      r = HashChildren(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return BadProof("the proof is shorter than the tree is deep");
  if (r != root) return BadProof("the proof leads to another root");
  return Status::Ok();
}

Status VerifyConsistency(uint64_t first, uint64_t second, const Hash& first_root, const Hash& second_root,
                         const std::vector<Hash>& proof) {
  if (first > second) return BadProof("the first tree is larger than the second");
  if (first == second) {
    if (!proof.empty()) return BadProof("equal sizes need an empty proof");
    if (first_root != second_root) return BadProof("two different roots for the same size");
    return Status::Ok();
  }
  if (first == 0) {
    if (!proof.empty()) return BadProof("the empty tree needs an empty proof");
    return Status::Ok();  // every tree extends the empty one
  }
  if (proof.empty()) return BadProof("the proof is empty");
  std::vector<Hash> path;
  if (IsPowerOfTwo(first)) path.push_back(first_root);
  path.insert(path.end(), proof.begin(), proof.end());
  uint64_t fn = first - 1, sn = second - 1;
  while (fn & 1) fn >>= 1, sn >>= 1;
  Hash fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return BadProof("the proof is longer than the trees are deep");
    if ((fn & 1) || fn == sn) {
      fr = HashChildren(c, fr);
      sr = HashChildren(c, sr);
      if (!(fn & 1))
        while (!(fn & 1) && fn != 0) fn >>= 1, sn >>= 1;
    } else {
      sr = HashChildren(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return BadProof("the proof is shorter than the trees are deep");
  if (fr != first_root) return BadProof("the proof does not lead to the first root");
  if (sr != second_root) return BadProof("the proof does not lead to the second root");
  return Status::Ok();
}

}  // namespace oc::ledger
