// IdentityService: administration of users, API keys, the security log and the organisation
// registry.
#include "clearance/identity_service.h"

#include "common/dates.h"
#include "common/encoding.h"
#include "identity/access.h"
#include "identity/password.h"
#include "store/done.h"

namespace oc {

Result<std::vector<UserRecord>> IdentityService::ListUsers(const Principal& who) {
  if (Status st = access::Allow(who, access::Action::kManageUsers); !st.ok()) return st;
  return store_.ListUsers();
}

Result<UserRecord> IdentityService::UpdateUser(const Principal& who, int64_t user_id, const UserPatch& patch,
                                               const std::string& address) {
  if (Status st = access::Allow(who, access::Action::kManageUsers); !st.ok()) return st;
  if (user_id == who.user_id && ((patch.disabled && *patch.disabled) || (patch.role && *patch.role != who.role)))
    return Status::Conflict("own_account", "administrators do not disable or demote themselves: ask another one");
  if (patch.org_tin && !patch.org_tin->empty() && !IsValidTin(*patch.org_tin))
    return Status::Invalid("invalid_tin", "a TIN is 1-17 of A-Z, 0-9");
  int64_t now = NowUnixMillis();
  std::string what;
  auto changed = ChangeUser(user_id, [&](const UserRecord& cur) -> Result<UserRecord> {
    UserRecord u = cur;
    if (patch.role) u.role = *patch.role;
    if (patch.org_tin) u.org_tin = *patch.org_tin;
    if (patch.disabled) u.disabled_ms = *patch.disabled ? (cur.disabled_ms ? cur.disabled_ms : now) : 0;
    if (u.role == Role::kTrader && !IsValidTin(u.org_tin))
      return Status::Invalid("org_required", "a trader user belongs to an organisation: give its TIN");
    if (u.role != Role::kTrader && !u.org_tin.empty())
      return Status::Invalid("org_not_allowed", "only trader users belong to a trader organisation");
    if (u.role != cur.role) what += std::string("role ") + RoleName(cur.role) + " -> " + RoleName(u.role) + "; ";
    if (u.org_tin != cur.org_tin) what += "organisation " + cur.org_tin + " -> " + u.org_tin + "; ";
    if (u.disabled() != cur.disabled()) what += u.disabled() ? "disabled; " : "enabled; ";
    return u;
  });
  if (!changed.ok()) return changed.status();
  if (changed->disabled())
    if (Status st = EndSessions(user_id, ""); !st.ok()) return st;
  if (!what.empty()) Log("user_changed", changed->username, user_id, &who, address, what);
  return changed;
}

Status IdentityService::ResetPassword(const Principal& who, int64_t user_id, std::string_view password,
                                      const std::string& address) {
  if (Status st = access::Allow(who, access::Action::kManageUsers); !st.ok()) return st;
  if (Status st = CheckPasswordPolicy(password); !st.ok()) return st;
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  auto changed = ChangeUser(user_id, [&hash](const UserRecord& cur) -> Result<UserRecord> {
    UserRecord u = cur;
    u.password_hash = hash.value();
    u.failed_logins = 0;
    u.locked_until_ms = 0;
    return u;
  });
  if (!changed.ok()) return changed.status();
  if (Status st = EndSessions(user_id, ""); !st.ok()) return st;
  Log("password_reset", changed->username, user_id, &who, address);
  return Status::Ok();
}

Result<UserRecord> IdentityService::Unlock(const Principal& who, int64_t user_id, bool remove_totp,
                                           const std::string& address) {
  if (Status st = access::Allow(who, access::Action::kManageUsers); !st.ok()) return st;
  auto changed = ChangeUser(user_id, [remove_totp](const UserRecord& cur) -> Result<UserRecord> {
    UserRecord u = cur;
    u.failed_logins = 0;
    u.locked_until_ms = 0;
    if (remove_totp) {
      u.totp_secret.clear();
      u.totp_enabled = false;
    }
    return u;
  });
  if (!changed.ok()) return changed.status();
  Log("user_unlocked", changed->username, user_id, &who, address, remove_totp ? "second factor removed" : "");
  return changed;
}

Result<std::vector<SecurityEvent>> IdentityService::SecurityEvents(const Principal& who, int64_t after, int limit) {
  if (Status st = access::Allow(who, access::Action::kManageUsers); !st.ok()) return st;
  return store_.SecurityEvents(after, limit);
}

Result<NewApiKey> IdentityService::CreateApiKey(const Principal& who, int64_t owner, const std::string& name,
                                                bool read_only) {
  if (Status st = access::Allow(who, access::Action::kManageApiKeys, {.user_id = owner}); !st.ok()) return st;
  if (name.empty() || name.size() > 64) return Status::Invalid("invalid_name", "an API key needs a name of 1-64 characters");
  auto u = store_.GetUser(owner);
  if (!u.ok()) return Status::NotFound("no user with id " + std::to_string(owner));
  NewApiKey out;
  out.key = "ock_" + Base64UrlEncode(RandomBytes(24));
  ApiKeyRecord k;
  k.user_id = owner;
  k.name = name;
  k.key_hash = Blake2bHex(out.key);
  k.read_only = read_only;
  auto stored = store_.CreateApiKeySync(std::move(k));
  if (!stored.ok()) return stored.status();
  out.record = std::move(stored.value());
  Log("api_key_created", u->username, owner, &who, "", "key " + std::to_string(out.record.id) + " '" + name + "'" +
                                                          (read_only ? " (read only)" : ""));
  return out;
}

Result<std::vector<ApiKeyRecord>> IdentityService::ListApiKeys(const Principal& who, std::optional<int64_t> user_id) {
  int64_t of = user_id.value_or(who.user_id);
  if (of == 0) {
    if (Status st = access::Allow(who, access::Action::kManageUsers); !st.ok()) return st;
  } else if (Status st = access::Allow(who, access::Action::kManageApiKeys, {.user_id = of}); !st.ok()) {
    return st;
  }
  auto keys = store_.ListApiKeys(of);
  if (!keys.ok()) return keys;
  for (auto& k : keys.value()) k.key_hash.clear();  // a digest is no secret, but of no use to a reader
  return keys;
}

Result<ApiKeyRecord> IdentityService::RevokeApiKey(const Principal& who, int64_t key_id, const std::string& address) {
  if (Status st = access::Allow(who, access::Action::kManageApiKeys); !st.ok()) return st;
  auto keys = store_.ListApiKeys(access::Unrestricted(who, access::Action::kManageApiKeys) ? 0 : who.user_id);
  if (!keys.ok()) return keys.status();
  const ApiKeyRecord* found = nullptr;
  for (const auto& k : keys.value())
    if (k.id == key_id) found = &k;
  // Another user's key is answered as if there were none.
  if (!found || !access::Allowed(who, access::Action::kManageApiKeys, {.user_id = found->user_id}))
    return Status::NotFound("unknown_api_key", "no API key " + std::to_string(key_id));
  auto revoked = AwaitDone<ApiKeyRecord>([&](Done<ApiKeyRecord> d) {
    store_.RevokeApiKey(key_id, NowUnixMillis(), std::move(d));
  });
  {
    std::lock_guard lk(cache_mu_);
    api_key_cache_.clear();
  }
  if (!revoked.ok()) return revoked.status();
  revoked->key_hash.clear();
  Log("api_key_revoked", who.username, revoked->user_id, &who, address, "key " + std::to_string(key_id));
  return revoked;
}

Result<Organisation> IdentityService::GetOrganisation(const Principal& who, const std::string& tin) {
  if (Status st = access::Allow(who, access::Action::kReadOrganisation, {tin}); !st.ok()) return st;
  return store_.GetOrganisation(tin);
}

void IdentityService::PutOrganisation(const Principal& who, Organisation o, Done<Organisation> done) {
  if (Status st = access::Allow(who, access::Action::kRegisterOrganisation); !st.ok()) return done(st);
  if (Status st = ValidateOrganisation(o); !st.ok()) return done(st);
  if (!ref_->countries().Contains(o.country))
    return done(Status::Invalid("invalid_country", "unknown country code '" + o.country + "'"));
  o.updated_ms = NowUnixMillis();
  o.updated_by = who.username;
  store_.PutOrganisation(std::move(o), std::move(done));
}

}  // namespace oc
