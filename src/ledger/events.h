// The ledger's events: one function per kind of decision, from the domain records to the exact
// bytes of its entry (RFC 8785 JSON of {"type", "at", "declaration" when > 0, "event"}) and the
// RFC 9162 leaf hash. Partner administrations verify these bytes, so they are pinned by golden
// tests (tests/ledger_events_test.cc): a change here breaks every existing ledger's audit.
//
// Backends call these inside the transaction that writes the decision and store the bytes as
// given; they never build event JSON themselves.
//
// Thread-safety: pure functions. Errors: Invalid("not_canonicalizable") when a value has no JSON
// form (text that is not UTF-8), Invalid("invalid_event") for a document that is not an object.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "declaration/records.h"
#include "ledger/merkle.h"
#include "payment/records.h"
#include "risk/decision.h"
#include "tracking/journey.h"
#include "xray/scan_record.h"

namespace oc::ledger {

// One entry ready to append: what the store indexes it by, and its leaf.
struct Event {
  std::string type;  // transition, lodgement, amendment, assessment, risk_decision, inspection, receipt, ...
  int64_t declaration_id = 0;  // 0 when the event is not about a declaration
  int64_t at_ms = 0;
  std::string bytes;           // the leaf bytes
  Hash leaf{};                 // HashLeaf(bytes)
};

namespace events {

// The entry of any event object (the typed functions below all end here).
Result<Event> Make(std::string type, int64_t declaration_id, int64_t at_ms, nlohmann::json event);

// A content version: "lodgement" for version 1, "amendment" after.
Result<Event> Version(int64_t declaration_id, const VersionEntry& v);
// A lifecycle transition of the declaration `mrn` ("" before one is allocated) at content
// version `version` (the record's current one when t.version is 0).
Result<Event> Transition(int64_t declaration_id, std::string_view mrn, int version, const TransitionEntry& t);
// An assessment: the debt's lines as assessed.
Result<Event> Assessment(int64_t declaration_id, std::string_view mrn, const payment::Debt& d);
// A receipt (payment, deferred charge, repayment, refund); declaration_id 0 for an account's.
Result<Event> Receipt(int64_t declaration_id, const payment::Receipt& r);
// A risk decision on content version `version` (d.version when set): lane, source, score,
// threshold (null without a model), the fired criteria — never the reasons' text.
Result<Event> RiskDecision(int64_t declaration_id, std::string_view mrn, int version, const risk::Decision& d);
// An inspection result.
Result<Event> Inspection(int64_t declaration_id, std::string_view mrn, const risk::Inspection& i);
// Whether the entry `bytes` of type `type` shows why customs chose a lane: a risk decision
// (criteria, score, model), or a lane transition whose reason is not one of the public lane texts
// (risk::PublicLaneReason; lane transitions written before schema 12 carried the engine's own
// reason). Customs readers get such entries whole; a declarant its leaf hash and proof only.
// Bytes that do not parse count as confidential.
bool Confidential(std::string_view type, std::string_view bytes);
// Cargo in transit (tracking/journey.h): a journey bound at release (route version, seals,
// trackers, deadline), an alert raised (kind, device, time, place), an alert acknowledged or
// resolved (with the officer's note), the transit closed at destination (outcome, seal checks).
Result<Event> JourneyStarted(const tracking::Journey& j);
// A scan stored for a declaration: what it is and the SHA-256 of its file, which never changes.
Result<Event> ScanStored(const ScanRecord& s);
Result<Event> TransitAlert(const tracking::Journey& j, const tracking::JourneyAlert& a);
Result<Event> AlertMoved(const tracking::Journey& j, const tracking::JourneyAlert& a, int64_t at_ms);
Result<Event> TransitClosed(const tracking::Journey& j);
// A document appended on its own (an exported declaration, a certificate): `event_json` must be a
// JSON object.
Result<Event> Document(std::string type, int64_t declaration_id, int64_t at_ms, std::string_view event_json);

}  // namespace events
}  // namespace oc::ledger
