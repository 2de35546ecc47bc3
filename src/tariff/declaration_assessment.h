// Assessment of a whole declaration against a national schedule: customs value by WTO method 1
// (transaction value: item price converted at the official rate valid on the acceptance date,
// plus freight and insurance to the border apportioned by value unless the Incoterm already
// includes them), then each item's duty, additional duties, excise and VAT, and the
// declaration's fees. Items declaring another valuation method are flagged for an officer.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "declaration/declaration.h"
#include "declaration/field_error.h"
#include "refdata/reference_data.h"
#include "tariff/exchange_rates.h"
#include "tariff/national.h"

namespace oc::tariff {

struct ItemAssessment {
  int64_t seq = 0;
  std::string code;
  Decimal customs_value;  // national currency
  std::vector<DutyLine> lines;
  Decimal total;
  std::vector<std::string> notes;
};

struct DeclarationAssessment {
  std::string schedule, currency, acceptance_date;
  std::vector<ItemAssessment> items;
  std::vector<DutyLine> declaration_lines;  // fees charged once per declaration
  std::map<std::string, Decimal> totals_by_kind;  // duty, additional_duty, excise, vat, fee
  Decimal customs_value, total;
  // Reliefs by procedure: transit and the suspensive procedures (inward processing, temporary
  // admission, customs warehousing) secure the debt with a guarantee instead of paying it.
  Decimal payable, secured;
  std::string relief;                             // why the debt is secured, "" when payable
  bool officer_review = false;                    // a non-transaction-value method was declared
  std::vector<std::string> notes;
};

// Fills `out` or, when the declaration cannot be assessed, returns the reasons as field errors
// (e.g. /items/2/supplementary quantity_required naming the unit). Thread-safe.
FieldErrors AssessDeclaration(const Declaration& d, const NationalSchedule& schedule, const ExchangeRates& rates,
                              const ReferenceData& ref, int64_t acceptance_day, DeclarationAssessment& out);

// The Rec 20 units (other than net mass) the measures for `code` need on `day` (for forms and
// generators that must ask for supplementary quantities).
// Warnings (code "rate_differs_from_official", pointer /exchange_rates/N/rate) for each declared
// rate more than `tolerance` (0.05 = 5 %) away from the official rate into `national` on the
// rate's date (the issue date when it has none). Declared rates are the trader's reading: duties
// are assessed at the official rate, and a rate far from it is worth a look, not a refusal.
FieldErrors DeclaredRateWarnings(const Declaration& d, const ExchangeRates& rates, const std::string& national,
                                 double tolerance = 0.05);

std::vector<std::string> UnitsNeeded(const NationalSchedule& schedule, const std::string& code,
                                     const std::string& origin, int64_t day);

}  // namespace oc::tariff
