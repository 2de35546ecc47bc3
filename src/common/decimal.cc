#include "common/decimal.h"

#include <algorithm>

namespace oc {

std::optional<Decimal> Decimal::Parse(std::string_view s) {
  bool neg = false;
  size_t i = 0;
  if (i < s.size() && s[i] == '-') { neg = true; ++i; }
  size_t int_start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  size_t int_digits = i - int_start;
  if (int_digits == 0 || int_digits > 24) return std::nullopt;
  __int128 v = 0;
  for (size_t k = int_start; k < int_start + int_digits; ++k) v = v * 10 + (s[k] - '0');
  int frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t frac_start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    frac_digits = static_cast<int>(i - frac_start);
    if (frac_digits == 0 || frac_digits > kScale) return std::nullopt;
    for (size_t k = frac_start; k < i; ++k) v = v * 10 + (s[k] - '0');
  }
  if (i != s.size()) return std::nullopt;
  for (int k = frac_digits; k < kScale; ++k) v *= 10;
  return FromUnits(neg ? -v : v);
}

static std::string UnsignedToString(unsigned __int128 v) {
  if (v == 0) return "0";
  std::string out;
  while (v > 0) { out.push_back(static_cast<char>('0' + static_cast<int>(v % 10))); v /= 10; }
  std::reverse(out.begin(), out.end());
  return out;
}

std::string Decimal::ToFixed(int places) const {
  places = std::clamp(places, 0, kScale);
  unsigned __int128 mag = units_ < 0 ? static_cast<unsigned __int128>(-units_) : static_cast<unsigned __int128>(units_);
  unsigned __int128 div = 1;
  for (int k = places; k < kScale; ++k) div *= 10;
  unsigned __int128 q = mag / div, r = mag % div;
  if (div > 1 && r * 2 >= div) ++q;
  std::string digits = UnsignedToString(q);
  if (places > 0) {
    if (digits.size() <= static_cast<size_t>(places)) digits.insert(0, places + 1 - digits.size(), '0');
    digits.insert(digits.size() - places, ".");
  }
  bool neg = units_ < 0 && q != 0;
  return neg ? "-" + digits : digits;
}

std::string Decimal::ToString() const {
  std::string s = ToFixed(kScale);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

Decimal Decimal::operator*(Decimal o) const {
  // With a = aw * kOne + af and b = bw * kOne + bf (parts carrying their number's sign), the
  // product in units is aw * b + bw * af + round(af * bf / kOne). No term is larger than the
  // result, so nothing overflows unless the result does (it then saturates); all terms share
  // one sign, so rounding the last one rounds the sum half away from zero.
  constexpr __int128 kMax = static_cast<__int128>(~static_cast<unsigned __int128>(0) >> 1);
  const bool negative = (units_ < 0) != (o.units_ < 0);
  const Decimal saturated = FromUnits(negative ? -kMax : kMax);
  __int128 aw = units_ / kOne, af = units_ % kOne, bw = o.units_ / kOne, bf = o.units_ % kOne;
  __int128 tiny = af * bf;  // below 10^12 in magnitude
  __int128 rounded = tiny / kOne, rest = tiny % kOne;
  if (rest < 0) rest = -rest;
  if (rest * 2 >= kOne) rounded += negative ? -1 : 1;
  __int128 big = 0, mid = 0, sum = 0;
  if (__builtin_mul_overflow(aw, o.units_, &big) || __builtin_mul_overflow(bw, af, &mid) ||
      __builtin_add_overflow(big, mid, &sum) || __builtin_add_overflow(sum, rounded, &sum))
    return saturated;
  return FromUnits(sum);
}

namespace {
__int128 DivRound(__int128 num, __int128 den) {
  __int128 q = num / den, r = num % den;
  if (r < 0) r = -r;
  __int128 d = den < 0 ? -den : den;
  if (r * 2 >= d) q += ((num < 0) != (den < 0)) ? -1 : 1;
  return q;
}
}  // namespace

Decimal Decimal::Div(Decimal a, Decimal b) { return FromUnits(DivRound(a.units_ * kOne, b.units_)); }

Decimal Decimal::MulRatio(int64_t num, int64_t den) const { return FromUnits(DivRound(units_ * num, den)); }

Decimal Decimal::Round(int places) const {
  __int128 step = 1;
  for (int k = places; k < kScale; ++k) step *= 10;
  return FromUnits(DivRound(units_, step) * step);
}

}  // namespace oc
