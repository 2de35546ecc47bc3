// Principal: the authenticated caller (a user or a system client holding an API key) and its role.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oc {

enum class Role { kTrader, kRiskOfficer, kInspectionOfficer, kSupervisor, kAdmin };

const char* RoleName(Role r);  // "trader", "risk_officer", "inspection_officer", "supervisor", "admin"
std::optional<Role> RoleFromName(std::string_view name);

struct Principal {
  int64_t user_id = 0;
  std::string username;
  Role role = Role::kTrader;
  std::string org_tin;  // trader organisation; empty for customs staff
  std::string via;      // "token" or "api_key:<id>" — recorded with every write
  std::string session;  // the session a token belongs to ("" for API keys and the CLI)
  bool read_only = false;  // an API key scoped to reading (access::Allowed refuses the rest)

  bool is_trader() const { return role == Role::kTrader; }
  bool is_customs() const { return role == Role::kRiskOfficer || role == Role::kInspectionOfficer || role == Role::kSupervisor; }
  bool is_admin() const { return role == Role::kAdmin; }
  // "user:7 (acme-clerk)" — the actor text stored in histories.
  std::string ActorLabel() const;
};

}  // namespace oc
