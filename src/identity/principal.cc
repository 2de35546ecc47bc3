#include "identity/principal.h"

namespace oc {

const char* RoleName(Role r) {
  switch (r) {
    case Role::kTrader: return "trader";
    case Role::kRiskOfficer: return "risk_officer";
    case Role::kInspectionOfficer: return "inspection_officer";
    case Role::kSupervisor: return "supervisor";
    case Role::kAdmin: return "admin";
  }
  return "trader";
}

std::optional<Role> RoleFromName(std::string_view n) {
  for (Role r : {Role::kTrader, Role::kRiskOfficer, Role::kInspectionOfficer, Role::kSupervisor, Role::kAdmin})
    if (n == RoleName(r)) return r;
  return std::nullopt;
}

std::string Principal::ActorLabel() const {
  return "user:" + std::to_string(user_id) + " (" + username + (via.empty() || via == "token" ? "" : ", " + via) + ")";
}

}  // namespace oc
