// PartnerExchange: documents handed between customs administrations with proof that the issuer
// logged them (ledger/bundle.h). Export: a released export declaration (or a certificate of
// origin drawn from it) becomes a `document` entry of this ledger, and the bundle carries the
// entry, its inclusion proof and the signed checkpoint. Import: a partner's bundle is verified
// against the partners' keys configured as trusted and its document kept; an import
// declaration then cites it (document N830) to be pre-filled and mirror-checked by the risk
// engine (risk/mirror.h).
//
// Methods taking a Principal check it through the access policy (identity/access.h).
//
// Thread-safety: every method may be called from any thread; Export and Import block on the
// store (call them off the I/O threads).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "clearance/clearance_service.h"
#include "clearance/ledger_service.h"
#include "common/status.h"
#include "declaration/declaration.h"
#include "ledger/bundle.h"
#include "ledger/note.h"
#include "store/exchange_store.h"
#include "store/ledger_store.h"

namespace oc {

inline constexpr const char* kExportDeclarationKind = "export_declaration";
inline constexpr const char* kCertificateOfOriginKind = "certificate_of_origin";

class PartnerExchange {
 public:
  // `clearance` finds the declarations exported, with the caller's visibility; both services
  // must outlive this one.
  PartnerExchange(ExchangeStore& store, LedgerStore& ledger_store, LedgerService& ledger, ClearanceService& clearance,
                  std::vector<ledger::NoteKey> trusted_peers);

  // The bundle of a document about export declaration `ref` (id or MRN; kind: export_declaration
  // or certificate_of_origin), logging the document first unless it already was (the same entry
  // is reused). NotFound when `who` may not see the declaration, Invalid("unknown_kind"),
  // Conflict("not_export") for other declarations, Conflict("not_released") before release.
  Result<ledger::Bundle> Export(const Principal& who, const std::string& ref, const std::string& kind, int64_t at_ms);

  // Verifies a bundle (ledger::VerifyBundle's errors, Invalid("invalid_bundle") when malformed)
  // and keeps its document as imported by `who`; the same bundle again gives the stored one with
  // created=false.
  Result<PartnerDocumentRecord> Import(const Principal& who, std::string_view bundle_json, int64_t at_ms);

  // Imported documents with this reference ("" = any), newest first, at most 100: all of them
  // for staff, those it imported for a trader.
  Result<std::vector<PartnerDocumentRecord>> FindDocuments(const Principal& who, const std::string& reference);
  // One by its id (decimal digits); NotFound("unknown_document") for an unknown id or one `who`
  // may not see.
  Result<PartnerDocumentRecord> GetDocument(const Principal& who, const std::string& id);

  // A draft import declaration from a partner's export declaration or certificate of origin:
  // parties, transport, invoice, items, and the N830 reference that links the two.
  static nlohmann::json Prefill(const PartnerDocumentRecord& doc);

  // The latest imported export declaration with this reference, as a declaration.
  std::optional<Declaration> FindExport(const std::string& reference) const;

  const std::vector<ledger::NoteKey>& trusted_peers() const { return trusted_; }

 private:
  Result<int64_t> FindLoggedDocument(int64_t declaration_id, const std::string& kind, int version);
  Result<ledger::Bundle> Export(const DeclarationRecord& d, const std::string& kind, int64_t at_ms);

  ExchangeStore& store_;
  LedgerStore& ledger_store_;
  LedgerService& ledger_;
  ClearanceService& clearance_;
  std::vector<ledger::NoteKey> trusted_;
};

}  // namespace oc
