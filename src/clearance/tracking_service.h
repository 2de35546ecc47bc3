// TrackingService: cargo in transit as users and devices reach it. Customs keep the route
// library, bind a released transit declaration to its seals, trackers and route (a journey), see
// the alerts the pipeline raises, acknowledge and resolve them, and close the transit at
// destination (discharged, its guarantee released, or sent to enquiry). Devices' messages — signed
// over MQTT, or a phone's OsmAnd report — go through the gate and the journey pipeline on worker
// shards (devices by id), and their fixes and alerts are stored.
//
// Thread-safety: every method may be called from any thread. User methods block until their
// write is durable; Receive* return at once (Flush waits for what was received).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "clearance/clearance_service.h"
#include "identity/principal.h"
#include "store/device_store.h"
#include "store/journey_store.h"
#include "store/track_store.h"
#include "tracking/device_message.h"
#include "tracking/journey.h"
#include "tracking/steps.h"

namespace oc {

struct TrackingConfig {
  tracking::Thresholds thresholds;
  int shards = 2;                 // worker threads; devices are spread over them by id
  int messages_per_minute = 600;  // per device; more are refused and the device flagged
  int64_t retention_days = 400;   // fixes older than this are dropped a day at a time; 0 keeps all
  int64_t tick_ms = 1000;         // how often silence and deadlines are checked
};

struct StartJourney {
  std::string route_id;
  std::vector<std::string> seals;     // seal ids (manufacturer-serial) fitted at departure
  std::vector<std::string> trackers;  // trackers and drivers' phones
  double time_limit_h = 0;            // 0: the route's
};

struct CloseTransit {
  std::vector<tracking::SealCheck> checks;
  std::string note;
};

struct CloseOutcome {
  tracking::Journey journey;
  tracking::CloseDecision decision;
};

// What the devices' input came to, since the service started.
struct IngestStats {
  tracking::DeviceGate::Counts gate;  // messages: accepted and refused by reason
  uint64_t wrong_topic = 0;           // a device's message published under another device's topic
  uint64_t not_on_journey = 0;        // phones' fixes while bound to no open journey
  uint64_t fixes_accepted = 0, fixes_refused = 0, fixes_stored = 0;
  uint64_t alerts = 0;
  uint64_t store_failures = 0;
};

// A device's refusals as its shard's gate counted them, and whether it is flagged.
struct DeviceInput {
  tracking::DeviceGate::Counts counts;
  bool flagged = false;
  bool on_journey = false;
};

class TrackingService {
 public:
  TrackingService(JourneyStore& journeys, DeviceStore& devices, TrackStore& tracks, ClearanceService& clearance,
                  TrackingConfig config);
  ~TrackingService();  // stops the shards after what they hold is processed and stored
  TrackingService(const TrackingService&) = delete;
  TrackingService& operator=(const TrackingService&) = delete;

  // Binds the open journeys (their devices' keys, last sequence numbers and journey state
  // restored from the stores) and starts the shards. Call once before anything else.
  Status Open();

  // --- the route library ---
  // A new version of route `id` from its GeoJSON (tracking/route.h); Invalid("bad_route") naming
  // what is wrong, Invalid("invalid_route_id"); Forbidden but for supervisors and administrators.
  Result<tracking::RouteEntry> PutRoute(const Principal& who, const std::string& id, std::string geojson);
  Result<std::vector<tracking::RouteEntry>> Routes(const Principal& who);
  Result<tracking::RouteEntry> Route(const Principal& who, const std::string& id, int version);

  // The map's background for consoles without internet: Natural Earth's country shapes and land
  // borders of the region, read from the shared data directory (tracking/geo/) — never copied
  // into the project — as {"countries": FeatureCollection, "borders": FeatureCollection}.
  // NotFound("no_basemap") when the shared data is not there.
  Result<std::string> Basemap(const Principal& who);

  // --- journeys ---
  // Binds a transit declaration (id or MRN) to its route and devices and releases it for
  // departure when it was not yet released. Invalid("not_transit"), Invalid("devices_required"),
  // Invalid("wrong_device_kind"), NotFound("unknown_route" / "unknown_device"),
  // Conflict("journey_exists" / "device_busy" / "device_removed" / "illegal_transition").
  Result<tracking::Journey> Start(const Principal& who, const std::string& declaration_ref, StartJourney start);
  // NotFound("unknown_journey") also for a trader who neither declared nor carries it.
  Result<tracking::Journey> Get(const Principal& who, int64_t id);
  Result<tracking::Journey> OfDeclaration(const Principal& who, const std::string& declaration_ref);
  Result<std::vector<tracking::Journey>> List(const Principal& who, JourneyFilter filter);
  // The journey's fixes from its start (or from_ms) to its end (or to_ms), at most `limit`.
  Result<std::vector<tracking::Fix>> Track(const Principal& who, int64_t journey_id, int64_t from_ms, int64_t to_ms,
                                           int limit);
  // The last fix of each device of the open journeys `who` may see (the live map).
  Result<std::vector<std::pair<int64_t, tracking::Fix>>> Positions(const Principal& who);
  Result<std::vector<tracking::JourneyAlert>> Alerts(const Principal& who, AlertFilter filter);
  // Acknowledge or resolve (a note required); Forbidden but for customs officers.
  Result<tracking::JourneyAlert> MoveAlert(const Principal& who, int64_t alert_id, tracking::AlertState to,
                                           std::string note);
  // The officer's check at destination: discharged (the declaration's exit recorded and its
  // guarantee released) when tracking::DecideClose allows, enquiry otherwise.
  Result<CloseOutcome> Close(const Principal& who, int64_t journey_id, CloseTransit close);

  // --- devices' input ---
  // A signed message (tracking/device_message.h) as published on `devices/<device>/fixes`;
  // `device` is the topic's id (the message must be that device's). Never blocks for long.
  void Receive(const std::string& device, std::string bytes);
  // A phone's OsmAnd report, already parsed: Forbidden("not_a_phone") unless the device is a
  // registered phone; NotFound("unknown_device"); Conflict("not_on_journey").
  Status ReceivePhoneFix(tracking::Fix fix);
  // Waits until everything received before the call is processed and its writes are durable.
  void Flush();
  IngestStats Stats() const;
  // A registry change of `d`: a device on an open journey takes its new key at once.
  void DeviceUpdated(const tracking::Device& d);
  // The gate's view of one device (staff; a carrier its own devices).
  Result<DeviceInput> Input(const Principal& who, const std::string& device);

 private:
  struct Shard;
  struct Bound;  // an open journey as the shards know it
  Shard& ShardOf(const std::string& device);
  Result<tracking::Journey> Visible(const Principal& who, int64_t id);
  // Binds an open journey in the shards of its devices (route geometry built per shard).
  Status Bind(const tracking::Journey& j);
  void Unbind(const tracking::Journey& j);
  void TickLoop();
  void WorkerLoop(Shard& shard);
  void IssueWrites(std::vector<tracking::Fix> fixes, std::vector<tracking::JourneyAlert> alerts,
                   std::vector<std::function<void()>> barriers);

  JourneyStore& journeys_;
  DeviceStore& devices_;
  TrackStore& tracks_;
  ClearanceService& clearance_;
  TrackingConfig config_;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::mutex tick_mu_;
  std::condition_variable tick_cv_;
  bool stopping_ = false;
  std::thread ticker_;
  std::once_flag basemap_once_;
  std::string basemap_;  // "" when the files are not there
  std::atomic<uint64_t> wrong_topic_{0}, not_on_journey_{0}, fixes_accepted_{0}, fixes_refused_{0}, fixes_stored_{0},
      alerts_{0}, store_failures_{0};
};

}  // namespace oc
