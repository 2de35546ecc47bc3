// Duty rates as data: ad valorem, specific (amount per unit), compound (sum of parts), and
// mixed (the higher or lower of alternatives, with an optional minimum or maximum).
// Parsing of the US HTS rate texts lives here too; other schedules build Rates directly.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/decimal.h"
#include "common/status.h"

namespace oc::tariff {

// One term of a rate.
struct RatePart {
  enum class Kind { kAdValorem, kSpecific };
  Kind kind = Kind::kAdValorem;
  Decimal value;         // percent for ad valorem (6.8 = 6.8 %); amount per unit for specific
  std::string unit;      // specific only: UN/ECE Rec 20 unit the amount is per (KGM, NAR, NPR, DZN, LTR, ...)
  Decimal unit_size = Decimal::FromInt(1);  // "per 1000 pieces" = NAR with unit_size 1000
  std::string currency;  // specific only: currency of `value`; "" = the schedule's currency
};

struct MoneyBound {
  Decimal amount;
  std::string currency;  // "" = the schedule's currency
};

struct Rate {
  enum class Combine { kSum, kMax, kMin };
  std::vector<RatePart> parts;  // empty = free
  Combine combine = Combine::kSum;
  std::optional<MoneyBound> minimum, maximum;  // bounds on the computed amount (mixed duties, fees)
  std::string text;                         // the rate as the schedule prints it

  bool is_free() const { return parts.empty(); }
  // Specific units this rate needs quantities in (deduplicated, in order).
  std::vector<std::string> units() const;
};

// Parses a US HTS rate text ("Free", "6.8%", "4.4¢/kg", "$3/head", "0.9¢ each", "2.8¢/kg + 3.8%",
// "33 1/3%"). Amounts are in US dollars. Invalid("rate_declined") with a reason category in the
// message prefix ("formula:", "qualified_basis:", "reference:", "unknown_unit:", "unparsed:")
// for texts the engine does not compute. Pure function.
Result<Rate> ParseUsRate(std::string_view text);

// Parses the project's own rate grammar (national schedules, data/tariff/*/measures.csv):
//   "12%"  "0.5 USD/KGM"  "250000 UZS/1000 NAR"  "10% + 0.2 USD/KGM"  "max(15%; 0.8 EUR/KGM)"
//   "min(20%; 3 USD/NPR)"  and any of these followed by " min 50000 UZS" and/or " max 3000000 UZS".
// Invalid("bad_rate") naming the problem. Pure function.
Result<Rate> ParseRateExpression(std::string_view text);

// The decline category of a ParseUsRate error message ("formula", "qualified_basis", ...).
std::string DeclineCategory(const Status& st);

// A preferential rate group from the Special column: "Free (A+,AU,BH)" -> rate + programmes.
struct SpecialRate {
  Rate rate;
  std::vector<std::string> programmes;
};
// Splits a US Special column into its groups. Groups whose rate is declined or that refer to
// another heading ("See 9823.xx") are reported in `declined` (programme list + reason).
struct SpecialParse {
  std::vector<SpecialRate> groups;
  std::vector<std::pair<std::string, std::string>> declined;  // programmes text, reason
};
SpecialParse ParseUsSpecial(std::string_view text);

}  // namespace oc::tariff
