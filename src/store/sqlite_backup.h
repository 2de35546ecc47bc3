// An online, consistent copy of the SQLite store (SQLite's backup API), safe while the server
// writes: the copy is the database as of one read transaction.
#pragma once

#include <string>

#include "common/status.h"

namespace oc {

// Copies the database at `from` into a new file `to` (mode 0600; it must not exist). Pages are
// copied in steps of `pages_per_step`, restarting from the beginning when a writer changed the
// source between steps, so the copy is always of one moment (under steady writes a large step,
// -1 = all at once, finishes soonest). Internal with SQLite's message on failure.
// Thread-safe (own connections).
Status BackupSqliteDatabase(const std::string& from, const std::string& to, int pages_per_step = -1);

// PRAGMA integrity_check of a database file opened read-only: Ok, or Invalid ("corrupt_backup")
// with SQLite's first findings.
Status CheckSqliteIntegrity(const std::string& path);

}  // namespace oc
