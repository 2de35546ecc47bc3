#include "tariff/declaration_assessment.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/dates.h"

namespace oc::tariff {

std::vector<std::string> UnitsNeeded(const NationalSchedule& s, const std::string& code, const std::string& origin,
                                     int64_t day) {
  std::vector<std::string> out;
  for (MeasureType t : {MeasureType::kDuty, MeasureType::kExcise, MeasureType::kVat}) {
    const Measure* m = s.Find(t, code, day, origin);
    if (!m) continue;
    for (const auto& u : m->rate.units())
      if (u != "KGM" && std::find(out.begin(), out.end(), u) == out.end()) out.push_back(u);
  }
  for (const Measure* m : s.Additional(code, day, origin))
    for (const auto& u : m->rate.units())
      if (u != "KGM" && std::find(out.begin(), out.end(), u) == out.end()) out.push_back(u);
  return out;
}

FieldErrors AssessDeclaration(const Declaration& d, const NationalSchedule& s, const ExchangeRates& rates,
                              const ReferenceData& ref, int64_t day, DeclarationAssessment& out) {
  FieldErrors errors;
  out = DeclarationAssessment{};
  out.schedule = s.name();
  out.currency = s.currency();
  out.acceptance_date = FormatIsoDate(day);
  ToScheduleCurrency convert = [&](Decimal amount, const std::string& currency) -> Result<Decimal> {
    auto rate = rates.Find(currency, s.currency(), day);
    if (!rate.ok()) return rate.status();
    return amount * rate.value();
  };
  auto invoice_rate = rates.Find(d.invoice.currency, s.currency(), day);
  if (!invoice_rate.ok()) {
    errors.push_back({"/invoice/currency", "missing_exchange_rate", invoice_rate.status().message()});
    return errors;
  }
  // Freight and insurance to the border are added unless the price already includes them
  // (incoterms.csv: code,name,edition,includes_freight_to_destination,includes_insurance).
  const CodeEntry* term = ref.incoterms().Find(d.invoice.incoterm);
  bool price_has_freight = term && term->extra.size() >= 2 && term->extra[1] == "1";
  bool price_has_insurance = term && term->extra.size() >= 3 && term->extra[2] == "1";
  Decimal additions;
  for (auto [cost, included, name] : {std::tuple{&d.freight, price_has_freight, "/freight/currency"},
                                      std::tuple{&d.insurance, price_has_insurance, "/insurance/currency"}}) {
    if (!cost->has_value() || included) continue;
    auto converted = convert((*cost)->amount, (*cost)->currency);
    if (!converted.ok()) {
      errors.push_back({name, "missing_exchange_rate", converted.status().message()});
      continue;
    }
    additions = additions + converted.value();
  }
  if (price_has_freight && d.freight)
    out.notes.push_back("Incoterm " + d.invoice.incoterm + " includes the main carriage: the declared freight is not added");
  Decimal prices;
  for (const auto& it : d.items) prices = prices + it.price;

  std::set<std::string> declaration_docs;
  for (const auto& doc : d.documents) declaration_docs.insert(doc.type);
  for (size_t i = 0; i < d.items.size(); ++i) {
    const GoodsItem& it = d.items[i];
    std::string ptr = "/items/" + std::to_string(i);
    ItemAssessment ia;
    ia.seq = it.seq;
    ia.code = it.commodity.hs + it.commodity.national;
    while (ia.code.size() < 10) ia.code.push_back('0');
    // Method 1: price at the official rate, plus this item's share (by price) of the additions.
    Decimal share = prices.is_zero() ? Decimal() : Decimal::Div(additions * it.price, prices);
    ia.customs_value = (it.price * invoice_rate.value() + share).Round(2);
    if (it.valuation_method != "1") {
      out.officer_review = true;
      ia.notes.push_back("valuation method " + it.valuation_method +
                         " declared: the transaction value is shown, an officer must determine the value");
    }
    NationalItem item;
    item.code = ia.code;
    item.origin = it.origin;
    item.customs_value = ia.customs_value;
    item.net_kg = it.net_mass;
    if (it.supplementary) item.quantities.push_back(Quantity{it.supplementary->quantity, it.supplementary->unit});
    item.day = day;
    item.documents = declaration_docs;
    for (const auto& doc : it.documents) item.documents.insert(doc.type);
    if (!it.preferential_origin.empty()) {
      // A preferential origin claims whichever programme covers that origin.
      for (const char* programme : {"CIS-FTA", "GSP-LDC"})
        if (s.Find(MeasureType::kPreference, ia.code, day, it.preferential_origin, programme)) item.programme = programme;
      item.origin = it.preferential_origin;
      if (item.programme.empty())
        ia.notes.push_back("no preference programme covers origin " + it.preferential_origin);
    }
    auto lines = AssessNationalItem(s, item, convert, &ia.notes);
    if (!lines.ok()) {
      std::string where = lines.status().code() == "quantity_required" ? ptr + "/supplementary"
                          : lines.status().code() == "missing_exchange_rate" ? ptr + "/price"
                                                                               : ptr + "/commodity";
      errors.push_back({where, lines.status().code(), "item " + std::to_string(it.seq) + ": " + lines.status().message()});
      continue;
    }
    ia.lines = std::move(lines.value());
    for (const auto& l : ia.lines) {
      ia.total = ia.total + l.amount;
      out.totals_by_kind[l.kind] = out.totals_by_kind[l.kind] + l.amount;
    }
    out.customs_value = out.customs_value + ia.customs_value;
    out.total = out.total + ia.total;
    out.items.push_back(std::move(ia));
  }
  if (!errors.empty()) return errors;
  auto fee = AssessNationalFee(s, out.customs_value, day, convert);
  if (!fee.ok()) {
    errors.push_back({"/invoice/currency", fee.status().code(), fee.status().message()});
    return errors;
  }
  if (fee.value()) {
    out.declaration_lines.push_back(*fee.value());
    out.totals_by_kind["fee"] = out.totals_by_kind["fee"] + fee.value()->amount;
    out.total = out.total + fee.value()->amount;
  }
  // The fee is a charge for the service and is always paid; the duties and taxes of goods in
  // transit or under a suspensive procedure are secured, to be paid only if the procedure is not
  // discharged.
  std::string requested = d.procedure.substr(0, 2);
  if (d.type == DeclarationType::kTransit) out.relief = "transit: duties and taxes secured by a guarantee, not paid";
  else if (requested == "51") out.relief = "inward processing: duties and taxes suspended under a guarantee";
  else if (requested == "53") out.relief = "temporary admission: duties and taxes suspended under a guarantee";
  else if (requested == "71") out.relief = "customs warehousing: duties and taxes suspended under a guarantee";
  Decimal fees = out.totals_by_kind.count("fee") ? out.totals_by_kind["fee"] : Decimal();
  out.secured = out.relief.empty() ? Decimal() : out.total - fees;
  out.payable = out.total - out.secured;
  return errors;
}

FieldErrors DeclaredRateWarnings(const Declaration& d, const ExchangeRates& rates, const std::string& national,
                                 double tolerance) {
  FieldErrors out;
  for (size_t i = 0; i < d.exchange_rates.size(); ++i) {
    const ExchangeRate& x = d.exchange_rates[i];
    if (x.currency.empty() || x.currency == national) continue;
    auto day = ParseIsoDate(x.date.empty() ? d.issue_date : x.date);
    if (!day) continue;
    auto official = rates.Find(x.currency, national, *day);
    if (!official.ok() || official->ToDouble() <= 0) continue;
    double ratio = x.rate.ToDouble() / official->ToDouble();
    if (std::abs(ratio - 1) <= tolerance) continue;
    char pct[32];
    std::snprintf(pct, sizeof pct, "%.1f %% %s", std::abs(ratio - 1) * 100, ratio < 1 ? "lower" : "higher");
    out.push_back({"/exchange_rates/" + std::to_string(i) + "/rate", "rate_differs_from_official",
                   "1 " + x.currency + " = " + x.rate.ToString() + " " + national + " is " + pct + " than the official " +
                       official->ToString() + " on " + FormatIsoDate(*day) +
                       ": duties are assessed at the official rate"});
  }
  return out;
}

}  // namespace oc::tariff
