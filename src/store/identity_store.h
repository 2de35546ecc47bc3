// Users, API keys and the registry of organisations.
//
// One facet of the storage interface (store/store.h has the contract every facet shares: writes
// asynchronous with `done` called once after the write is durable or has failed, on a store
// thread; reads synchronous, thread-safe and seeing every acknowledged write; errors as Status).
#pragma once

#include <string>
#include <vector>

#include "identity/organisation.h"
#include "identity/records.h"
#include "store/done.h"

namespace oc {

class IdentityStore {
 public:
  virtual ~IdentityStore() = default;

  // --- identity ---
  virtual void CreateUser(UserRecord u, Done<UserRecord> done) = 0;  // Conflict("username_taken")
  virtual Result<UserRecord> FindUser(const std::string& username) = 0;
  virtual Result<UserRecord> GetUser(int64_t id) = 0;
  virtual Result<std::vector<UserRecord>> ListUsers() = 0;
  virtual void CreateApiKey(ApiKeyRecord k, Done<ApiKeyRecord> done) = 0;
  virtual Result<ApiKeyRecord> FindApiKey(const std::string& key_hash) = 0;

  // --- organisations (the registry of traders' names and addresses) ---
  // Inserts or replaces the organisation with o.tin; the stored record back.
  virtual void PutOrganisation(Organisation o, Done<Organisation> done) = 0;
  virtual Result<Organisation> GetOrganisation(const std::string& tin) = 0;  // NotFound("unknown_organisation")

  Result<UserRecord> CreateUserSync(UserRecord u);
  Result<ApiKeyRecord> CreateApiKeySync(ApiKeyRecord k);
  Result<Organisation> PutOrganisationSync(Organisation o);
};

}  // namespace oc
