#include "declaration/clearance_times.h"

#include <algorithm>
#include <cmath>

namespace oc {

namespace {

ClearanceTimeFigures Figures(std::vector<double> seconds) {
  ClearanceTimeFigures f;
  f.released = static_cast<int64_t>(seconds.size());
  if (seconds.empty()) return f;
  std::sort(seconds.begin(), seconds.end());
  auto rank = [&](double q) {
    size_t i = static_cast<size_t>(std::ceil(q * static_cast<double>(seconds.size())));
    return seconds[std::clamp<size_t>(i, 1, seconds.size()) - 1];
  };
  f.p50_s = rank(0.5);
  f.p90_s = rank(0.9);
  f.max_s = seconds.back();
  double sum = 0;
  for (double s : seconds) {
    sum += s;
    size_t b = 0;
    while (b < kClearanceBucketBounds.size() && s > static_cast<double>(kClearanceBucketBounds[b])) ++b;
    ++f.histogram[b];
  }
  f.mean_s = sum / static_cast<double>(seconds.size());
  return f;
}

}  // namespace

ClearanceTimeSummary SummariseClearanceTimes(const std::vector<ReleaseTiming>& timings) {
  std::vector<double> all;
  std::map<std::string, std::vector<double>> by_lane;
  for (const auto& t : timings) {
    double s = static_cast<double>(std::max<int64_t>(0, t.released_ms - t.registered_ms)) / 1000.0;
    all.push_back(s);
    by_lane[t.lane].push_back(s);
  }
  ClearanceTimeSummary out;
  out.all = Figures(std::move(all));
  for (auto& [lane, seconds] : by_lane) out.by_lane[lane] = Figures(std::move(seconds));
  return out;
}

}  // namespace oc
