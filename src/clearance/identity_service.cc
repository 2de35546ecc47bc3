#include "clearance/identity_service.h"

#include "common/dates.h"
#include "common/encoding.h"
#include "identity/access.h"
#include "identity/password.h"

namespace oc {

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
                                 int64_t ttl_ms)
    : store_(store), ref_(std::move(ref)), signer_(std::move(token_key)), ttl_ms_(ttl_ms) {}

Result<UserRecord> IdentityService::AddUser(const Principal& who, const std::string& username, Role role,
                                            const std::string& org_tin, std::string_view password) {
  if (Status st = access::Allow(who, access::Action::kManageUsers); !st.ok()) return st;
  return AddUser(username, role, org_tin, password);
}

Result<std::vector<UserRecord>> IdentityService::ListUsers(const Principal& who) {
  if (Status st = access::Allow(who, access::Action::kManageUsers); !st.ok()) return st;
  return store_.ListUsers();
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

Result<LoginResult> IdentityService::Login(const std::string& username, std::string_view password) {
  auto u = store_.FindUser(username);
  if (!u.ok()) {
    if (u.status().kind() != StatusKind::kNotFound) return u.status();
    // Spend the same time as a real check so that response times do not reveal valid usernames.
    static const std::string dummy = HashPassword("not-a-real-password").value();
    VerifyPassword(password, dummy);
    return Status::Unauthorized("invalid username or password");
  }
  if (!VerifyPassword(password, u->password_hash)) return Status::Unauthorized("invalid username or password");
  LoginResult out;
  out.principal.user_id = u->id;
  out.principal.username = u->username;
  out.principal.role = u->role;
  out.principal.org_tin = u->org_tin;
  out.principal.via = "token";
  out.expires_ms = NowUnixMillis() + ttl_ms_;
  out.token = signer_.Issue(out.principal, out.expires_ms);
  return out;
}

Result<Principal> IdentityService::Authenticate(std::string_view auth, std::string_view api_key) {
  if (!api_key.empty()) {
    std::string digest = Blake2bHex(api_key);
    {
      std::lock_guard lk(cache_mu_);
      auto it = api_key_cache_.find(digest);
      if (it != api_key_cache_.end()) return it->second;
    }
    auto k = store_.FindApiKey(digest);
    if (!k.ok()) return Status::Unauthorized("unknown API key");
    auto u = store_.GetUser(k->user_id);
    if (!u.ok()) return Status::Unauthorized("the API key's user no longer exists");
    Principal p{u->id, u->username, u->role, u->org_tin, "api_key:" + std::to_string(k->id)};
    std::lock_guard lk(cache_mu_);
    api_key_cache_[digest] = p;
    return p;
  }
  if (auth.empty()) return Status::Unauthorized("authentication required: send 'Authorization: Bearer <token>' or 'X-API-Key'");
  constexpr std::string_view kBearer = "Bearer ";
  if (auth.substr(0, kBearer.size()) != kBearer) return Status::Unauthorized("only Bearer tokens are accepted");
  auto claimed = signer_.Verify(auth.substr(kBearer.size()), NowUnixMillis());
  if (!claimed.ok()) return claimed.status();
  // A signature proves who the token was issued to, not who that user is now: the role and
  // organisation come from the user record (one read by primary key), and a token of a user
  // that does not exist opens nothing.
  auto u = store_.GetUser(claimed->user_id);
  if (!u.ok())
    return u.status().kind() == StatusKind::kNotFound ? Status::Unauthorized("the token's user does not exist")
                                                      : u.status();
  return Principal{u->id, u->username, u->role, u->org_tin, claimed->via};
}

Result<NewApiKey> IdentityService::CreateApiKey(const Principal& who, int64_t owner, const std::string& name) {
  if (Status st = access::Allow(who, access::Action::kCreateApiKey, {.user_id = owner}); !st.ok()) return st;
  if (name.empty() || name.size() > 64) return Status::Invalid("invalid_name", "an API key needs a name of 1-64 characters");
  auto u = store_.GetUser(owner);
  if (!u.ok()) return Status::NotFound("no user with id " + std::to_string(owner));
  NewApiKey out;
  out.key = "ock_" + Base64UrlEncode(RandomBytes(24));
  ApiKeyRecord k;
  k.user_id = owner;
  k.name = name;
  k.key_hash = Blake2bHex(out.key);
  auto stored = store_.CreateApiKeySync(std::move(k));
  if (!stored.ok()) return stored.status();
  out.record = std::move(stored.value());
  return out;
}

}  // namespace oc
