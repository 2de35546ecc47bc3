#include "payment/money.h"

#include <cstdint>

namespace oc::payment {

namespace {
constexpr __int128 kUnitsPerCent = Decimal::kOne / 100;
}

Cents ToCents(Decimal amount) { return static_cast<Cents>(amount.Round(2).units() / kUnitsPerCent); }

Decimal FromCents(Cents cents) { return Decimal::FromUnits(static_cast<__int128>(cents) * kUnitsPerCent); }

std::string FormatCents(Cents cents) { return FromCents(cents).ToFixed(2); }

std::optional<Cents> ParseCents(std::string_view text) {
  auto dot = text.find('.');
  if (dot != std::string_view::npos && text.size() - dot - 1 > 2) return std::nullopt;
  if (text.size() > 21) return std::nullopt;  // "-92233720368547758.07", the longest FormatCents writes
  auto d = Decimal::Parse(text);
  if (!d) return std::nullopt;
  // The length limit still lets through amounts beyond int64 cents, which would wrap silently.
  constexpr __int128 kMax = static_cast<__int128>(INT64_MAX) * kUnitsPerCent;
  if (d->units() > kMax || d->units() < -kMax) return std::nullopt;
  return ToCents(*d);
}

}  // namespace oc::payment
