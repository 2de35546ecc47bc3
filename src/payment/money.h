// Money in the payments sub-ledger: whole hundredths of the currency unit ("cents").
// Assessed amounts are rounded to at most two places, so sums in storage and in reports are exact
// integers and never drift.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/decimal.h"

namespace oc::payment {

using Cents = int64_t;

// Rounds half away from zero to two places.
Cents ToCents(Decimal amount);
Decimal FromCents(Cents cents);
// "1234.50", "-0.07"
std::string FormatCents(Cents cents);
// A decimal string with at most two fractional digits ("120", "120.5", "120.50"); nullopt for
// anything else, including more digits, signs other than a leading '-', exponents, and amounts
// beyond ±92233720368547758.07 (the range of Cents).
std::optional<Cents> ParseCents(std::string_view text);

}  // namespace oc::payment
