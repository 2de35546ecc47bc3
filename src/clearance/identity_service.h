// IdentityService: users, passwords, session tokens, API keys and the organisation registry.
// Methods taking a Principal check it through the access policy (identity/access.h).
// Thread-safe. Login is deliberately slow (Argon2id): call it off latency-critical threads.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "identity/organisation.h"
#include "identity/principal.h"
#include "identity/token.h"
#include "refdata/reference_data.h"
#include "store/identity_store.h"

namespace oc {

struct LoginResult {
  std::string token;
  int64_t expires_ms = 0;
  Principal principal;
};

struct NewApiKey {
  std::string key;  // shown once: "ock_<random>"; only its digest is stored
  ApiKeyRecord record;
};

class IdentityService {
 public:
  // `ref` gives the country codes organisations are checked against; it must not be null.
  IdentityService(IdentityStore& store, std::shared_ptr<const ReferenceData> ref, std::string token_key,
                  int64_t token_ttl_ms = 8 * 3600 * 1000);

  // Creates a user. Invalid for a bad username/password/org, Conflict("username_taken"). The
  // operator's (CLI, seeding); administrators use the next one.
  Result<UserRecord> AddUser(const std::string& username, Role role, const std::string& org_tin,
                             std::string_view password);
  // The same on behalf of `who`: Forbidden unless an administrator. Slow (hashes the password).
  Result<UserRecord> AddUser(const Principal& who, const std::string& username, Role role, const std::string& org_tin,
                             std::string_view password);
  // Every user; Forbidden unless `who` is an administrator.
  Result<std::vector<UserRecord>> ListUsers(const Principal& who);
  // Unauthorized("invalid_credentials") for an unknown user or wrong password (same message for both).
  Result<LoginResult> Login(const std::string& username, std::string_view password);
  // Resolves "Bearer <token>" or an API key to the user as stored now (role and organisation
  // from the user record, not the token); Unauthorized with the reason otherwise, also for a
  // validly signed token of a user that does not exist. Internal on a storage error.
  Result<Principal> Authenticate(std::string_view authorization_header, std::string_view api_key_header);
  // Issues an API key acting as `owner` (a user id). Forbidden unless `who` is an admin or the owner.
  Result<NewApiKey> CreateApiKey(const Principal& who, int64_t owner_user_id, const std::string& name);

  // A registered organisation: Forbidden for another trader's, NotFound("unknown_organisation").
  Result<Organisation> GetOrganisation(const Principal& who, const std::string& tin);
  // Registers or replaces an organisation (supervisors and administrators): validated
  // (ValidateOrganisation, then Invalid("invalid_country") for an unknown country code), stamped
  // with who and when; `done` gets it as stored, on a store thread.
  void PutOrganisation(const Principal& who, Organisation o, Done<Organisation> done);

  const TokenSigner& signer() const { return signer_; }

 private:
  IdentityStore& store_;
  std::shared_ptr<const ReferenceData> ref_;
  TokenSigner signer_;
  int64_t ttl_ms_;
  std::mutex cache_mu_;
  std::unordered_map<std::string, Principal> api_key_cache_;  // key digest -> principal
};

// Username policy: 3-64 of [a-z0-9._-]. TIN policy: 1-17 of [A-Z0-9].
bool IsValidUsername(std::string_view name);
bool IsValidTin(std::string_view tin);

}  // namespace oc
