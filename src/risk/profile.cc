#include "risk/profile.h"

#include <algorithm>
#include <cmath>

namespace oc::risk {

double SmoothedHitRate(const TraderProfile& p, double prior, double strength) {
  return (static_cast<double>(p.hits) + strength * prior) / (static_cast<double>(p.inspections) + strength);
}

namespace {

// Linear interpolation between order statistics (the "type 7" quantile of R and numpy).
double Quantile(const std::vector<double>& sorted, double q) {
  double pos = q * static_cast<double>(sorted.size() - 1);
  size_t lo = static_cast<size_t>(std::floor(pos));
  size_t hi = std::min(sorted.size() - 1, lo + 1);
  return sorted[lo] + (pos - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace

ReferenceValue ComputeReference(std::vector<double>& v, int min_n) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !std::isfinite(x) || x <= 0; }), v.end());
  ReferenceValue r;
  r.n = static_cast<int>(v.size());
  if (r.n < std::max(1, min_n)) return r;
  std::sort(v.begin(), v.end());
  r.q1 = Quantile(v, 0.25);
  r.median = Quantile(v, 0.5);
  r.q3 = Quantile(v, 0.75);
  return r;
}

ValuationSignal Valuation(double unit_value, const ReferenceValue& ref, double threshold) {
  ValuationSignal s;
  s.reference = ref;
  if (!(ref.median > 0) || !std::isfinite(unit_value)) return s;
  s.ratio = unit_value / ref.median;
  s.undervalued = s.ratio < threshold;
  return s;
}

std::vector<ValueBucket> LogHistogram(const std::vector<double>& values, int buckets) {
  double lo = INFINITY, hi = 0;
  for (double v : values)
    if (std::isfinite(v) && v > 0) lo = std::min(lo, v), hi = std::max(hi, v);
  std::vector<ValueBucket> out;
  if (hi <= 0 || buckets < 1) return out;
  if (lo == hi) buckets = 1;
  double log_lo = std::log(lo), step = (std::log(hi) - log_lo) / buckets;
  for (int b = 0; b < buckets; ++b)
    out.push_back({b == 0 ? lo : std::exp(log_lo + step * b), b == buckets - 1 ? hi : std::exp(log_lo + step * (b + 1)), 0});
  for (double v : values) {
    if (!std::isfinite(v) || v <= 0) continue;
    int b = step > 0 ? static_cast<int>((std::log(v) - log_lo) / step) : 0;
    ++out[std::clamp(b, 0, buckets - 1)].count;
  }
  return out;
}

}  // namespace oc::risk
