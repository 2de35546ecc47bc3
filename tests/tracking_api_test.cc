// Cargo in transit end to end, on a real server subscribed to a real Mosquitto: a supervisor puts
// a route in the library, an inspector binds a transit declaration to its seal and the driver's
// phone and releases it; the seal's signed messages (through the broker) and the phone's OsmAnd
// reports go through the pipeline; the alerts are stored, notified, in the ledger, acknowledged
// and resolved; the transit is closed at destination (discharged, guarantee released) or sent to
// enquiry; bad input is refused with its reason.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "common/dates.h"
#include "common/encoding.h"
#include "refdata/data_dirs.h"
#include "tests/mqtt_broker.h"
#include "tests/test_server.h"
#include "devices/mqtt.h"

namespace oc {
namespace {

using nlohmann::json;
using testing::TestServer;
using testing::ValidDeclarationJson;
using namespace std::chrono_literals;

// A 2 km corridor due east along 41.3° N, 100 m wide (short, so that a whole drive fits in the
// few minutes a fix may be stamped ahead of the server's clock); the destination a box around its
// end; an authorised stop half-way; 5 hours.
const char* kRoute = R"({"type": "FeatureCollection", "properties": {"name": "Test corridor"}, "features": [
  {"type": "Feature", "properties": {"width_m": 100, "time_limit_h": 5},
   "geometry": {"type": "LineString", "coordinates": [[69.2, 41.3], [69.224, 41.3]]}},
  {"type": "Feature", "properties": {"role": "destination"},
   "geometry": {"type": "Polygon", "coordinates": [[[69.2235, 41.2995], [69.226, 41.2995], [69.226, 41.3005], [69.2235, 41.3005], [69.2235, 41.2995]]]}},
  {"type": "Feature", "properties": {"role": "stop"},
   "geometry": {"type": "Polygon", "coordinates": [[[69.211, 41.2995], [69.213, 41.2995], [69.213, 41.3005], [69.211, 41.3005], [69.211, 41.2995]]]}}
]})";

class TrackingApi : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::MosquittoInstalled()) GTEST_SKIP() << "mosquitto is not installed (scripts/install-deps.sh)";
    broker_ = std::make_unique<testing::Broker>();
    ASSERT_TRUE(broker_->WaitReady());
    server_ = std::make_unique<TestServer>(0, false, [this](AppConfig& c) {
      c.mqtt_url = broker_->url();
      c.tracking.tick_ms = 100;
    });
    server_->RegisterTestBank();
    devices::MqttOptions o;
    o.port = broker_->port();
    auto pub = devices::MqttPublisher::Connect(o);
    ASSERT_TRUE(pub.ok()) << pub.status().ToString();
    pub_ = std::move(pub.value());
  }

  std::string RegisterSeal(const testing::SignedDevice& d, const std::string& serial) {
    json body = {{"kind", "seal"}, {"manufacturer", "ESL"}, {"serial", serial}, {"owner_tin", TestServer::kOrgA},
                 {"public_key", Base64Encode(d.pk)}};
    auto r = server_->Call("POST", "/v1/devices", body.dump(), "inspector");
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body.value("id", "");
  }

  // A transit declaration lodged by trader A with its guarantee reserved and its fee paid: ready
  // for release.
  std::string ReadyTransit(int n, const std::vector<std::string>& seals = {}) {
    json tr = ValidDeclarationJson(static_cast<uint64_t>(700 + n), TestServer::kOrgA, 1);
    if (!seals.empty()) tr["transport"]["seals"] = seals;
    tr["type"] = "TR";
    tr["procedure"] = "8000";
    tr["locations"]["destination_office"] = "UZ260101";
    auto lodged = server_->Lodge(tr);
    EXPECT_EQ(lodged.status, 201) << lodged.raw;
    std::string mrn = lodged.body.value("mrn", "");
    std::string g = "TRK" + std::to_string(n);
    EXPECT_EQ(server_->Call("POST", "/v1/guarantees",
                            json{{"reference", g}, {"org_tin", TestServer::kOrgA}, {"amount", "99999999999.00"}}.dump(),
                            "supervisor").status, 201);
    auto reserved = server_->Call("POST", "/v1/declarations/" + mrn + "/guarantee", json{{"guarantee", g}}.dump(), "trader_a");
    EXPECT_EQ(reserved.status, 200) << reserved.raw;
    for (const auto& o : reserved.body["orders"])
      if (o["status"] == "open")
        EXPECT_EQ(server_->PayOrder(o["reference"], o["amount"], "TRK-" + std::to_string(n)).status, 201);
    return mrn;
  }

  // Waits until the server accepted `n` messages in all, then until their writes are durable.
  void AwaitAccepted(uint64_t n) {
    for (int i = 0; i < 200; ++i) {
      if (server_->core().tracking().Stats().gate.accepted >= n) break;
      std::this_thread::sleep_for(25ms);
    }
    server_->core().tracking().Flush();
  }

  std::vector<std::string> AlertKinds(int64_t journey) {
    auto r = server_->Call("GET", "/v1/journeys/" + std::to_string(journey) + "/alerts", "", "inspector");
    std::vector<std::string> out;
    for (const auto& a : r.body["items"]) out.push_back(a["kind"]);
    return out;
  }

  std::unique_ptr<testing::Broker> broker_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<devices::MqttPublisher> pub_;
};

TEST_F(TrackingApi, AJourneyFromReleaseToDischarge) {
  // The route library: supervisors keep it; a route that is not one is refused with its reason.
  auto put = server_->Call("PUT", "/v1/routes/test-corridor", kRoute, "supervisor");
  ASSERT_EQ(put.status, 201) << put.raw;
  EXPECT_EQ(put.body["version"], 1);
  EXPECT_EQ(put.body["name"], "Test corridor");
  EXPECT_EQ(server_->Call("PUT", "/v1/routes/test-corridor", kRoute, "trader_a").status, 403);
  auto bad = server_->Call("PUT", "/v1/routes/broken", R"({"type": "FeatureCollection", "features": []})", "supervisor");
  EXPECT_EQ(bad.status, 422) << bad.raw;
  EXPECT_EQ(bad.body["code"], "bad_route");
  EXPECT_EQ(server_->Call("PUT", "/v1/routes/Bad%20Id", kRoute, "supervisor").body["code"], "invalid_route_id");
  EXPECT_EQ(server_->Call("GET", "/v1/routes", "", "trader_a").body["items"].size(), 1u);

  testing::SignedDevice seal("ESL-000777");
  ASSERT_EQ(RegisterSeal(seal, "000777"), seal.id);
  ASSERT_EQ(server_->Call("POST", "/v1/devices", json{{"kind", "phone"}, {"id", "PHONE-A1"}, {"owner_tin", TestServer::kOrgA}}.dump(),
                          "inspector").status, 201);
  std::string mrn = ReadyTransit(1);

  // Binding releases the goods for departure and fits the devices.
  json start = {{"route", "test-corridor"}, {"seals", {seal.id}}, {"trackers", {"PHONE-A1"}}};
  EXPECT_EQ(server_->Call("POST", "/v1/declarations/" + mrn + "/journey", start.dump(), "trader_a").status, 403);
  auto bound = server_->Call("POST", "/v1/declarations/" + mrn + "/journey", start.dump(), "inspector");
  ASSERT_EQ(bound.status, 201) << bound.raw;
  int64_t journey = bound.body["id"];
  EXPECT_EQ(bound.body["state"], "active");
  EXPECT_EQ(bound.body["route_version"], 1);
  EXPECT_FALSE(bound.body["deadline"].is_null()) << "the route's 5 hours";
  EXPECT_EQ(server_->Call("GET", "/v1/declarations/" + mrn, "", "trader_a").body["state"], "released");
  EXPECT_EQ(server_->Call("GET", "/v1/devices/" + seal.id, "", "inspector").body["state"], "fitted");
  EXPECT_EQ(server_->Call("POST", "/v1/declarations/" + mrn + "/journey", start.dump(), "inspector").body["code"],
            "journey_exists");
  // The declarant and the carrier see it; another trader does not.
  EXPECT_EQ(server_->Call("GET", "/v1/declarations/" + mrn + "/journey", "", "trader_a").body["id"], journey);
  EXPECT_EQ(server_->Call("GET", "/v1/journeys/" + std::to_string(journey), "", "trader_b").status, 404);
  EXPECT_EQ(server_->Call("GET", "/v1/journeys", "", "trader_b").body["items"].size(), 0u);

  // The drive: a fix every 5 s eastwards at about 29 km/h; three fixes 170 m north of the road;
  // the seal reports opened once (and closed again at the next fix); arrival at the end. A fix
  // stamped before the binding is no part of the journey.
  const int64_t t0 = NowUnixMillis() + 1000;
  int64_t seq = 0;
  ASSERT_TRUE(pub_->Publish("devices/" + seal.id + "/fixes", seal.Message(++seq, t0 - 3600000, 41.3, 69.2)).ok());
  for (int i = 0; i <= 50; ++i) {
    double lon = 69.2 + 0.024 * i / 50.0, lat = (i >= 20 && i < 23) ? 41.3015 : 41.3;
    const char* state = i == 30 ? "opened" : "closed";
    ASSERT_TRUE(pub_->Publish("devices/" + seal.id + "/fixes", seal.Message(++seq, t0 + i * 5000, lat, lon, state)).ok());
  }
  // A forgery and a replay, refused and counted against the device.
  json forged = json::parse(seal.Message(100, t0 + 51 * 5000, 41.3, 69.2245));
  std::string sig = *Base64Decode(forged["signature"].get<std::string>());
  sig[0] ^= 1;
  forged["signature"] = Base64Encode(sig);
  ASSERT_TRUE(pub_->Publish("devices/" + seal.id + "/fixes", forged.dump()).ok());
  ASSERT_TRUE(pub_->Publish("devices/" + seal.id + "/fixes", seal.Message(3, t0 + 52 * 5000, 41.3, 69.2245)).ok());
  ASSERT_TRUE(pub_->Flush(5s));
  AwaitAccepted(52);
  // The phone reports as the Traccar Client does (speed in knots, time in seconds).
  auto phone = server_->Call("GET", "/v1/osmand?id=PHONE-A1&lat=41.3&lon=69.222&speed=10&batt=80&timestamp=" +
                                        std::to_string((t0 + 49 * 5000) / 1000));
  EXPECT_EQ(phone.status, 200) << phone.raw;
  server_->core().tracking().Flush();

  EXPECT_EQ(AlertKinds(journey), (std::vector<std::string>{"corridor_exit", "corridor_return", "seal_opened", "arrived"}));
  auto stats = server_->Call("GET", "/v1/tracking/stats", "", "supervisor");
  EXPECT_EQ(stats.body["messages"]["accepted"], 52) << stats.raw;
  EXPECT_EQ(stats.body["fixes"]["refused"], 1) << "the fix from before the binding: " << stats.raw;
  EXPECT_EQ(stats.body["messages"]["bad_signature"], 1);
  EXPECT_EQ(stats.body["messages"]["replayed"], 1);
  auto input = server_->Call("GET", "/v1/devices/" + seal.id + "/input", "", "inspector");
  EXPECT_TRUE(input.body["flagged"]) << "a forged message flags the device: " << input.raw;
  EXPECT_EQ(input.body["refused"]["bad_signature"], 1);
  auto j = server_->Call("GET", "/v1/journeys/" + std::to_string(journey), "", "trader_a");
  EXPECT_EQ(j.body["state"], "arrived");
  // The whole track in one read, both devices; the live positions for the map.
  auto track = server_->Call("GET", "/v1/journeys/" + std::to_string(journey) + "/track", "", "trader_a");
  ASSERT_EQ(track.status, 200) << track.raw;
  EXPECT_EQ(track.body["items"].size(), 52u);
  EXPECT_NEAR(track.body["items"][0]["lon"].get<double>(), 69.2, 1e-7);
  EXPECT_EQ(track.body["items"][0]["time"], FormatTimestamp(t0)) << "oldest first, to the millisecond";
  auto positions = server_->Call("GET", "/v1/tracking/positions", "", "inspector");
  EXPECT_EQ(positions.body["items"].size(), 2u) << positions.raw;
  EXPECT_EQ(server_->Call("GET", "/v1/tracking/positions", "", "trader_b").body["items"].size(), 0u);
  // Each alert was notified to the declarant and written to the ledger.
  auto notes = server_->Call("GET", "/v1/notifications?limit=100", "", "trader_a");
  int transit_notes = 0;
  for (const auto& n : notes.body["events"]) transit_notes += n["action"] == "transit_alert";
  EXPECT_EQ(transit_notes, 4) << notes.raw;
  auto ru = server_->Call("GET", "/v1/notifications?limit=100", "", "trader_a", {{"Accept-Language", "ru"}});
  EXPECT_NE(ru.raw.find("пломба сообщает о вскрытии"), std::string::npos) << "in the reader's language: " << ru.raw;
  auto decl = server_->Call("GET", "/v1/declarations/" + mrn, "", "inspector");
  auto indexes = server_->core().store().LedgerIndexesOf(decl.body["id"]);
  ASSERT_TRUE(indexes.ok());
  std::map<std::string, int> types;
  for (int64_t i : indexes.value()) types[server_->core().store().LedgerEntries(i, i + 1).value().at(0).type]++;
  EXPECT_EQ(types["journey_started"], 1);
  EXPECT_EQ(types["transit_alert"], 4);

  // Closing with the seal opened on the way and its alert not resolved: refused to discharge.
  auto alerts = server_->Call("GET", "/v1/tracking/alerts?unresolved=true", "", "inspector");
  ASSERT_EQ(alerts.body["items"].size(), 4u);
  for (const auto& a : alerts.body["items"]) {
    std::string path = "/v1/tracking/alerts/" + std::to_string(a["id"].get<int64_t>());
    EXPECT_EQ(server_->Call("POST", path + "/acknowledge", "{}", "trader_a").status, 403);
    auto ack = server_->Call("POST", path + "/acknowledge", "{}", "inspector");
    EXPECT_EQ(ack.body["state"], "acknowledged") << ack.raw;
    EXPECT_EQ(server_->Call("POST", path + "/acknowledge", "{}", "inspector").body["code"], "alert_acknowledged");
    if (a["kind"] == "seal_opened") continue;  // left open for now
    EXPECT_EQ(server_->Call("POST", path + "/resolve", "{}", "inspector").body["code"], "note_required");
    auto done = server_->Call("POST", path + "/resolve", json{{"note", "escorted detour, checked"}}.dump(), "inspector");
    EXPECT_EQ(done.body["state"], "resolved") << done.raw;
    EXPECT_EQ(done.body["note"], "escorted detour, checked");
  }
  int64_t seal_alert = 0;
  for (const auto& a : alerts.body["items"]) if (a["kind"] == "seal_opened") seal_alert = a["id"];
  json intact = {{"seal_checks", {{{"seal", seal.id}, {"intact", true}}}}, {"note", "seal number and wire checked"}};
  // Closing is all or nothing: with an alert open the officer resolves it first or accepts
  // enquiry. Here the officer resolves it (the opening was the driver's paperwork check).
  auto resolve = server_->Call("POST", "/v1/tracking/alerts/" + std::to_string(seal_alert) + "/resolve",
                               json{{"note", "opened at the border post for a document check, resealed"}}.dump(), "inspector");
  ASSERT_EQ(resolve.status, 200) << resolve.raw;
  EXPECT_EQ(server_->Call("POST", "/v1/journeys/" + std::to_string(journey) + "/close", intact.dump(), "trader_a").status, 403);
  auto closed = server_->Call("POST", "/v1/journeys/" + std::to_string(journey) + "/close", intact.dump(), "inspector");
  ASSERT_EQ(closed.status, 200) << closed.raw;
  EXPECT_TRUE(closed.body["discharged"]) << closed.raw;
  EXPECT_EQ(closed.body["journey"]["state"], "discharged");
  EXPECT_EQ(server_->Call("GET", "/v1/declarations/" + mrn, "", "trader_a").body["state"], "exited");
  EXPECT_EQ(server_->Call("GET", "/v1/guarantees/TRK1", "", "trader_a").body["in_use"], "0.00");
  EXPECT_EQ(server_->Call("GET", "/v1/devices/" + seal.id, "", "inspector").body["state"], "removed") << "a seal is used once";
  EXPECT_EQ(server_->Call("GET", "/v1/devices/PHONE-A1", "", "inspector").body["state"], "in_stock");
  EXPECT_EQ(server_->Call("POST", "/v1/journeys/" + std::to_string(journey) + "/close", intact.dump(), "inspector").body["code"],
            "journey_closed");
  // The trader's risk profile counts the transit and its two incidents (the exit and the seal;
  // the return and the arrival accuse nothing).
  auto profile = server_->Call("GET", "/v1/traders/" + std::string(TestServer::kOrgA) + "/profile", "", "risk");
  EXPECT_EQ(profile.body["transits"], 1) << profile.raw;
  EXPECT_EQ(profile.body["transit_incidents"], 2) << profile.raw;
  EXPECT_EQ(profile.body["enquiries"], 0) << profile.raw;
  // The phone is on no journey now.
  EXPECT_EQ(server_->Call("GET", "/v1/osmand?id=PHONE-A1&lat=41.3&lon=69.222&timestamp=" +
                                std::to_string(NowUnixMillis() / 1000)).body["code"], "not_on_journey");
}

TEST_F(TrackingApi, BrokenSealGoesToEnquiryAndBadInputIsRefused) {
  ASSERT_EQ(server_->Call("PUT", "/v1/routes/test-corridor", kRoute, "supervisor").status, 201);
  testing::SignedDevice seal("ESL-000888"), other("ESL-000889");
  ASSERT_EQ(RegisterSeal(seal, "000888"), seal.id);
  ASSERT_EQ(RegisterSeal(other, "000889"), other.id);
  ASSERT_EQ(server_->Call("POST", "/v1/devices", json{{"kind", "tracker"}, {"id", "TRK-1"}, {"owner_tin", TestServer::kOrgA},
                                                       {"public_key", Base64Encode(other.pk)}}.dump(), "inspector").status, 201);
  std::string mrn = ReadyTransit(2);
  std::string path = "/v1/declarations/" + mrn + "/journey";
  struct Case { json body; int status; std::string code; };
  std::vector<Case> cases = {
      {{{"route", "nowhere"}, {"seals", {seal.id}}}, 404, "unknown_route"},
      {{{"route", "test-corridor"}}, 422, "devices_required"},
      {{{"route", "test-corridor"}, {"seals", {"ESL-404"}}}, 404, "unknown_device"},
      {{{"route", "test-corridor"}, {"seals", {"TRK-1"}}}, 422, "wrong_device_kind"},
      {{{"route", "test-corridor"}, {"trackers", {seal.id}}}, 422, "wrong_device_kind"},
      {{{"route", "test-corridor"}, {"seals", "ESL-000888"}}, 422, "invalid_seals"},
      {{{"route", "test-corridor"}, {"seals", {seal.id}}, {"time_limit_h", -1}}, 422, "invalid_time_limit"},
          {{{"route", "test-corridor"}, {"seals", {seal.id}}, {"colour", "red"}}, 400, "unknown_field"},
  };
  for (const auto& c : cases) {
    auto r = server_->Call("POST", path, c.body.dump(), "inspector");
    EXPECT_EQ(r.status, c.status) << c.body.dump() << " -> " << r.raw;
    EXPECT_EQ(r.body["code"], c.code) << c.body.dump();
  }
  json import = ValidDeclarationJson(799, TestServer::kOrgA, 1);
  auto im = server_->Lodge(import);
  EXPECT_EQ(server_->Call("POST", "/v1/declarations/" + im.body["mrn"].get<std::string>() + "/journey",
                          json{{"route", "test-corridor"}, {"seals", {seal.id}}}.dump(), "inspector").body["code"],
            "not_transit");

  auto bound = server_->Call("POST", path, json{{"route", "test-corridor"}, {"seals", {seal.id}}, {"time_limit_h", 2}}.dump(),
                             "inspector");
  ASSERT_EQ(bound.status, 201) << bound.raw;
  int64_t journey = bound.body["id"];
  // The same seal on a second declaration: busy.
  std::string second = ReadyTransit(3);
  EXPECT_EQ(server_->Call("POST", "/v1/declarations/" + second + "/journey",
                          json{{"route", "test-corridor"}, {"seals", {seal.id}}}.dump(), "inspector").body["code"],
            "device_busy");
  // Phones only on /v1/osmand; bad reports named.
  std::string at = "&timestamp=" + std::to_string(NowUnixMillis() / 1000);
  EXPECT_EQ(server_->Call("GET", "/v1/osmand?id=" + seal.id + "&lat=41.3&lon=69.201" + at).body["code"], "not_a_phone");
  EXPECT_EQ(server_->Call("GET", "/v1/osmand?id=NOPHONE&lat=41.3&lon=69.201" + at).status, 404);
  auto junk = server_->Call("GET", "/v1/osmand?id=X&lat=abc&lon=69.3" + at);
  EXPECT_EQ(junk.status, 422) << junk.raw;
  EXPECT_EQ(junk.body["code"], "bad_osmand");

  // The seal is cut on the way; malformed, out-of-range and future-dated fixes are refused.
  const int64_t t0 = NowUnixMillis() + 1000;
  ASSERT_TRUE(pub_->Publish("devices/" + seal.id + "/fixes", seal.Message(1, t0, 41.3, 69.201)).ok());
  ASSERT_TRUE(pub_->Publish("devices/" + seal.id + "/fixes", seal.Message(2, t0 + 5000, 41.3, 69.2012, "cut")).ok());
  ASSERT_TRUE(pub_->Publish("devices/" + seal.id + "/fixes", seal.Message(3, t0 + 10000, 141.3, 69.2014)).ok());
  ASSERT_TRUE(pub_->Publish("devices/" + seal.id + "/fixes", seal.Message(4, NowUnixMillis() + 86400000, 41.3, 69.2016)).ok());
  ASSERT_TRUE(pub_->Publish("devices/" + seal.id + "/fixes", "{not json").ok());
  ASSERT_TRUE(pub_->Publish("devices/" + seal.id + "/fixes", other.Message(1, t0, 41.3, 69.25)).ok());
  ASSERT_TRUE(pub_->Flush(5s));
  AwaitAccepted(4);
  auto stats = server_->Call("GET", "/v1/tracking/stats", "", "inspector");
  EXPECT_EQ(stats.body["fixes"]["accepted"], 2) << stats.raw;
  EXPECT_EQ(stats.body["fixes"]["refused"], 2) << stats.raw;
  EXPECT_EQ(stats.body["messages"]["malformed"], 1) << stats.raw;
  EXPECT_EQ(stats.body["messages"]["unknown_device"], 1) << "a seal on no journey is not listened to: " << stats.raw;
  EXPECT_EQ(AlertKinds(journey), std::vector<std::string>{"seal_cut"});

  // Found broken at destination: enquiry, the declaration stays released, the guarantee held.
  json broken = {{"seal_checks", {{{"seal", seal.id}, {"intact", false}}}}, {"note", "wire cut, goods counted"}};
  auto closed = server_->Call("POST", "/v1/journeys/" + std::to_string(journey) + "/close", broken.dump(), "inspector");
  ASSERT_EQ(closed.status, 200) << closed.raw;
  EXPECT_FALSE(closed.body["discharged"]);
  EXPECT_EQ(closed.body["journey"]["state"], "enquiry");
  EXPECT_GE(closed.body["reasons"].size(), 2u) << closed.raw;
  EXPECT_EQ(server_->Call("GET", "/v1/declarations/" + mrn, "", "trader_a").body["state"], "released");
  EXPECT_NE(server_->Call("GET", "/v1/guarantees/TRK2", "", "trader_a").body["in_use"], "0.00");
  auto profile = server_->Call("GET", "/v1/traders/" + std::string(TestServer::kOrgA) + "/profile", "", "risk");
  EXPECT_EQ(profile.body["enquiries"], 1) << profile.raw;
  EXPECT_EQ(profile.body["transit_incidents"], 1) << "the cut seal: " << profile.raw;
  EXPECT_EQ(server_->Call("POST", "/v1/journeys/" + std::to_string(journey) + "/close", "{\"seal_checks\": 5}", "inspector")
                .body["code"], "invalid_seal_checks");
}

// The seals bound are the declared ones; the journey's events are in the declaration's history;
// alerts' details and enquiries' reasons come as codes with parameters, worded in the caller's
// language.
TEST_F(TrackingApi, DeclaredSealsHistoryAndWordsInTheUsersLanguage) {
  ASSERT_EQ(server_->Call("PUT", "/v1/routes/test-corridor", kRoute, "supervisor").status, 201);
  testing::SignedDevice seal("ESL-000555"), spare("ESL-000556");
  ASSERT_EQ(RegisterSeal(seal, "000555"), seal.id);
  ASSERT_EQ(RegisterSeal(spare, "000556"), spare.id);
  std::string mrn = ReadyTransit(5, {seal.id});
  std::string path = "/v1/declarations/" + mrn + "/journey";
  auto differ = server_->Call("POST", path, json{{"route", "test-corridor"}, {"seals", {spare.id}}}.dump(), "inspector");
  EXPECT_EQ(differ.status, 422) << differ.raw;
  EXPECT_EQ(differ.body["code"], "seals_differ");
  EXPECT_NE(differ.body["detail"].get<std::string>().find(seal.id + " is declared but not named"), std::string::npos)
      << differ.raw;
  auto bound = server_->Call("POST", path, json{{"route", "test-corridor"}}.dump(), "inspector");
  ASSERT_EQ(bound.status, 201) << bound.raw;
  EXPECT_EQ(bound.body["seals"], json::array({seal.id})) << "the declared seal, named by nobody at binding";
  int64_t journey = bound.body["id"];

  // Fixes stamped between the binding and now, so that the history's order is the clock's.
  const int64_t t0 = NowUnixMillis();
  std::this_thread::sleep_for(300ms);
  ASSERT_TRUE(pub_->Publish("devices/" + seal.id + "/fixes", seal.Message(1, t0, 41.3, 69.201)).ok());
  ASSERT_TRUE(pub_->Publish("devices/" + seal.id + "/fixes", seal.Message(2, t0 + 100, 41.3, 69.2012, "cut")).ok());
  ASSERT_TRUE(pub_->Flush(5s));
  AwaitAccepted(2);
  const std::vector<std::pair<std::string, std::string>> ru = {{"Accept-Language", "ru"}};
  auto alerts = server_->Call("GET", "/v1/journeys/" + std::to_string(journey) + "/alerts", "", "inspector", ru);
  ASSERT_EQ(alerts.body["items"].size(), 1u) << alerts.raw;
  const json& cut = alerts.body["items"][0];
  EXPECT_EQ(cut["detail_message"]["code"], "alert_seal_cut") << alerts.raw;
  EXPECT_EQ(cut["detail"], "пломба сообщает о перерезанном тросе") << alerts.raw;
  auto english = server_->Call("GET", "/v1/journeys/" + std::to_string(journey) + "/alerts", "", "inspector");
  EXPECT_EQ(english.body["items"][0]["detail"], "the seal reports its wire cut");
  // The seal is repaired on the way and re-keyed: its old key is refused from then on, the new
  // one accepted at once (its sequence goes on), without a restart.
  testing::SignedDevice repaired(seal.id);
  auto rekeyed = server_->Call("PATCH", "/v1/devices/" + seal.id, json{{"public_key", Base64Encode(repaired.pk)}}.dump(),
                               "inspector");
  ASSERT_EQ(rekeyed.status, 200) << rekeyed.raw;
  ASSERT_TRUE(pub_->Publish("devices/" + seal.id + "/fixes", repaired.Message(3, t0 + 150, 41.3, 69.2013, "cut")).ok());
  ASSERT_TRUE(pub_->Flush(5s));
  AwaitAccepted(3);
  EXPECT_EQ(server_->core().tracking().Stats().gate.accepted, 3u) << "the new key's message";
  ASSERT_TRUE(pub_->Publish("devices/" + seal.id + "/fixes", seal.Message(4, t0 + 200, 41.3, 69.2014, "cut")).ok());
  ASSERT_TRUE(pub_->Flush(5s));
  for (int i = 0; i < 200 && server_->core().tracking().Stats().gate.bad_signature == 0; ++i) std::this_thread::sleep_for(25ms);
  auto input = server_->Call("GET", "/v1/devices/" + seal.id + "/input", "", "inspector");
  EXPECT_EQ(input.body["refused"]["bad_signature"], 1) << "the old key: " << input.raw;
  EXPECT_EQ(input.body["accepted"], 3) << input.raw;
  std::string alert_path = "/v1/tracking/alerts/" + std::to_string(cut["id"].get<int64_t>());
  ASSERT_EQ(server_->Call("POST", alert_path + "/acknowledge", "{}", "inspector").status, 200);

  json broken = {{"seal_checks", {{{"seal", seal.id}, {"intact", false}}}}, {"note", "wire cut"}};
  auto closed = server_->Call("POST", "/v1/journeys/" + std::to_string(journey) + "/close", broken.dump(), "inspector", ru);
  ASSERT_EQ(closed.status, 200) << closed.raw;
  std::set<std::string> codes;
  for (const auto& r : closed.body["reasons"]) codes.insert(r["code"].get<std::string>());
  EXPECT_EQ(codes, (std::set<std::string>{"close_seal_broken", "close_seal_reported_cut", "close_alert_unresolved"}))
      << closed.raw;
  EXPECT_EQ(closed.body["reasons"][0]["message"], "пломба " + seal.id + " повреждена при прибытии") << closed.raw;
  EXPECT_EQ(closed.body["journey"]["close_reasons"].size(), closed.body["reasons"].size()) << "kept with the journey";

  // The declarant reads the whole story in the declaration's history; another trader nothing.
  auto history = server_->Call("GET", "/v1/declarations/" + mrn + "/history", "", "trader_a", ru);
  ASSERT_EQ(history.status, 200) << history.raw;
  std::vector<std::string> types;
  for (const auto& e : history.body["journey_events"]) types.push_back(e["type"]);
  EXPECT_EQ(types, (std::vector<std::string>{"journey_started", "transit_alert", "transit_alert_acknowledged",
                                             "transit_closed"}))
      << history.raw;
  const json& started = history.body["journey_events"][0];
  EXPECT_EQ(started["message"]["code"], "journey_started_sealed");
  EXPECT_NE(started["message"]["message"].get<std::string>().find("пломбы: " + seal.id), std::string::npos) << started;
  const json& end = history.body["journey_events"][3];
  EXPECT_EQ(end["kind"], "enquiry");
  EXPECT_EQ(end["note"], "wire cut");
  EXPECT_EQ(end["reasons"].size(), 3u) << end;
  EXPECT_FALSE(history.body["transitions"].empty()) << "the lifecycle's transitions as before";
  EXPECT_EQ(server_->Call("GET", "/v1/declarations/" + mrn + "/history", "", "trader_b").status, 404);
}

// The map's background comes from the shared data directory, never from the internet.
TEST(TrackingBasemap, CountryShapesFromTheSharedDataOrAClearNotFound) {
  TestServer server;
  auto map = server.Call("GET", "/v1/tracking/basemap", "", "trader_a");
  if (SharedDataFile("tracking/geo/ne_50m_countries_central_asia.geojson").empty()) {
    EXPECT_EQ(map.status, 404) << map.raw;
    EXPECT_EQ(map.body["code"], "no_basemap");
    return;
  }
  ASSERT_EQ(map.status, 200) << map.raw.substr(0, 200);
  std::set<std::string> countries;
  for (const auto& f : map.body["countries"]["features"]) countries.insert(f["properties"].value("iso_a2", ""));
  EXPECT_TRUE(countries.count("UZ") && countries.count("KZ")) << countries.size();
  EXPECT_GT(map.body["borders"]["features"].size(), 10u);
  EXPECT_EQ(server.Call("GET", "/v1/tracking/basemap").status, 401);
}

// Silence is noticed by the clock, not only when the next fix arrives.
TEST(TrackingLive, ASilentDeviceIsOfflineWithoutWaitingForAFix) {
  TestServer server(0, false, [](AppConfig& c) {
    c.tracking.tick_ms = 50;
    c.tracking.thresholds.offline_minutes = 0.02;  // 1.2 s
  });
  server.RegisterTestBank();
  ASSERT_EQ(server.Call("PUT", "/v1/routes/r1", kRoute, "supervisor").status, 201);
  ASSERT_EQ(server.Call("POST", "/v1/devices", json{{"kind", "phone"}, {"id", "PHONE-Q"}, {"owner_tin", TestServer::kOrgA}}.dump(),
                        "inspector").status, 201);
  json tr = ValidDeclarationJson(790, TestServer::kOrgA, 1);
  tr["type"] = "TR";
  tr["procedure"] = "8000";
  tr["locations"]["destination_office"] = "UZ260101";
  std::string mrn = server.Lodge(tr).body["mrn"];
  ASSERT_EQ(server.Call("POST", "/v1/guarantees", json{{"reference", "G1"}, {"org_tin", TestServer::kOrgA}, {"amount", "99999999999.00"}}.dump(),
                        "supervisor").status, 201);
  auto reserved = server.Call("POST", "/v1/declarations/" + mrn + "/guarantee", R"({"guarantee":"G1"})", "trader_a");
  for (const auto& o : reserved.body["orders"])
    if (o["status"] == "open") server.PayOrder(o["reference"], o["amount"], "Q1");
  auto bound = server.Call("POST", "/v1/declarations/" + mrn + "/journey",
                           json{{"route", "r1"}, {"trackers", {"PHONE-Q"}}}.dump(), "inspector");
  ASSERT_EQ(bound.status, 201) << bound.raw;
  ASSERT_EQ(server.Call("GET", "/v1/osmand?id=PHONE-Q&lat=41.3&lon=69.201&timestamp=" + std::to_string(NowUnixMillis() / 1000)).status, 200);
  std::string kinds;
  for (int i = 0; i < 100 && kinds.empty(); ++i) {
    std::this_thread::sleep_for(50ms);
    auto a = server.Call("GET", "/v1/journeys/" + std::to_string(bound.body["id"].get<int64_t>()) + "/alerts", "", "inspector");
    for (const auto& x : a.body["items"]) kinds += x["kind"].get<std::string>() + " ";
  }
  EXPECT_EQ(kinds, "offline ");
}

}  // namespace
}  // namespace oc
