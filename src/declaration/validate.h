// Semantic validation of a parsed declaration: codes checked against reference data at the
// depth given, and cross-field rules. Every problem is reported, not only the first.
#pragma once

#include <string>

#include "declaration/declaration.h"
#include "declaration/field_error.h"
#include "refdata/reference_data.h"

namespace oc {

struct ValidationPolicy {
  std::string national_currency = "UZS";  // currency of the administration; needs no exchange rate
  std::string country = "UZ";             // the administration's country (ISO 3166-1 alpha-2)
  int64_t today_days = 0;                 // "today" in days since epoch (UTC)
  // Sum of item prices may differ from the invoice total by at most
  // max(absolute_tolerance, relative_tolerance_ppm * total / 1e6).
  Decimal absolute_tolerance = Decimal::FromInt(1);
  int64_t relative_tolerance_ppm = 1000;  // 0.1 %
};

// Appends every semantic error of `d` to `errors`. `d` must come from a parse with no errors.
// Thread-safe: reads only its arguments.
void ValidateDeclaration(const Declaration& d, const ReferenceData& ref, const ValidationPolicy& policy,
                         FieldErrors& errors);

}  // namespace oc
