#include "store/sqlite_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

namespace oc {
namespace {

struct Db {
  sqlite3* handle = nullptr;
  ~Db() { sqlite3_close_v2(handle); }
};

std::string SqliteMessage(sqlite3* db, const std::string& what) {
  return what + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
}

}  // namespace

Status BackupSqliteDatabase(const std::string& from, const std::string& to, int pages_per_step) {
  std::error_code ec;
  if (std::filesystem::exists(to, ec)) return Status::Invalid("backup_exists", to + " already exists");
  // Created 0600 before SQLite opens it: the copy holds the same secrets as the store.
  int fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return Status::Internal("cannot create " + to);
  ::close(fd);
  Db source, target;
  if (sqlite3_open_v2(from.c_str(), &source.handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
    return Status::Internal(SqliteMessage(source.handle, "cannot open " + from));
  sqlite3_busy_timeout(source.handle, 5000);
  if (sqlite3_open_v2(to.c_str(), &target.handle, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
    return Status::Internal(SqliteMessage(target.handle, "cannot open " + to));
  sqlite3_backup* backup = sqlite3_backup_init(target.handle, "main", source.handle, "main");
  if (!backup) return Status::Internal(SqliteMessage(target.handle, "cannot start the backup"));
  int rc;
  do {
    rc = sqlite3_backup_step(backup, pages_per_step);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return Status::Internal(SqliteMessage(target.handle, "backup of " + from + " failed"));
  // The copy stands alone: a rollback journal, no log beside it.
  if (sqlite3_exec(target.handle, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return Status::Internal(SqliteMessage(target.handle, "cannot finish " + to));
  return Status::Ok();
}

Status CheckSqliteIntegrity(const std::string& path) {
  Db db;
  if (sqlite3_open_v2(path.c_str(), &db.handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
    return Status::Invalid("corrupt_backup", SqliteMessage(db.handle, "cannot open " + path));
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db.handle, "PRAGMA integrity_check(5)", -1, &stmt, nullptr) != SQLITE_OK)
    return Status::Invalid("corrupt_backup", SqliteMessage(db.handle, path));
  std::string findings;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    const char* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    std::string row = text ? text : "";
    if (row != "ok") findings += (findings.empty() ? "" : "; ") + row;
  }
  int rc = sqlite3_finalize(stmt);
  if (rc != SQLITE_OK) return Status::Invalid("corrupt_backup", SqliteMessage(db.handle, path));
  if (!findings.empty()) return Status::Invalid("corrupt_backup", path + ": " + findings);
  return Status::Ok();
}

}  // namespace oc
