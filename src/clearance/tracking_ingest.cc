// TrackingService, the devices' side: shards (one worker thread each, devices spread by id) run
// the gate and the journeys' pipelines; every batch's accepted fixes go to the track store and its
// alerts to the journey store in one write each, so that durability costs one sync per batch.
#include <spdlog/spdlog.h>

#include <functional>

#include "clearance/tracking_internal.h"
#include "common/dates.h"

namespace oc {

namespace {

constexpr size_t kMaxBatchItems = 64;  // messages (of up to 1000 fixes each) per batch

// Calls `then` when every one of `n` writes has answered.
std::function<void()> CountDown(int n, std::function<void()> then) {
  auto left = std::make_shared<std::atomic<int>>(n);
  return [left, then = std::move(then)] {
    if (left->fetch_sub(1) == 1) then();
  };
}

}  // namespace

TrackingService::Shard& TrackingService::ShardOf(const std::string& device) {
  return *shards_[std::hash<std::string>{}(device) % shards_.size()];
}

void TrackingService::Receive(const std::string& device, std::string bytes) {
  Shard& s = ShardOf(device);
  Shard::Item item;
  item.kind = Shard::Item::kMessage;
  item.device = device;
  item.bytes = std::move(bytes);
  item.received_ms = NowUnixMillis();
  std::lock_guard lk(s.queue_mu);
  s.queue.push_back(std::move(item));
  s.queue_cv.notify_one();
}

Status TrackingService::ReceivePhoneFix(tracking::Fix fix) {
  auto d = devices_.GetDevice(fix.device);
  if (!d.ok()) return d.status();
  if (d->kind != tracking::DeviceKind::kPhone)
    return Status::Forbidden("not_a_phone", "device " + fix.device + " signs its messages: it reports over MQTT");
  Shard& s = ShardOf(fix.device);
  {
    std::lock_guard lk(s.mu);
    if (!s.journey_of.count(fix.device)) {
      not_on_journey_.fetch_add(1, std::memory_order_relaxed);
      return Status::Conflict("not_on_journey", "phone " + fix.device + " is on no open journey");
    }
  }
  Shard::Item item;
  item.kind = Shard::Item::kPhoneFix;
  item.device = fix.device;
  item.fix = std::move(fix);
  item.received_ms = NowUnixMillis();
  std::lock_guard lk(s.queue_mu);
  s.queue.push_back(std::move(item));
  s.queue_cv.notify_one();
  return Status::Ok();
}

void TrackingService::Flush() {
  std::mutex mu;
  std::condition_variable cv;
  size_t done = 0;
  for (auto& shard : shards_) {
    Shard::Item item;
    item.kind = Shard::Item::kBarrier;
    item.barrier = [&] {
      std::lock_guard lk(mu);
      ++done;
      cv.notify_all();
    };
    std::lock_guard lk(shard->queue_mu);
    shard->queue.push_back(std::move(item));
    shard->queue_cv.notify_one();
  }
  std::unique_lock lk(mu);
  cv.wait(lk, [&] { return done == shards_.size(); });
}

IngestStats TrackingService::Stats() const {
  IngestStats out;
  for (const auto& shard : shards_) {
    std::lock_guard lk(shard->mu);
    const auto& c = shard->gate.counts();
    out.gate.accepted += c.accepted;
    out.gate.malformed += c.malformed;
    out.gate.unknown_device += c.unknown_device;
    out.gate.bad_signature += c.bad_signature;
    out.gate.replayed += c.replayed;
    out.gate.flooding += c.flooding;
  }
  out.wrong_topic = wrong_topic_.load();
  out.not_on_journey = not_on_journey_.load();
  out.fixes_accepted = fixes_accepted_.load();
  out.fixes_refused = fixes_refused_.load();
  out.fixes_stored = fixes_stored_.load();
  out.alerts = alerts_.load();
  out.store_failures = store_failures_.load();
  return out;
}

void TrackingService::WorkerLoop(Shard& shard) {
  std::deque<Shard::Item> items;
  for (;;) {
    {
      std::unique_lock lk(shard.queue_mu);
      shard.queue_cv.wait(lk, [&] { return shard.stopping || !shard.queue.empty(); });
      if (shard.queue.empty() && shard.stopping) return;
      // A bounded batch: its alerts are written once it is processed, so a long queue must not
      // hold them back (one sync per batch still amortises the fixes' writes).
      for (size_t n = 0; n < kMaxBatchItems && !shard.queue.empty(); ++n) {
        items.push_back(std::move(shard.queue.front()));
        shard.queue.pop_front();
      }
    }
    std::vector<tracking::Fix> fixes;
    std::vector<tracking::JourneyAlert> alerts;
    std::vector<std::function<void()>> barriers;
    {
      std::lock_guard lk(shard.mu);
      std::vector<tracking::Alert> raised;
      auto collect = [&](int64_t journey_id) {
        for (auto& a : raised) {
          tracking::JourneyAlert ja;
          ja.journey_id = journey_id;
          ja.alert = std::move(a);
          alerts.push_back(std::move(ja));
        }
        raised.clear();
      };
      auto apply = [&](const tracking::Fix& f, int64_t now) {
        auto j = shard.journey_of.find(f.device);
        if (j == shard.journey_of.end()) {
          not_on_journey_.fetch_add(1, std::memory_order_relaxed);
          return;
        }
        Bound& b = *shard.journeys.at(j->second);
        if (b.pipeline->Process(f, raised, now) == tracking::Refusal::kNone) {
          fixes.push_back(f);
          fixes_accepted_.fetch_add(1, std::memory_order_relaxed);
        } else {
          fixes_refused_.fetch_add(1, std::memory_order_relaxed);
        }
        collect(b.journey.id);
      };
      for (auto& item : items) {
        switch (item.kind) {
          case Shard::Item::kMessage: {
            tracking::DeviceMessage msg;
            if (shard.gate.Admit(item.bytes, item.received_ms, &msg) != tracking::Refused::kNone) break;
            if (msg.device != item.device) {
              wrong_topic_.fetch_add(1, std::memory_order_relaxed);
              break;
            }
            for (const auto& f : msg.fixes) apply(f, item.received_ms);
            break;
          }
          case Shard::Item::kPhoneFix:
            apply(item.fix, item.received_ms);
            break;
          case Shard::Item::kTick:
            for (auto& [id, b] : shard.journeys) {
              b->pipeline->Tick(item.received_ms, raised);
              collect(id);
            }
            break;
          case Shard::Item::kBarrier:
            barriers.push_back(std::move(item.barrier));
            break;
        }
      }
    }
    items.clear();
    IssueWrites(std::move(fixes), std::move(alerts), std::move(barriers));
  }
}

void TrackingService::IssueWrites(std::vector<tracking::Fix> fixes, std::vector<tracking::JourneyAlert> alerts,
                                  std::vector<std::function<void()>> barriers) {
  // Each store applies one caller's writes in order, so an empty write issued after the others
  // answers once they are durable: the barriers wait for both.
  bool barrier = !barriers.empty();
  std::function<void()> release = [barriers = std::move(barriers)] {
    for (const auto& b : barriers) b();
  };
  auto both = CountDown(2, std::move(release));
  size_t n = fixes.size();
  if (n == 0 && !barrier) {
    both();
  } else {
    tracks_.AppendFixes(std::move(fixes), [this, n, both](Result<int64_t> r) {
    if (r.ok()) {
      fixes_stored_.fetch_add(n, std::memory_order_relaxed);
    } else {
      store_failures_.fetch_add(1, std::memory_order_relaxed);
      spdlog::error("tracking: {} fixes not stored: {}", n, r.status().message());
    }
    both();
  });
  }
  if (alerts.empty() && !barrier) return both();
  size_t k = alerts.size();
  alerts_.fetch_add(k, std::memory_order_relaxed);
  journeys_.AppendAlerts(std::move(alerts), [this, k, both](Result<std::vector<tracking::JourneyAlert>> r) {
    if (!r.ok()) {
      store_failures_.fetch_add(1, std::memory_order_relaxed);
      spdlog::error("tracking: {} alerts not stored: {}", k, r.status().message());
    }
    both();
  });
}

void TrackingService::TickLoop() {
  int64_t last_retention = 0;
  std::unique_lock lk(tick_mu_);
  while (!tick_cv_.wait_for(lk, std::chrono::milliseconds(config_.tick_ms), [&] { return stopping_; })) {
    int64_t now = NowUnixMillis();
    for (auto& shard : shards_) {
      Shard::Item item;
      item.kind = Shard::Item::kTick;
      item.received_ms = now;
      std::lock_guard q(shard->queue_mu);
      shard->queue.push_back(std::move(item));
      shard->queue_cv.notify_one();
    }
    if (config_.retention_days > 0 && now - last_retention > 3600000) {
      last_retention = now;
      tracks_.DropBefore(now - config_.retention_days * 86400000, [](Result<int64_t> r) {
        if (r.ok() && r.value() > 0) spdlog::info("tracking: dropped {} days of fixes past retention", r.value());
        if (!r.ok()) spdlog::error("tracking: retention: {}", r.status().message());
      });
    }
  }
}

Status TrackingService::Bind(const tracking::Journey& j) {
  auto entry = journeys_.GetRoute(j.route_id, j.route_version);
  if (!entry.ok()) return entry.status();
  auto route = tracking::ParseRouteGeoJson(entry->geojson);
  if (!route.ok()) return route.status();
  auto alerts = journeys_.ListAlerts({j.id, false, "", 0, 100000});
  if (!alerts.ok()) return alerts.status();
  int64_t now = NowUnixMillis();
  for (const auto& device : j.Devices()) {
    auto d = devices_.GetDevice(device);
    if (!d.ok()) return d.status();
    auto last = tracks_.LastFix(device, j.started_ms, now + 86400000);
    if (!last.ok()) return last.status();
    Shard& shard = ShardOf(device);
    std::lock_guard lk(shard.mu);
    auto& bound = shard.journeys[j.id];
    if (!bound) {
      bound = std::make_unique<Bound>();
      bound->journey = j;
      bound->route = route.value();
      auto geometry = tracking::RouteGeometry::Build(bound->route);
      if (!geometry.ok()) {
        shard.journeys.erase(j.id);
        return geometry.status();
      }
      bound->geometry = std::move(geometry.value());
      bound->pipeline = std::make_unique<tracking::Pipeline>(bound->route, *bound->geometry, config_.thresholds);
    }
    // A journey resumed after a restart goes on from where its stores left it.
    tracking::JourneyState& st = bound->pipeline->Begin(device, j.started_ms, j.deadline_ms > 0 ? j.deadline_ms : -1);
    if (last.value()) {
      st.last = *last.value();
      st.seal = last.value()->seal;
    }
    st.arrived = j.state == tracking::JourneyStatus::kArrived;
    for (const auto& a : alerts.value()) {
      if (a.alert.device != device) continue;
      using K = tracking::AlertKind;
      if (a.alert.kind == K::kCorridorExit) st.outside = true;
      if (a.alert.kind == K::kCorridorReturn) st.outside = false;
      if (a.alert.kind == K::kOverdue) st.overdue_alerted = true;
      if (a.alert.kind == K::kLowBattery) st.battery_alerted = true;
      if (a.alert.kind == K::kArrived) st.arrived = true;
    }
    shard.journey_of[device] = j.id;
    if (d->kind != tracking::DeviceKind::kPhone)
      shard.gate.AddDevice(device, d->public_key, last.value() ? last.value()->sequence : -1);
  }
  return Status::Ok();
}

void TrackingService::DeviceUpdated(const tracking::Device& d) {
  if (d.kind == tracking::DeviceKind::kPhone) return;
  Shard& shard = ShardOf(d.id);
  std::lock_guard lk(shard.mu);
  if (shard.journey_of.count(d.id) && shard.gate.Rekey(d.id, d.public_key))
    spdlog::info("tracking: device {} re-keyed on journey {}", d.id, shard.journey_of[d.id]);
}

void TrackingService::Unbind(const tracking::Journey& j) {
  for (const auto& device : j.Devices()) {
    Shard& shard = ShardOf(device);
    std::lock_guard lk(shard.mu);
    shard.journey_of.erase(device);
    shard.gate.RemoveDevice(device);
    shard.journeys.erase(j.id);
  }
}

}  // namespace oc
