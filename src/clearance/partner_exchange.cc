#include "clearance/partner_exchange.h"

#include "declaration/lifecycle.h"
#include "declaration/parse.h"
#include "identity/access.h"

namespace oc {

namespace {

using nlohmann::json;

// What a certificate of origin states: who sends what, of which origin, to whom.
json CertificateOfOrigin(const json& d, const std::string& mrn) {
  json items = json::array();
  for (const auto& it : d.value("items", json::array())) {
    json item = {{"seq", it.value("seq", 0)}, {"description", it.value("description", "")},
                 {"commodity", it.value("commodity", json::object())}, {"origin", it.value("origin", "")},
                 {"net_mass", it.value("net_mass", "")}};
    if (it.contains("gross_mass")) item["gross_mass"] = it["gross_mass"];
    if (it.contains("packages")) item["packages"] = it["packages"];
    items.push_back(std::move(item));
  }
  json parties = d.value("parties", json::object());
  json out = {{"export_reference", mrn}, {"items", std::move(items)},
              {"destination_country", d.value("locations", json::object()).value("destination_country", "")}};
  if (parties.contains("exporter")) out["exporter"] = parties["exporter"];
  for (const char* consignee : {"importer", "buyer"})
    if (parties.contains(consignee)) {
      out["consignee"] = parties[consignee];
      break;
    }
  if (d.contains("invoice")) out["invoice"] = {{"number", d["invoice"].value("number", "")}, {"date", d["invoice"].value("date", "")}};
  return out;
}

}  // namespace

PartnerExchange::PartnerExchange(ExchangeStore& store, LedgerStore& ledger_store, LedgerService& ledger, ClearanceService& clearance,
                                 std::vector<ledger::NoteKey> trusted_peers)
    : store_(store), ledger_store_(ledger_store), ledger_(ledger), clearance_(clearance), trusted_(std::move(trusted_peers)) {}

Result<ledger::Bundle> PartnerExchange::Export(const Principal& who, const std::string& ref, const std::string& kind,
                                               int64_t at_ms) {
  if (Status st = access::Allow(who, access::Action::kExportBundle); !st.ok()) return st;
  auto rec = clearance_.Get(who, ref);
  if (!rec.ok()) return rec.status();
  return Export(rec.value(), kind, at_ms);
}

Result<int64_t> PartnerExchange::FindLoggedDocument(int64_t declaration_id, const std::string& kind, int version) {
  auto indexes = ledger_store_.LedgerIndexesOf(declaration_id);
  if (!indexes.ok()) return indexes.status();
  for (auto it = indexes->rbegin(); it != indexes->rend(); ++it) {
    auto e = ledger_store_.LedgerEntries(*it, *it + 1);
    if (!e.ok()) return e.status();
    if (e->empty() || e->front().type != ledger::kDocumentEntryType) continue;
    json entry = json::parse(e->front().data, nullptr, false);
    if (entry.is_discarded()) continue;
    const json& event = entry["event"];
    if (event.value("kind", "") == kind && event.value("version", 0) == version) return *it;
  }
  return int64_t{-1};
}

Result<ledger::Bundle> PartnerExchange::Export(const DeclarationRecord& d, const std::string& kind, int64_t at_ms) {
  if (kind != kExportDeclarationKind && kind != kCertificateOfOriginKind)
    return Status::Invalid("unknown_kind", "'kind' is export_declaration or certificate_of_origin");
  if (d.type != DeclarationType::kExport)
    return Status::Conflict("not_export", "only export declarations are exchanged with the country of destination");
  State s = d.lifecycle.state;
  if (s != State::kReleased && s != State::kExited)
    return Status::Conflict("not_released", std::string("the declaration is ") + StateName(s) +
                                                ": a partner receives it once the goods are released for export");

  auto index = FindLoggedDocument(d.id, kind, d.version);
  if (!index.ok()) return index.status();
  if (index.value() < 0) {
    json content = json::parse(d.content_json, nullptr, false);
    if (content.is_discarded()) return Status::Internal("stored declaration content is not JSON");
    std::string reference = kind == kExportDeclarationKind ? d.mrn : "CO-" + d.mrn;
    json document = kind == kExportDeclarationKind ? content : CertificateOfOrigin(content, d.mrn);
    json event = {{"kind", kind}, {"reference", reference}, {"mrn", d.mrn}, {"version", d.version},
                  {"issuer", ledger_.origin()}, {"document", std::move(document)}};
    std::vector<NewLedgerEntry> entries{{ledger::kDocumentEntryType, d.id, at_ms, event.dump()}};
    auto first = AwaitDone<int64_t>([&](Done<int64_t> done) { ledger_store_.AppendLedgerEntries(std::move(entries), std::move(done)); });
    if (!first.ok()) return first.status();
    index = first.value();
  }
  // The store hands new leaves to the tree before it answers, so the checkpoint covers the entry.
  SignedCheckpoint cp = ledger_.Checkpoint();
  auto proof = ledger_.InclusionProof(static_cast<uint64_t>(index.value()), cp.checkpoint.size);
  if (!proof.ok()) return proof.status();
  auto entry = ledger_store_.LedgerEntries(index.value(), index.value() + 1);
  if (!entry.ok()) return entry.status();
  if (entry->empty()) return Status::Internal("the document's ledger entry is missing");
  ledger::Bundle b;
  b.entry = entry->front().data;
  b.leaf_index = static_cast<uint64_t>(index.value());
  b.tree_size = cp.checkpoint.size;
  b.inclusion_proof = proof.value();
  b.checkpoint = cp.note;
  return b;
}

Result<PartnerDocumentRecord> PartnerExchange::Import(const Principal& who, std::string_view bundle_json, int64_t at_ms) {
  if (Status st = access::Allow(who, access::Action::kImportBundle); !st.ok()) return st;
  auto bundle = ledger::ParseBundle(bundle_json);
  if (!bundle.ok()) return bundle.status();
  auto verified = ledger::VerifyBundle(bundle.value(), trusted_);
  if (!verified.ok()) return verified.status();
  PartnerDocumentRecord r;
  r.issuer = verified->checkpoint.origin;
  r.leaf_index = static_cast<int64_t>(bundle->leaf_index);
  r.kind = verified->kind;
  r.reference = verified->reference;
  r.document = verified->document.dump();
  r.bundle = std::string(bundle_json);
  r.tree_size = static_cast<int64_t>(bundle->tree_size);
  r.imported_at_ms = at_ms;
  r.imported_by = who.ActorLabel();
  return AwaitDone<PartnerDocumentRecord>([&](Done<PartnerDocumentRecord> done) { store_.PutPartnerDocument(std::move(r), std::move(done)); });
}

namespace {

bool MaySee(const Principal& who, const PartnerDocumentRecord& d) {
  return access::Allowed(who, access::Action::kReadPartnerDocuments, {.actor = d.imported_by});
}

}  // namespace

Result<std::vector<PartnerDocumentRecord>> PartnerExchange::FindDocuments(const Principal& who,
                                                                          const std::string& reference) {
  if (Status st = access::Allow(who, access::Action::kReadPartnerDocuments); !st.ok()) return st;
  auto docs = store_.FindPartnerDocuments(reference, 100);
  if (!docs.ok()) return docs.status();
  std::vector<PartnerDocumentRecord> out;
  for (auto& d : docs.value())
    if (MaySee(who, d)) out.push_back(std::move(d));
  return out;
}

Result<PartnerDocumentRecord> PartnerExchange::GetDocument(const Principal& who, const std::string& id) {
  Status unknown = Status::NotFound("unknown_document", "no partner document " + id);
  int64_t n = 0;
  for (char c : id) {
    if (c < '0' || c > '9' || n > (int64_t{1} << 50)) return unknown;
    n = n * 10 + (c - '0');
  }
  auto d = store_.GetPartnerDocument(n);
  if (!d.ok() || !MaySee(who, d.value())) return unknown;
  return d;
}

json PartnerExchange::Prefill(const PartnerDocumentRecord& doc) {
  json d = json::parse(doc.document, nullptr, false);
  if (d.is_discarded()) d = json::object();
  bool certificate = doc.kind == kCertificateOfOriginKind;
  json out = {{"type", "IM"}, {"procedure", "4000"}};
  json parties = json::object();
  if (certificate) {
    if (d.contains("exporter")) parties["exporter"] = parties["seller"] = d["exporter"];
    if (d.contains("consignee")) parties["importer"] = parties["buyer"] = d["consignee"];
  } else {
    json p = d.value("parties", json::object());
    for (const char* role : {"exporter", "seller", "importer", "buyer"})
      if (p.contains(role)) parties[role] = p[role];
    if (d.contains("transport")) out["transport"] = d["transport"];
    if (d.contains("invoice")) out["invoice"] = d["invoice"];
    json loc = d.value("locations", json::object());
    out["locations"] = {{"loading", loc.value("loading", "")}, {"destination_country", loc.value("destination_country", "")}};
  }
  out["parties"] = parties;
  json items = json::array();
  for (const auto& it : d.value("items", json::array())) {
    json item = json::object();
    for (const char* k : {"seq", "description", "commodity", "origin", "net_mass", "gross_mass", "supplementary", "price",
                          "valuation_method", "packages"})
      if (it.contains(k)) item[k] = it[k];
    items.push_back(std::move(item));
  }
  out["items"] = std::move(items);
  std::string export_reference = certificate ? d.value("export_reference", "") : doc.reference;
  json documents = json::array();
  if (!export_reference.empty())
    documents.push_back({{"type", kExportDeclarationDocument}, {"id", export_reference}, {"issuer", doc.issuer}});
  out["documents"] = std::move(documents);
  return out;
}

std::optional<Declaration> PartnerExchange::FindExport(const std::string& reference) const {
  auto docs = store_.FindPartnerDocuments(reference, 10);
  if (!docs.ok()) return std::nullopt;
  for (const auto& doc : docs.value()) {
    if (doc.kind != kExportDeclarationKind) continue;
    auto parsed = ParseDeclarationText(doc.document);
    if (!parsed.ok()) continue;  // a partner's document need not satisfy this country's rules
    return parsed->declaration;
  }
  return std::nullopt;
}

}  // namespace oc
