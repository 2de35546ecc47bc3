#include "identity/access.h"

#include <array>

namespace oc::access {

namespace {

using Roles = unsigned;

constexpr Roles Bit(Role r) { return 1u << static_cast<unsigned>(r); }

constexpr Roles kTrader = Bit(Role::kTrader);
constexpr Roles kRisk = Bit(Role::kRiskOfficer);
constexpr Roles kInspection = Bit(Role::kInspectionOfficer);
constexpr Roles kSupervisor = Bit(Role::kSupervisor);
constexpr Roles kAdmin = Bit(Role::kAdmin);
constexpr Roles kEveryone = kTrader | kRisk | kInspection | kSupervisor | kAdmin;
// Customs staff and administrators. Routes used to spell this two ways (is_customs() ||
// is_admin(), and !is_trader()); over the five roles both mean these four. It is listed, not
// derived from "not a trader", so that a role added later sees nothing customs-only until it is
// put here.
constexpr Roles kStaff = kRisk | kInspection | kSupervisor | kAdmin;
constexpr Roles kOfficers = kRisk | kInspection | kSupervisor;  // the lifecycle's officers, without admin
constexpr Roles kRiskManagers = kRisk | kSupervisor | kAdmin;

struct Rule {
  const char* name;
  Roles allowed;
  Roles own_only;           // of `allowed`, the roles limited to what they own
  const char* refusal;      // for a role not allowed; {role} is the principal's role
  const char* not_owner;    // for a thing not owned; {org} is the principal's organisation
};

constexpr const char* kForCustomsOfficers = "for customs officers";

// Indexed by Action; the static_assert below keeps it as long as the enum.
constexpr std::array<Rule, kActionCount> kRules = {{
    {"read_own_account", kEveryone, 0, "", ""},
    {"manage_own_account", kEveryone, 0, "", ""},
    {"manage_users", kAdmin, 0, "only administrators manage users", ""},
    {"manage_api_keys", kEveryone, kEveryone & ~kAdmin, "you may manage only your own API keys",
     "you may manage only your own API keys"},
    {"read_organisation", kEveryone, kTrader, "", "traders read their own organisation only"},
    {"register_organisation", kSupervisor | kAdmin, 0, "administrators and supervisors register organisations", ""},
    {"manage_webhook", kTrader, 0, "webhooks notify trader organisations", ""},
    {"lodge_declaration", kTrader, kTrader, "only trader accounts lodge declarations",
     "you may lodge only declarations whose declarant or representative is your organisation ({org})"},
    {"read_declaration", kEveryone, kTrader, "", "another organisation's declaration"},
    // The lifecycle (declaration/lifecycle ActorMayTake) says which moves each of these may
    // request; ClearanceService words the refusal with the move's name.
    {"act_on_declaration", kTrader | kOfficers, 0, "role '{role}' may not act on declarations", ""},
    {"withdraw_declaration", kTrader | kSupervisor, 0, "role '{role}' may not withdraw declarations", ""},
    {"amend_declaration", kTrader, 0, "only the declarant amends a declaration", ""},
    {"correct_declaration", kOfficers, 0, "customs officers correct declared values after an inspection", ""},
    {"read_notifications", kEveryone, kTrader, "", ""},
    {"use_reference_data", kEveryone, 0, "", ""},
    {"provide_guarantee", kTrader, 0, "the declarant or its representative provides the guarantee", ""},
    {"discharge_procedure", kOfficers, 0, "customs discharges a procedure", ""},
    {"read_payments", kEveryone, kTrader, "", ""},
    {"pay_from_deferred_account", kTrader, 0, "the trader charges its own orders to its deferred account", ""},
    {"pay_through_demo_bank", kEveryone, 0, "", ""},
    {"register_bank", kAdmin, 0, "only administrators register banks", ""},
    {"list_banks", kStaff, 0, "banks are listed for customs staff", ""},
    {"open_deferred_account", kSupervisor | kAdmin, 0, "supervisors authorise deferred payment", ""},
    {"register_guarantee", kSupervisor | kAdmin, 0, "supervisors accept guarantees", ""},
    {"pay_refund", kSupervisor, 0, "a supervisor pays refunds", ""},
    {"read_revenue_report", kStaff, 0, "the revenue report is for customs staff", ""},
    {"read_risk_rules", kStaff, 0, kForCustomsOfficers, ""},
    {"write_criteria", kRiskManagers, 0, "risk officers write selectivity criteria", ""},
    {"approve_criteria", kRiskManagers, 0, "risk officers approve selectivity criteria", ""},
    {"retire_criteria", kRiskManagers, 0, "risk officers retire selectivity criteria", ""},
    {"maintain_lists", kRiskManagers, 0, "risk officers maintain the lists of criteria", ""},
    {"read_risk_decision", kStaff, 0, "risk decisions are for customs officers", ""},
    {"record_inspection", kOfficers, 0, "inspection results are recorded by customs officers", ""},
    {"read_inspections", kStaff, 0, "inspection reports are for customs officers", ""},
    {"read_trader_profile", kEveryone, kTrader, "", "another trader's profile"},
    {"set_aeo", kSupervisor | kAdmin, 0, "supervisors grant and withdraw AEO status", ""},
    {"read_reports", kStaff, 0, kForCustomsOfficers, ""},
    {"read_unit_values", kStaff, 0, kForCustomsOfficers, ""},
    {"read_risk_models", kStaff, 0, kForCustomsOfficers, ""},
    {"manage_risk_models", kRiskManagers, 0, "risk officers choose the active model", ""},
    {"read_ledger_entries", kStaff, 0, "ledger entries are for customs officers", ""},
    {"read_witnesses", kStaff, 0, "only customs staff see the witnesses' status", ""},
    {"publish_checkpoint", kStaff, 0, "only customs staff publish checkpoints", ""},
    {"export_bundle", kEveryone, 0, "", ""},
    {"import_bundle", kEveryone, 0, "", ""},
    {"read_partner_documents", kEveryone, kTrader, "", ""},
    {"read_confidential_risk", kStaff, 0, "why customs selects a declaration is for customs officers", ""},
    {"read_devices", kEveryone, kTrader, "", "carriers see their own devices only"},
    {"manage_devices", kInspection | kSupervisor | kAdmin, 0,
     "devices are registered and fitted by inspection officers, supervisors and administrators", ""},
    {"manage_routes", kSupervisor | kAdmin, 0, "the route library is kept by supervisors and administrators", ""},
    {"read_journeys", kEveryone, kTrader, "", "traders see the journeys they declared or carry"},
    {"watch_journeys", kRisk | kInspection | kSupervisor, 0,
     "transit journeys are bound, watched and closed by customs officers", ""},
    {"read_scans", kStaff, 0, "scans of the goods are for customs officers", ""},
    {"upload_scans", kInspection | kSupervisor, 0, "scans are added by inspection officers and supervisors", ""},
}};
static_assert(kRules.size() == kActionCount);

const Rule& RuleOf(Action a) { return kRules[static_cast<size_t>(a)]; }

bool Owns(const Principal& who, const Owner& o) {
  if (o.user_id != 0 && who.user_id == o.user_id) return true;
  if (!o.actor.empty() && who.ActorLabel() == o.actor) return true;
  return !who.org_tin.empty() && (who.org_tin == o.org_tin || who.org_tin == o.second_org_tin);
}

std::string Fill(std::string text, std::string_view key, const std::string& value) {
  if (size_t at = text.find(key); at != std::string::npos) text.replace(at, key.size(), value);
  return text;
}

}  // namespace

const char* ActionName(Action a) { return RuleOf(a).name; }

bool RoleMay(Role role, Action a) { return (RuleOf(a).allowed & Bit(role)) != 0; }

bool ReadsOnly(Action a) {
  switch (a) {
    case Action::kReadOwnAccount: case Action::kReadOrganisation: case Action::kReadDeclaration:
    case Action::kReadNotifications: case Action::kUseReferenceData: case Action::kReadPayments:
    case Action::kListBanks: case Action::kReadRevenueReport: case Action::kReadRiskRules:
    case Action::kReadRiskDecision: case Action::kReadInspections: case Action::kReadTraderProfile:
    case Action::kReadReports: case Action::kReadUnitValues: case Action::kReadRiskModels:
    case Action::kReadLedgerEntries: case Action::kReadWitnesses: case Action::kReadPartnerDocuments:
    case Action::kReadConfidentialRisk: case Action::kReadDevices: case Action::kReadJourneys:
    case Action::kReadScans:
      return true;
    default:
      return false;
  }
}

bool Allowed(const Principal& who, Action a) { return RoleMay(who.role, a) && (!who.read_only || ReadsOnly(a)); }

bool Allowed(const Principal& who, Action a, const Owner& owner) {
  if (!Allowed(who, a)) return false;
  return (RuleOf(a).own_only & Bit(who.role)) == 0 || Owns(who, owner);
}

bool Unrestricted(const Principal& who, Action a) {
  return Allowed(who, a) && (RuleOf(a).own_only & Bit(who.role)) == 0;
}

Status Allow(const Principal& who, Action a) {
  if (who.read_only && !ReadsOnly(a) && RoleMay(who.role, a))
    return Status::Forbidden("this API key may only read (scope 'read')");
  if (Allowed(who, a)) return Status::Ok();
  return Status::Forbidden(Fill(RuleOf(a).refusal, "{role}", RoleName(who.role)));
}

Status Allow(const Principal& who, Action a, const Owner& owner) {
  if (Status st = Allow(who, a); !st.ok()) return st;
  if (Allowed(who, a, owner)) return Status::Ok();
  return Status::Forbidden(Fill(RuleOf(a).not_owner, "{org}", who.org_tin));
}

}  // namespace oc::access
