// What the lifecycle of a declaration leaves behind: its content versions and its transitions.
// Plain records that services build, the store keeps and the ledger's events describe.
#pragma once

#include <cstdint>
#include <string>

#include "declaration/lifecycle.h"

namespace oc {

struct TransitionEntry {
  Action action = Action::kSubmit;
  LifecycleState from, to;
  std::string cusres;
  std::string actor;
  std::string reason;           // public: what the declarant reads (history, notifications, ledger)
  std::string internal_reason;  // customs only (access kReadConfidentialRisk); never in the ledger
  std::string details_json;  // e.g. validation errors or changed pointers; "" for none
  int64_t at_ms = 0;
  int version = 0;  // content version the transition applies to
  int64_t seq = 0;  // assigned by the store
  // For reasons the system words (registration, lanes, automatic release...): a stable code that
  // clients translate ("" for reasons people typed). Not part of the ledger entry.
  std::string reason_code;
};

struct VersionEntry {
  int version = 0;
  std::string content_json;  // canonical JSON of the declaration
  std::string content_hash;
  std::string reason_code;   // amendment reason code; "" for the first version
  std::string reason;
  std::string changed_json;  // JSON array of JSON pointers changed from the previous version
  std::string actor;
  int64_t at_ms = 0;
  std::string search_text;   // SearchText of the content: replaces the declaration's full-text entry
};

struct NotificationRecord {
  int64_t seq = 0;
  std::string org_tin;
  int64_t declaration_id = 0;
  std::string mrn, lrn, action, state, control, cusres, reason;
  int64_t at_ms = 0;
  std::string reason_code;  // as TransitionEntry::reason_code
};

struct WebhookRecord {
  std::string org_tin, url, secret;
  int64_t cursor = 0;  // last notification seq delivered
  int failures = 0;
  std::string last_error;
};

}  // namespace oc
