#include "declaration/declaration.h"

#include <nlohmann/json.hpp>

namespace oc {

using nlohmann::ordered_json;

const char* DeclarationTypeCode(DeclarationType t) {
  switch (t) {
    case DeclarationType::kImport: return "IM";
    case DeclarationType::kExport: return "EX";
    case DeclarationType::kTransit: return "TR";
  }
  return "IM";
}

namespace {

ordered_json PartyJson(const Party& p) {
  ordered_json j;
  j["tin"] = p.tin;
  j["name"] = p.name;
  ordered_json a;
  if (!p.address.street.empty()) a["street"] = p.address.street;
  if (!p.address.city.empty()) a["city"] = p.address.city;
  if (!p.address.postcode.empty()) a["postcode"] = p.address.postcode;
  a["country"] = p.address.country;
  j["address"] = std::move(a);
  if (!p.status.empty()) j["status"] = p.status;
  return j;
}

ordered_json DocumentsJson(const std::vector<Document>& docs) {
  ordered_json arr = ordered_json::array();
  for (const auto& d : docs) {
    ordered_json j;
    j["type"] = d.type;
    j["id"] = d.id;
    if (!d.issuer.empty()) j["issuer"] = d.issuer;
    if (!d.date.empty()) j["date"] = d.date;
    arr.push_back(std::move(j));
  }
  return arr;
}

ordered_json MoneyJson(const Money& m) { return {{"amount", m.amount.ToString()}, {"currency", m.currency}}; }

ordered_json ToOrdered(const Declaration& d) {
  ordered_json j;
  j["lrn"] = d.lrn;
  j["type"] = DeclarationTypeCode(d.type);
  j["procedure"] = d.procedure;
  j["office"] = d.office;
  j["issue_date"] = d.issue_date;
  ordered_json parties;
  parties["declarant"] = PartyJson(d.parties.declarant);
  const std::pair<const char*, const std::optional<Party>*> optional_parties[] = {
      {"importer", &d.parties.importer}, {"exporter", &d.parties.exporter}, {"seller", &d.parties.seller},
      {"buyer", &d.parties.buyer},       {"carrier", &d.parties.carrier},   {"representative", &d.parties.representative}};
  for (auto& [name, p] : optional_parties) if (p->has_value()) parties[name] = PartyJson(**p);
  j["parties"] = std::move(parties);

  ordered_json t;
  t["border_mode"] = d.transport.border_mode;
  if (!d.transport.means_id.empty()) t["means_id"] = d.transport.means_id;
  if (!d.transport.means_nationality.empty()) t["means_nationality"] = d.transport.means_nationality;
  if (!d.transport.containers.empty()) t["containers"] = d.transport.containers;
  j["transport"] = std::move(t);

  ordered_json l;
  if (!d.locations.loading.empty()) l["loading"] = d.locations.loading;
  if (!d.locations.entry_office.empty()) l["entry_office"] = d.locations.entry_office;
  if (!d.locations.destination_office.empty()) l["destination_office"] = d.locations.destination_office;
  if (!d.locations.destination_country.empty()) l["destination_country"] = d.locations.destination_country;
  j["locations"] = std::move(l);

  ordered_json inv;
  inv["number"] = d.invoice.number;
  inv["date"] = d.invoice.date;
  inv["currency"] = d.invoice.currency;
  inv["total"] = d.invoice.total.ToString();
  inv["incoterm"] = d.invoice.incoterm;
  if (!d.invoice.incoterm_place.empty()) inv["incoterm_place"] = d.invoice.incoterm_place;
  j["invoice"] = std::move(inv);
  if (d.freight) j["freight"] = MoneyJson(*d.freight);
  if (d.insurance) j["insurance"] = MoneyJson(*d.insurance);
  if (!d.exchange_rates.empty()) {
    ordered_json rates = ordered_json::array();
    for (const auto& r : d.exchange_rates) {
      ordered_json rj{{"currency", r.currency}, {"rate", r.rate.ToString()}};
      if (!r.date.empty()) rj["date"] = r.date;
      rates.push_back(std::move(rj));
    }
    j["exchange_rates"] = std::move(rates);
  }
  if (!d.documents.empty()) j["documents"] = DocumentsJson(d.documents);

  ordered_json items = ordered_json::array();
  for (const auto& it : d.items) {
    ordered_json ij;
    ij["seq"] = it.seq;
    ij["description"] = it.description;
    ordered_json c{{"hs", it.commodity.hs}};
    if (!it.commodity.national.empty()) c["national"] = it.commodity.national;
    ij["commodity"] = std::move(c);
    ij["origin"] = it.origin;
    if (!it.preferential_origin.empty()) ij["preferential_origin"] = it.preferential_origin;
    ij["net_mass"] = it.net_mass.ToString();
    ij["gross_mass"] = it.gross_mass.ToString();
    if (it.supplementary)
      ij["supplementary"] = {{"quantity", it.supplementary->quantity.ToString()}, {"unit", it.supplementary->unit}};
    ij["price"] = it.price.ToString();
    ij["valuation_method"] = it.valuation_method;
    ordered_json pk = ordered_json::array();
    for (const auto& p : it.packages) {
      ordered_json pj{{"count", p.count}, {"kind", p.kind}};
      if (!p.marks.empty()) pj["marks"] = p.marks;
      pk.push_back(std::move(pj));
    }
    if (!pk.empty()) ij["packages"] = std::move(pk);
    if (!it.documents.empty()) ij["documents"] = DocumentsJson(it.documents);
    items.push_back(std::move(ij));
  }
  j["items"] = std::move(items);
  return j;
}

}  // namespace

nlohmann::ordered_json DeclarationToJson(const Declaration& d) { return ToOrdered(d); }

std::string CanonicalJson(const Declaration& d) { return ToOrdered(d).dump(); }

}  // namespace oc
