// Private to TrackingService (tracking_service.cc, tracking_ingest.cc): the worker shards.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "clearance/tracking_service.h"
#include "tracking/pipeline.h"
#include "tracking/route.h"

namespace oc {

// An open journey as one shard knows it: the route and its geometry (GEOS objects belong to the
// shard's thread) and the pipeline of the journey's devices that fall in this shard.
struct TrackingService::Bound {
  tracking::Journey journey;
  tracking::Route route;
  std::unique_ptr<tracking::RouteGeometry> geometry;
  std::unique_ptr<tracking::Pipeline> pipeline;
};

struct TrackingService::Shard {
  struct Item {
    enum Kind { kMessage, kPhoneFix, kTick, kBarrier } kind = kMessage;
    std::string device;
    std::string bytes;
    tracking::Fix fix;
    int64_t received_ms = 0;
    std::function<void()> barrier;  // kBarrier: called once the writes issued before are durable
  };

  // Guards the gate and the journeys (the worker holds it while it processes a batch).
  std::mutex mu;
  tracking::DeviceGate gate;
  std::map<int64_t, std::unique_ptr<Bound>> journeys;
  std::map<std::string, int64_t> journey_of;  // device -> journey id

  std::mutex queue_mu;
  std::condition_variable queue_cv;
  std::deque<Item> queue;
  bool stopping = false;
  std::thread worker;

  explicit Shard(int per_minute) : gate(per_minute) {}
};

}  // namespace oc
