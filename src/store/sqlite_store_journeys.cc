// Routes, journeys and transit alerts in SQLite (store/journey_store.h).
#include <nlohmann/json.hpp>

#include "ledger/events.h"
#include "store/sqlite_message.h"
#include "store/sqlite_store_impl.h"

namespace oc::detail {

namespace {

using nlohmann::json;
using tracking::Journey;
using tracking::JourneyAlert;

const char* kJourneyColumns =
    "id, declaration_id, mrn, declarant_tin, carrier_tin, route_id, route_version, seals, trackers, started_at, "
    "deadline, state, arrived_at, closed_at, started_by, closed_by, close_note, seal_checks, close_reasons";
const char* kAlertColumns =
    "id, journey_id, kind, device, at, lat, lon, detail, state, acknowledged_by, acknowledged_at, resolved_by, "
    "resolved_at, note, detail_code, detail_params";

std::vector<std::string> Strings(const std::string& text) {
  std::vector<std::string> out;
  auto j = json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto& v : j) if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::string SealChecksJson(const std::vector<tracking::SealCheck>& checks) {
  json a = json::array();
  for (const auto& c : checks) a.push_back({{"seal", c.seal}, {"intact", c.intact}});
  return a.dump();
}

Journey JourneyRow(sqlite::Stmt& q) {
  Journey j;
  j.id = q.Int(0);
  j.declaration_id = q.Int(1);
  j.mrn = q.Text(2);
  j.declarant_tin = q.Text(3);
  j.carrier_tin = q.Text(4);
  j.route_id = q.Text(5);
  j.route_version = static_cast<int>(q.Int(6));
  j.seals = Strings(q.Text(7));
  j.trackers = Strings(q.Text(8));
  j.started_ms = q.Int(9);
  j.deadline_ms = q.Int(10);
  j.state = tracking::JourneyStatusFrom(q.Text(11)).value_or(tracking::JourneyStatus::kEnquiry);
  j.arrived_ms = q.Int(12);
  j.closed_ms = q.Int(13);
  j.started_by = q.Text(14);
  j.closed_by = q.Text(15);
  j.close_note = q.Text(16);
  auto checks = json::parse(q.Text(17), nullptr, false);
  if (checks.is_array())
    for (const auto& c : checks)
      if (c.is_object()) j.seal_checks.push_back({c.value("seal", ""), c.value("intact", false)});
  j.close_reasons = sqlite::MessagesFrom(q.Text(18));
  return j;
}

std::optional<tracking::AlertKind> KindFrom(const std::string& name) {
  for (int k = 0; k <= static_cast<int>(tracking::AlertKind::kArrived); ++k)
    if (name == tracking::AlertKindName(static_cast<tracking::AlertKind>(k))) return static_cast<tracking::AlertKind>(k);
  return std::nullopt;
}

JourneyAlert AlertRow(sqlite::Stmt& q) {
  JourneyAlert a;
  a.id = q.Int(0);
  a.journey_id = q.Int(1);
  a.alert.kind = KindFrom(q.Text(2)).value_or(tracking::AlertKind::kOffline);
  a.alert.device = q.Text(3);
  a.alert.time_ms = q.Int(4);
  a.alert.lat = q.Double(5);
  a.alert.lon = q.Double(6);
  a.alert.detail = sqlite::MessageFrom(
      json{{"code", q.Text(14)}, {"params", json::parse(q.Text(15), nullptr, false)}, {"text", q.Text(7)}});
  a.state = tracking::AlertStateFrom(q.Text(8)).value_or(tracking::AlertState::kOpen);
  a.acknowledged_by = q.Text(9);
  a.acknowledged_ms = q.Int(10);
  a.resolved_by = q.Text(11);
  a.resolved_ms = q.Int(12);
  a.note = q.Text(13);
  return a;
}

std::optional<Journey> LoadJourney(Connection& c, int64_t id) {
  auto& q = c.Prepare(std::string("SELECT ") + kJourneyColumns + " FROM journeys WHERE id = ?");
  q.Bind(1, id);
  std::optional<Journey> out;
  if (q.Step()) out = JourneyRow(q);
  q.Reset();
  return out;
}

std::optional<JourneyAlert> LoadAlert(Connection& c, int64_t id) {
  auto& q = c.Prepare(std::string("SELECT ") + kAlertColumns + " FROM transit_alerts WHERE id = ?");
  q.Bind(1, id);
  std::optional<JourneyAlert> out;
  if (q.Step()) out = AlertRow(q);
  q.Reset();
  return out;
}

void ApplyTransitCounts(Connection& c, const tracking::TransitCounts& counts) {
  if (counts.empty()) return;
  for (const auto& tin : counts.tins)
    c.Prepare("INSERT INTO trader_profiles(tin, transits, transit_incidents, enquiries) VALUES(?, ?, ?, ?) "
              "ON CONFLICT(tin) DO UPDATE SET transits = transits + excluded.transits, "
              "transit_incidents = transit_incidents + excluded.transit_incidents, enquiries = enquiries + excluded.enquiries")
        .Bind(1, tin).Bind(2, counts.transits).Bind(3, counts.incidents).Bind(4, counts.enquiries)
        .Run();
}

void SetDeviceState(Connection& c, const std::string& id, tracking::DeviceState s, int64_t at) {
  c.Prepare("UPDATE devices SET state = ?, updated_at = ? WHERE id = ?")
      .Bind(1, tracking::DeviceStateName(s)).Bind(2, at).Bind(3, id).Run();
}

}  // namespace

// ---------------------------------------------------------------- routes

void SqliteStore::PutRoute(tracking::RouteEntry r, Done<tracking::RouteEntry> done) {
  auto out = std::make_shared<tracking::RouteEntry>();
  EnqueueFor<tracking::RouteEntry>(out, [r = std::move(r), out](Connection& c) mutable -> Status {
    auto& q = c.Prepare("SELECT COALESCE(MAX(version), 0) FROM routes WHERE id = ?");
    q.Bind(1, r.id);
    r.version = q.Step() ? static_cast<int>(q.Int(0)) + 1 : 1;
    q.Reset();
    c.Prepare("INSERT INTO routes(id, version, name, geojson, created_by, created_at) VALUES(?,?,?,?,?,?)")
        .Bind(1, r.id).Bind(2, r.version).Bind(3, r.name).Bind(4, r.geojson).Bind(5, r.created_by).Bind(6, r.created_ms)
        .Run();
    *out = std::move(r);
    return Status::Ok();
  }, std::move(done));
}

Result<tracking::RouteEntry> SqliteStore::GetRoute(const std::string& id, int version) {
  auto rows = ReadRows<tracking::RouteEntry>(
      "SELECT id, version, name, geojson, created_by, created_at FROM routes WHERE id = ? AND (? = 0 OR version = ?) "
      "ORDER BY version DESC LIMIT 1",
      [&](sqlite::Stmt& q) { q.Bind(1, id).Bind(2, version).Bind(3, version); },
      [](sqlite::Stmt& q) {
        return tracking::RouteEntry{q.Text(0), static_cast<int>(q.Int(1)), q.Text(2), q.Text(3), q.Text(4), q.Int(5)};
      });
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("unknown_route", "no route " + id);
  return rows->front();
}

Result<std::vector<tracking::RouteEntry>> SqliteStore::ListRoutes() {
  return ReadRows<tracking::RouteEntry>(
      "SELECT r.id, r.version, r.name, r.geojson, r.created_by, r.created_at FROM routes r "
      "WHERE r.version = (SELECT MAX(version) FROM routes WHERE id = r.id) ORDER BY r.id",
      [](sqlite::Stmt&) {},
      [](sqlite::Stmt& q) {
        return tracking::RouteEntry{q.Text(0), static_cast<int>(q.Int(1)), q.Text(2), q.Text(3), q.Text(4), q.Int(5)};
      });
}

// ---------------------------------------------------------------- journeys

void SqliteStore::CreateJourney(Journey j, Done<Journey> done) {
  auto out = std::make_shared<Journey>();
  EnqueueFor<Journey>(out, [j = std::move(j), out](Connection& c) mutable -> Status {
    {
      auto& q = c.Prepare("SELECT id FROM journeys WHERE declaration_id = ? AND state IN ('active', 'arrived')");
      q.Bind(1, j.declaration_id);
      bool open = q.Step();
      int64_t other = open ? q.Int(0) : 0;
      q.Reset();
      if (open)
        return Status::Conflict("journey_exists", "the declaration is already on journey " + std::to_string(other));
    }
    for (const auto& d : j.Devices()) {
      auto& q = c.Prepare("SELECT state FROM devices WHERE id = ?");
      q.Bind(1, d);
      bool known = q.Step();
      std::string state = known ? q.Text(0) : "";
      q.Reset();
      if (!known) return Status::NotFound("unknown_device", "no device " + d + " in the registry");
      if (state == "removed") return Status::Conflict("device_removed", "device " + d + " was removed from service");
      auto& busy = c.Prepare("SELECT journey_id FROM journey_devices WHERE device = ?");
      busy.Bind(1, d);
      bool taken = busy.Step();
      int64_t other = taken ? busy.Int(0) : 0;
      busy.Reset();
      if (taken) return Status::Conflict("device_busy", "device " + d + " is on journey " + std::to_string(other));
    }
    c.Prepare(std::string("INSERT INTO journeys(") + kJourneyColumns + ") VALUES(NULL,?,?,?,?,?,?,?,?,?,?,?,0,0,?,'','','[]','[]')")
        .Bind(1, j.declaration_id).Bind(2, j.mrn).Bind(3, j.declarant_tin).Bind(4, j.carrier_tin).Bind(5, j.route_id)
        .Bind(6, j.route_version).Bind(7, json(j.seals).dump()).Bind(8, json(j.trackers).dump()).Bind(9, j.started_ms)
        .Bind(10, j.deadline_ms).Bind(11, tracking::JourneyStatusName(j.state)).Bind(12, j.started_by)
        .Run();
    j.id = c.LastInsertId();
    for (const auto& d : j.Devices()) {
      c.Prepare("INSERT INTO journey_devices(device, journey_id) VALUES(?, ?)").Bind(1, d).Bind(2, j.id).Run();
      SetDeviceState(c, d, tracking::DeviceState::kFitted, j.started_ms);
    }
    sqlite::AppendLedger(c, ledger::events::JourneyStarted(j));
    ApplyTransitCounts(c, tracking::CountJourneyStarted(j));
    *out = std::move(j);
    return Status::Ok();
  }, std::move(done));
}

Result<Journey> SqliteStore::GetJourney(int64_t id) {
  auto rows = ReadRows<Journey>(std::string("SELECT ") + kJourneyColumns + " FROM journeys WHERE id = ?",
                                [&](sqlite::Stmt& q) { q.Bind(1, id); }, JourneyRow);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("unknown_journey", "no journey " + std::to_string(id));
  return rows->front();
}

Result<Journey> SqliteStore::JourneyOfDeclaration(int64_t declaration_id) {
  auto rows = ReadRows<Journey>(
      std::string("SELECT ") + kJourneyColumns + " FROM journeys WHERE declaration_id = ? ORDER BY id DESC LIMIT 1",
      [&](sqlite::Stmt& q) { q.Bind(1, declaration_id); }, JourneyRow);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("unknown_journey", "the declaration has no journey");
  return rows->front();
}

Result<std::vector<Journey>> SqliteStore::ListJourneys(const JourneyFilter& f) {
  return ReadRows<Journey>(
      std::string("SELECT ") + kJourneyColumns +
          " FROM journeys WHERE id > ? AND (? = 0 OR state IN ('active', 'arrived'))"
          " AND (? = '' OR declarant_tin = ? OR carrier_tin = ?) ORDER BY id LIMIT ?",
      [&](sqlite::Stmt& q) {
        q.Bind(1, f.after_id).Bind(2, f.open_only ? 1 : 0).Bind(3, f.party_tin).Bind(4, f.party_tin)
            .Bind(5, f.party_tin).Bind(6, f.limit);
      },
      JourneyRow);
}

// ---------------------------------------------------------------- alerts

void SqliteStore::AppendAlerts(std::vector<JourneyAlert> alerts, Done<std::vector<JourneyAlert>> done) {
  auto out = std::make_shared<std::vector<JourneyAlert>>();
  EnqueueFor<std::vector<JourneyAlert>>(out, [alerts = std::move(alerts), out](Connection& c) mutable -> Status {
    std::map<int64_t, Journey> journeys;
    for (const auto& a : alerts) {
      if (journeys.count(a.journey_id)) continue;
      auto j = LoadJourney(c, a.journey_id);
      if (!j) return Status::NotFound("unknown_journey", "no journey " + std::to_string(a.journey_id));
      journeys.emplace(a.journey_id, std::move(*j));
    }
    for (auto& a : alerts) {
      Journey& j = journeys.at(a.journey_id);
      c.Prepare(std::string("INSERT INTO transit_alerts(") + kAlertColumns + ") VALUES(NULL,?,?,?,?,?,?,?,?,'',0,'',0,'',?,?)")
          .Bind(1, a.journey_id).Bind(2, tracking::AlertKindName(a.alert.kind)).Bind(3, a.alert.device)
          .Bind(4, a.alert.time_ms).Bind(5, a.alert.lat).Bind(6, a.alert.lon).Bind(7, a.alert.detail.text)
          .Bind(8, tracking::AlertStateName(a.state)).Bind(9, a.alert.detail.code)
          .Bind(10, sqlite::MessageJson(a.alert.detail)["params"].dump())
          .Run();
      a.id = c.LastInsertId();
      sqlite::AppendLedger(c, ledger::events::TransitAlert(j, a));
      ApplyTransitCounts(c, tracking::CountAlert(j, a));
      c.Prepare(
           "INSERT INTO notifications(org_tin, declaration_id, mrn, lrn, action, state, control, cusres, reason, at, "
           "reason_code) SELECT declarant_tin, id, COALESCE(mrn, ''), lrn, 'transit_alert', state, control, '', ?, ?, ? "
           "FROM declarations WHERE id = ?")
          .Bind(1, std::string(tracking::AlertKindName(a.alert.kind)) + ": " + a.alert.detail.text).Bind(2, a.alert.time_ms)
          .Bind(3, std::string("transit_") + tracking::AlertKindName(a.alert.kind)).Bind(4, j.declaration_id)
          .Run();
      if (a.alert.kind == tracking::AlertKind::kArrived && j.state == tracking::JourneyStatus::kActive) {
        j.state = tracking::JourneyStatus::kArrived;
        j.arrived_ms = a.alert.time_ms;
        c.Prepare("UPDATE journeys SET state = 'arrived', arrived_at = ? WHERE id = ?").Bind(1, j.arrived_ms).Bind(2, j.id).Run();
      }
    }
    *out = std::move(alerts);
    return Status::Ok();
  }, std::move(done));
}

Result<JourneyAlert> SqliteStore::GetAlert(int64_t id) {
  auto rows = ReadRows<JourneyAlert>(std::string("SELECT ") + kAlertColumns + " FROM transit_alerts WHERE id = ?",
                                     [&](sqlite::Stmt& q) { q.Bind(1, id); }, AlertRow);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("unknown_alert", "no alert " + std::to_string(id));
  return rows->front();
}

Result<std::vector<JourneyAlert>> SqliteStore::ListAlerts(const AlertFilter& f) {
  std::string cols;
  for (std::string_view c : {"id", "journey_id", "kind", "device", "at", "lat", "lon", "detail", "state", "acknowledged_by",
                             "acknowledged_at", "resolved_by", "resolved_at", "note", "detail_code", "detail_params"})
    cols += (cols.empty() ? "a." : ", a.") + std::string(c);
  return ReadRows<JourneyAlert>(
      "SELECT " + cols + " FROM transit_alerts a JOIN journeys j ON j.id = a.journey_id"
      " WHERE a.id > ? AND (? = 0 OR a.journey_id = ?) AND (? = 0 OR a.state <> 'resolved')"
      " AND (? = '' OR j.declarant_tin = ? OR j.carrier_tin = ?) ORDER BY a.id LIMIT ?",
      [&](sqlite::Stmt& q) {
        q.Bind(1, f.after_id).Bind(2, f.journey_id).Bind(3, f.journey_id).Bind(4, f.unresolved_only ? 1 : 0)
            .Bind(5, f.party_tin).Bind(6, f.party_tin).Bind(7, f.party_tin).Bind(8, f.limit);
      },
      AlertRow);
}

void SqliteStore::MoveAlert(int64_t id, tracking::AlertState to, std::string by, std::string note, int64_t at_ms,
                            Done<JourneyAlert> done) {
  auto out = std::make_shared<JourneyAlert>();
  EnqueueFor<JourneyAlert>(out, [=](Connection& c) -> Status {
    auto a = LoadAlert(c, id);
    if (!a) return Status::NotFound("unknown_alert", "no alert " + std::to_string(id));
    if (Status st = tracking::CheckAlertMove(*a, to, note); !st.ok()) return st;
    a->state = to;
    if (!note.empty()) a->note = note;
    if (to == tracking::AlertState::kAcknowledged) {
      a->acknowledged_by = by;
      a->acknowledged_ms = at_ms;
    } else {
      a->resolved_by = by;
      a->resolved_ms = at_ms;
    }
    c.Prepare("UPDATE transit_alerts SET state = ?, acknowledged_by = ?, acknowledged_at = ?, resolved_by = ?, "
              "resolved_at = ?, note = ? WHERE id = ?")
        .Bind(1, tracking::AlertStateName(a->state)).Bind(2, a->acknowledged_by).Bind(3, a->acknowledged_ms)
        .Bind(4, a->resolved_by).Bind(5, a->resolved_ms).Bind(6, a->note).Bind(7, id)
        .Run();
    auto j = LoadJourney(c, a->journey_id);
    if (j) sqlite::AppendLedger(c, ledger::events::AlertMoved(*j, *a, at_ms));
    *out = std::move(*a);
    return Status::Ok();
  }, std::move(done));
}

void SqliteStore::CloseJourney(Journey closing, Done<Journey> done) {
  auto out = std::make_shared<Journey>();
  EnqueueFor<Journey>(out, [closing = std::move(closing), out](Connection& c) -> Status {
    auto j = LoadJourney(c, closing.id);
    if (!j) return Status::NotFound("unknown_journey", "no journey " + std::to_string(closing.id));
    if (!tracking::JourneyOpen(j->state))
      return Status::Conflict("journey_closed", "journey " + std::to_string(j->id) + " is already " +
                                                    tracking::JourneyStatusName(j->state));
    j->state = closing.state;
    j->closed_ms = closing.closed_ms;
    j->closed_by = closing.closed_by;
    j->close_note = closing.close_note;
    j->seal_checks = closing.seal_checks;
    j->close_reasons = closing.close_reasons;
    c.Prepare("UPDATE journeys SET state = ?, closed_at = ?, closed_by = ?, close_note = ?, seal_checks = ?, "
              "close_reasons = ? WHERE id = ?")
        .Bind(1, tracking::JourneyStatusName(j->state)).Bind(2, j->closed_ms).Bind(3, j->closed_by)
        .Bind(4, j->close_note).Bind(5, SealChecksJson(j->seal_checks)).Bind(6, sqlite::MessagesJson(j->close_reasons))
        .Bind(7, j->id)
        .Run();
    c.Prepare("DELETE FROM journey_devices WHERE journey_id = ?").Bind(1, j->id).Run();
    for (const auto& s : j->seals) SetDeviceState(c, s, tracking::DeviceState::kRemoved, j->closed_ms);
    for (const auto& t : j->trackers) SetDeviceState(c, t, tracking::DeviceState::kInStock, j->closed_ms);
    sqlite::AppendLedger(c, ledger::events::TransitClosed(*j));
    ApplyTransitCounts(c, tracking::CountJourneyClosed(*j));
    *out = std::move(*j);
    return Status::Ok();
  }, std::move(done));
}

}  // namespace oc::detail
