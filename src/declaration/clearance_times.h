// Clearance times: how long released goods waited between registration and release, as the
// dashboards show them (percentiles and a histogram, overall and per control lane).
//
// Plain values and one pure function; the store reads the timings, the API formats the summary.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace oc {

// One released declaration.
struct ReleaseTiming {
  int64_t declaration_id = 0;
  std::string office;
  std::string lane;           // of its latest risk decision; "" when it was never decided
  int64_t registered_ms = 0;  // its first registration
  int64_t released_ms = 0;
};

// Upper bounds (seconds) of the histogram's buckets: 1 min, 5 min, 15 min, 1 h, 4 h, 1 day,
// 3 days; the last bucket is everything longer.
inline constexpr std::array<int64_t, 7> kClearanceBucketBounds = {60, 300, 900, 3600, 14400, 86400, 259200};

struct ClearanceTimeFigures {
  int64_t released = 0;
  double p50_s = 0, p90_s = 0, mean_s = 0, max_s = 0;  // 0 when nothing was released
  std::array<int64_t, kClearanceBucketBounds.size() + 1> histogram{};  // counts per bucket
};

struct ClearanceTimeSummary {
  ClearanceTimeFigures all;
  std::map<std::string, ClearanceTimeFigures> by_lane;  // "" = undecided
};

// Summarises the timings. A timing whose release precedes its registration (clock steps) counts
// as zero seconds. Percentiles are nearest-rank.
ClearanceTimeSummary SummariseClearanceTimes(const std::vector<ReleaseTiming>& timings);

}  // namespace oc
