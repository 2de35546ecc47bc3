// The SQLite backend's identity and webhook tables: users, API keys, webhook subscriptions.
#include "common/dates.h"
#include "store/sqlite_store_impl.h"

namespace oc::detail {

void SqliteStore::CreateUser(UserRecord u, Done<UserRecord> done) {
  auto out = std::make_shared<UserRecord>(std::move(u));
  EnqueueFor(out,
      [out](Connection& c) -> Status {
        auto& q = c.Prepare("SELECT 1 FROM users WHERE username = ?");
        q.Bind(1, out->username);
        bool taken = q.Step();
        q.Reset();
        if (taken) return Status::Conflict("username_taken", "user '" + out->username + "' already exists");
        out->created_ms = NowUnixMillis();
        c.Prepare("INSERT INTO users(username, role, org_tin, password_hash, created_at) VALUES(?,?,?,?,?)")
            .Bind(1, out->username).Bind(2, RoleName(out->role)).Bind(3, out->org_tin).Bind(4, out->password_hash)
            .Bind(5, out->created_ms)
            .Run();
        out->id = c.LastInsertId();
        return Status::Ok();
      },
      std::move(done));
}

Result<UserRecord> SqliteStore::FindUser(const std::string& username) {
  return Read<UserRecord>([&](Connection& c) {
    return LoadUser(c, "SELECT id, username, role, org_tin, password_hash, created_at FROM users WHERE username = ?",
                    username, "no user named " + username);
  });
}

Result<UserRecord> SqliteStore::GetUser(int64_t id) {
  return Read<UserRecord>([&](Connection& c) {
    return LoadUser(c, "SELECT id, username, role, org_tin, password_hash, created_at FROM users WHERE id = ?",
                    std::to_string(id), "no user with id " + std::to_string(id));
  });
}

Result<std::vector<UserRecord>> SqliteStore::ListUsers() {
  return ReadRows<UserRecord>("SELECT id, username, role, org_tin, '', created_at FROM users ORDER BY id",
                              [](sqlite::Stmt&) {}, [](sqlite::Stmt& q) { return UserFromRow(q); });
}

void SqliteStore::CreateApiKey(ApiKeyRecord k, Done<ApiKeyRecord> done) {
  auto out = std::make_shared<ApiKeyRecord>(std::move(k));
  EnqueueFor(out,
      [out](Connection& c) -> Status {
        out->created_ms = NowUnixMillis();
        c.Prepare("INSERT INTO api_keys(user_id, name, key_hash, created_at) VALUES(?,?,?,?)")
            .Bind(1, out->user_id).Bind(2, out->name).Bind(3, out->key_hash).Bind(4, out->created_ms)
            .Run();
        out->id = c.LastInsertId();
        return Status::Ok();
      },
      std::move(done));
}

Result<ApiKeyRecord> SqliteStore::FindApiKey(const std::string& key_hash) {
  return Read<ApiKeyRecord>([&](Connection& c) -> Result<ApiKeyRecord> {
    auto& q = c.Prepare("SELECT id, user_id, name, key_hash, created_at FROM api_keys WHERE key_hash = ?");
    q.Bind(1, key_hash);
    if (!q.Step()) return Status::NotFound("unknown API key");
    ApiKeyRecord k{q.Int(0), q.Int(1), q.Text(2), q.Text(3), q.Int(4)};
    q.Reset();
    return k;
  });
}

void SqliteStore::PutWebhook(WebhookRecord w, Done<WebhookRecord> done) {
  auto out = std::make_shared<WebhookRecord>(std::move(w));
  EnqueueFor(out,
      [out](Connection& c) -> Status {
        // A new subscription starts from now: it is not flooded with the whole history.
        auto& q = c.Prepare("SELECT COALESCE(MAX(seq), 0) FROM notifications WHERE org_tin = ?");
        q.Bind(1, out->org_tin);
        out->cursor = q.Step() ? q.Int(0) : 0;
        q.Reset();
        c.Prepare("INSERT OR REPLACE INTO webhooks(org_tin, url, secret, cursor, failures, last_error) "
                  "VALUES(?,?,?,?,0,'')")
            .Bind(1, out->org_tin).Bind(2, out->url).Bind(3, out->secret).Bind(4, out->cursor)
            .Run();
        return Status::Ok();
      },
      std::move(done));
}

void SqliteStore::PutOrganisation(Organisation o, Done<Organisation> done) {
  auto out = std::make_shared<Organisation>(std::move(o));
  EnqueueFor(out,
      [out](Connection& c) -> Status {
        c.Prepare("INSERT OR REPLACE INTO organisations(tin, name, street, city, postcode, country, updated_at, updated_by) "
                  "VALUES(?,?,?,?,?,?,?,?)")
            .Bind(1, out->tin).Bind(2, out->name).Bind(3, out->street).Bind(4, out->city).Bind(5, out->postcode)
            .Bind(6, out->country).Bind(7, out->updated_ms).Bind(8, out->updated_by)
            .Run();
        return Status::Ok();
      },
      std::move(done));
}

Result<Organisation> SqliteStore::GetOrganisation(const std::string& tin) {
  auto rows = ReadRows<Organisation>(
      "SELECT tin, name, street, city, postcode, country, updated_at, updated_by FROM organisations WHERE tin = ?",
      [&](sqlite::Stmt& q) { q.Bind(1, tin); },
      [](sqlite::Stmt& q) {
        return Organisation{q.Text(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4), q.Text(5), q.Int(6), q.Text(7)};
      });
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("unknown_organisation", "no organisation is registered with TIN " + tin);
  return std::move(rows->front());
}

void SqliteStore::DeleteWebhook(const std::string& org, Done<bool> done) {
  auto found = std::make_shared<bool>(false);
  EnqueueFor<bool>(found,
      [org, found](Connection& c) -> Status {
        c.Prepare("DELETE FROM webhooks WHERE org_tin = ?").Bind(1, org).Run();
        *found = sqlite3_changes(c.db()) > 0;
        return Status::Ok();
      },
      std::move(done));
}

Result<std::vector<WebhookRecord>> SqliteStore::ListWebhooks() {
  return ReadRows<WebhookRecord>(
      "SELECT org_tin, url, secret, cursor, failures, last_error FROM webhooks ORDER BY org_tin", [](sqlite::Stmt&) {},
      [](sqlite::Stmt& q) {
        return WebhookRecord{q.Text(0), q.Text(1), q.Text(2), q.Int(3), static_cast<int>(q.Int(4)), q.Text(5)};
      });
}

void SqliteStore::RecordWebhookDelivery(const std::string& org, int64_t cursor, int failures, std::string last_error,
                           Done<bool> done) {
  Enqueue(
      [org, cursor, failures, last_error = std::move(last_error)](Connection& c) -> Status {
        c.Prepare("UPDATE webhooks SET cursor = MAX(cursor, ?), failures = ?, last_error = ? WHERE org_tin = ?")
            .Bind(1, cursor).Bind(2, failures).Bind(3, last_error).Bind(4, org)
            .Run();
        return Status::Ok();
      },
      [done = std::move(done)](Status st) { if (st.ok()) done(true); else done(st); });
}

UserRecord SqliteStore::UserFromRow(sqlite::Stmt& q) {
  UserRecord u;
  u.id = q.Int(0);
  u.username = q.Text(1);
  u.role = RoleFromName(q.Text(2)).value_or(Role::kTrader);
  u.org_tin = q.Text(3);
  u.password_hash = q.Text(4);
  u.created_ms = q.Int(5);
  return u;
}

Result<UserRecord> SqliteStore::LoadUser(Connection& c, const char* sql, const std::string& key, std::string not_found) {
  auto& q = c.Prepare(sql);
  q.Bind(1, key);
  if (!q.Step()) return Status::NotFound(std::move(not_found));
  UserRecord u = UserFromRow(q);
  q.Reset();
  return u;
}

}  // namespace oc::detail
