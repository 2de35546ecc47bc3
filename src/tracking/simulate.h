// Simulated trucks for `opencustoms tracking simulate` and bench/tracking: a truck drives a route's
// corridor from its start to its destination at a speed of its own, waits at the authorised stops
// (border posts), and — as the options say for a share of trucks — leaves the corridor for a
// while, stops too long outside the authorised stops, or has its seal opened. Positions carry GPS
// noise. Pure: the random draws come from the seed given, the times from the start given.
// Thread-safety: a truck is one thread's.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "tracking/fix.h"
#include "tracking/route.h"

namespace oc::tracking {

struct SimulationOptions {
  double interval_s = 60;      // between two fixes of one truck
  double min_kmh = 55, max_kmh = 85;
  double noise_m = 10;         // GPS noise (standard deviation, each axis)
  double deviate = 0.1;        // share of trucks that leave the corridor once (3 km aside)
  double long_stop = 0.05;     // share that park outside the authorised stops for 75 minutes
  double seal_open = 0.02;     // share whose seal is opened on the way
  double stop_wait_min = 20, stop_wait_max = 90;  // minutes at each authorised stop
};

// What a truck was drawn to do, for the checks that compare alerts with it.
struct TruckPlan {
  double speed_kmh = 0;
  bool deviates = false, long_stop = false, seal_opened = false;
};

class SimulatedTruck {
 public:
  // `route.corridor` needs at least two points; `geometry` is the route's (both outlive the truck). The truck starts `start_along_m` metres down the
  // corridor (0: at its start) at `start_ms`.
  SimulatedTruck(const Route& route, const RouteGeometry& geometry, std::string device, uint64_t seed,
                 const SimulationOptions& options, int64_t start_ms, double start_along_m = 0);

  // The next fix (time = the previous + interval), or nullopt once the truck has arrived (its
  // last fix is inside the destination's end of the corridor).
  std::optional<Fix> Next();
  const TruckPlan& plan() const { return plan_; }
  const std::string& device() const { return device_; }

 private:
  // The point `along_m` metres down the corridor, and the direction of travel there.
  LonLat PointAlong(double along_m, double* bearing_deg) const;
  bool AtAuthorisedStop(double along_m) const;

  const Route& route_;
  const RouteGeometry& geometry_;
  std::string device_;
  SimulationOptions options_;
  std::mt19937_64 rng_;
  TruckPlan plan_;
  std::vector<double> cumulative_m_;  // distance from the start to each corridor point
  int64_t time_ms_;
  double along_m_;
  double deviate_from_m_ = -1, deviate_to_m_ = -1;  // the stretch driven 3 km aside
  double park_at_m_ = -1;                           // where the long stop happens
  double seal_at_m_ = -1;
  int64_t wait_until_ms_ = 0;                       // stationary until then
  bool in_stop_ = false;                            // inside an authorised stop's area now
  bool parked_ = false, sealed_open_ = false, arrived_ = false;
};

}  // namespace oc::tracking
