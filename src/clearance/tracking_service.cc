// TrackingService, the users' side: routes, journeys, alerts, closing (the devices' side is
// tracking_ingest.cc).
#include <spdlog/spdlog.h>

#include <fstream>
#include <future>

#include <nlohmann/json.hpp>

#include "clearance/tracking_internal.h"
#include "common/dates.h"
#include "identity/access.h"
#include "refdata/data_dirs.h"

namespace oc {

namespace {

Reply AwaitReply(const std::function<void(ReplyFn)>& call) {
  std::promise<Reply> p;
  auto f = p.get_future();
  call([&p](Reply r) { p.set_value(std::move(r)); });
  return f.get();
}

// The seals the stored declaration declares (transport.seals), in their order.
std::vector<std::string> DeclaredSeals(const std::string& content_json) {
  std::vector<std::string> out;
  auto d = nlohmann::json::parse(content_json, nullptr, false);
  if (!d.is_object() || !d.contains("transport") || !d["transport"].is_object()) return out;
  const auto& seals = d["transport"].value("seals", nlohmann::json::array());
  for (const auto& s : seals)
    if (s.is_string()) out.push_back(s.get<std::string>());
  return out;
}

bool IsJourneyParty(const Principal& who, const tracking::Journey& j) {
  return access::Allowed(who, access::Action::kReadJourneys, {j.declarant_tin, j.carrier_tin});
}

}  // namespace

TrackingService::TrackingService(JourneyStore& journeys, DeviceStore& devices, TrackStore& tracks,
                                 ClearanceService& clearance, TrackingConfig config)
    : journeys_(journeys), devices_(devices), tracks_(tracks), clearance_(clearance), config_(config) {
  int n = std::max(1, config_.shards);
  for (int i = 0; i < n; ++i) shards_.push_back(std::make_unique<Shard>(config_.messages_per_minute));
}

TrackingService::~TrackingService() {
  {
    std::lock_guard lk(tick_mu_);
    stopping_ = true;
  }
  tick_cv_.notify_all();
  if (ticker_.joinable()) ticker_.join();
  for (auto& shard : shards_) {
    {
      std::lock_guard lk(shard->queue_mu);
      shard->stopping = true;
    }
    shard->queue_cv.notify_all();
  }
  for (auto& shard : shards_)
    if (shard->worker.joinable()) shard->worker.join();
  // The last batch's writes answer on the stores' threads: wait for them before the stores go.
  std::promise<void> fixes, alerts;
  tracks_.AppendFixes({}, [&](Result<int64_t>) { fixes.set_value(); });
  journeys_.AppendAlerts({}, [&](Result<std::vector<tracking::JourneyAlert>>) { alerts.set_value(); });
  fixes.get_future().wait();
  alerts.get_future().wait();
}

Status TrackingService::Open() {
  int64_t after = 0;
  int bound = 0;
  for (;;) {
    auto open = journeys_.ListJourneys({true, "", after, 500});
    if (!open.ok()) return open.status();
    for (const auto& j : open.value()) {
      if (Status st = Bind(j); !st.ok()) {
        spdlog::error("tracking: journey {} not watched: {}", j.id, st.message());
        continue;
      }
      ++bound;
    }
    if (open->size() < 500) break;
    after = open->back().id;
  }
  if (bound > 0) spdlog::info("tracking: watching {} open journeys", bound);
  for (auto& shard : shards_) {
    Shard* s = shard.get();
    s->worker = std::thread([this, s] { WorkerLoop(*s); });
  }
  ticker_ = std::thread([this] { TickLoop(); });
  return Status::Ok();
}

// ---------------------------------------------------------------- routes

Result<tracking::RouteEntry> TrackingService::PutRoute(const Principal& who, const std::string& id, std::string geojson) {
  if (Status st = access::Allow(who, access::Action::kManageRoutes); !st.ok()) return st;
  if (Status st = tracking::ValidateRouteId(id); !st.ok()) return st;
  auto route = tracking::ParseRouteGeoJson(geojson);
  if (!route.ok()) return route.status();
  auto geometry = tracking::RouteGeometry::Build(route.value());
  if (!geometry.ok()) return geometry.status();
  tracking::RouteEntry e;
  e.id = id;
  e.name = route->name.empty() ? id : route->name;
  e.geojson = std::move(geojson);
  e.created_by = who.ActorLabel();
  e.created_ms = NowUnixMillis();
  return AwaitDone<tracking::RouteEntry>([&](Done<tracking::RouteEntry> done) { journeys_.PutRoute(std::move(e), done); });
}

Result<std::vector<tracking::RouteEntry>> TrackingService::Routes(const Principal& who) {
  if (Status st = access::Allow(who, access::Action::kUseReferenceData); !st.ok()) return st;
  return journeys_.ListRoutes();
}

Result<tracking::RouteEntry> TrackingService::Route(const Principal& who, const std::string& id, int version) {
  if (Status st = access::Allow(who, access::Action::kUseReferenceData); !st.ok()) return st;
  return journeys_.GetRoute(id, version);
}

Result<std::string> TrackingService::Basemap(const Principal& who) {
  if (Status st = access::Allow(who, access::Action::kUseReferenceData); !st.ok()) return st;
  std::call_once(basemap_once_, [this] {
    std::string countries = SharedDataFile("tracking/geo/ne_50m_countries_central_asia.geojson");
    std::string borders = SharedDataFile("tracking/geo/ne_10m_land_borders_central_asia.geojson");
    if (countries.empty() || borders.empty()) return;
    auto read = [](const std::string& path) {
      std::ifstream in(path, std::ios::binary);
      return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    auto c = nlohmann::json::parse(read(countries), nullptr, false);
    auto b = nlohmann::json::parse(read(borders), nullptr, false);
    if (!c.is_object() || !b.is_object()) return;
    basemap_ = nlohmann::json{{"countries", std::move(c)}, {"borders", std::move(b)}}.dump();
  });
  if (basemap_.empty())
    return Status::NotFound("no_basemap", "no basemap: the shared data directory has no tracking/geo/ shapes");
  return basemap_;
}

// ---------------------------------------------------------------- journeys

Result<tracking::Journey> TrackingService::Start(const Principal& who, const std::string& declaration_ref,
                                                 StartJourney start) {
  // Another trader's declaration is not found before anything is refused (nothing told of it).
  auto decl = clearance_.Get(who, declaration_ref);
  if (!decl.ok()) return decl.status();
  if (Status st = access::Allow(who, access::Action::kWatchJourneys); !st.ok()) return st;
  if (decl->type != DeclarationType::kTransit)
    return Status::Invalid("not_transit", "only a transit declaration travels on a watched journey");
  auto seals = tracking::SealsToBind(DeclaredSeals(decl->content_json), std::move(start.seals));
  if (!seals.ok()) return seals.status();
  start.seals = std::move(seals).value();
  if (start.seals.empty() && start.trackers.empty())
    return Status::Invalid("devices_required", "a journey needs at least one seal or tracker");
  if (!(start.time_limit_h >= 0 && start.time_limit_h <= 24 * 90))
    return Status::Invalid("invalid_time_limit", "'time_limit_h' must be between 0 and 2160 hours");
  auto entry = journeys_.GetRoute(start.route_id, 0);
  if (!entry.ok()) return entry.status();
  auto route = tracking::ParseRouteGeoJson(entry->geojson);
  if (!route.ok()) return route.status();
  std::string carrier;
  for (const auto* list : {&start.seals, &start.trackers}) {
    for (const auto& id : *list) {
      auto d = devices_.GetDevice(id);
      if (!d.ok()) return d.status();
      bool seal_list = list == &start.seals;
      if ((d->kind == tracking::DeviceKind::kSeal) != seal_list)
        return Status::Invalid("wrong_device_kind", "device " + id + " is a " + tracking::DeviceKindName(d->kind) +
                                                        (seal_list ? ", not a seal" : ": list it under seals"));
      if (d->state == tracking::DeviceState::kRemoved)
        return Status::Conflict("device_removed", "device " + id + " was removed from service");
      if (carrier.empty()) carrier = d->owner_tin;
    }
  }
  if (decl->lifecycle.state != State::kReleased) {
    Reply released = AwaitReply([&](ReplyFn done) {
      clearance_.Act(who, decl->id, Action::kRelease, ControlType::kNone, "released for departure under watch", done);
    });
    if (!released.status.ok()) return released.status;
    decl = *released.record;
  }
  tracking::Journey j;
  j.declaration_id = decl->id;
  j.mrn = decl->mrn;
  j.declarant_tin = decl->declarant_tin;
  j.carrier_tin = carrier;
  j.route_id = entry->id;
  j.route_version = entry->version;
  j.seals = std::move(start.seals);
  j.trackers = std::move(start.trackers);
  j.started_ms = NowUnixMillis();
  double limit_h = start.time_limit_h > 0 ? start.time_limit_h : route->time_limit_h;
  j.deadline_ms = limit_h > 0 ? j.started_ms + static_cast<int64_t>(limit_h * 3600000) : 0;
  j.started_by = who.ActorLabel();
  auto created = AwaitDone<tracking::Journey>([&](Done<tracking::Journey> done) { journeys_.CreateJourney(j, done); });
  if (!created.ok()) return created.status();
  if (Status st = Bind(created.value()); !st.ok())
    spdlog::error("tracking: journey {} stored but not watched: {}", created->id, st.message());
  return created;
}

Result<tracking::Journey> TrackingService::Visible(const Principal& who, int64_t id) {
  if (Status st = access::Allow(who, access::Action::kReadJourneys); !st.ok()) return st;
  auto j = journeys_.GetJourney(id);
  if (!j.ok()) return j.status();
  if (!IsJourneyParty(who, j.value())) return Status::NotFound("unknown_journey", "no journey " + std::to_string(id));
  return j;
}

Result<tracking::Journey> TrackingService::Get(const Principal& who, int64_t id) { return Visible(who, id); }

Result<tracking::Journey> TrackingService::OfDeclaration(const Principal& who, const std::string& declaration_ref) {
  if (Status st = access::Allow(who, access::Action::kReadJourneys); !st.ok()) return st;
  auto decl = clearance_.Get(who, declaration_ref);
  if (!decl.ok()) return decl.status();
  return journeys_.JourneyOfDeclaration(decl->id);
}

Result<std::vector<tracking::Journey>> TrackingService::List(const Principal& who, JourneyFilter filter) {
  if (Status st = access::Allow(who, access::Action::kReadJourneys); !st.ok()) return st;
  if (!access::Unrestricted(who, access::Action::kReadJourneys)) filter.party_tin = who.org_tin.empty() ? "-" : who.org_tin;
  return journeys_.ListJourneys(filter);
}

Result<std::vector<tracking::Fix>> TrackingService::Track(const Principal& who, int64_t journey_id, int64_t from_ms,
                                                          int64_t to_ms, int limit) {
  auto j = Visible(who, journey_id);
  if (!j.ok()) return j.status();
  int64_t from = std::max(from_ms, j->started_ms - static_cast<int64_t>(config_.thresholds.skew_minutes * 60000));
  int64_t end = j->closed_ms > 0 ? j->closed_ms : NowUnixMillis() + 600000;
  int64_t to = to_ms > 0 ? std::min(to_ms, end) : end;
  return tracks_.Track(j->Devices(), from, to, limit);
}

Result<std::vector<std::pair<int64_t, tracking::Fix>>> TrackingService::Positions(const Principal& who) {
  if (Status st = access::Allow(who, access::Action::kReadJourneys); !st.ok()) return st;
  std::vector<std::pair<int64_t, tracking::Fix>> out;
  for (auto& shard : shards_) {
    std::lock_guard lk(shard->mu);
    for (const auto& [device, id] : shard->journey_of) {
      const Bound& b = *shard->journeys.at(id);
      if (!IsJourneyParty(who, b.journey)) continue;
      const auto* st = b.pipeline->State(device);
      if (st && st->last) out.emplace_back(id, *st->last);
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.device < b.second.device;
  });
  return out;
}

Result<std::vector<tracking::JourneyAlert>> TrackingService::Alerts(const Principal& who, AlertFilter filter) {
  if (Status st = access::Allow(who, access::Action::kReadJourneys); !st.ok()) return st;
  if (!access::Unrestricted(who, access::Action::kReadJourneys)) filter.party_tin = who.org_tin.empty() ? "-" : who.org_tin;
  return journeys_.ListAlerts(filter);
}

Result<tracking::JourneyAlert> TrackingService::MoveAlert(const Principal& who, int64_t alert_id, tracking::AlertState to,
                                                          std::string note) {
  if (Status st = access::Allow(who, access::Action::kWatchJourneys); !st.ok()) return st;
  if (note.size() > 2000) return Status::Invalid("note_too_long", "a note has at most 2000 characters");
  return AwaitDone<tracking::JourneyAlert>([&](Done<tracking::JourneyAlert> done) {
    journeys_.MoveAlert(alert_id, to, who.ActorLabel(), std::move(note), NowUnixMillis(), done);
  });
}

Result<CloseOutcome> TrackingService::Close(const Principal& who, int64_t journey_id, CloseTransit close) {
  if (Status st = access::Allow(who, access::Action::kWatchJourneys); !st.ok()) return st;
  auto j = journeys_.GetJourney(journey_id);
  if (!j.ok()) return j.status();
  if (!tracking::JourneyOpen(j->state))
    return Status::Conflict("journey_closed", "journey " + std::to_string(j->id) + " is already " +
                                                  tracking::JourneyStatusName(j->state));
  if (close.note.size() > 2000) return Status::Invalid("note_too_long", "a note has at most 2000 characters");
  auto alerts = journeys_.ListAlerts({j->id, false, "", 0, 100000});
  if (!alerts.ok()) return alerts.status();
  std::map<std::string, tracking::SealState> last_seal;
  for (const auto& seal : j->seals) {
    Shard& shard = ShardOf(seal);
    std::lock_guard lk(shard.mu);
    auto b = shard.journeys.find(j->id);
    const auto* st = b == shard.journeys.end() ? nullptr : b->second->pipeline->State(seal);
    if (st) last_seal[seal] = st->seal;
  }
  CloseOutcome out;
  out.decision = tracking::DecideClose(j.value(), alerts.value(), close.checks, last_seal);
  if (out.decision.discharge) {
    auto decl = clearance_.Get(who, std::to_string(j->declaration_id));
    if (!decl.ok()) return decl.status();
    if (decl->lifecycle.state == State::kReleased) {
      Reply exited = AwaitReply([&](ReplyFn done) {
        clearance_.Act(who, j->declaration_id, Action::kExit, ControlType::kNone,
                       "transit ended at the office of destination, seals intact", done);
      });
      if (!exited.status.ok()) return exited.status;
    }
    Reply discharged = AwaitReply([&](ReplyFn done) { clearance_.Discharge(who, j->declaration_id, done); });
    if (!discharged.status.ok() && discharged.status.code() != "nothing_to_discharge") return discharged.status;
  }
  tracking::Journey closing = j.value();
  closing.state = out.decision.discharge ? tracking::JourneyStatus::kDischarged : tracking::JourneyStatus::kEnquiry;
  closing.closed_ms = NowUnixMillis();
  closing.closed_by = who.ActorLabel();
  closing.close_note = close.note;
  closing.seal_checks = close.checks;
  closing.close_reasons = out.decision.reasons;
  auto closed = AwaitDone<tracking::Journey>([&](Done<tracking::Journey> done) { journeys_.CloseJourney(closing, done); });
  if (!closed.ok()) return closed.status();
  Unbind(closed.value());
  out.journey = std::move(closed.value());
  return out;
}

Result<DeviceInput> TrackingService::Input(const Principal& who, const std::string& device) {
  if (Status st = access::Allow(who, access::Action::kReadDevices); !st.ok()) return st;
  auto d = devices_.GetDevice(device);
  if (!d.ok()) return d.status();
  if (!access::Allowed(who, access::Action::kReadDevices, {d->owner_tin}))
    return Status::NotFound("unknown_device", "no device " + device);
  DeviceInput out;
  Shard& shard = ShardOf(device);
  std::lock_guard lk(shard.mu);
  if (const auto* c = shard.gate.DeviceCounts(device)) out.counts = *c;
  out.flagged = shard.gate.Flagged(device);
  out.on_journey = shard.journey_of.count(device) > 0;
  return out;
}

}  // namespace oc
