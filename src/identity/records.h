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
  int64_t disabled_ms = 0;      // when an administrator disabled it; 0 = active
  int failed_logins = 0;        // consecutive failed sign-ins (identity/lockout.h)
  int64_t locked_until_ms = 0;  // no sign-in before this; 0 = not locked
  std::string totp_secret;      // raw RFC 6238 key; "" = no second factor
  bool totp_enabled = false;    // confirmed with a first code
  int64_t totp_last_step = 0;   // the last code's step: a code opens one sign-in only
  int64_t updated_ms = 0;

  bool disabled() const { return disabled_ms != 0; }
};

struct ApiKeyRecord {
  int64_t id = 0, user_id = 0;
  std::string name, key_hash;
  int64_t created_ms = 0;
  int64_t revoked_ms = 0;  // 0 = in force
  bool read_only = false;  // scope "read": may only take the actions access::ReadsOnly lists
};

// A signed-in session: what a token refers to, so that signing out or disabling the user ends it.
struct SessionRecord {
  std::string id;  // random, base64url
  int64_t user_id = 0;
  int64_t created_ms = 0, expires_ms = 0;
  int64_t revoked_ms = 0;  // 0 = in force
  std::string address;     // where it signed in from
};

// A security event for the audit log: sign-ins, lockouts, account and key changes.
struct SecurityEvent {
  int64_t id = 0;  // assigned by the store
  int64_t at_ms = 0;
  std::string kind;      // login_succeeded, login_failed, login_refused, logout, user_disabled, ...
  std::string username;  // as given (for a failed sign-in, possibly no user's)
  int64_t user_id = 0;   // 0 when no user is known
  std::string actor;     // who did it (ActorLabel), "" for the user itself signing in
  std::string address;
  std::string detail;
};

}  // namespace oc
