// bench/ledger: the ledger at scale, in three parts.
//  1. Durable append: entries appended through the store (the SQLite writer, fsync at every
//     group commit, the tree fed after each commit) by concurrent callers; each is counted once
//     the store has acknowledged it (durable). Entries per second and acknowledgement p99.
//  2. Audit: a store holding N entries (written directly in the store's schema as a fixture) is
//     audited as `opencustoms ledger audit` does: every leaf recomputed from its bytes, the tree
//     rebuilt, the checkpoint checked.
//  3. Proofs: inclusion and consistency proofs at N from the whole in-memory tree, a sample verified.
//  4. The server's tree: the ledger service opened on the same store (a tree pruned below chunks
//     of 64 leaves, their leaf hashes read from the store when a proof goes below), its load time,
//     memory, and the same proofs through it.
//
//   build/bench/ledger [--entries N (4,000,000; 10,000,000 for the scale figure)] [--appends N (300,000)] [--proofs N (100,000)]
//                      [--threads N (2)] [--per-call N (8)] [--keep DIR] [--json FILE]
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <future>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "clearance/ledger_audit.h"
#include "clearance/ledger_service.h"
#include "ledger/merkle.h"
#include "store/store.h"

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p / 100 * static_cast<double>(v.size())))];
}

// A transition entry as the store writes it (RFC 8785 JSON, ~230 bytes).
int FormatEntry(char* out, size_t size, uint64_t i) {
  return std::snprintf(out, size,
                       "{\"at\":\"2026-11-21T10:%02llu:%02llu.%03lluZ\",\"declaration\":%llu,\"event\":{\"action\":\"release\","
                       "\"actor\":\"user:7 (inspector)\",\"cusres\":\"4\",\"from\":\"assessed\",\"mrn\":\"26UZ%014llu\","
                       "\"to\":\"released\"},\"type\":\"transition\"}",
                       (i / 60000) % 60ULL, (i / 1000) % 60ULL, i % 1000ULL, static_cast<unsigned long long>(i / 7),
                       static_cast<unsigned long long>(i / 7));
}

struct AppendFigures {
  double per_s = 0, p50_ms = 0, p99_ms = 0;
  uint64_t tree_size = 0;
};

// Part 1: `total` entries through Store::AppendLedgerEntries from `callers` threads, each with up
// to `in_flight` unacknowledged appends of `per_call` entries.
AppendFigures DurableAppend(const std::string& dir, uint64_t total, int callers, int in_flight, int per_call) {
  auto store = oc::OpenSqliteStore(oc::SqliteOptions{dir + "/opencustoms.db"}).value();
  std::mutex tree_mu;
  oc::ledger::MerkleTree tree;
  store->SetLedgerObserver([&](int64_t, const std::vector<oc::ledger::Hash>& leaves) {
    std::lock_guard lk(tree_mu);
    tree.Append(leaves);
  });
  std::mutex mu;
  std::vector<double> latency_ms;
  std::atomic<uint64_t> failures{0};
  auto t0 = Clock::now();
  std::vector<std::thread> threads;
  uint64_t calls_each = total / static_cast<uint64_t>(callers * per_call);
  for (int c = 0; c < callers; ++c)
    threads.emplace_back([&, c] {
      std::mutex m;
      std::condition_variable cv;
      int outstanding = 0;
      std::vector<double> mine;
      char buf[400];
      for (uint64_t k = 0; k < calls_each; ++k) {
        std::vector<oc::NewLedgerEntry> entries;
        for (int e = 0; e < per_call; ++e) {
          uint64_t i = (static_cast<uint64_t>(c) * calls_each + k) * static_cast<uint64_t>(per_call) + static_cast<uint64_t>(e);
          // The event of a release (the store adds type, time and declaration around it).
          int n = std::snprintf(buf, sizeof buf,
                                "{\"action\":\"release\",\"actor\":\"user:7 (inspector)\",\"cusres\":\"4\",\"from\":"
                                "\"assessed\",\"mrn\":\"26UZ%014llu\",\"to\":\"released\"}",
                                static_cast<unsigned long long>(i / 7));
          entries.push_back({"transition", static_cast<int64_t>(i / 7) + 1, 1763700000000LL + static_cast<int64_t>(i),
                             std::string(buf, static_cast<size_t>(n))});
        }
        {
          std::unique_lock lk(m);
          cv.wait(lk, [&] { return outstanding < in_flight; });
          ++outstanding;
        }
        auto sent = Clock::now();
        store->AppendLedgerEntries(std::move(entries), [&, sent](oc::Result<int64_t> r) {
          if (!r.ok()) failures++;
          std::lock_guard lk(m);
          mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
          --outstanding;
          cv.notify_all();
        });
      }
      std::unique_lock lk(m);
      cv.wait(lk, [&] { return outstanding == 0; });
      std::lock_guard all(mu);
      latency_ms.insert(latency_ms.end(), mine.begin(), mine.end());
    });
  for (auto& t : threads) t.join();
  double secs = Seconds(t0);
  AppendFigures f;
  uint64_t appended = calls_each * static_cast<uint64_t>(callers * per_call);
  f.per_s = static_cast<double>(appended) / secs;
  f.p50_ms = Percentile(latency_ms, 50);
  f.p99_ms = Percentile(latency_ms, 99);
  {
    std::lock_guard lk(tree_mu);
    f.tree_size = tree.size();
  }
  if (failures > 0 || f.tree_size != appended || static_cast<uint64_t>(store->LedgerSize().value()) != appended) {
    std::fprintf(stderr, "durable append lost entries: %llu acknowledged, tree %llu, store %lld, %llu failures\n",
                 static_cast<unsigned long long>(appended), static_cast<unsigned long long>(f.tree_size),
                 static_cast<long long>(store->LedgerSize().value()), static_cast<unsigned long long>(failures.load()));
    f.per_s = 0;
  }
  return f;
}

// Part 2's fixture: N entries written straight into the store's table in one transaction
// (durability is not what is measured here), their leaf hashes kept for part 3.
bool FillStore(const std::string& path, uint64_t entries, std::vector<oc::ledger::Hash>& leaves) {
  { auto created = oc::OpenSqliteStore(oc::SqliteOptions{path}); if (!created.ok()) return false; }
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return false;
  // A fixture: no journal, no fsync, a large cache; no declaration ids (the partial index on them
  // is not what the audit reads).
  sqlite3_exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000; BEGIN", nullptr, nullptr,
               nullptr);
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO ledger_entries(idx, type, declaration_id, at, leaf_hash, data) VALUES(?,'transition',?,?,?,?)",
                     -1, &insert, nullptr);
  leaves.resize(entries);
  // Entries are formatted and hashed a chunk ahead on another thread while this one inserts.
  struct Chunk {
    std::string bytes;
    std::vector<uint32_t> end;
  };
  constexpr uint64_t kChunk = 1 << 16;
  auto make = [&leaves, entries](uint64_t from) {
    Chunk c;
    char buf[400];
    for (uint64_t i = from; i < std::min(entries, from + kChunk); ++i) {
      int n = FormatEntry(buf, sizeof buf, i);
      leaves[i] = oc::ledger::HashLeaf(std::string_view(buf, static_cast<size_t>(n)));
      c.bytes.append(buf, static_cast<size_t>(n));
      c.end.push_back(static_cast<uint32_t>(c.bytes.size()));
    }
    return c;
  };
  auto next = std::async(std::launch::async, make, 0);
  for (uint64_t from = 0; from < entries; from += kChunk) {
    Chunk c = next.get();
    if (from + kChunk < entries) next = std::async(std::launch::async, make, from + kChunk);
    for (size_t k = 0; k < c.end.size(); ++k) {
      uint64_t i = from + k;
      uint32_t begin = k == 0 ? 0 : c.end[k - 1];
      sqlite3_bind_int64(insert, 1, static_cast<sqlite3_int64>(i));
      sqlite3_bind_int64(insert, 2, 0);
      sqlite3_bind_int64(insert, 3, 1763700000000LL + static_cast<sqlite3_int64>(i));
      sqlite3_bind_blob(insert, 4, leaves[i].data(), 32, SQLITE_STATIC);
      sqlite3_bind_blob(insert, 5, c.bytes.data() + begin, static_cast<int>(c.end[k] - begin), SQLITE_STATIC);
      if (sqlite3_step(insert) != SQLITE_DONE) return false;
      sqlite3_reset(insert);
    }
  }
  sqlite3_finalize(insert);
  bool ok = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  sqlite3_close(db);
  return ok;
}

struct ServerTreeFigures {
  double open_s = 0, inclusion_p50 = 0, inclusion_p99 = 0, consistency_p50 = 0, consistency_p99 = 0;
  uint64_t hashes = 0;
};

// The ledger service on the stored ledger: proofs from the pruned tree and the store's leaf
// hashes; every 100th compared with the whole tree's and verified against the audited root.
ServerTreeFigures ServerTree(const std::string& db, uint64_t entries, uint64_t proofs,
                             const std::vector<oc::ledger::Hash>& leaves, const oc::ledger::MerkleTree& whole,
                             int& failures) {
  const oc::ledger::Hash root = whole.Root(entries).value();
  ServerTreeFigures f;
  auto store = oc::OpenSqliteStore(oc::SqliteOptions{db}).value();
  oc::LedgerService ledger(*store, oc::LedgerConfig{});
  auto t0 = Clock::now();
  if (!ledger.Open().ok() || ledger.Size() != entries) {
    ++failures;
    return f;
  }
  f.open_s = Seconds(t0);
  f.hashes = ledger.HashesInMemory();
  std::mt19937_64 rng(11);
  std::vector<double> inclusion_us, consistency_us;
  for (uint64_t p = 0; p < proofs; ++p) {
    uint64_t index = rng() % entries, first = 1 + rng() % (entries - 1);
    auto a = Clock::now();
    auto proof = ledger.InclusionProof(index, entries);
    inclusion_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - a).count());
    a = Clock::now();
    auto consistency = ledger.ConsistencyProof(first, entries);
    consistency_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - a).count());
    if (!proof.ok() || !consistency.ok()) {
      ++failures;
      continue;
    }
    if (p % 100 == 0) {  // the same proofs as the whole tree's, and they verify
      failures += !oc::ledger::VerifyInclusion(index, entries, leaves[index], proof.value(), root).ok();
      failures += !oc::ledger::VerifyConsistency(first, entries, whole.Root(first).value(), root, consistency.value()).ok();
      failures += proof.value() != whole.InclusionProof(index, entries).value();
      failures += consistency.value() != whole.ConsistencyProof(first, entries).value();
    }
  }
  f.inclusion_p50 = Percentile(inclusion_us, 50);
  f.inclusion_p99 = Percentile(inclusion_us, 99);
  f.consistency_p50 = Percentile(consistency_us, 50);
  f.consistency_p99 = Percentile(consistency_us, 99);
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t entries = 4'000'000, appends = 300'000, proofs = 100'000;
  int threads = 2, per_call = 8;
  std::string json_out, keep;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--entries") entries = std::max<uint64_t>(2, std::stoull(next()));
    else if (a == "--appends") appends = std::max<uint64_t>(1000, std::stoull(next()));
    else if (a == "--proofs") proofs = std::max<uint64_t>(1, std::stoull(next()));
    else if (a == "--threads") threads = std::max(1, std::stoi(next()));
    else if (a == "--per-call") per_call = std::max(1, std::stoi(next()));
    else if (a == "--keep") keep = next();
    else if (a == "--json") json_out = next();
    else {
      std::fprintf(stderr, "usage: ledger [--entries N] [--appends N] [--proofs N] [--threads N] [--per-call N] [--keep DIR] [--json FILE]\n");
      return 2;
    }
  }
  std::string dir = keep.empty() ? (fs::temp_directory_path() / ("oc-bench-ledger-" + std::to_string(::getpid()))).string() : keep;
  fs::create_directories(dir + "/append");
  fs::create_directories(dir + "/append1");
  int failures = 0;

  // 1. Durable append.
  // A decision writes a few entries in one job (a lodgement with its risk decision and
  // assessment: 4 to 8); single-entry calls are the worst case.
  AppendFigures single = DurableAppend(dir + "/append1", appends / 3, 2, 512, 1);
  AppendFigures append = DurableAppend(dir + "/append", appends, 2, 128, per_call);
  failures += append.per_s == 0 || single.per_s == 0;
  std::printf("durable append: %llu entries through the store (%d per call, 2 callers, one fsync per group commit): "
              "%.0f/s, acknowledged p50 %.2f ms, p99 %.2f ms; 1 per call: %.0f/s, p99 %.2f ms\n",
              static_cast<unsigned long long>(append.tree_size), per_call, append.per_s, append.p50_ms, append.p99_ms,
              single.per_s, single.p99_ms);

  // 2. Audit from storage.
  std::vector<oc::ledger::Hash> leaves;
  auto t0 = Clock::now();
  if (!FillStore(dir + "/audit.db", entries, leaves)) {
    std::fprintf(stderr, "could not write the audit fixture in %s\n", dir.c_str());
    return 1;
  }
  double fill_s = Seconds(t0);
  double audit_s = 0;
  oc::ledger::Hash audited_root{};
  {
    auto store = oc::OpenSqliteStore(oc::SqliteOptions{dir + "/audit.db"}).value();
    t0 = Clock::now();
    auto report = oc::AuditStoredLedger(*store, threads);
    audit_s = Seconds(t0);
    if (!report.ok() || !report->clean() || report->entries != entries) {
      std::fprintf(stderr, "audit failed: %s\n", report.ok() ? "findings or missing entries" : report.status().ToString().c_str());
      return 1;
    }
    audited_root = report->root;
  }
  std::printf("audit of %llu stored entries (%.1f GB): %.2f s on %d threads (%.0f entries/s); fixture written in %.1f s\n",
              static_cast<unsigned long long>(entries), static_cast<double>(fs::file_size(dir + "/audit.db")) / 1e9, audit_s,
              threads, static_cast<double>(entries) / audit_s, fill_s);

  // 3. Proofs at N from the in-memory tree (loaded as the server loads it at start).
  oc::ledger::MerkleTree tree;
  t0 = Clock::now();
  tree.AppendParallel(leaves, threads);
  double load_s = Seconds(t0);
  auto root = tree.Root(entries).value();
  failures += root != audited_root;
  std::mt19937_64 rng(7);
  std::vector<double> inclusion_us, consistency_us;
  int verified = 0;
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
      failures += !oc::ledger::VerifyInclusion(index, entries, leaves[index], proof.value(), root).ok();
      failures += !oc::ledger::VerifyConsistency(first, entries, tree.Root(first).value(), root, consistency.value()).ok();
    }
  }
  std::printf("tree of %llu leaves built in %.2f s; root %s (the audit's: %s)\n", static_cast<unsigned long long>(entries),
              load_s, oc::ledger::HashHex(root).c_str(), root == audited_root ? "same" : "DIFFERENT");
  std::printf("inclusion proof at %llu: p50 %.2f us, p99 %.2f us; consistency proof: p50 %.2f us, p99 %.2f us; "
              "%d of each verified, %d failures\n",
              static_cast<unsigned long long>(entries), Percentile(inclusion_us, 50), Percentile(inclusion_us, 99),
              Percentile(consistency_us, 50), Percentile(consistency_us, 99), verified, failures);

  // 4. The server's tree, as `serve` opens it on this store.
  ServerTreeFigures server = ServerTree(dir + "/audit.db", entries, proofs, leaves, tree, failures);
  std::printf("server tree: opened from the store in %.2f s, %llu hashes in memory (%.2f bytes per entry; the whole "
              "tree: %llu); inclusion proof p50 %.2f us, p99 %.2f us; consistency p50 %.2f us, p99 %.2f us; "
              "%d failures\n",
              server.open_s, static_cast<unsigned long long>(server.hashes), 32.0 * server.hashes / entries,
              static_cast<unsigned long long>(tree.HashesInMemory()), server.inclusion_p50, server.inclusion_p99,
              server.consistency_p50, server.consistency_p99, failures);
  if (keep.empty()) fs::remove_all(dir);

  char line[900];
  std::snprintf(line, sizeof line,
                "{\"bench\":\"ledger\",\"entries\":%llu,\"durable_append_per_s\":%.0f,\"append_ack_p99_ms\":%.2f,"
                "\"single_append_per_s\":%.0f,"
                "\"audit_s\":%.2f,\"tree_load_s\":%.2f,\"inclusion_p50_us\":%.2f,\"inclusion_p99_us\":%.2f,"
                "\"consistency_p50_us\":%.2f,\"consistency_p99_us\":%.2f,\"server_tree_open_s\":%.2f,"
                "\"server_tree_bytes_per_entry\":%.2f,\"server_inclusion_p50_us\":%.2f,\"server_inclusion_p99_us\":%.2f,"
                "\"server_consistency_p50_us\":%.2f,\"server_consistency_p99_us\":%.2f,\"verify_failures\":%d}",
                static_cast<unsigned long long>(entries), append.per_s, append.p99_ms, single.per_s, audit_s, load_s,
                Percentile(inclusion_us, 50), Percentile(inclusion_us, 99), Percentile(consistency_us, 50),
                Percentile(consistency_us, 99), server.open_s, 32.0 * server.hashes / entries, server.inclusion_p50,
                server.inclusion_p99, server.consistency_p50, server.consistency_p99, failures);
  std::puts(line);
  if (!json_out.empty())
    if (FILE* f = std::fopen(json_out.c_str(), "w")) {
      std::fputs(line, f);
      std::fputs("\n", f);
      std::fclose(f);
    }
  return failures == 0 ? 0 : 1;
}
