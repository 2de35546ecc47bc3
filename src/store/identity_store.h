// Users, API keys and the registry of organisations.
//
// One facet of the storage interface (store/store.h has the contract every facet shares: writes
// asynchronous with `done` called once after the write is durable or has failed, on a store
// thread; reads synchronous, thread-safe and seeing every acknowledged write; errors as Status).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "identity/organisation.h"
#include "identity/records.h"
#include "store/done.h"

namespace oc {

class IdentityStore {
 public:
  virtual ~IdentityStore() = default;

  // --- users ---
  virtual void CreateUser(UserRecord u, Done<UserRecord> done) = 0;  // Conflict("username_taken")
  virtual Result<UserRecord> FindUser(const std::string& username) = 0;
  virtual Result<UserRecord> GetUser(int64_t id) = 0;
  virtual Result<std::vector<UserRecord>> ListUsers() = 0;
  // Reads user `id`, applies `change` (a pure decision: it returns the record to store, or an
  // error that writes nothing) and stores the result, in one transaction on the writer, so that
  // concurrent changes (a failed sign-in, a password reset) never undo each other. NotFound for no
  // such user. Every column but id, username and created_at is written from the returned record.
  using UserChange = std::function<Result<UserRecord>(const UserRecord&)>;
  virtual void UpdateUser(int64_t id, UserChange change, Done<UserRecord> done) = 0;

  // --- API keys ---
  virtual void CreateApiKey(ApiKeyRecord k, Done<ApiKeyRecord> done) = 0;
  virtual Result<ApiKeyRecord> FindApiKey(const std::string& key_hash) = 0;  // revoked ones too
  virtual Result<std::vector<ApiKeyRecord>> ListApiKeys(int64_t user_id) = 0;  // 0 = every user's
  // Marks key `id` revoked at `at_ms` (kept for the record); NotFound("unknown_api_key").
  virtual void RevokeApiKey(int64_t id, int64_t at_ms, Done<ApiKeyRecord> done) = 0;

  // --- sessions ---
  virtual void CreateSession(SessionRecord s, Done<SessionRecord> done) = 0;
  virtual Result<SessionRecord> GetSession(const std::string& id) = 0;  // NotFound("unknown_session")
  // Revokes session `id`, or every session of `user_id` when `id` is empty, at `at_ms`; `done`
  // gets how many were in force.
  virtual void RevokeSessions(int64_t user_id, std::string id, int64_t at_ms, Done<int64_t> done) = 0;

  // --- the security log and instance settings ---
  virtual void AppendSecurityEvent(SecurityEvent e, Done<SecurityEvent> done) = 0;
  // Events with id > after, oldest first, at most `limit`.
  virtual Result<std::vector<SecurityEvent>> SecurityEvents(int64_t after, int limit) = 0;
  virtual void PutSetting(std::string name, std::string value, Done<bool> done) = 0;
  virtual Result<std::string> GetSetting(const std::string& name) = 0;  // "" when unset

  // --- organisations (the registry of traders' names and addresses) ---
  // Inserts or replaces the organisation with o.tin; the stored record back.
  virtual void PutOrganisation(Organisation o, Done<Organisation> done) = 0;
  virtual Result<Organisation> GetOrganisation(const std::string& tin) = 0;  // NotFound("unknown_organisation")

  Result<UserRecord> CreateUserSync(UserRecord u);
  Result<ApiKeyRecord> CreateApiKeySync(ApiKeyRecord k);
  Result<Organisation> PutOrganisationSync(Organisation o);
};

}  // namespace oc
