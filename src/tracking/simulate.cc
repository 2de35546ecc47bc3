#include "tracking/simulate.h"

#include <algorithm>
#include <cmath>

namespace oc::tracking {

namespace {
constexpr double kMetresPerDegree = 111320.0;
constexpr double kPi = 3.14159265358979323846;
constexpr double kAsideM = 3000;      // how far a deviating truck leaves the corridor
constexpr double kRampM = 2000;       // over how much driving it goes there and back
constexpr double kParkMinutes = 75;
}  // namespace

SimulatedTruck::SimulatedTruck(const Route& route, const RouteGeometry& geometry, std::string device, uint64_t seed,
                               const SimulationOptions& options, int64_t start_ms, double start_along_m)
    : route_(route), geometry_(geometry), device_(std::move(device)), options_(options), rng_(seed),
      time_ms_(start_ms), along_m_(start_along_m) {
  cumulative_m_.push_back(0);
  for (size_t i = 1; i < route_.corridor.size(); ++i) {
    const auto& [lon1, lat1] = route_.corridor[i - 1];
    const auto& [lon2, lat2] = route_.corridor[i];
    cumulative_m_.push_back(cumulative_m_.back() + DistanceMetres(lat1, lon1, lat2, lon2));
  }
  double total = cumulative_m_.back();
  std::uniform_real_distribution<double> unit(0, 1);
  plan_.speed_kmh = options_.min_kmh + (options_.max_kmh - options_.min_kmh) * unit(rng_);
  auto somewhere = [&] { return along_m_ + (total - along_m_) * (0.15 + 0.6 * unit(rng_)); };
  if (unit(rng_) < options_.deviate && total - along_m_ > 4 * kRampM) {
    plan_.deviates = true;
    deviate_from_m_ = somewhere();
    deviate_to_m_ = deviate_from_m_ + 2 * kRampM + 1000;
  }
  if (unit(rng_) < options_.long_stop) {
    plan_.long_stop = true;
    park_at_m_ = somewhere();
    for (int i = 0; i < 20 && AtAuthorisedStop(park_at_m_); ++i) park_at_m_ += 3000;
  }
  if (unit(rng_) < options_.seal_open) {
    plan_.seal_opened = true;
    seal_at_m_ = somewhere();
  }
}

LonLat SimulatedTruck::PointAlong(double along_m, double* bearing_deg) const {
  along_m = std::clamp(along_m, 0.0, cumulative_m_.back());
  size_t i = std::upper_bound(cumulative_m_.begin(), cumulative_m_.end(), along_m) - cumulative_m_.begin();
  i = std::clamp<size_t>(i, 1, cumulative_m_.size() - 1);
  const auto& [lon1, lat1] = route_.corridor[i - 1];
  const auto& [lon2, lat2] = route_.corridor[i];
  double seg = cumulative_m_[i] - cumulative_m_[i - 1];
  double f = seg > 0 ? (along_m - cumulative_m_[i - 1]) / seg : 0;
  double east = (lon2 - lon1) * std::cos(lat1 * kPi / 180), north = lat2 - lat1;
  if (bearing_deg) *bearing_deg = std::fmod(std::atan2(east, north) * 180 / kPi + 360, 360);
  return {lon1 + f * (lon2 - lon1), lat1 + f * (lat2 - lat1)};
}

bool SimulatedTruck::AtAuthorisedStop(double along_m) const {
  auto [lon, lat] = PointAlong(along_m, nullptr);
  return geometry_.AtStop(lat, lon) && !geometry_.AtDestination(lat, lon);
}

std::optional<Fix> SimulatedTruck::Next() {
  if (arrived_) return std::nullopt;
  double total = cumulative_m_.back();
  bool moving = time_ms_ >= wait_until_ms_;
  if (moving) along_m_ = std::min(total, along_m_ + plan_.speed_kmh / 3.6 * options_.interval_s);
  if (moving && plan_.long_stop && !parked_ && along_m_ >= park_at_m_) {
    parked_ = true;
    wait_until_ms_ = time_ms_ + static_cast<int64_t>(kParkMinutes * 60000);
  }
  bool at_stop = AtAuthorisedStop(along_m_);
  if (moving && at_stop && !in_stop_) {
    std::uniform_real_distribution<double> wait(options_.stop_wait_min, options_.stop_wait_max);
    wait_until_ms_ = time_ms_ + static_cast<int64_t>(wait(rng_) * 60000);
  }
  in_stop_ = at_stop;
  double bearing = 0;
  auto [lon, lat] = PointAlong(along_m_, &bearing);
  double aside = 0;
  if (plan_.deviates && along_m_ > deviate_from_m_ && along_m_ < deviate_to_m_) {
    double in = along_m_ - deviate_from_m_, out = deviate_to_m_ - along_m_;
    aside = kAsideM * std::min({1.0, in / kRampM, out / kRampM});
  }
  std::normal_distribution<double> noise(0, options_.noise_m);
  double north = aside * std::cos((bearing + 90) * kPi / 180) + noise(rng_);
  double east = aside * std::sin((bearing + 90) * kPi / 180) + noise(rng_);
  Fix f;
  f.device = device_;
  f.time_ms = time_ms_;
  f.lat = lat + north / kMetresPerDegree;
  f.lon = lon + east / (kMetresPerDegree * std::cos(lat * kPi / 180));
  f.speed_kmh = time_ms_ >= wait_until_ms_ ? plan_.speed_kmh : 0;
  f.heading = bearing;
  if (plan_.seal_opened && along_m_ >= seal_at_m_) sealed_open_ = true;
  f.seal = sealed_open_ ? SealState::kOpened : SealState::kClosed;
  f.battery = 90;
  time_ms_ += static_cast<int64_t>(options_.interval_s * 1000);
  if (along_m_ >= total) arrived_ = true;
  return f;
}

}  // namespace oc::tracking
