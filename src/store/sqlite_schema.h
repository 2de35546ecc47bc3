// Versioned schema migrations for the SQLite store.
#pragma once

#include "common/status.h"
#include "store/sqlite_util.h"

namespace oc::sqlite {

// Brings the database to the newest schema, one migration per transaction, recording each in
// schema_migrations. Refuses (Internal) a database written by a newer build.
Status Migrate(Connection& c);
int LatestSchemaVersion();

}  // namespace oc::sqlite
