// The access policy: who may do what. One table maps each action a principal can take to the
// roles allowed to take it and the message a refusal carries; services check every call
// through it, and the router refuses early what the role alone decides (api/router.h).
// Pure: no HTTP, no storage, no I/O. Thread-safe (immutable tables).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "identity/principal.h"

namespace oc::access {

// One per thing a principal may do. "Staff" below means customs officers of every kind and
// administrators: the single definition of "customs officer" for reading customs-only data.
enum class Action {
  kReadOwnAccount,         // everyone: who am I
  kManageOwnAccount,       // everyone: sign out, refresh, own password and second factor
  kManageUsers,            // admin: accounts, roles, passwords, locks, the security log
  kManageApiKeys,          // everyone for themselves (create, list, revoke); admin for anyone
  kReadOrganisation,       // everyone; a trader its own organisation only
  kRegisterOrganisation,   // supervisor, admin
  kManageWebhook,          // trader (its organisation's webhook)
  kLodgeDeclaration,       // trader, for its own organisation
  kReadDeclaration,        // everyone; a trader its organisation's declarations only
  kActOnDeclaration,       // everyone with a lifecycle role (not admin); the lifecycle says which moves
  kWithdrawDeclaration,    // trader, supervisor (cancel a draft, invalidate a lodged one)
  kAmendDeclaration,       // trader
  kCorrectDeclaration,     // risk officer, inspection officer, supervisor: values found at inspection
  kReadNotifications,      // everyone; a trader its organisation's
  kUseReferenceData,       // everyone: code lists, exchange rates, tariff quotes, HS suggestions
  kProvideGuarantee,       // trader
  kDischargeProcedure,     // risk officer, inspection officer, supervisor (not admin)
  kReadPayments,           // everyone; a trader its organisation's orders, accounts, guarantees...
  kPayFromDeferredAccount, // trader
  kPayThroughDemoBank,     // everyone who may see the order
  kRegisterBank,           // admin
  kListBanks,              // staff
  kOpenDeferredAccount,    // supervisor, admin
  kRegisterGuarantee,      // supervisor, admin
  kPayRefund,              // supervisor (not admin)
  kReadRevenueReport,      // staff
  kReadRiskRules,          // staff: fields, expression checks, back-tests, criteria, lists
  kWriteCriteria,          // risk officer, supervisor, admin
  kApproveCriteria,        // risk officer, supervisor, admin (four eyes: the store refuses the author)
  kRetireCriteria,         // risk officer, supervisor, admin
  kMaintainLists,          // risk officer, supervisor, admin
  kReadRiskDecision,       // staff
  kRecordInspection,       // risk officer, inspection officer, supervisor (not admin)
  kReadInspections,        // staff
  kReadTraderProfile,      // everyone; a trader its own profile only
  kSetAeo,                 // supervisor, admin
  kReadReports,            // staff: risk and clearance-time reports
  kReadUnitValues,         // staff: other traders' prices in aggregate
  kReadRiskModels,         // staff
  kManageRiskModels,       // risk officer, supervisor, admin
  kReadLedgerEntries,      // staff
  kReadWitnesses,          // staff
  kPublishCheckpoint,      // staff
  kExportBundle,           // everyone who may see the declaration
  kImportBundle,           // everyone
  kReadPartnerDocuments,   // everyone; a trader the documents it imported
  // staff: the confidential part of records a trader also reads — the criteria, lists, scores,
  // factors and internal reasons behind a lane. Without it, services hand out the public part.
  kReadConfidentialRisk,
  kReadDevices,            // everyone; a trader (carrier) its own devices only
  kManageDevices,          // inspection officer, supervisor, admin: register seals and trackers, fit, remove
  kManageRoutes,           // supervisor, admin: the route library of transit corridors
  kReadJourneys,           // everyone; a trader the journeys it declared or carries
  kWatchJourneys,          // risk officer, inspection officer, supervisor: bind, alerts, close (not admin)
  kReadScans,              // staff: X-ray and other scans of the goods, their images and reports
  kUploadScans,            // inspection officer, supervisor (and scanners under their accounts' API keys)
};
inline constexpr int kActionCount = static_cast<int>(Action::kUploadScans) + 1;

// "kReadDeclaration" -> "read_declaration": for test reports and logs.
const char* ActionName(Action a);

// Whose a thing is, for actions some roles may take on their own things only. A principal owns
// it when its organisation is org_tin or second_org_tin, its ActorLabel is actor, or its user id
// is user_id (empty / 0 members never match).
struct Owner {
  std::string_view org_tin{};
  std::string_view second_org_tin{};  // e.g. a declaration's representative
  std::string_view actor{};           // e.g. who imported a partner document
  int64_t user_id = 0;                // e.g. whom an API key acts as
};

// Whether `role` may ever take `a` (on its own things at least). What the router checks before a
// handler runs and what the route × role test expects.
bool RoleMay(Role role, Action a);
// Whether `a` only reads: all a read-only API key (Principal::read_only) may take.
bool ReadsOnly(Action a);

// Whether `who` may take `a`; with `owner`, also on that particular thing.
bool Allowed(const Principal& who, Action a);
bool Allowed(const Principal& who, Action a, const Owner& owner);
// Whether `who` may take `a` on anyone's things, not only its own: lists are then unfiltered.
bool Unrestricted(const Principal& who, Action a);

// Ok, or Forbidden with the refusal's message (the same words the API has always answered).
// Where a refusal must look like absence (another trader's declaration: 404), services use
// Allowed and answer their own NotFound.
Status Allow(const Principal& who, Action a);
Status Allow(const Principal& who, Action a, const Owner& owner);

}  // namespace oc::access
