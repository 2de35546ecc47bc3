#include "store/sqlite_util.h"

#include <cctype>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace oc::sqlite {

bool Stmt::Step() {
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw StoreError{rc, sqlite3_errmsg(db_)};
}

namespace {

// The database holds webhook and bank secrets: readable by the server's user only. SQLite gives
// the -wal and -shm files the main file's mode, so the main file is created 0600 before SQLite
// opens it; files of an older version (0644) are tightened.
Status RestrictToOwner(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Internal("cannot create database " + path + ": " + std::strerror(errno));
  ::close(fd);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::string file = path + suffix;
    if (::chmod(file.c_str(), 0600) != 0 && errno != ENOENT)
      return Status::Internal("cannot restrict " + file + " to its owner: " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool readonly) {
  if (!readonly && path != ":memory:" && !path.empty()) {
    if (Status st = RestrictToOwner(path); !st.ok()) return st;
  }
  sqlite3* db = nullptr;
  int flags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::Internal("cannot open database " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db, 10000);
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
  for (auto& [sql, entry] : cache_) sqlite3_finalize(entry.first);
  sqlite3_close(db_);
}

Stmt& Connection::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    it->second.second->Reset();
    return *it->second.second;
  }
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &s, nullptr);
  if (rc != SQLITE_OK) throw StoreError{rc, std::string(sqlite3_errmsg(db_)) + " in: " + sql};
  auto stmt = std::make_unique<Stmt>(db_, s);
  Stmt& ref = *stmt;
  cache_.emplace(sql, std::make_pair(s, std::move(stmt)));
  return ref;
}

void Connection::Exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    throw StoreError{rc, msg};
  }
}

std::string WithoutApostrophes(std::string_view text) {
  static constexpr std::string_view kMarks[] = {"'", "\u02BB", "\u02BC", "\u2018", "\u2019"};
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    if (lead != '\'' && lead != 0xCA && lead != 0xE2) {  // the first byte of no mark
      out.push_back(text[i++]);
      continue;
    }
    bool mark = false;
    for (auto m : kMarks)
      if (text.compare(i, m.size(), m) == 0) {
        i += m.size();
        mark = true;
        break;
      }
    if (!mark) out.push_back(text[i++]);
  }
  return out;
}

std::string FullTextQuery(std::string_view text) {
  std::string folded = WithoutApostrophes(text), out;
  size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && std::isspace(static_cast<unsigned char>(folded[i]))) ++i;
    size_t start = i;
    while (i < folded.size() && !std::isspace(static_cast<unsigned char>(folded[i]))) ++i;
    if (start == i) break;
    if (!out.empty()) out.push_back(' ');
    out.push_back('"');
    for (size_t k = start; k < i; ++k) {
      if (folded[k] == '"') out.push_back('"');  // FTS5 strings double their quotes
      out.push_back(folded[k]);
    }
    out += "\"*";
  }
  return out;
}

}  // namespace oc::sqlite
