// The stored forms of the ledger and of the exchange between administrations: entries,
// checkpoints, the witness's state and imported partner documents.
#pragma once

#include <cstdint>
#include <string>

#include "ledger/merkle.h"

namespace oc {

// One entry of the ledger: the canonical JSON of a decision (docs/notes/ledger.md).
struct LedgerEntry {
  int64_t index = 0;
  std::string type;            // transition, lodgement, amendment, assessment, risk_decision, inspection, receipt
  int64_t declaration_id = 0;  // 0 when the event is not about a declaration
  int64_t at_ms = 0;
  ledger::Hash leaf_hash{};
  std::string data;  // the leaf bytes (RFC 8785 JSON)
};

struct LedgerCheckpointRecord {
  int64_t size = 0;
  ledger::Hash root{};
  std::string note;  // the signed note as published
  int64_t at_ms = 0;
};

// An entry appended on its own (not as part of a decision the store writes): an exported document.
struct NewLedgerEntry {
  std::string type;
  int64_t declaration_id = 0;
  int64_t at_ms = 0;
  std::string event_json;  // a JSON object: the entry's "event"
};

// The latest checkpoint this instance's witness cosigned for a partner's log.
struct WitnessStateRecord {
  std::string origin;
  int64_t size = 0;
  ledger::Hash root{};
  std::string note;  // the checkpoint as cosigned
  int64_t at_ms = 0;
};

// A partner administration's document imported from a verified bundle.
struct PartnerDocumentRecord {
  int64_t id = 0;
  std::string issuer;      // the partner log's origin
  int64_t leaf_index = 0;  // of the entry in the partner's log
  std::string kind;        // export_declaration, certificate_of_origin
  std::string reference;   // the document's number at the issuer (an export MRN)
  std::string document;    // JSON
  std::string bundle;      // the bundle as received, kept as evidence
  int64_t tree_size = 0;   // of the checkpoint it was verified against
  int64_t imported_at_ms = 0;
  std::string imported_by;
  bool created = false;    // PutPartnerDocument: false when the same entry was imported before
};

}  // namespace oc
