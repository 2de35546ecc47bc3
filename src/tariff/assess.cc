#include "tariff/assess.h"

#include <algorithm>

namespace oc::tariff {
namespace {

struct Conversion { const char* from; const char* to; int64_t num; int64_t den; };
// Fixed conversions between units of quantity (to = from * num / den).
const Conversion kConversions[] = {
    {"DZN", "NAR", 12, 1},          {"GRO", "NAR", 144, 1},       {"NAR", "DZN", 1, 12},
    {"NAR", "GRO", 1, 144},         {"DPR", "NPR", 12, 1},        {"KGM", "TNE", 1, 1000},
    {"TNE", "KGM", 1000, 1},        {"GRM", "KGM", 1, 1000},      {"KGM", "GRM", 1000, 1},
    {"MLT", "LTR", 1, 1000},        {"HLT", "LTR", 100, 1},       {"MTQ", "LTR", 1000, 1},
    {"LTR", "MTQ", 1, 1000},
    // One litre of pure alcohol is two US proof litres (proof litre = litre at 50 % alcohol).
    {"LPA", "PFL", 2, 1},
    // US barrel of 42 gallons = 158.987294928 litres.
    {"LTR", "BLL", 1000000000, 158987294928},
};

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

}  // namespace

std::optional<Decimal> ConvertQuantity(const Quantity& q, const std::string& unit) {
  if (q.unit == unit) return q.amount;
  for (const auto& c : kConversions)
    if (q.unit == c.from && unit == c.to) return q.amount.MulRatio(c.num, c.den);
  return std::nullopt;
}

Result<Decimal> ApplyRate(const Rate& rate, Decimal value, const std::optional<Decimal>& net_kg,
                          const std::vector<Quantity>& quantities, std::string* base_text,
                          const ToScheduleCurrency* convert) {
  auto in_schedule_currency = [&](Decimal amount, const std::string& currency) -> Result<Decimal> {
    if (currency.empty()) return amount;
    if (!convert) return Status::Invalid("missing_exchange_rate", "no exchange rates to convert " + currency);
    return (*convert)(amount, currency);
  };
  std::vector<Decimal> amounts;
  std::vector<std::string> bases;
  for (const auto& p : rate.parts) {
    if (p.kind == RatePart::Kind::kAdValorem) {
      amounts.push_back(Decimal::Div(value * p.value, Decimal::FromInt(100)));
      continue;
    }
    std::optional<Decimal> qty;
    if (p.unit == "KGM" && net_kg) qty = net_kg;
    if (!qty && p.unit == "KGM") {  // a mass given as a quantity in grams or tonnes also serves
      for (const auto& q : quantities) if ((qty = ConvertQuantity(q, "KGM"))) break;
    }
    if (!qty)
      for (const auto& q : quantities) if ((qty = ConvertQuantity(q, p.unit))) break;
    if (!qty && net_kg) qty = ConvertQuantity(Quantity{*net_kg, "KGM"}, p.unit);  // tonnes, grams
    if (!qty)
      return Status::Invalid("quantity_required", "rate '" + rate.text + "' needs the quantity in " + p.unit +
                                                      (p.unit == "KGM" ? " (net mass)" : ""));
    if (qty->is_negative()) return Status::Invalid("negative_value", "quantities must not be negative");
    Decimal units = p.unit_size == Decimal::FromInt(1) ? *qty : Decimal::Div(*qty, p.unit_size);
    auto per_unit = in_schedule_currency(p.value, p.currency);
    if (!per_unit.ok()) return per_unit.status();
    amounts.push_back(units * per_unit.value());
    bases.push_back(qty->ToString() + " " + p.unit);
  }
  Decimal total;
  if (rate.combine == Rate::Combine::kSum || amounts.empty()) {
    for (auto a : amounts) total = total + a;
  } else {
    total = amounts[0];
    for (auto a : amounts)
      total = rate.combine == Rate::Combine::kMax ? std::max(total, a) : std::min(total, a);
  }
  if (rate.minimum) {
    auto min = in_schedule_currency(rate.minimum->amount, rate.minimum->currency);
    if (!min.ok()) return min.status();
    if (total < min.value()) total = min.value();
  }
  if (rate.maximum) {
    auto max = in_schedule_currency(rate.maximum->amount, rate.maximum->currency);
    if (!max.ok()) return max.status();
    if (total > max.value()) total = max.value();
  }
  if (base_text) *base_text = Join(bases, "; ");
  return total;
}

Result<Quote> QuoteDuty(const Schedule& schedule, const QuoteRequest& req) {
  if (req.customs_value.is_negative()) return Status::Invalid("negative_value", "the customs value must not be negative");
  if (req.net_kg && req.net_kg->is_negative()) return Status::Invalid("negative_value", "the net mass must not be negative");
  for (const auto& q : req.quantities)
    if (q.amount.is_negative()) return Status::Invalid("negative_value", "quantities must not be negative");
  auto found = schedule.Find(req.code);
  if (!found.ok()) return found.status();
  const TariffLine& line = *found.value();

  Quote quote;
  quote.code = line.code;
  quote.description = line.description;
  quote.currency = schedule.currency();
  quote.customs_value = req.customs_value;

  // Which rate applies.
  const Rate* rate = nullptr;
  std::string column;
  if (schedule.IsColumn2Country(req.origin)) {
    if (!line.column2) return Status::Invalid("rate_declined", "column 2 rate of " + line.code + " is not computable: " + line.column2_declined);
    rate = &*line.column2;
    column = "Column 2 (origin " + req.origin + ")";
  }
  if (!rate && !req.preference.empty()) {
    for (const auto& g : line.special)
      for (const auto& p : g.programmes)
        if (p == req.preference) { rate = &g.rate; column = "Preference " + p + " (proof of origin claimed)"; }
    if (!rate) quote.notes.push_back("programme " + req.preference + " gives no preference on this line; the general rate applies");
  }
  if (!rate) {
    if (!line.general) return Status::Invalid("rate_declined", "the rate of " + line.code + " is not computable: " + line.general_declined);
    rate = &*line.general;
    column = "Column 1 general";
  }

  std::string base;
  auto amount = ApplyRate(*rate, req.customs_value, req.net_kg, req.quantities, &base);
  if (!amount.ok()) return amount.status();
  DutyLine duty;
  duty.kind = "duty";
  duty.measure_id = line.rates_from.empty() ? line.code : line.rates_from;
  duty.legal_ref = line.legal_ref;
  duty.description = column;
  duty.base = req.customs_value.ToFixed(2) + " " + schedule.currency() + (base.empty() ? "" : "; " + base);
  duty.rate_text = rate->text;
  duty.amount = amount->Round(2);
  quote.lines.push_back(duty);

  for (const AdditionalDuty* add : schedule.AdditionalFor(line, req.origin)) {
    DutyLine l;
    l.kind = "additional_duty";
    l.measure_id = add->measure_id;
    l.legal_ref = "HTSUS " + add->measure_id;
    l.description = add->description;
    l.base = req.customs_value.ToFixed(2) + " " + schedule.currency();
    l.rate_text = add->percent.ToString() + "%";
    l.amount = Decimal::Div(req.customs_value * add->percent, Decimal::FromInt(100)).Round(2);
    quote.lines.push_back(l);
  }
  for (const auto& l : quote.lines) quote.total = quote.total + l.amount;
  return quote;
}

}  // namespace oc::tariff
