// Corrections an officer makes to declared goods after an inspection (the code, quantities,
// value, origin the goods turned out to have). Parsed from the API's JSON and applied to a
// declaration to give its next version. Pure: no storage, no clock.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/decimal.h"
#include "common/status.h"
#include "declaration/declaration.h"
#include "declaration/field_error.h"

namespace oc {

// The corrected values of one goods item; absent members keep the declared value.
struct ItemCorrection {
  int64_t item = 0;                         // the item's sequence number (1-based, as declared)
  std::optional<std::string> hs_code;       // 6 to 10 digits: HS subheading + national digits
  std::optional<std::string> origin;        // ISO 3166-1 alpha-2
  std::optional<Decimal> net_mass;          // kilograms
  std::optional<Decimal> gross_mass;        // kilograms
  std::optional<Decimal> supplementary_quantity;  // in the item's declared supplementary unit
  std::optional<Decimal> price;             // in the invoice currency
};

struct Correction {
  std::string reason;  // what the inspection found, told to the trader
  std::vector<ItemCorrection> items;
};

struct ParsedCorrection {
  Correction correction;  // meaningful only when `errors` is empty
  FieldErrors errors;     // every structural problem, pointers into the request body
};

// Parses {"reason": "...", "items": [{"item": 1, "hs_code": "...", ...}]}. Unknown members, wrong
// types, malformed codes and decimals, an empty reason or item list are errors. Thread-safe.
ParsedCorrection ParseCorrectionJson(const nlohmann::json& body);

// The declaration with the corrections applied. The invoice total moves by the change of the
// item prices (the corrected value is the one declared from now on). Errors, pointing into the
// request body: an item the declaration does not have ("unknown_item"), a supplementary quantity
// for an item declared without one ("no_supplementary_unit"), a correction that changes nothing
// ("no_change").
Result<Declaration> ApplyCorrection(const Declaration& declared, const Correction& c, FieldErrors* errors);

}  // namespace oc
