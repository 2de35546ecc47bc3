// bench/ledger: the ledger's Merkle tree at scale. Appends N entries (leaf hashing and tree update,
// in memory), then times inclusion and consistency proofs for random leaves and sizes at N, and
// verifies a sample of them. The durable append and the audit from storage are measured once the
// ledger store lands (docs/notes/ledger.md).
//
//   build/bench/ledger [--entries N (10,000,000)] [--proofs N (100,000)] [--json FILE]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "ledger/merkle.h"

using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  uint64_t entries = 10'000'000, proofs = 100'000;
  std::string json_out;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--entries") entries = std::max<uint64_t>(2, std::stoull(next()));
    else if (a == "--proofs") proofs = std::max<uint64_t>(1, std::stoull(next()));
    else if (a == "--json") json_out = next();
    else { std::fprintf(stderr, "usage: ledger [--entries N] [--proofs N] [--json FILE]\n"); return 2; }
  }
  // Entries shaped like the ledger's: a canonical JSON event of ~200 bytes.
  std::string entry(200, ' ');
  oc::ledger::MerkleTree tree;
  auto t0 = Clock::now();
  for (uint64_t i = 0; i < entries; ++i) {
    int n = std::snprintf(entry.data(), entry.size(), "{\"at\":%llu,\"declaration\":%llu,\"type\":\"transition\",\"to\":\"released\"}",
                          static_cast<unsigned long long>(1763700000000ULL + i), static_cast<unsigned long long>(i / 7));
    tree.Append(oc::ledger::HashLeaf(std::string_view(entry.data(), static_cast<size_t>(n))));
  }
  double append_s = std::chrono::duration<double>(Clock::now() - t0).count();
  auto root = tree.Root(entries).value();

  std::mt19937_64 rng(7);
  std::vector<double> inclusion_us, consistency_us;
  int verified = 0, failures = 0;
  for (uint64_t p = 0; p < proofs; ++p) {
    uint64_t index = rng() % entries;
    auto a = Clock::now();
    auto proof = tree.InclusionProof(index, entries);
    inclusion_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - a).count());
    uint64_t first = 1 + rng() % (entries - 1);
    a = Clock::now();
    auto consistency = tree.ConsistencyProof(first, entries);
    consistency_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - a).count());
    if (p % 100 == 0) {
      ++verified;
      failures += !oc::ledger::VerifyInclusion(index, entries, tree.Leaf(index), proof.value(), root).ok();
      failures += !oc::ledger::VerifyConsistency(first, entries, tree.Root(first).value(), root, consistency.value()).ok();
    }
  }
  auto pct = [](std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p / 100 * static_cast<double>(v.size())))];
  };
  std::printf("%llu entries appended in %.1f s (%.0f/s, leaf hashing and tree update in memory); root %s\n",
              static_cast<unsigned long long>(entries), append_s, entries / append_s, oc::ledger::HashHex(root).c_str());
  std::printf("inclusion proof at %llu: p50 %.2f us, p99 %.2f us; consistency proof: p50 %.2f us, p99 %.2f us; "
              "%d of each verified, %d failures\n",
              static_cast<unsigned long long>(entries), pct(inclusion_us, 50), pct(inclusion_us, 99), pct(consistency_us, 50),
              pct(consistency_us, 99), verified, failures);
  char line[400];
  std::snprintf(line, sizeof line,
                "{\"bench\":\"ledger\",\"entries\":%llu,\"tree_append_per_s\":%.0f,\"inclusion_p50_us\":%.2f,"
                "\"inclusion_p99_us\":%.2f,\"consistency_p50_us\":%.2f,\"consistency_p99_us\":%.2f,\"verify_failures\":%d}",
                static_cast<unsigned long long>(entries), entries / append_s, pct(inclusion_us, 50), pct(inclusion_us, 99),
                pct(consistency_us, 50), pct(consistency_us, 99), failures);
  std::puts(line);
  if (!json_out.empty())
    if (FILE* f = std::fopen(json_out.c_str(), "w")) {
      std::fputs(line, f);
      std::fputs("\n", f);
      std::fclose(f);
    }
  return failures == 0 ? 0 : 1;
}
