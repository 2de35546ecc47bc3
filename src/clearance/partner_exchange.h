// PartnerExchange: documents handed between customs administrations with proof that the issuer
// logged them (ledger/bundle.h). Export: a released export declaration (or a certificate of
// origin drawn from it) becomes a `document` entry of this ledger, and the bundle carries the
// entry, its inclusion proof and the signed checkpoint. Import: a partner's bundle is verified
// against the partners' keys configured as trusted and its document kept; an import
// declaration then cites it (document N830) to be pre-filled and mirror-checked by the risk
// engine (risk/mirror.h).
//
// Thread-safety: every method may be called from any thread; Export and Import block on the
// store (call them off the I/O threads).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "clearance/ledger_service.h"
#include "common/status.h"
#include "declaration/declaration.h"
#include "ledger/bundle.h"
#include "ledger/note.h"
#include "store/store.h"

namespace oc {

inline constexpr const char* kExportDeclarationKind = "export_declaration";
inline constexpr const char* kCertificateOfOriginKind = "certificate_of_origin";

class PartnerExchange {
 public:
  PartnerExchange(Store& store, LedgerService& ledger, std::vector<ledger::NoteKey> trusted_peers);

  // The bundle of a document about export declaration `d` (kind: export_declaration or
  // certificate_of_origin), logging the document first unless it already was (the same entry is
  // reused). Invalid("unknown_kind"), Conflict("not_export") for other declarations,
  // Conflict("not_released") before release.
  Result<ledger::Bundle> Export(const DeclarationRecord& d, const std::string& kind, int64_t at_ms);

  // Verifies a bundle (ledger::VerifyBundle's errors, Invalid("invalid_bundle") when malformed)
  // and keeps its document; the same bundle again gives the stored one with created=false.
  Result<PartnerDocumentRecord> Import(std::string_view bundle_json, const std::string& imported_by, int64_t at_ms);

  // A draft import declaration from a partner's export declaration or certificate of origin:
  // parties, transport, invoice, items, and the N830 reference that links the two.
  static nlohmann::json Prefill(const PartnerDocumentRecord& doc);

  // The latest imported export declaration with this reference, as a declaration.
  std::optional<Declaration> FindExport(const std::string& reference) const;

  const std::vector<ledger::NoteKey>& trusted_peers() const { return trusted_; }

 private:
  Result<int64_t> FindLoggedDocument(int64_t declaration_id, const std::string& kind, int version);

  Store& store_;
  LedgerService& ledger_;
  std::vector<ledger::NoteKey> trusted_;
};

}  // namespace oc
