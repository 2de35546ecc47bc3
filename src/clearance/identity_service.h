// IdentityService: users, passwords, sessions and their tokens, the second factor, API keys, the
// security log and the organisation registry. Methods taking a Principal check it through the
// access policy (identity/access.h).
//
// Access can be taken back: a token names a session, and every request reads the user and the
// session, so that signing out, disabling the user, a password reset or a role change takes effect
// on the next request, also after a restart. Accounts lock after failed sign-ins
// (identity/lockout.h); failed and successful sign-ins and every account change go to the
// security log.
//
// Thread-safe. Login and password changes are deliberately slow (Argon2id): call them off
// latency-critical threads.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "identity/lockout.h"
#include "identity/organisation.h"
#include "identity/principal.h"
#include "identity/token.h"
#include "refdata/reference_data.h"
#include "store/identity_store.h"

namespace oc {

struct LoginRequest {
  std::string username, password;
  std::string otp;      // the second factor's 6 digits, when the user has one
  std::string address;  // the client's address, for throttling and the log
};

struct LoginResult {
  std::string token;
  int64_t expires_ms = 0;
  Principal principal;
};

struct NewApiKey {
  std::string key;  // shown once: "ock_<random>"; only its digest is stored
  ApiKeyRecord record;
};

// An administrator's change to a user: members left empty stay as they are.
struct UserPatch {
  std::optional<Role> role;
  std::optional<std::string> org_tin;
  std::optional<bool> disabled;
};

struct TotpEnrolment {
  std::string secret;  // base32, for typing into an authenticator app
  std::string uri;     // otpauth://totp/...: the same as a QR code's content
};

class IdentityService {
 public:
  // `ref` gives the country codes organisations are checked against; it must not be null.
  IdentityService(IdentityStore& store, std::shared_ptr<const ReferenceData> ref, std::string token_key,
                  int64_t token_ttl_ms = 8 * 3600 * 1000, lockout::Policy lockout = {});

  // --- users (identity_service.cc) ---
  // Creates a user. Invalid for a bad username/password/org, Conflict("username_taken"). The
  // operator's (CLI, seeding); administrators use the next one.
  Result<UserRecord> AddUser(const std::string& username, Role role, const std::string& org_tin,
                             std::string_view password);
  // The same on behalf of `who`: Forbidden unless an administrator. Slow (hashes the password).
  Result<UserRecord> AddUser(const Principal& who, const std::string& username, Role role, const std::string& org_tin,
                             std::string_view password);

  // --- signing in and out ---
  // Unauthorized("invalid_credentials") for an unknown user, a wrong password or a disabled
  // account (one message for all, in the same time); Unauthorized("otp_required" |
  // "invalid_otp") when the user has a second factor; TooManyRequests("too_many_attempts") while
  // the account (whether or not it exists) or the address is locked. Every attempt is logged.
  Result<LoginResult> Login(const LoginRequest& r);
  // Ends the session of `who`'s token. Invalid("not_a_session") for an API key.
  Status Logout(const Principal& who, const std::string& address);
  // A new token and session for `who`, whose current session ends. Invalid for an API key.
  Result<LoginResult> Refresh(const Principal& who, const std::string& address);
  // Resolves "Bearer <token>" or an API key to the user as stored now (role and organisation
  // from the user record, not the token); Unauthorized with the reason otherwise: an unknown,
  // disabled or deleted user, an ended or expired session, a revoked key. Internal on a storage
  // error.
  Result<Principal> Authenticate(std::string_view authorization_header, std::string_view api_key_header);
  // Changes `who`'s own password (the current one is required); every session of the user ends,
  // this one too (Forbidden("wrong_password") for a wrong current one).
  Status ChangePassword(const Principal& who, std::string_view current, std::string_view next,
                        const std::string& address);

  // --- the second factor (RFC 6238 TOTP) ---
  // A new secret for `who`, not in force until ConfirmTotp; replaces an unconfirmed one.
  // Conflict("totp_enabled") when one is already in force.
  Result<TotpEnrolment> BeginTotp(const Principal& who);
  // Puts the pending secret in force once `code` matches it. Invalid("invalid_otp").
  Status ConfirmTotp(const Principal& who, std::string_view code);

  // --- administration (identity_admin.cc): administrators only ---
  Result<std::vector<UserRecord>> ListUsers(const Principal& who);
  // Role, organisation, disabled; disabling ends the user's sessions. Conflict("own_account")
  // when an administrator would disable or demote itself.
  Result<UserRecord> UpdateUser(const Principal& who, int64_t user_id, const UserPatch& patch,
                                const std::string& address);
  // Sets a new password and ends the user's sessions.
  Status ResetPassword(const Principal& who, int64_t user_id, std::string_view password, const std::string& address);
  // Lifts a lockout and removes the second factor when `remove_totp` (a lost phone).
  Result<UserRecord> Unlock(const Principal& who, int64_t user_id, bool remove_totp, const std::string& address);
  // The security log, oldest first from after `after`.
  Result<std::vector<SecurityEvent>> SecurityEvents(const Principal& who, int64_t after, int limit);

  // --- API keys: everyone for themselves, administrators for anyone ---
  // Issues a key acting as `owner` (a user id); `read_only` keys may only read.
  Result<NewApiKey> CreateApiKey(const Principal& who, int64_t owner_user_id, const std::string& name,
                                 bool read_only = false);
  // `who`'s keys, or (administrators) `user_id`'s, or everyone's for user_id 0.
  Result<std::vector<ApiKeyRecord>> ListApiKeys(const Principal& who, std::optional<int64_t> user_id);
  // Revokes a key at once. NotFound("unknown_api_key") also for another user's key.
  Result<ApiKeyRecord> RevokeApiKey(const Principal& who, int64_t key_id, const std::string& address);

  // --- the organisation registry ---
  // A registered organisation: Forbidden for another trader's, NotFound("unknown_organisation").
  Result<Organisation> GetOrganisation(const Principal& who, const std::string& tin);
  // Registers or replaces an organisation (supervisors and administrators): validated
  // (ValidateOrganisation, then Invalid("invalid_country") for an unknown country code), stamped
  // with who and when; `done` gets it as stored, on a store thread.
  void PutOrganisation(const Principal& who, Organisation o, Done<Organisation> done);

  // --- demo data ---
  // Marks the store as demo data (its accounts share a published password), which the sign-in
  // page may then say; IsDemo reads it.
  Status MarkDemo();
  bool IsDemo();

  const TokenSigner& signer() const { return signer_; }

 private:
  Result<LoginResult> StartSession(const UserRecord& u, const std::string& address);
  // Writes `change` to user `id` and waits; clears cached API-key principals.
  Result<UserRecord> ChangeUser(int64_t id, IdentityStore::UserChange change);
  Status EndSessions(int64_t user_id, const std::string& session_id);
  void Log(std::string kind, const std::string& username, int64_t user_id, const Principal* actor,
           const std::string& address, std::string detail = "");
  Status CheckLoginThrottle(const std::string& username, const std::optional<UserRecord>& user,
                            const std::string& address, int64_t now);
  void RecordFailure(const std::string& username, const std::optional<UserRecord>& user,
                     const std::string& address, int64_t now);
  Status CheckSecondFactor(const UserRecord& u, std::string_view otp, int64_t now);

  IdentityStore& store_;
  std::shared_ptr<const ReferenceData> ref_;
  TokenSigner signer_;
  int64_t ttl_ms_;
  lockout::Policy lockout_;
  std::mutex cache_mu_;
  std::unordered_map<std::string, Principal> api_key_cache_;  // key digest -> principal
  std::mutex throttle_mu_;
  lockout::FailureWindow address_failures_;
  // Names no account has lock like real ones, so that a lock does not tell which names exist.
  std::unordered_map<std::string, lockout::AccountState> unknown_names_;
};

// Username policy: 3-64 of [a-z0-9._-]. TIN policy: 1-17 of [A-Z0-9].
bool IsValidUsername(std::string_view name);
bool IsValidTin(std::string_view tin);

}  // namespace oc
