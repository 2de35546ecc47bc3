// Small RAII helpers over the SQLite C API, private to the store.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/status.h"

namespace oc::sqlite {

// A prepared statement; reset and cleared of bindings when it goes back to the cache.
class Stmt {
 public:
  Stmt(sqlite3* db, sqlite3_stmt* s) : db_(db), s_(s) {}
  Stmt& Bind(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); return *this; }
  Stmt& Bind(int i, int v) { sqlite3_bind_int64(s_, i, v); return *this; }
  Stmt& Bind(int i, std::string_view v) { sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); return *this; }
  Stmt& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, double v) { sqlite3_bind_double(s_, i, v); return *this; }  // NaN binds as NULL
  Stmt& BindNull(int i) { sqlite3_bind_null(s_, i); return *this; }
  Stmt& BindBlob(int i, std::string_view v) { sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); return *this; }
  // SQLITE_ROW -> true, SQLITE_DONE -> false; anything else throws StoreError (caught at the store boundary).
  bool Step();
  void Run() { while (Step()) {} }
  int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }
  std::string Text(int col) const {
    const unsigned char* t = sqlite3_column_text(s_, col);
    return t ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(s_, col)) : std::string();
  }
  std::string Blob(int col) const {
    const void* b = sqlite3_column_blob(s_, col);
    return b ? std::string(static_cast<const char*>(b), sqlite3_column_bytes(s_, col)) : std::string();
  }
  // Valid until the next Step or Reset.
  std::string_view BlobView(int col) const {
    const void* b = sqlite3_column_blob(s_, col);
    return b ? std::string_view(static_cast<const char*>(b), static_cast<size_t>(sqlite3_column_bytes(s_, col)))
             : std::string_view();
  }
  double Double(int col) const {  // NULL reads as NaN
    return IsNull(col) ? std::numeric_limits<double>::quiet_NaN() : sqlite3_column_double(s_, col);
  }
  bool IsNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  void Reset() { sqlite3_reset(s_); sqlite3_clear_bindings(s_); }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_;
};

struct StoreError {
  int code;
  std::string message;
};

// One connection with a cache of prepared statements. Not thread-safe: one owner at a time.
class Connection {
 public:
  // Opens `path` (read-write opens create it, mode 0600, and restrict an existing file and its
  // -wal/-shm to the owner). Internal naming the file on failure.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool readonly);
  ~Connection();
  sqlite3* db() const { return db_; }
  // Prepared (cached) statement, reset for reuse. Throws StoreError if the SQL does not compile.
  Stmt& Prepare(const std::string& sql);
  // Runs one or more statements without results. Throws StoreError.
  void Exec(const std::string& sql);
  int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  int64_t Changes() const { return sqlite3_changes(db_); }

  // The writer connection's ledger (entries written in its open transaction); null elsewhere.
  struct LedgerSink* ledger = nullptr;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, std::pair<sqlite3_stmt*, std::unique_ptr<Stmt>>> cache_;
};

// Full-text search (the declarations' search index, an FTS5 table with the unicode61 tokenizer:
// case and diacritics folded). Uzbek writes oʻ and gʻ with a mark typed in five ways (ʻ ʼ ‘ ’ '),
// some of which the tokenizer keeps inside a word and some it splits at: both the indexed text
// and the query drop them, so "oʻtigi" and "o'tigi" find each other.
std::string WithoutApostrophes(std::string_view text);
// An FTS5 query matching rows that have every whitespace-separated word of `text` as a word or a
// word's beginning. Each word is quoted, so FTS5's operators and punctuation in it are plain
// text (a word of punctuation only matches nothing). "" when `text` has no word.
std::string FullTextQuery(std::string_view text);

}  // namespace oc::sqlite
