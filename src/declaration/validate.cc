#include "declaration/validate.h"

#include <set>

#include "common/dates.h"

namespace oc {
namespace {

class Checker {
 public:
  Checker(const ReferenceData& ref, const ValidationPolicy& policy, FieldErrors& errors)
      : ref_(ref), policy_(policy), errors_(errors) {}

  void Error(std::string ptr, std::string code, std::string msg) {
    errors_.push_back({std::move(ptr), std::move(code), std::move(msg)});
  }

  void InList(const CodeList& list, const std::string& value, const std::string& ptr, const char* code,
              const char* what) {
    if (!value.empty() && !list.Contains(value)) Error(ptr, code, "'" + value + "' is not a known " + what);
  }
  void Country(const std::string& v, const std::string& ptr) {
    InList(ref_.countries(), v, ptr, "unknown_country", "ISO 3166-1 country code");
  }
  void Office(const std::string& v, const std::string& ptr) {
    InList(ref_.offices(), v, ptr, "unknown_office", "customs office");
  }
  // An office where this administration's customs work: a declaration lodged at, or goods
  // entering through, another country's office is refused with the office's country named.
  void NationalOffice(const std::string& v, const std::string& ptr) {
    const CodeEntry* e = v.empty() ? nullptr : ref_.offices().Find(v);
    if (!e) return Office(v, ptr);
    const std::string& country = e->extra.empty() ? std::string() : e->extra[0];
    if (!policy_.country.empty() && !country.empty() && country != policy_.country)
      Error(ptr, "foreign_office", "'" + v + "' is an office of " + country + ", not of " + policy_.country +
                                       ": give an office of " + policy_.country + " (code list: offices)");
  }
  void Currency(const std::string& v, const std::string& ptr) {
    if (v.empty()) return;
    if (!ref_.currencies().Contains(v)) {
      Error(ptr, "unknown_currency", "'" + v + "' is not a known ISO 4217 currency");
      return;
    }
    used_currencies_.insert({v, ptr});
  }
  void NotFuture(const std::string& date, const std::string& ptr) {
    if (date.empty()) return;
    auto days = ParseIsoDate(date);
    // One day of grace: a trader east of UTC may already be in tomorrow.
    if (days && *days > policy_.today_days + 1)
      Error(ptr, "date_in_future", "date " + date + " is in the future (today is " + FormatIsoDate(policy_.today_days) + ")");
  }
  void Documents(const std::vector<Document>& docs, const std::string& base) {
    for (size_t i = 0; i < docs.size(); ++i) {
      std::string p = base + "/" + std::to_string(i);
      InList(ref_.document_types(), docs[i].type, p + "/type", "unknown_document_type", "document type code");
      NotFuture(docs[i].date, p + "/date");
    }
  }
  void Party(const oc::Party& party, const std::string& ptr) { Country(party.address.country, ptr + "/address/country"); }

  void Run(const Declaration& d) {
    // Header.
    if (d.procedure.size() == 4) {
      std::string requested = d.procedure.substr(0, 2), previous = d.procedure.substr(2, 2);
      const CodeEntry* proc = ref_.procedures().Find(requested);
      if (!proc) {
        Error("/procedure", "unknown_procedure", "requested procedure '" + requested + "' is not a known procedure code");
      } else {
        const std::string& allowed = proc->extra.empty() ? std::string() : proc->extra[0];
        if (allowed.find(DeclarationTypeCode(d.type)) == std::string::npos)
          Error("/procedure", "procedure_type_mismatch",
                "requested procedure '" + requested + "' is not allowed for a " + DeclarationTypeCode(d.type) +
                    " declaration (allowed: " + allowed + ")");
      }
      if (!ref_.procedures().Contains(previous))
        Error("/procedure", "unknown_procedure", "previous procedure '" + previous + "' is not a known procedure code");
    }
    NationalOffice(d.office, "/office");
    NotFuture(d.issue_date, "/issue_date");

    // Parties.
    Party(d.parties.declarant, "/parties/declarant");
    const std::pair<const char*, const std::optional<oc::Party>*> optional_parties[] = {
        {"importer", &d.parties.importer}, {"exporter", &d.parties.exporter}, {"seller", &d.parties.seller},
        {"buyer", &d.parties.buyer},       {"carrier", &d.parties.carrier},   {"representative", &d.parties.representative}};
    for (auto& [name, p] : optional_parties) if (p->has_value()) Party(**p, std::string("/parties/") + name);
    if (d.parties.representative)
      InList(ref_.representative_statuses(), d.parties.representative->status, "/parties/representative/status",
             "unknown_representative_status", "representative status code");
    if (d.type == DeclarationType::kImport && !d.parties.importer)
      Error("/parties/importer", "required", "an import declaration names the importer");
    if (d.type == DeclarationType::kExport && !d.parties.exporter)
      Error("/parties/exporter", "required", "an export declaration names the exporter");

    // Transport and locations.
    InList(ref_.transport_modes(), d.transport.border_mode, "/transport/border_mode", "unknown_transport_mode",
           "UN/ECE Rec 19 transport mode");
    Country(d.transport.means_nationality, "/transport/means_nationality");
    if (d.type == DeclarationType::kImport) NationalOffice(d.locations.entry_office, "/locations/entry_office");
    else Office(d.locations.entry_office, "/locations/entry_office");
    Office(d.locations.destination_office, "/locations/destination_office");
    Country(d.locations.destination_country, "/locations/destination_country");
    if (d.type == DeclarationType::kTransit && d.locations.destination_office.empty())
      Error("/locations/destination_office", "required", "a transit declaration names the office of destination");

    // Invoice and amounts.
    Currency(d.invoice.currency, "/invoice/currency");
    NotFuture(d.invoice.date, "/invoice/date");
    InList(ref_.incoterms(), d.invoice.incoterm, "/invoice/incoterm", "unknown_incoterm", "Incoterms code");
    if (d.freight) Currency(d.freight->currency, "/freight/currency");
    if (d.insurance) Currency(d.insurance->currency, "/insurance/currency");
    std::set<std::string> rated;
    for (size_t i = 0; i < d.exchange_rates.size(); ++i) {
      std::string p = "/exchange_rates/" + std::to_string(i);
      const auto& x = d.exchange_rates[i];
      if (!x.currency.empty() && !ref_.currencies().Contains(x.currency))
        Error(p + "/currency", "unknown_currency", "'" + x.currency + "' is not a known ISO 4217 currency");
      if (!rated.insert(x.currency).second)
        Error(p + "/currency", "duplicate_exchange_rate", "two exchange rates are given for " + x.currency);
      NotFuture(x.date, p + "/date");
    }
    Documents(d.documents, "/documents");

    // Items.
    std::set<int64_t> seqs;
    Decimal sum;
    for (size_t i = 0; i < d.items.size(); ++i) {
      const GoodsItem& it = d.items[i];
      std::string p = "/items/" + std::to_string(i);
      if (it.seq != 0 && !seqs.insert(it.seq).second)
        Error(p + "/seq", "duplicate_item_seq", "item sequence number " + std::to_string(it.seq) + " is used twice");
      // Without the nomenclature (no shared data directory) only the code's form is checked.
      if (!it.commodity.hs.empty() && ref_.hs_available() && !ref_.HsExists(it.commodity.hs))
        Error(p + "/commodity/hs", "unknown_hs_code", "'" + it.commodity.hs + "' is not an HS 2022 subheading");
      Country(it.origin, p + "/origin");
      Country(it.preferential_origin, p + "/preferential_origin");
      if (it.net_mass > it.gross_mass && !it.gross_mass.is_zero())
        Error(p + "/net_mass", "net_exceeds_gross",
              "net mass " + it.net_mass.ToString() + " kg exceeds gross mass " + it.gross_mass.ToString() + " kg");
      if (it.supplementary)
        InList(ref_.units(), it.supplementary->unit, p + "/supplementary/unit", "unknown_unit", "UN/ECE Rec 20 unit");
      InList(ref_.valuation_methods(), it.valuation_method, p + "/valuation_method", "unknown_valuation_method",
             "WTO valuation method");
      for (size_t k = 0; k < it.packages.size(); ++k)
        InList(ref_.package_kinds(), it.packages[k].kind, p + "/packages/" + std::to_string(k) + "/kind",
               "unknown_package_kind", "UN/ECE Rec 21 package kind");
      Documents(it.documents, p + "/documents");
      sum = sum + it.price;
    }
    if (d.items.size() > 999) Error("/items", "too_many", "at most 999 goods items are allowed");

    // Sum of item prices against the invoice total.
    if (!d.items.empty() && !d.invoice.currency.empty()) {
      Decimal relative = Decimal::FromUnits(d.invoice.total.units() * policy_.relative_tolerance_ppm / 1000000);
      Decimal tolerance = relative > policy_.absolute_tolerance ? relative : policy_.absolute_tolerance;
      if ((sum - d.invoice.total).Abs() > tolerance)
        Error("/invoice/total", "invoice_total_mismatch",
              "the item prices add up to " + sum.ToString() + " " + d.invoice.currency + " but the invoice total is " +
                  d.invoice.total.ToString() + " (tolerance " + tolerance.ToString() + ")");
    }

    // Every foreign currency needs an exchange rate to the national currency.
    for (const auto& [cur, ptr] : used_currencies_) {
      if (cur != policy_.national_currency && !rated.count(cur))
        Error(ptr, "missing_exchange_rate",
              "no exchange rate from " + cur + " to " + policy_.national_currency + " is given in /exchange_rates");
    }
  }

 private:
  const ReferenceData& ref_;
  const ValidationPolicy& policy_;
  FieldErrors& errors_;
  std::set<std::pair<std::string, std::string>> used_currencies_;
};

}  // namespace

void ValidateDeclaration(const Declaration& d, const ReferenceData& ref, const ValidationPolicy& policy,
                         FieldErrors& errors) {
  Checker(ref, policy, errors).Run(d);
}

}  // namespace oc
