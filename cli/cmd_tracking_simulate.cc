// `tracking simulate`: realistic trucks on the route library's corridors against a running
// server, everything through the front doors — seals registered and transit declarations lodged,
// secured, paid and bound through the API, the seals' signed fixes through the MQTT broker — so
// that the live map, the alerts and the closing desk have work. Runs in real time (fixes are
// stamped now: the server refuses fixes from the future), until --minutes pass or every truck
// has arrived.
#include <sodium.h>

#include <chrono>
#include <csignal>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "api/http_client.h"
#include "app/app.h"
#include "cli/api_session.h"
#include "cli/commands.h"
#include "common/dates.h"
#include "common/encoding.h"
#include "declaration/declaration.h"
#include "demo/demo_generator.h"
#include "devices/mqtt.h"
#include "refdata/data_dirs.h"
#include "tracking/device_message.h"
#include "tracking/simulate.h"

namespace oc::cli {

namespace {

using nlohmann::json;

struct SimulateOpts {
  std::string server = "http://127.0.0.1:8080", broker = "mqtt://127.0.0.1:18830";
  std::string officer = "inspector", trader, password = kDemoPassword, route, json_out;
  int journeys = 10;
  double rate = 1, deviate = 0.1, long_stop = 0.05, seal_open = 0.05, minutes = 0;
  uint64_t seed = 1;
};


struct Truck {
  std::string seal, pk, sk, mrn, route;
  int64_t journey = 0, seq = 0;
  std::shared_ptr<tracking::Route> geo;
  std::shared_ptr<tracking::RouteGeometry> geometry;
  std::unique_ptr<tracking::SimulatedTruck> sim;
  std::optional<tracking::Fix> next;
};

// A transit declaration of the trader's, secured by one of its guarantees, its fee paid through
// the demo bank, declaring `t.seal`, bound to `t.route` (with the declared seal): the truck may leave.
Status Dispatch(Session& officer, Session& trader, DemoGenerator& gen, uint64_t n, const std::string& guarantee, Truck& t) {
  json device = {{"kind", "seal"}, {"manufacturer", "SIM"}, {"serial", t.seal.substr(4)}, {"owner_tin", trader.org()},
                 {"public_key", Base64Encode(t.pk)}};
  if (auto r = officer.Call("POST", "/v1/devices", device); !r.ok()) return r.status();
  DemoTrader who{trader.org(), "Transit trader " + trader.org(), "Tashkent", ""};
  for (const auto& demo : DemoTraders())
    if (demo.tin == trader.org()) who = demo;
  Declaration d = gen.Make(n, who, 1 + static_cast<int>(n % 3), FormatIsoDate(NowUnixMillis() / 86400000));
  d.type = DeclarationType::kTransit;
  d.procedure = "8000";
  d.locations.destination_office = "UZ260101";
  d.transport.seals = {t.seal};  // declared by the trader; the binding takes the declared seals
  auto lodged = trader.Call("POST", "/v1/declarations", json::parse(CanonicalJson(d)));
  if (!lodged.ok()) return lodged.status();
  t.mrn = lodged->value("mrn", "");
  auto debt = trader.Call("POST", "/v1/declarations/" + t.mrn + "/guarantee", json{{"guarantee", guarantee}});
  if (!debt.ok()) return debt.status();
  for (const auto& o : debt.value()["orders"])
    if (o.value("status", "") == "open")
      if (auto paid = trader.Call("POST", "/v1/payment-orders/" + o["reference"].get<std::string>() + "/demo-bank"); !paid.ok())
        return paid.status();
  auto bound = officer.Call("POST", "/v1/declarations/" + t.mrn + "/journey", json{{"route", t.route}});
  if (!bound.ok()) return bound.status();
  t.journey = bound.value()["id"].get<int64_t>();
  return Status::Ok();
}

volatile std::sig_atomic_t g_stop = 0;

void Simulate(const SimulateOpts& o, int& exit_code) {
  auto url = api::ParseHttpUrl(o.server);
  if (!url) return void(Failed(Status::Invalid("bad_url", "--server must be http[s]://host:port"), exit_code, 2));
  auto mqtt = devices::ParseMqttUrl(o.broker);
  if (Failed(mqtt.status(), exit_code, 2)) return;
  if (sodium_init() < 0) return void(Failed(Status::Internal("libsodium"), exit_code));
  auto officer = Session::SignIn(*url, o.officer, o.password);
  if (Failed(officer.status(), exit_code)) return;
  std::string trader_name = o.trader.empty() ? DemoTraders()[0].username : o.trader;
  auto trader = Session::SignIn(*url, trader_name, o.password);
  if (Failed(trader.status(), exit_code)) return;
  if (trader->org().empty()) return void(Failed(Status::Invalid("not_a_trader", trader_name + " is not a trader"), exit_code, 2));
  auto routes = officer->Call("GET", "/v1/routes?geometry=true");
  if (Failed(routes.status(), exit_code)) return;
  std::vector<std::pair<std::string, json>> library;
  for (const auto& r : routes.value()["items"])
    if (o.route.empty() || r["id"] == o.route) library.emplace_back(r["id"].get<std::string>(), r["geojson"]);
  if (library.empty())
    return void(Failed(Status::NotFound("no route " + (o.route.empty() ? std::string("in the library") : o.route)), exit_code));
  auto guarantees = trader->Call("GET", "/v1/guarantees");
  if (Failed(guarantees.status(), exit_code)) return;
  if (guarantees.value()["items"].empty())
    return void(Failed(Status::NotFound("the trader has no guarantee to secure transit with"), exit_code));
  std::string guarantee = guarantees.value()["items"][0]["reference"];
  auto ref = ReferenceData::Load(DefaultReferenceDir());
  if (Failed(ref.status(), exit_code)) return;
  auto publisher = devices::MqttPublisher::Connect(mqtt.value());
  if (Failed(publisher.status(), exit_code)) return;

  DemoGenerator gen(*ref.value(), o.seed);
  tracking::SimulationOptions sim;
  sim.interval_s = std::max(1.0, o.journeys / std::max(o.rate, 0.001));
  sim.deviate = o.deviate;
  sim.long_stop = o.long_stop;
  sim.seal_open = o.seal_open;
  std::vector<Truck> trucks(static_cast<size_t>(o.journeys));
  int64_t start = NowUnixMillis();
  std::mt19937_64 rng(o.seed);
  for (size_t i = 0; i < trucks.size(); ++i) {
    Truck& t = trucks[i];
    t.pk.resize(crypto_sign_PUBLICKEYBYTES);
    t.sk.resize(crypto_sign_SECRETKEYBYTES);
    crypto_sign_keypair(reinterpret_cast<unsigned char*>(t.pk.data()), reinterpret_cast<unsigned char*>(t.sk.data()));
    char id[48];
    std::snprintf(id, sizeof id, "SIM-%010lld%03zu", static_cast<long long>(start / 1000 % 10000000000LL), i);
    t.seal = id;
    const auto& [route_id, geojson] = library[i % library.size()];
    t.route = route_id;
    auto parsed = tracking::ParseRouteGeoJson(geojson.dump());
    if (Failed(parsed.status(), exit_code)) return;
    t.geo = std::make_shared<tracking::Route>(parsed.value());
    auto geometry = tracking::RouteGeometry::Build(*t.geo);
    if (Failed(geometry.status(), exit_code)) return;
    t.geometry = std::move(geometry.value());
    if (Failed(Dispatch(officer.value(), trader.value(), gen, o.seed * 100000 + i, guarantee, t), exit_code)) return;
    // Trucks leave a few seconds apart, each at its own pace.
    t.sim = std::make_unique<tracking::SimulatedTruck>(*t.geo, *t.geometry, t.seal, rng(), sim,
                                                       NowUnixMillis() + static_cast<int64_t>(i) * 1000);
    t.next = t.sim->Next();
    std::cout << "journey " << t.journey << ": " << t.mrn << " on " << t.route << ", seal " << t.seal
              << (t.sim->plan().deviates ? ", will deviate" : "") << (t.sim->plan().long_stop ? ", will park" : "")
              << (t.sim->plan().seal_opened ? ", seal will be opened" : "") << "\n";
  }
  std::signal(SIGINT, [](int) { g_stop = 1; });
  std::signal(SIGTERM, [](int) { g_stop = 1; });
  int64_t until = o.minutes > 0 ? NowUnixMillis() + static_cast<int64_t>(o.minutes * 60000) : INT64_MAX;
  uint64_t sent = 0;
  size_t arrived = 0;
  while (!g_stop && NowUnixMillis() < until && arrived < trucks.size()) {
    int64_t now = NowUnixMillis();
    arrived = 0;
    for (auto& t : trucks) {
      while (t.next && t.next->time_ms <= now) {
        json fix = {{"time", FormatTimestamp(t.next->time_ms)}, {"lat", t.next->lat}, {"lon", t.next->lon},
                    {"speed", t.next->speed_kmh}, {"heading", t.next->heading},
                    {"seal", tracking::SealStateName(t.next->seal)}, {"battery", t.next->battery}};
        std::string body = json{{"seq", ++t.seq}, {"fixes", {fix}}}.dump();
        if (Status st = publisher.value()->Publish("devices/" + t.seal + "/fixes", tracking::SignDeviceMessage(t.seal, body, t.sk));
            !st.ok())
          std::cerr << "publish: " << st.message() << "\n";
        ++sent;
        t.next = t.sim->Next();
      }
      if (!t.next) ++arrived;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  publisher.value()->Flush(std::chrono::seconds(10));
  int deviating = 0, parking = 0, opened = 0;
  for (const auto& t : trucks) {
    deviating += t.sim->plan().deviates;
    parking += t.sim->plan().long_stop;
    opened += t.sim->plan().seal_opened;
  }
  json summary = {{"journeys", trucks.size()}, {"fixes_sent", sent}, {"arrived", arrived}, {"deviating", deviating},
                  {"long_stops", parking}, {"seals_opened", opened}};
  std::cout << summary.dump() << "\n";
  if (!o.json_out.empty()) std::ofstream(o.json_out) << summary.dump() << "\n";
}

}  // namespace

void RegisterTrackingSimulate(CLI::App& tracking, int& exit_code) {
  auto o = std::make_shared<SimulateOpts>();
  auto* cmd = tracking.add_subcommand(
      "simulate", "Realistic trucks on the route library's corridors against a running server: seals registered, "
                  "transit declarations lodged, secured, paid and bound through the API, signed fixes through the broker");
  cmd->add_option("--journeys", o->journeys, "how many trucks")->capture_default_str()->check(CLI::Range(1, 100000));
  cmd->add_option("--rate", o->rate, "fixes per second from all trucks together (each truck reports every "
                                     "journeys/rate seconds, at least every second)")
      ->capture_default_str()->check(CLI::Range(0.001, 1e6));
  cmd->add_option("--deviate", o->deviate, "share of trucks that leave the corridor once")
      ->capture_default_str()->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--long-stop", o->long_stop, "share that park outside the authorised stops")
      ->capture_default_str()->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--seal-open", o->seal_open, "share whose seal is opened on the way")
      ->capture_default_str()->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--broker", o->broker, "the devices' MQTT broker")->capture_default_str();
  cmd->add_option("--server", o->server, "the server")->capture_default_str();
  cmd->add_option("--route", o->route, "only this route of the library (default: all, in turn)");
  cmd->add_option("--officer", o->officer, "the customs officer who registers seals and binds journeys")->capture_default_str();
  cmd->add_option("--trader", o->trader, "the trader who lodges the transit declarations (default: the first demo trader)");
  cmd->add_option("--password", o->password, "their password (the demo's by default)");
  cmd->add_option("--minutes", o->minutes, "stop after this long (default: when every truck has arrived, or Ctrl-C)");
  cmd->add_option("--seed", o->seed, "random seed (trucks' speeds and events)")->capture_default_str();
  cmd->add_option("--json", o->json_out, "write the summary to this file as well");
  cmd->callback([o, &exit_code] { Simulate(*o, exit_code); });
}

}  // namespace oc::cli
