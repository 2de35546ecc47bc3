// What the risk engine knows about an economic operator and about a commodity's price.
// Pure values and arithmetic; the store keeps the counts and the unit-value history.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace oc::risk {

// One economic operator (importer, exporter or declarant), by TIN.
struct TraderProfile {
  std::string tin;
  int64_t declarations = 0;  // registered declarations naming the trader
  int64_t inspections = 0;   // of those, inspected with a recorded result
  int64_t hits = 0;          // inspections that found a discrepancy
  int64_t first_day = 0, last_day = 0, last_hit_day = 0;  // days since 1970-01-01; 0 = never
  bool aeo = false;          // authorised economic operator
  // Cargo in transit (tracking/journey.h CountJourney*): journeys declared or carried, alerts on
  // them that block discharge (corridor exits, long stops, seals opened or cut, silence,
  // lateness), and transits closed to enquiry.
  int64_t transits = 0, transit_incidents = 0, enquiries = 0;
};

// The hit rate shrunk towards the administration's overall rate: (hits + k·prior) / (n + k), so a
// new trader with one clean inspection is not judged spotless. `prior` in [0, 1].
double SmoothedHitRate(const TraderProfile& p, double prior, double strength = 5);

// Robust reference of a commodity's unit value (national currency per kg) over a rolling window
// of accepted declarations.
struct ReferenceValue {
  int n = 0;
  double q1 = NAN, median = NAN, q3 = NAN;
  std::string basis;  // "hs6+origin", "hs6" or "" when there is not enough data
};

// Median and quartiles of `unit_values` (positive, finite ones only); n below `min_n` gives an
// empty reference. The vector is reordered.
ReferenceValue ComputeReference(std::vector<double>& unit_values, int min_n = 10);

// A chart's view of unit values: `buckets` equal steps of log(value) from the smallest to the
// largest positive finite value (prices spread over orders of magnitude), each with its count.
// Empty when there is no such value; one bucket when all are equal.
struct ValueBucket {
  double lower = 0, upper = 0;  // [lower, upper); the last bucket includes its upper bound
  int64_t count = 0;
};
std::vector<ValueBucket> LogHistogram(const std::vector<double>& values, int buckets = 20);

struct ValuationSignal {
  double ratio = NAN;         // declared unit value / reference median; NaN without a reference
  bool undervalued = false;   // ratio below the threshold
  ReferenceValue reference;
};

// Compares a declared unit value with its reference. `threshold`: ratio under which the value is
// called undervalued (0.5 = less than half the usual price).
ValuationSignal Valuation(double unit_value, const ReferenceValue& ref, double threshold = 0.5);

}  // namespace oc::risk
