// Duty assessment of one goods item against a schedule: picks the applicable rate (general,
// preferential with a claimed programme, column 2 by origin), converts the declared quantities
// into the rate's units, adds additional duties by origin, and explains every amount.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/decimal.h"
#include "common/status.h"
#include "tariff/schedule.h"

namespace oc::tariff {

struct Quantity {
  Decimal amount;
  std::string unit;  // UN/ECE Rec 20
};

struct QuoteRequest {
  std::string code;
  std::string origin;                 // ISO 3166-1 alpha-2
  Decimal customs_value;              // in the schedule's currency (convert before calling)
  std::optional<Decimal> net_kg;
  std::vector<Quantity> quantities;   // supplementary quantities in any Rec 20 unit
  std::string preference;             // claimed programme ("" = none); the claim implies its proof
};

struct DutyLine {
  std::string kind;         // "duty" or "additional_duty"
  std::string measure_id;   // the line or chapter-99 heading that carries the rate
  std::string legal_ref;
  std::string description;  // e.g. "Column 1 general", "Preference KR", "Section 301 (China), list 3"
  std::string base;         // what the rate was applied to, e.g. "1000 USD; 12.5 KGM"
  std::string rate_text;
  Decimal amount;           // rounded to the currency's cents, half away from zero
};

struct Quote {
  std::string code, description, currency;
  Decimal customs_value;
  std::vector<DutyLine> lines;
  Decimal total;
  std::vector<std::string> notes;
};

// Errors: Invalid with codes unknown_code, code_depth, invalid_code, negative_value,
// quantity_required (naming the unit), rate_declined (naming the reason). Thread-safe.
Result<Quote> QuoteDuty(const Schedule& schedule, const QuoteRequest& request);

// Converts `q` into `unit` if a fixed conversion exists (DZN->NAR, LPA->PFL, LTR->BLL, ...).
std::optional<Decimal> ConvertQuantity(const Quantity& q, const std::string& unit);

// Converts an amount in `currency` into the schedule's currency (at the acceptance date).
using ToScheduleCurrency = std::function<Result<Decimal>(Decimal amount, const std::string& currency)>;

// Applies a rate: the sum (or max/min) of its parts over the value and quantities, bounded by
// its minimum/maximum. Invalid("quantity_required") when a needed quantity is missing;
// amounts in another currency need `convert` (else Invalid("missing_exchange_rate")).
Result<Decimal> ApplyRate(const Rate& rate, Decimal value, const std::optional<Decimal>& net_kg,
                          const std::vector<Quantity>& quantities, std::string* base_text,
                          const ToScheduleCurrency* convert = nullptr);

}  // namespace oc::tariff
