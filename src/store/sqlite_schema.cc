#include "store/sqlite_schema.h"

#include <string>
#include <vector>

#include "common/dates.h"

namespace oc::sqlite {
namespace {

// Append-only: never edit a migration that has shipped; add a new one.
const std::vector<std::string> kMigrations = {
    // 1: declarations, their versions, transitions, notifications, identity, webhooks.
    R"sql(
CREATE TABLE declarations(
  id INTEGER PRIMARY KEY,
  lrn TEXT NOT NULL,
  declarant_tin TEXT NOT NULL,
  representative_tin TEXT NOT NULL DEFAULT '',
  mrn TEXT UNIQUE,
  type TEXT NOT NULL,
  office TEXT NOT NULL,
  state TEXT NOT NULL,
  control TEXT NOT NULL DEFAULT '',
  resume_state TEXT NOT NULL DEFAULT '',
  resume_control TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL,
  item_count INTEGER NOT NULL,
  invoice_total TEXT NOT NULL,
  invoice_currency TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE(declarant_tin, lrn)
);
CREATE INDEX declarations_by_representative ON declarations(representative_tin, id) WHERE representative_tin <> '';
CREATE INDEX declarations_by_state ON declarations(state, id);
CREATE TABLE declaration_versions(
  declaration_id INTEGER NOT NULL REFERENCES declarations(id),
  version INTEGER NOT NULL,
  content TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  reason_code TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  changed TEXT NOT NULL DEFAULT '[]',
  actor TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY(declaration_id, version)
) WITHOUT ROWID;
CREATE TABLE transitions(
  id INTEGER PRIMARY KEY,
  declaration_id INTEGER NOT NULL REFERENCES declarations(id),
  version INTEGER NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT NOT NULL,
  from_control TEXT NOT NULL,
  to_state TEXT NOT NULL,
  to_control TEXT NOT NULL,
  cusres TEXT NOT NULL,
  actor TEXT NOT NULL,
  reason TEXT NOT NULL,
  details TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX transitions_by_declaration ON transitions(declaration_id, id);
CREATE TABLE notifications(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  org_tin TEXT NOT NULL,
  declaration_id INTEGER NOT NULL,
  mrn TEXT NOT NULL,
  lrn TEXT NOT NULL,
  action TEXT NOT NULL,
  state TEXT NOT NULL,
  control TEXT NOT NULL,
  cusres TEXT NOT NULL,
  reason TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX notifications_by_org ON notifications(org_tin, seq);
CREATE TABLE counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE users(
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  org_tin TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE api_keys(
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE webhooks(
  org_tin TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  cursor INTEGER NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT ''
);
)sql",
};

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(kMigrations.size()); }

Status Migrate(Connection& c) {
  try {
    c.Exec("CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
    auto& q = c.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    int current = q.Step() ? static_cast<int>(q.Int(0)) : 0;
    q.Reset();
    if (current > LatestSchemaVersion())
      return Status::Internal("database schema version " + std::to_string(current) +
                              " is newer than this build understands (" + std::to_string(LatestSchemaVersion()) + ")");
    for (int v = current + 1; v <= LatestSchemaVersion(); ++v) {
      c.Exec("BEGIN IMMEDIATE");
      try {
        c.Exec(kMigrations[v - 1]);
        c.Prepare("INSERT INTO schema_migrations(version, applied_at) VALUES(?, ?)").Bind(1, v).Bind(2, NowUnixMillis()).Run();
        c.Exec("COMMIT");
      } catch (...) {
        c.Exec("ROLLBACK");
        throw;
      }
    }
  } catch (const StoreError& e) {
    return Status::Internal("schema migration failed: " + e.message);
  }
  return Status::Ok();
}

}  // namespace oc::sqlite
