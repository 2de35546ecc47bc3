// Decimal: exact fixed-point number for money and quantities (never double).
// Six fractional digits, 128-bit mantissa. Parsed from and printed as decimal strings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oc {

class Decimal {
 public:
  static constexpr int kScale = 6;
  static constexpr __int128 kOne = 1000000;

  Decimal() = default;
  static Decimal FromUnits(__int128 units) { Decimal d; d.units_ = units; return d; }
  static Decimal FromInt(int64_t v) { return FromUnits(static_cast<__int128>(v) * kOne); }

  // Parses "-12.345"-style text: optional '-', digits, optional '.' and 1..6 digits.
  // No exponent, no '+', no whitespace, at most 24 integer digits. nullopt on anything else.
  static std::optional<Decimal> Parse(std::string_view text);

  // Canonical text: no trailing fractional zeros, no '.' for integers ("12.5", "3", "-0.01").
  std::string ToString() const;
  // Text with exactly `places` fractional digits, rounded half away from zero.
  std::string ToFixed(int places) const;

  __int128 units() const { return units_; }
  // Approximate value, for statistics and scoring only (risk features, unit-value references);
  // never for amounts that are charged.
  double ToDouble() const { return static_cast<double>(units_) / static_cast<double>(kOne); }
  bool is_negative() const { return units_ < 0; }
  bool is_zero() const { return units_ == 0; }

  Decimal operator+(Decimal o) const { return FromUnits(units_ + o.units_); }
  Decimal operator-(Decimal o) const { return FromUnits(units_ - o.units_); }
  Decimal operator-() const { return FromUnits(-units_); }
  // Product rounded half away from zero to six places; saturates at the largest magnitude
  // (about 1.7e32) instead of overflowing.
  Decimal operator*(Decimal o) const;
  Decimal Abs() const { return FromUnits(units_ < 0 ? -units_ : units_); }
  // Quotient rounded half away from zero to six places. b must not be zero.
  static Decimal Div(Decimal a, Decimal b);
  // This value times num/den, rounded half away from zero to six places (exact unit conversions).
  Decimal MulRatio(int64_t num, int64_t den) const;
  // Rounded half away from zero to `places` (0..6) fractional digits.
  Decimal Round(int places) const;
  auto operator<=>(const Decimal&) const = default;

 private:
  __int128 units_ = 0;
};

}  // namespace oc
