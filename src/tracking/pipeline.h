// The journey pipeline: every fix of every device on one route through the steps of steps.h,
// in order — valid → in order → possible → offline → corridor → stop → seal → battery →
// overdue → arrival — with each device's journey state. Not thread-safe: one pipeline per
// worker (devices can be sharded over workers by id).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tracking/fix.h"
#include "tracking/route.h"
#include "tracking/steps.h"

namespace oc::tracking {

struct PipelineCounts {
  uint64_t accepted = 0, invalid = 0, out_of_order = 0, impossible_jump = 0;
  uint64_t refused() const { return invalid + out_of_order + impossible_jump; }
};

class Pipeline {
 public:
  // `route` and `geometry` must outlive the pipeline.
  Pipeline(const Route& route, const RouteGeometry& geometry, Thresholds thresholds);

  // One fix: refused (counted, nothing else changes) or applied, its alerts appended to
  // `alerts`. `now_ms` (live) refuses fixes from the future; a replay has none.
  Refusal Process(const Fix& fix, std::vector<Alert>& alerts, std::optional<int64_t> now_ms = std::nullopt);

  // Live journeys: the device's journey began at `started_ms` (its binding) and must arrive by
  // `deadline_ms` (-1: the route's time limit from the first fix). The state is returned for a
  // journey resumed after a restart to be restored (last fix, arrival, alerts already raised).
  JourneyState& Begin(const std::string& device, int64_t started_ms, int64_t deadline_ms);
  // Live journeys, by the clock: devices silent for longer than allowed and journeys past their
  // deadline get their alert now (once), without waiting for a fix.
  void Tick(int64_t now_ms, std::vector<Alert>& alerts);
  // Forgets a device (its journey ended).
  void End(const std::string& device) { states_.erase(device); }

  const PipelineCounts& counts() const { return counts_; }
  // The device's journey so far; nullptr before its first accepted fix.
  const JourneyState* State(const std::string& device) const;

 private:
  const Route& route_;
  const RouteGeometry& geometry_;
  Thresholds thresholds_;
  std::map<std::string, JourneyState> states_;
  PipelineCounts counts_;
};

}  // namespace oc::tracking
