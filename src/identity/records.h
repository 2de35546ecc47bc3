// The stored forms of identity: users and their API keys.
#pragma once

#include <cstdint>
#include <string>

#include "identity/principal.h"

namespace oc {

struct UserRecord {
  int64_t id = 0;
  std::string username;
  Role role = Role::kTrader;
  std::string org_tin, password_hash;
  int64_t created_ms = 0;
};

struct ApiKeyRecord {
  int64_t id = 0, user_id = 0;
  std::string name, key_hash;
  int64_t created_ms = 0;
};

}  // namespace oc
