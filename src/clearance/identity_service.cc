// IdentityService: users, signing in and out, sessions, authentication and the second factor.
// Administration, API keys and the organisation registry are in identity_admin.cc.
#include "clearance/identity_service.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "common/dates.h"
#include "common/encoding.h"
#include "identity/access.h"
#include "identity/password.h"
#include "identity/totp.h"
#include "store/done.h"

namespace oc {

namespace {

constexpr const char* kWrongCredentials = "invalid username or password";
constexpr const char* kIssuer = "OpenCustoms";

std::string Minutes(int64_t ms) { return std::to_string((ms + 59'999) / 60'000); }

}  // namespace

bool IsValidUsername(std::string_view n) {
  if (n.size() < 3 || n.size() > 64) return false;
  for (char c : n)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) return false;
  return true;
}

bool IsValidTin(std::string_view t) {
  if (t.empty() || t.size() > 17) return false;
  for (char c : t) if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

IdentityService::IdentityService(IdentityStore& store, std::shared_ptr<const ReferenceData> ref, std::string token_key,
                                 int64_t ttl_ms, lockout::Policy lockout)
    : store_(store),
      ref_(std::move(ref)),
      signer_(std::move(token_key)),
      ttl_ms_(ttl_ms),
      lockout_(lockout),
      address_failures_(lockout.address_failures, lockout.address_window_ms) {}

Result<UserRecord> IdentityService::AddUser(const Principal& who, const std::string& username, Role role,
                                            const std::string& org_tin, std::string_view password) {
  if (Status st = access::Allow(who, access::Action::kManageUsers); !st.ok()) return st;
  auto u = AddUser(username, role, org_tin, password);
  if (u.ok()) Log("user_created", u->username, u->id, &who, "", std::string("role ") + RoleName(role));
  return u;
}

Result<UserRecord> IdentityService::AddUser(const std::string& username, Role role, const std::string& org_tin,
                                            std::string_view password) {
  if (!IsValidUsername(username))
    return Status::Invalid("invalid_username", "a username is 3-64 characters of a-z, 0-9, '.', '_' or '-'");
  if (role == Role::kTrader && !IsValidTin(org_tin))
    return Status::Invalid("org_required", "a trader user belongs to an organisation: give its TIN (1-17 of A-Z, 0-9)");
  if (role != Role::kTrader && !org_tin.empty())
    return Status::Invalid("org_not_allowed", "only trader users belong to a trader organisation");
  Status policy = CheckPasswordPolicy(password);
  if (!policy.ok()) return policy;
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  UserRecord u;
  u.username = username;
  u.role = role;
  u.org_tin = org_tin;
  u.password_hash = std::move(hash.value());
  return store_.CreateUserSync(std::move(u));
}

void IdentityService::Log(std::string kind, const std::string& username, int64_t user_id, const Principal* actor,
                          const std::string& address, std::string detail) {
  SecurityEvent e{0, NowUnixMillis(), std::move(kind), username, user_id, actor ? actor->ActorLabel() : "", address,
                  std::move(detail)};
  if (auto log = spdlog::get("security"))  // JSON lines for the log collector (app/logging.h)
    log->info(nlohmann::json{{"event", e.kind}, {"user", e.username}, {"user_id", e.user_id}, {"actor", e.actor},
                             {"address", e.address}, {"detail", e.detail}}
                  .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  else
    spdlog::info("security: {} user={} actor={} address={} {}", e.kind, e.username, e.actor, e.address, e.detail);
  // Durable before the answer, as every acknowledged write: an audit log that can lose the
  // sign-in before a crash is no audit log. (One group-committed row beside Argon2's cost.)
  auto r = AwaitDone<SecurityEvent>([&](Done<SecurityEvent> d) { store_.AppendSecurityEvent(std::move(e), std::move(d)); });
  if (!r.ok()) spdlog::error("security log: {}", r.status().ToString());
}

Status IdentityService::CheckLoginThrottle(const std::string& username, const std::optional<UserRecord>& user,
                                           const std::string& address, int64_t now) {
  std::lock_guard lk(throttle_mu_);
  if (address_failures_.Blocked(address, now))
    return Status::TooManyRequests("too_many_attempts", "too many failed sign-ins from this address: try again in " +
                                                            Minutes(address_failures_.RetryAfterMs(address, now)) +
                                                            " minutes");
  lockout::AccountState account;
  if (user) {
    account = {user->failed_logins, user->locked_until_ms};
  } else if (auto it = unknown_names_.find(username); it != unknown_names_.end()) {
    account = it->second;
  }
  if (lockout::Locked(account, now))
    return Status::TooManyRequests("too_many_attempts", "too many failed sign-ins for this account: try again in " +
                                                            Minutes(lockout::RetryAfterMs(account, now)) +
                                                            " minutes, or ask an administrator to unlock it");
  return Status::Ok();
}

void IdentityService::RecordFailure(const std::string& username, const std::optional<UserRecord>& user,
                                    const std::string& address, int64_t now) {
  {
    std::lock_guard lk(throttle_mu_);
    address_failures_.Fail(address, now);
    if (!user) {
      if (unknown_names_.size() > 100000) unknown_names_.clear();  // bounded under a spray of names
      unknown_names_[username] = lockout::AfterFailure(unknown_names_[username], now, lockout_);
    }
  }
  if (!user) return;
  auto changed = ChangeUser(user->id, [this, now](const UserRecord& cur) -> Result<UserRecord> {
    UserRecord u = cur;
    auto next = lockout::AfterFailure({cur.failed_logins, cur.locked_until_ms}, now, lockout_);
    u.failed_logins = next.failed;
    u.locked_until_ms = next.locked_until_ms;
    return u;
  });
  if (changed.ok() && changed->locked_until_ms > now && user->locked_until_ms <= now)
    Log("account_locked", user->username, user->id, nullptr, address,
        "after " + std::to_string(lockout_.account_failures) + " failed sign-ins");
}

Status IdentityService::CheckSecondFactor(const UserRecord& u, std::string_view otp, int64_t now) {
  if (!u.totp_enabled) return Status::Ok();
  if (otp.empty()) return Status::Unauthorized("otp_required", "enter the 6-digit code of your authenticator app");
  auto step = totp::Verify(u.totp_secret, otp, now / 1000, u.totp_last_step);
  if (!step) return Status::Unauthorized("invalid_otp", "the code is wrong, expired or already used");
  auto used = ChangeUser(u.id, [s = *step](const UserRecord& cur) -> Result<UserRecord> {
    if (s <= cur.totp_last_step) return Status::Unauthorized("invalid_otp", "the code is wrong, expired or already used");
    UserRecord next = cur;
    next.totp_last_step = s;
    return next;
  });
  return used.ok() ? Status::Ok() : used.status();
}

Result<LoginResult> IdentityService::Login(const LoginRequest& r) {
  int64_t now = NowUnixMillis();
  auto found = store_.FindUser(r.username);
  if (!found.ok() && found.status().kind() != StatusKind::kNotFound) return found.status();
  std::optional<UserRecord> user;
  if (found.ok()) user = std::move(found.value());
  if (Status st = CheckLoginThrottle(r.username, user, r.address, now); !st.ok()) {
    Log("login_refused", r.username, user ? user->id : 0, nullptr, r.address, st.message());
    return st;
  }
  // Spend the same time as a real check when there is no user, so that response times do not
  // reveal which usernames exist.
  static const std::string dummy = HashPassword("not-a-real-password").value();
  bool password_ok = VerifyPassword(r.password, user ? user->password_hash : dummy) && user.has_value();
  if (!password_ok || user->disabled()) {
    RecordFailure(r.username, user, r.address, now);
    Log("login_failed", r.username, user ? user->id : 0, nullptr, r.address,
        !user ? "unknown user" : user->disabled() ? "account disabled" : "wrong password");
    return Status::Unauthorized("invalid_credentials", kWrongCredentials);
  }
  if (Status st = CheckSecondFactor(*user, r.otp, now); !st.ok()) {
    if (st.code() == "invalid_otp") RecordFailure(r.username, user, r.address, now);
    Log("login_failed", r.username, user->id, nullptr, r.address, st.code());
    return st;
  }
  if (user->failed_logins != 0 || user->locked_until_ms != 0) {
    auto reset = ChangeUser(user->id, [](const UserRecord& cur) -> Result<UserRecord> {
      UserRecord u = cur;
      u.failed_logins = 0;
      u.locked_until_ms = 0;
      return u;
    });
    if (!reset.ok()) return reset.status();
  }
  auto out = StartSession(*user, r.address);
  if (out.ok()) Log("login_succeeded", user->username, user->id, nullptr, r.address);
  return out;
}

Result<LoginResult> IdentityService::StartSession(const UserRecord& u, const std::string& address) {
  SessionRecord s;
  s.id = Base64UrlEncode(RandomBytes(18));
  s.user_id = u.id;
  s.created_ms = NowUnixMillis();
  s.expires_ms = s.created_ms + ttl_ms_;
  s.address = address;
  auto stored = AwaitDone<SessionRecord>([&](Done<SessionRecord> d) { store_.CreateSession(s, std::move(d)); });
  if (!stored.ok()) return stored.status();
  LoginResult out;
  out.principal = Principal{u.id, u.username, u.role, u.org_tin, "token", s.id};
  out.expires_ms = s.expires_ms;
  out.token = signer_.Issue(out.principal, out.expires_ms);
  return out;
}

Status IdentityService::EndSessions(int64_t user_id, const std::string& session_id) {
  auto ended = AwaitDone<int64_t>([&](Done<int64_t> d) {
    store_.RevokeSessions(user_id, session_id, NowUnixMillis(), std::move(d));
  });
  return ended.ok() ? Status::Ok() : ended.status();
}

Status IdentityService::Logout(const Principal& who, const std::string& address) {
  if (Status st = access::Allow(who, access::Action::kManageOwnAccount); !st.ok()) return st;
  if (who.session.empty()) return Status::Invalid("not_a_session", "an API key is revoked, not signed out");
  if (Status st = EndSessions(who.user_id, who.session); !st.ok()) return st;
  Log("logout", who.username, who.user_id, &who, address);
  return Status::Ok();
}

Result<LoginResult> IdentityService::Refresh(const Principal& who, const std::string& address) {
  if (Status st = access::Allow(who, access::Action::kManageOwnAccount); !st.ok()) return st;
  if (who.session.empty()) return Status::Invalid("not_a_session", "an API key does not expire; there is nothing to refresh");
  auto u = store_.GetUser(who.user_id);
  if (!u.ok()) return u.status();
  auto next = StartSession(u.value(), address);
  if (!next.ok()) return next.status();
  if (Status st = EndSessions(who.user_id, who.session); !st.ok()) return st;
  return next;
}

Result<Principal> IdentityService::Authenticate(std::string_view auth, std::string_view api_key) {
  if (!api_key.empty()) {
    std::string digest = Blake2bHex(api_key);
    {
      std::lock_guard lk(cache_mu_);
      auto it = api_key_cache_.find(digest);
      if (it != api_key_cache_.end()) return it->second;
    }
    // Revoked keys and disabled users are read from the store: every change to either clears
    // the cache (ChangeUser, RevokeApiKey).
    auto k = store_.FindApiKey(digest);
    if (!k.ok()) return k.status().kind() == StatusKind::kNotFound ? Status::Unauthorized("unknown API key") : k.status();
    if (k->revoked_ms) return Status::Unauthorized("this API key was revoked");
    auto u = store_.GetUser(k->user_id);
    if (!u.ok()) return Status::Unauthorized("the API key's user no longer exists");
    if (u->disabled()) return Status::Unauthorized("the API key's user is disabled");
    Principal p{u->id, u->username, u->role, u->org_tin, "api_key:" + std::to_string(k->id), "", k->read_only};
    std::lock_guard lk(cache_mu_);
    api_key_cache_[digest] = p;
    return p;
  }
  if (auth.empty()) return Status::Unauthorized("authentication required: send 'Authorization: Bearer <token>' or 'X-API-Key'");
  constexpr std::string_view kBearer = "Bearer ";
  if (auth.substr(0, kBearer.size()) != kBearer) return Status::Unauthorized("only Bearer tokens are accepted");
  int64_t now = NowUnixMillis();
  auto claimed = signer_.Verify(auth.substr(kBearer.size()), now);
  if (!claimed.ok()) return claimed.status();
  // A signature proves who the token was issued to, not who that user is now nor that the session
  // is still open: the role and organisation come from the user record, and the session must be
  // in force (two reads by primary key).
  auto u = store_.GetUser(claimed->user_id);
  if (!u.ok())
    return u.status().kind() == StatusKind::kNotFound ? Status::Unauthorized("the token's user does not exist")
                                                      : u.status();
  if (u->disabled()) return Status::Unauthorized("this account is disabled");
  auto s = store_.GetSession(claimed->session);
  if (!s.ok())
    return s.status().kind() == StatusKind::kNotFound ? Status::Unauthorized("the session has ended: sign in again")
                                                      : s.status();
  if (s->user_id != u->id || s->revoked_ms || s->expires_ms <= now)
    return Status::Unauthorized("the session has ended: sign in again");
  return Principal{u->id, u->username, u->role, u->org_tin, "token", s->id};
}

Status IdentityService::ChangePassword(const Principal& who, std::string_view current, std::string_view next,
                                       const std::string& address) {
  if (Status st = access::Allow(who, access::Action::kManageOwnAccount); !st.ok()) return st;
  auto u = store_.GetUser(who.user_id);
  if (!u.ok()) return u.status();
  if (!VerifyPassword(current, u->password_hash))
    return Status::Forbidden("wrong_password", "the current password is not right");
  if (Status st = CheckPasswordPolicy(next); !st.ok()) return st;
  auto hash = HashPassword(next);
  if (!hash.ok()) return hash.status();
  auto changed = ChangeUser(who.user_id, [&hash](const UserRecord& cur) -> Result<UserRecord> {
    UserRecord u = cur;
    u.password_hash = hash.value();
    return u;
  });
  if (!changed.ok()) return changed.status();
  // Whoever knew the old password is signed out, this session too: the new password signs in.
  auto sessions_ended = AwaitDone<int64_t>([&](Done<int64_t> d) {
    store_.RevokeSessions(who.user_id, "", NowUnixMillis(), std::move(d));
  });
  if (!sessions_ended.ok()) return sessions_ended.status();
  Log("password_changed", who.username, who.user_id, &who, address);
  return Status::Ok();
}

Result<TotpEnrolment> IdentityService::BeginTotp(const Principal& who) {
  if (Status st = access::Allow(who, access::Action::kManageOwnAccount); !st.ok()) return st;
  std::string secret = RandomBytes(totp::kKeyBytes);
  auto changed = ChangeUser(who.user_id, [&secret](const UserRecord& cur) -> Result<UserRecord> {
    if (cur.totp_enabled)
      return Status::Conflict("totp_enabled", "a second factor is in force: an administrator removes it first");
    UserRecord u = cur;
    u.totp_secret = secret;
    return u;
  });
  if (!changed.ok()) return changed.status();
  return TotpEnrolment{totp::Base32(secret), totp::ProvisioningUri(kIssuer, who.username, secret)};
}

Status IdentityService::ConfirmTotp(const Principal& who, std::string_view code) {
  if (Status st = access::Allow(who, access::Action::kManageOwnAccount); !st.ok()) return st;
  int64_t now_s = NowUnixMillis() / 1000;
  auto changed = ChangeUser(who.user_id, [&](const UserRecord& cur) -> Result<UserRecord> {
    if (cur.totp_enabled) return Status::Conflict("totp_enabled", "the second factor is already in force");
    if (cur.totp_secret.empty()) return Status::Conflict("no_totp_pending", "start the enrolment first");
    auto step = totp::Verify(cur.totp_secret, code, now_s, cur.totp_last_step);
    if (!step) return Status::Invalid("invalid_otp", "the code does not match: check the device's clock and try again");
    UserRecord u = cur;
    u.totp_enabled = true;
    u.totp_last_step = *step;
    return u;
  });
  if (!changed.ok()) return changed.status();
  Log("totp_enabled", who.username, who.user_id, &who, "");
  return Status::Ok();
}

Result<UserRecord> IdentityService::ChangeUser(int64_t id, IdentityStore::UserChange change) {
  auto r = AwaitDone<UserRecord>([&](Done<UserRecord> d) { store_.UpdateUser(id, std::move(change), std::move(d)); });
  std::lock_guard lk(cache_mu_);
  api_key_cache_.clear();  // the cached principals may hold the old role or a disabled user
  return r;
}

Status IdentityService::MarkDemo() {
  auto r = AwaitDone<bool>([&](Done<bool> d) { store_.PutSetting("demo_accounts", "true", std::move(d)); });
  return r.ok() ? Status::Ok() : r.status();
}

bool IdentityService::IsDemo() {
  auto v = store_.GetSetting("demo_accounts");
  return v.ok() && v.value() == "true";
}

}  // namespace oc
