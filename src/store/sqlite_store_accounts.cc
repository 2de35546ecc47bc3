// The SQLite backend's identity and webhook tables: users, API keys, webhook subscriptions.
#include "common/dates.h"
#include "store/sqlite_store_impl.h"

namespace oc::detail {

// Every column of a user row, in UserFromRow's order.
#define OC_USER_COLUMNS                                                                                         \
  "SELECT id, username, role, org_tin, password_hash, created_at, disabled_at, failed_logins, locked_until, " \
  "totp_secret, totp_enabled, totp_last_step, updated_at "

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
    return LoadUser(c, OC_USER_COLUMNS "FROM users WHERE username = ?",
                    username, "no user named " + username);
  });
}

Result<UserRecord> SqliteStore::GetUser(int64_t id) {
  return Read<UserRecord>([&](Connection& c) {
    return LoadUser(c, OC_USER_COLUMNS "FROM users WHERE id = ?",
                    std::to_string(id), "no user with id " + std::to_string(id));
  });
}

Result<std::vector<UserRecord>> SqliteStore::ListUsers() {
  return ReadRows<UserRecord>(OC_USER_COLUMNS "FROM users ORDER BY id",
                              [](sqlite::Stmt&) {}, [this](sqlite::Stmt& q) { return UserFromRow(q); });
}

void SqliteStore::CreateApiKey(ApiKeyRecord k, Done<ApiKeyRecord> done) {
  auto out = std::make_shared<ApiKeyRecord>(std::move(k));
  EnqueueFor(out,
      [out](Connection& c) -> Status {
        out->created_ms = NowUnixMillis();
        c.Prepare("INSERT INTO api_keys(user_id, name, key_hash, created_at, read_only) VALUES(?,?,?,?,?)")
            .Bind(1, out->user_id).Bind(2, out->name).Bind(3, out->key_hash).Bind(4, out->created_ms)
            .Bind(5, out->read_only ? 1 : 0)
            .Run();
        out->id = c.LastInsertId();
        return Status::Ok();
      },
      std::move(done));
}

namespace {

constexpr const char* kApiKeyColumns = "SELECT id, user_id, name, key_hash, created_at, revoked_at, read_only FROM api_keys ";

ApiKeyRecord ApiKeyFromRow(sqlite::Stmt& q) {
  return ApiKeyRecord{q.Int(0), q.Int(1), q.Text(2), q.Text(3), q.Int(4), q.Int(5), q.Int(6) != 0};
}

Result<ApiKeyRecord> LoadApiKey(Connection& c, const std::string& where, const std::string& key, int64_t id) {
  auto& q = c.Prepare(std::string(kApiKeyColumns) + where);
  if (id) q.Bind(1, id); else q.Bind(1, key);
  if (!q.Step()) return Status::NotFound("unknown_api_key", "unknown API key");
  ApiKeyRecord k = ApiKeyFromRow(q);
  q.Reset();
  return k;
}

SessionRecord SessionFromRow(sqlite::Stmt& q) {
  return SessionRecord{q.Text(0), q.Int(1), q.Int(2), q.Int(3), q.Int(4), q.Text(5)};
}

}  // namespace

Result<ApiKeyRecord> SqliteStore::FindApiKey(const std::string& key_hash) {
  return Read<ApiKeyRecord>([&](Connection& c) { return LoadApiKey(c, "WHERE key_hash = ?", key_hash, 0); });
}

Result<std::vector<ApiKeyRecord>> SqliteStore::ListApiKeys(int64_t user_id) {
  return ReadRows<ApiKeyRecord>(std::string(kApiKeyColumns) + "WHERE ?1 = 0 OR user_id = ?1 ORDER BY id",
                                [&](sqlite::Stmt& q) { q.Bind(1, user_id); }, ApiKeyFromRow);
}

void SqliteStore::RevokeApiKey(int64_t id, int64_t at_ms, Done<ApiKeyRecord> done) {
  auto out = std::make_shared<ApiKeyRecord>();
  EnqueueFor(out,
      [out, id, at_ms](Connection& c) -> Status {
        c.Prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at = 0").Bind(1, at_ms).Bind(2, id).Run();
        auto k = LoadApiKey(c, "WHERE id = ?", "", id);
        if (!k.ok()) return k.status();
        *out = std::move(k.value());
        return Status::Ok();
      },
      std::move(done));
}

void SqliteStore::UpdateUser(int64_t id, UserChange change, Done<UserRecord> done) {
  auto out = std::make_shared<UserRecord>();
  EnqueueFor(out,
      [this, out, id, change = std::move(change)](Connection& c) -> Status {
        auto cur = LoadUser(c, OC_USER_COLUMNS "FROM users WHERE id = ?", std::to_string(id), "no user with id " + std::to_string(id));
        if (!cur.ok()) return Status::NotFound("unknown_user", cur.status().message());
        auto next = change(cur.value());
        if (!next.ok()) return next.status();
        UserRecord& u = next.value();
        u.updated_ms = NowUnixMillis();
        c.Prepare("UPDATE users SET role=?, org_tin=?, password_hash=?, disabled_at=?, failed_logins=?, locked_until=?, "
                  "totp_secret=?, totp_enabled=?, totp_last_step=?, updated_at=? WHERE id=?")
            .Bind(1, RoleName(u.role)).Bind(2, u.org_tin).Bind(3, u.password_hash).Bind(4, u.disabled_ms)
            .Bind(5, u.failed_logins).Bind(6, u.locked_until_ms).BindBlob(7, SealSecret(u.totp_secret)).Bind(8, u.totp_enabled ? 1 : 0)
            .Bind(9, u.totp_last_step).Bind(10, u.updated_ms).Bind(11, id)
            .Run();
        u.id = id;
        u.username = cur->username;
        u.created_ms = cur->created_ms;
        *out = std::move(u);
        return Status::Ok();
      },
      std::move(done));
}

void SqliteStore::CreateSession(SessionRecord s, Done<SessionRecord> done) {
  auto out = std::make_shared<SessionRecord>(std::move(s));
  EnqueueFor(out,
      [out](Connection& c) -> Status {
        c.Prepare("INSERT INTO sessions(id, user_id, created_at, expires_at, revoked_at, address) VALUES(?,?,?,?,0,?)")
            .Bind(1, out->id).Bind(2, out->user_id).Bind(3, out->created_ms).Bind(4, out->expires_ms).Bind(5, out->address)
            .Run();
        return Status::Ok();
      },
      std::move(done));
}

Result<SessionRecord> SqliteStore::GetSession(const std::string& id) {
  return Read<SessionRecord>([&](Connection& c) -> Result<SessionRecord> {
    auto& q = c.Prepare("SELECT id, user_id, created_at, expires_at, revoked_at, address FROM sessions WHERE id = ?");
    q.Bind(1, id);
    if (!q.Step()) return Status::NotFound("unknown_session", "no such session");
    SessionRecord s = SessionFromRow(q);
    q.Reset();
    return s;
  });
}

void SqliteStore::RevokeSessions(int64_t user_id, std::string id, int64_t at_ms, Done<int64_t> done) {
  auto out = std::make_shared<int64_t>(0);
  EnqueueFor(out,
      [out, user_id, id = std::move(id), at_ms](Connection& c) -> Status {
        c.Prepare("UPDATE sessions SET revoked_at = ?1 WHERE user_id = ?2 AND (?3 = '' OR id = ?3) AND revoked_at = 0 "
                  "AND expires_at > ?1")
            .Bind(1, at_ms).Bind(2, user_id).Bind(3, id)
            .Run();
        *out = c.Changes();
        // Sessions long over are of no use to anyone: they go with the next sign-out.
        c.Prepare("DELETE FROM sessions WHERE expires_at < ?").Bind(1, int64_t{at_ms - int64_t{30} * 24 * 3600 * 1000}).Run();
        return Status::Ok();
      },
      std::move(done));
}

void SqliteStore::AppendSecurityEvent(SecurityEvent e, Done<SecurityEvent> done) {
  auto out = std::make_shared<SecurityEvent>(std::move(e));
  EnqueueFor(out,
      [out](Connection& c) -> Status {
        c.Prepare("INSERT INTO security_events(at, kind, username, user_id, actor, address, detail) VALUES(?,?,?,?,?,?,?)")
            .Bind(1, out->at_ms).Bind(2, out->kind).Bind(3, out->username).Bind(4, out->user_id).Bind(5, out->actor)
            .Bind(6, out->address).Bind(7, out->detail)
            .Run();
        out->id = c.LastInsertId();
        return Status::Ok();
      },
      std::move(done));
}

Result<std::vector<SecurityEvent>> SqliteStore::SecurityEvents(int64_t after, int limit) {
  return ReadRows<SecurityEvent>(
      "SELECT id, at, kind, username, user_id, actor, address, detail FROM security_events WHERE id > ? ORDER BY id LIMIT ?",
      [&](sqlite::Stmt& q) { q.Bind(1, after).Bind(2, limit); },
      [](sqlite::Stmt& q) {
        return SecurityEvent{q.Int(0), q.Int(1), q.Text(2), q.Text(3), q.Int(4), q.Text(5), q.Text(6), q.Text(7)};
      });
}

void SqliteStore::PutSetting(std::string name, std::string value, Done<bool> done) {
  auto out = std::make_shared<bool>(true);
  EnqueueFor(out,
      [name = std::move(name), value = std::move(value)](Connection& c) -> Status {
        c.Prepare("INSERT OR REPLACE INTO settings(name, value) VALUES(?, ?)").Bind(1, name).Bind(2, value).Run();
        return Status::Ok();
      },
      std::move(done));
}

Result<std::string> SqliteStore::GetSetting(const std::string& name) {
  return Read<std::string>([&](Connection& c) -> Result<std::string> {
    auto& q = c.Prepare("SELECT value FROM settings WHERE name = ?");
    q.Bind(1, name);
    std::string v = q.Step() ? q.Text(0) : "";
    q.Reset();
    return v;
  });
}

void SqliteStore::PutWebhook(WebhookRecord w, Done<WebhookRecord> done) {
  auto out = std::make_shared<WebhookRecord>(std::move(w));
  EnqueueFor(out,
      [this, out](Connection& c) -> Status {
        // A new subscription starts from now: it is not flooded with the whole history.
        auto& q = c.Prepare("SELECT COALESCE(MAX(seq), 0) FROM notifications WHERE org_tin = ?");
        q.Bind(1, out->org_tin);
        out->cursor = q.Step() ? q.Int(0) : 0;
        q.Reset();
        c.Prepare("INSERT OR REPLACE INTO webhooks(org_tin, url, secret, cursor, failures, last_error) "
                  "VALUES(?,?,?,?,0,'')")
            .Bind(1, out->org_tin).Bind(2, out->url).Bind(3, SealSecret(out->secret)).Bind(4, out->cursor)
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
      [this](sqlite::Stmt& q) {
        return WebhookRecord{q.Text(0), q.Text(1), OpenSecret(q.Text(2)), q.Int(3), static_cast<int>(q.Int(4)), q.Text(5)};
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

UserRecord SqliteStore::UserFromRow(sqlite::Stmt& q) const {
  UserRecord u;
  u.id = q.Int(0);
  u.username = q.Text(1);
  u.role = RoleFromName(q.Text(2)).value_or(Role::kTrader);
  u.org_tin = q.Text(3);
  u.password_hash = q.Text(4);
  u.created_ms = q.Int(5);
  u.disabled_ms = q.Int(6);
  u.failed_logins = static_cast<int>(q.Int(7));
  u.locked_until_ms = q.Int(8);
  u.totp_secret = OpenSecret(q.Blob(9));
  u.totp_enabled = q.Int(10) != 0;
  u.totp_last_step = q.Int(11);
  u.updated_ms = q.Int(12);
  return u;
}

Result<UserRecord> SqliteStore::LoadUser(Connection& c, const char* sql, const std::string& key,
                                         std::string not_found) const {
  auto& q = c.Prepare(sql);
  q.Bind(1, key);
  if (!q.Step()) return Status::NotFound(std::move(not_found));
  UserRecord u = UserFromRow(q);
  q.Reset();
  return u;
}

#undef OC_USER_COLUMNS

}  // namespace oc::detail
