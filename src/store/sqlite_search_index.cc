#include "store/sqlite_search_index.h"

#include <pthread.h>

#include <filesystem>
#include <vector>

#include <spdlog/spdlog.h>

namespace oc::sqlite {
namespace {

// Bumped when the index's tables or what it stores change: an index of another format is rebuilt.
constexpr int kFormat = 1;
constexpr int kBatch = 2000;  // versions per indexing transaction

void CreateTables(Connection& c) {
  c.Exec(R"sql(
CREATE TABLE IF NOT EXISTS index_state(format INTEGER NOT NULL, indexed_through INTEGER NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS declaration_search
  USING fts5(text, tokenize = 'unicode61 remove_diacritics 2', columnsize = 0);
)sql");
}

}  // namespace

std::string SearchIndex::PathFor(const std::string& store_path) {
  std::filesystem::path p(store_path);
  return (p.parent_path() / (p.stem().string() + "-search.db")).string();
}

Result<std::unique_ptr<SearchIndex>> SearchIndex::Open(const std::string& store_path) {
  const std::string path = PathFor(store_path);
  auto conn = Connection::Open(path, /*readonly=*/false);
  if (!conn.ok()) return conn.status();
  std::unique_ptr<SearchIndex> index(new SearchIndex(std::move(conn.value())));
  Connection& c = *index->conn_;
  try {
    c.Exec("PRAGMA journal_mode=WAL");
    c.Exec("PRAGMA synchronous=NORMAL");  // lost on power failure, it is indexed again
    c.Prepare("ATTACH DATABASE ? AS store").Bind(1, store_path).Run();
    CreateTables(c);
    auto& state = c.Prepare("SELECT format, indexed_through FROM index_state");
    bool have = state.Step();
    int format = have ? static_cast<int>(state.Int(0)) : 0;
    int64_t through = have ? state.Int(1) : 0;
    state.Reset();
    auto& last = c.Prepare("SELECT COALESCE(MAX(seq), 0) FROM store.declaration_versions");
    last.Step();
    int64_t store_last = last.Int(0);
    last.Reset();
    if (!have || format != kFormat || through > store_last) {
      // New, of another format, or ahead of the store (a store restored from an older backup).
      if (have) spdlog::info("search index: rebuilding {} (format {}, indexed through version {} of {})", path,
                             format, through, store_last);
      c.Exec("BEGIN");
      c.Exec("DROP TABLE IF EXISTS declaration_search; DELETE FROM index_state;");
      CreateTables(c);
      c.Prepare("INSERT INTO index_state(format, indexed_through) VALUES(?, 0)").Bind(1, kFormat).Run();
      c.Exec("COMMIT");
      through = 0;
    }
    index->indexed_through_ = through;
  } catch (const StoreError& e) {
    return Status::Internal("cannot open the search index " + path + ": " + e.message);
  }
  index->thread_ = std::thread([raw = index.get()] {
    pthread_setname_np(pthread_self(), "oc-search-index");
    raw->Loop();
  });
  return index;
}

SearchIndex::~SearchIndex() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SearchIndex::Poke() {
  {
    std::lock_guard lk(mu_);
    if (poked_) return;
    poked_ = true;
  }
  cv_.notify_one();
}

Status SearchIndex::CatchUp() {
  std::lock_guard work(work_mu_);
  try {
    while (IndexSome(kBatch) == kBatch) {}
  } catch (const StoreError& e) {
    return Status::Internal("search index: " + e.message);
  }
  return Status::Ok();
}

void SearchIndex::Loop() {
  for (;;) {
    {
      std::unique_lock lk(mu_);
      cv_.wait(lk, [&] { return poked_ || stopping_; });
      if (stopping_) return;
      poked_ = false;
    }
    {
      std::lock_guard work(work_mu_);
      try {
        while (IndexSome(kBatch) == kBatch) {
          std::lock_guard lk(mu_);
          if (stopping_) return;
        }
      } catch (const StoreError& e) {
        spdlog::warn("search index: indexing failed, tried again later: {}", e.message);
        std::lock_guard lk(mu_);
        poked_ = true;
      }
    }
    // Under load, what accumulates in an interval goes into one transaction.
    std::unique_lock lk(mu_);
    cv_.wait_for(lk, kInterval, [&] { return stopping_; });
    if (stopping_) return;
  }
}

int SearchIndex::IndexSome(int limit) {
  Connection& c = *conn_;
  c.Prepare("BEGIN").Run();  // deferred: reads the store, locks only the index for writing
  try {
    auto& versions = c.Prepare(
        "SELECT seq, declaration_id, search_text FROM store.declaration_versions WHERE seq > ? ORDER BY seq LIMIT ?");
    versions.Bind(1, indexed_through_).Bind(2, limit);
    std::vector<std::pair<int64_t, std::string>> rows;  // (declaration, text); later versions win
    int64_t through = indexed_through_;
    while (versions.Step()) {
      through = versions.Int(0);
      rows.emplace_back(versions.Int(1), WithoutApostrophes(versions.Text(2)));
    }
    versions.Reset();
    for (const auto& [id, text] : rows) {
      c.Prepare("DELETE FROM declaration_search WHERE rowid = ?").Bind(1, id).Run();
      c.Prepare("INSERT INTO declaration_search(rowid, text) VALUES(?, ?)").Bind(1, id).Bind(2, text).Run();
    }
    if (!rows.empty()) c.Prepare("UPDATE index_state SET indexed_through = ?").Bind(1, through).Run();
    c.Prepare("COMMIT").Run();
    indexed_through_ = through;
    return static_cast<int>(rows.size());
  } catch (const StoreError&) {
    try { c.Exec("ROLLBACK"); } catch (const StoreError&) {}
    throw;
  }
}

}  // namespace oc::sqlite
