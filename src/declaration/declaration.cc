#include "declaration/declaration.h"

#include "common/json_writer.h"

#include <string_view>
#include <unordered_set>
#include <vector>

namespace oc {


const char* DeclarationTypeCode(DeclarationType t) {
  switch (t) {
    case DeclarationType::kImport: return "IM";
    case DeclarationType::kExport: return "EX";
    case DeclarationType::kTransit: return "TR";
  }
  return "IM";
}

namespace {

void WriteParty(JsonWriter& w, std::string_view key, const Party& p) {
  w.Key(key).BeginObject().Field("tin", p.tin).Field("name", p.name);
  w.Key("address").BeginObject();
  w.FieldIf("street", p.address.street).FieldIf("city", p.address.city).FieldIf("postcode", p.address.postcode);
  w.Field("country", p.address.country).EndObject();
  w.FieldIf("status", p.status).EndObject();
}

void WriteDocuments(JsonWriter& w, const std::vector<Document>& docs) {
  if (docs.empty()) return;
  w.Key("documents").BeginArray();
  for (const auto& d : docs)
    w.BeginObject().Field("type", d.type).Field("id", d.id).FieldIf("issuer", d.issuer).FieldIf("date", d.date).EndObject();
  w.EndArray();
}

void WriteMoney(JsonWriter& w, std::string_view key, const std::optional<Money>& m) {
  if (!m) return;
  w.Key(key).BeginObject().Field("amount", m->amount.ToString()).Field("currency", m->currency).EndObject();
}

}  // namespace

std::string CanonicalJson(const Declaration& d) {
  std::string out;
  out.reserve(1024 + 512 * d.items.size());
  JsonWriter w(out);
  w.BeginObject();
  w.Field("lrn", d.lrn).Field("type", DeclarationTypeCode(d.type)).Field("procedure", d.procedure);
  w.Field("office", d.office).Field("issue_date", d.issue_date);

  w.Key("parties").BeginObject();
  WriteParty(w, "declarant", d.parties.declarant);
  const std::pair<const char*, const std::optional<Party>*> optional_parties[] = {
      {"importer", &d.parties.importer}, {"exporter", &d.parties.exporter}, {"seller", &d.parties.seller},
      {"buyer", &d.parties.buyer},       {"carrier", &d.parties.carrier},   {"representative", &d.parties.representative}};
  for (auto& [name, p] : optional_parties) if (p->has_value()) WriteParty(w, name, **p);
  w.EndObject();

  w.Key("transport").BeginObject().Field("border_mode", d.transport.border_mode);
  w.FieldIf("means_id", d.transport.means_id).FieldIf("means_nationality", d.transport.means_nationality);
  if (!d.transport.containers.empty()) {
    w.Key("containers").BeginArray();
    for (const auto& c : d.transport.containers) w.String(c);
    w.EndArray();
  }
  if (!d.transport.seals.empty()) {
    w.Key("seals").BeginArray();
    for (const auto& c : d.transport.seals) w.String(c);
    w.EndArray();
  }
  w.EndObject();

  w.Key("locations").BeginObject();
  w.FieldIf("loading", d.locations.loading).FieldIf("entry_office", d.locations.entry_office);
  w.FieldIf("destination_office", d.locations.destination_office);
  w.FieldIf("destination_country", d.locations.destination_country);
  w.EndObject();

  w.Key("invoice").BeginObject().Field("number", d.invoice.number).Field("date", d.invoice.date);
  w.Field("currency", d.invoice.currency).Field("total", d.invoice.total.ToString());
  w.Field("incoterm", d.invoice.incoterm).FieldIf("incoterm_place", d.invoice.incoterm_place).EndObject();
  WriteMoney(w, "freight", d.freight);
  WriteMoney(w, "insurance", d.insurance);
  if (!d.exchange_rates.empty()) {
    w.Key("exchange_rates").BeginArray();
    for (const auto& r : d.exchange_rates)
      w.BeginObject().Field("currency", r.currency).Field("rate", r.rate.ToString()).FieldIf("date", r.date).EndObject();
    w.EndArray();
  }
  WriteDocuments(w, d.documents);

  w.Key("items").BeginArray();
  for (const auto& it : d.items) {
    w.BeginObject().Field("seq", it.seq).Field("description", it.description);
    w.Key("commodity").BeginObject().Field("hs", it.commodity.hs).FieldIf("national", it.commodity.national).EndObject();
    w.Field("origin", it.origin).FieldIf("preferential_origin", it.preferential_origin);
    w.Field("net_mass", it.net_mass.ToString()).Field("gross_mass", it.gross_mass.ToString());
    if (it.supplementary)
      w.Key("supplementary").BeginObject().Field("quantity", it.supplementary->quantity.ToString())
          .Field("unit", it.supplementary->unit).EndObject();
    w.Field("price", it.price.ToString()).Field("valuation_method", it.valuation_method);
    if (!it.packages.empty()) {
      w.Key("packages").BeginArray();
      for (const auto& p : it.packages)
        w.BeginObject().Field("count", p.count).Field("kind", p.kind).FieldIf("marks", p.marks).EndObject();
      w.EndArray();
    }
    WriteDocuments(w, it.documents);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return out;
}

std::string SearchText(const Declaration& d) {
  // Each word once: indexing costs per word (about half a microsecond each in SQLite's FTS5),
  // and a declaration repeats its parties' names and its goods' wording.
  std::string out;
  std::unordered_set<std::string_view> seen;
  std::vector<std::string_view> words;
  auto add = [&](const std::string& s) {
    for (size_t i = 0; i < s.size();) {
      while (i < s.size() && s[i] == ' ') ++i;
      size_t start = i;
      while (i < s.size() && s[i] != ' ') ++i;
      if (start < i && seen.insert(std::string_view(s).substr(start, i - start)).second)
        words.push_back(std::string_view(s).substr(start, i - start));
    }
  };
  add(d.invoice.number);
  auto add_party = [&](const Party& p) { add(p.tin), add(p.name); };
  add_party(d.parties.declarant);
  for (const auto* p : {&d.parties.importer, &d.parties.exporter, &d.parties.seller, &d.parties.buyer,
                        &d.parties.carrier, &d.parties.representative})
    if (p->has_value()) add_party(**p);
  add(d.transport.means_id);
  for (const auto& c : d.transport.containers) add(c);
  for (const auto& c : d.transport.seals) add(c);
  for (const auto& doc : d.documents) add(doc.id);
  for (const auto& it : d.items) {
    add(it.description);
    add(it.commodity.hs);
    for (const auto& doc : it.documents) add(doc.id);
  }
  for (auto w : words) {
    if (!out.empty()) out.push_back(' ');
    out += w;
  }
  return out;
}

}  // namespace oc
