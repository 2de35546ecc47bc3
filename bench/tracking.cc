// bench/tracking: signed fixes published to a real Mosquitto (started here on a free loopback
// port), through the server's subscriber, gate (Ed25519 per message), journey pipeline (GEOS) and
// the durable track store (fsync per group commit), against N open journeys. Seals buffer fixes
// and sign a message of B of them, which keeps the signature cost per fix small. Some seals are
// opened mid-run: the time from publishing that message to the alert being readable through
// GET /v1/tracking/alerts (polled every few milliseconds over HTTP) is the alert latency.
//
//   build/bench/tracking [--devices N] [--messages M] [--fixes-per-message B] [--alerts A]
//                        [--shards S] [--json FILE]
//
// The journeys are written straight to the store before the server starts (their declarations
// lodged for real), so that the run measures the devices' path, not the release of transit.
// Last line: {"fixes_per_s": ..., "alert_p99_ms": ..., ...}.
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "api/http_client.h"
#include "app/app.h"
#include "common/dates.h"
#include "common/encoding.h"
#include "demo/demo_generator.h"
#include "devices/local_broker.h"
#include "devices/mqtt.h"
#include "tracking/device_message.h"
#include "tracking/simulate.h"

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

// 300 km east-south-east across flat country, 600 m wide, two days to do it.
const char* kRoute = R"({"type": "FeatureCollection", "properties": {"name": "Bench corridor"}, "features": [
  {"type": "Feature", "properties": {"width_m": 600, "time_limit_h": 48},
   "geometry": {"type": "LineString", "coordinates": [[66.0, 40.0], [67.0, 39.9], [68.0, 39.7], [69.5, 39.6]]}},
  {"type": "Feature", "properties": {"role": "destination"},
   "geometry": {"type": "Polygon", "coordinates": [[[69.45, 39.55], [69.55, 39.55], [69.55, 39.65], [69.45, 39.65], [69.45, 39.55]]]}}
]})";

struct Device {
  std::string id, pk, sk;
  std::vector<std::string> messages;  // signed, in order
  int alert_message = -1;             // the message whose first fix reports the seal opened
};

template <typename T, typename Call>
oc::Result<T> Wait(Call call) {
  std::promise<oc::Result<T>> p;
  auto f = p.get_future();
  call([&p](oc::Result<T> r) { p.set_value(std::move(r)); });
  return f.get();
}

// Phase 1: the journeys and what they need, written with the server stopped.
std::string Prepare(const oc::AppConfig& cfg, std::vector<Device>& devices) {
  auto core = oc::Core::Open(cfg);
  if (!core.ok()) return core.status().ToString();
  oc::Store& store = core.value()->store();
  oc::tracking::RouteEntry route{"bench", 0, "Bench corridor", kRoute, "bench", oc::NowUnixMillis()};
  auto put = Wait<oc::tracking::RouteEntry>([&](auto done) { store.PutRoute(route, done); });
  if (!put.ok()) return put.status().ToString();
  const oc::DemoTrader& trader = oc::DemoTraders()[0];
  auto user = core.value()->identity().AddUser(trader.username, oc::Role::kTrader, trader.tin, "bench-password");
  if (!user.ok()) return user.status().ToString();
  oc::Principal p{user->id, user->username, user->role, user->org_tin, "token"};
  oc::DemoGenerator gen(core.value()->reference(), 7);
  gen.SetSchedule(core.value()->schedule());
  for (size_t i = 0; i < devices.size(); ++i) {
    oc::tracking::Device d;
    d.id = devices[i].id;
    d.kind = oc::tracking::DeviceKind::kSeal;
    d.manufacturer = "BEN";
    d.serial = devices[i].id.substr(4);
    d.owner_tin = trader.tin;
    d.public_key = devices[i].pk;
    d.registered_by = "bench";
    auto dev = Wait<oc::tracking::Device>([&](auto done) { store.PutDevice(d, done); });
    if (!dev.ok()) return dev.status().ToString();
    oc::Declaration decl = gen.Make(i, trader, 1, oc::FormatIsoDate(oc::NowUnixMillis() / 86400000));
    decl.type = oc::DeclarationType::kTransit;
    decl.procedure = "8000";
    decl.locations.destination_office = "UZ260101";
    std::promise<oc::Reply> rp;
    core.value()->clearance().LodgeParsed(p, std::move(decl), oc::LodgeMode::kSubmit, [&](oc::Reply r) { rp.set_value(std::move(r)); });
    oc::Reply r = rp.get_future().get();
    if (!r.status.ok() || !r.record) return "lodging a transit declaration: " + r.status.ToString();
    oc::tracking::Journey j;
    j.declaration_id = r.record->id;
    j.mrn = r.record->mrn;
    j.declarant_tin = trader.tin;
    j.carrier_tin = trader.tin;
    j.route_id = "bench";
    j.route_version = put->version;
    j.seals = {d.id};
    j.started_ms = oc::NowUnixMillis();
    j.deadline_ms = j.started_ms + 48 * 3600000LL;
    j.started_by = "bench";
    auto made = Wait<oc::tracking::Journey>([&](auto done) { store.CreateJourney(j, done); });
    if (!made.ok()) return made.status().ToString();
  }
  return "";
}

double Percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  int n_devices = 1000, n_messages = 50, per_message = 20, n_alerts = 200, shards = 2;
  double rate = 50000;  // fixes/s offered in the second phase, where alert latency is measured
  std::string json_out;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--devices") n_devices = std::stoi(next());
    else if (a == "--messages") n_messages = std::stoi(next());
    else if (a == "--fixes-per-message") per_message = std::stoi(next());
    else if (a == "--alerts") n_alerts = std::stoi(next());
    else if (a == "--shards") shards = std::stoi(next());
    else if (a == "--rate") rate = std::stod(next());
    else if (a == "--json") json_out = next();
    else {
      std::cerr << "usage: tracking [--devices N] [--messages M] [--fixes-per-message B] [--alerts A] [--shards S] "
                   "[--rate FIXES_PER_S] [--json FILE]\n";
      return 2;
    }
  }
  if (!oc::devices::LocalBroker::Installed()) {
    std::cerr << "mosquitto is not installed (scripts/install-deps.sh)\n";
    return 1;
  }
  oc::InitCrypto();
  n_alerts = std::min(n_alerts, n_devices);
  auto tmp = std::filesystem::temp_directory_path() / ("oc-bench-tracking-" + std::to_string(getpid()));
  std::filesystem::create_directories(tmp);
  struct Cleanup {
    std::filesystem::path p;
    ~Cleanup() { std::error_code ec; std::filesystem::remove_all(p, ec); }
  } cleanup{tmp};
  oc::devices::LocalBroker broker(tmp.string(), "max_queued_messages 1000000\nmax_inflight_messages 1000\n");
  if (!broker.WaitReady()) {
    std::cerr << "mosquitto did not start\n";
    return 1;
  }

  // The devices, their keys and their messages, signed up front (the devices' work, not the server's).
  std::vector<Device> devices(static_cast<size_t>(n_devices));
  auto route = oc::tracking::ParseRouteGeoJson(kRoute).value();
  auto geometry = oc::tracking::RouteGeometry::Build(route).value();
  const int64_t t0 = oc::NowUnixMillis() - 3 * 60000;
  oc::tracking::SimulationOptions sim;
  sim.interval_s = 0.25;  // a seal's buffer of fixes taken every quarter second: the run stays within minutes
  sim.deviate = sim.long_stop = sim.seal_open = 0;
  sim.noise_m = 5;
  for (int i = 0; i < n_devices; ++i) {
    Device& d = devices[static_cast<size_t>(i)];
    char id[32];
    std::snprintf(id, sizeof id, "BEN-%06d", i);
    d.id = id;
    d.pk.resize(crypto_sign_PUBLICKEYBYTES);
    d.sk.resize(crypto_sign_SECRETKEYBYTES);
    crypto_sign_keypair(reinterpret_cast<unsigned char*>(d.pk.data()), reinterpret_cast<unsigned char*>(d.sk.data()));
    oc::tracking::SimulatedTruck truck(route, *geometry, d.id, static_cast<uint64_t>(i) + 1, sim, t0 + i % 500,
                                       (i * 7919) % 250000);
    // Seals opened in the second phase only, spread over it.
    if (i < n_alerts) d.alert_message = n_messages + n_messages / 4 + (i * (n_messages / 2)) / std::max(n_alerts, 1);
    for (int m = 0; m < 2 * n_messages; ++m) {
      json fixes = json::array();
      for (int k = 0; k < per_message; ++k) {
        auto f = truck.Next();
        if (!f) break;
        fixes.push_back({{"time", oc::FormatTimestamp(f->time_ms)}, {"lat", f->lat}, {"lon", f->lon},
                         {"speed", f->speed_kmh}, {"heading", f->heading},
                         {"seal", m >= d.alert_message && d.alert_message >= 0 ? "opened" : "closed"}, {"battery", 90}});
      }
      d.messages.push_back(oc::tracking::SignDeviceMessage(d.id, json{{"seq", m + 1}, {"fixes", fixes}}.dump(), d.sk));
    }
  }
  const uint64_t per_phase = static_cast<uint64_t>(n_devices) * n_messages * per_message;

  oc::AppConfig cfg;
  cfg.data_dir = (tmp / "data").string();
  cfg.port = 0;
  cfg.rate_per_client = 0;
  cfg.risk_decisions = false;
  cfg.webhooks = false;
  cfg.checkpoint_interval_s = 0;
  if (std::string failed = Prepare(cfg, devices); !failed.empty()) {
    std::cerr << "prepare: " << failed << "\n";
    return 1;
  }
  cfg.mqtt_url = broker.url();
  cfg.tracking.shards = shards;
  auto app = oc::App::Create(cfg);
  if (!app.ok()) {
    std::cerr << app.status().ToString() << "\n";
    return 1;
  }
  auto& core = app.value()->core();
  if (auto u = core.identity().AddUser("bench-inspector", oc::Role::kInspectionOfficer, "", "bench-password"); !u.ok()) {
    std::cerr << u.status().ToString() << "\n";
    return 1;
  }
  if (oc::Status st = app.value()->Start(); !st.ok()) {
    std::cerr << st.ToString() << "\n";
    return 1;
  }
  oc::api::HttpClient http("127.0.0.1", app.value()->port());
  auto login = http.Request("POST", "/v1/auth/login", json{{"username", "bench-inspector"}, {"password", "bench-password"}}.dump());
  if (!login.ok() || login->status != 200) {
    std::cerr << "login failed\n";
    return 1;
  }
  std::string bearer = "Bearer " + json::parse(login->body)["token"].get<std::string>();

  // The alert watcher: polls the API as an officer's console would, and times each seal alert
  // from the publishing of its message.
  std::mutex mu;
  std::map<std::string, Clock::time_point> published;  // device -> when its opened-seal message went out
  std::vector<double> latencies_ms;
  std::atomic<bool> stop{false};
  std::thread watcher([&] {
    oc::api::HttpClient c("127.0.0.1", app.value()->port());
    int64_t after = 0;
    while (!stop) {
      auto r = c.Request("GET", "/v1/tracking/alerts?limit=1000&after=" + std::to_string(after), "", {{"Authorization", bearer}});
      auto seen = Clock::now();
      if (!r.ok() || r->status != 200) {
        static bool told = false;
        if (!told) std::cerr << "alerts poll: " << (r.ok() ? std::to_string(r->status) + " " + r->body : r.status().ToString()) << "\n";
        told = true;
      }
      if (r.ok() && r->status == 200) {
        auto items = json::parse(r->body)["items"];
        for (const auto& a : items) {
          after = std::max(after, a["id"].get<int64_t>());
          if (a["kind"] != "seal_opened") continue;
          std::lock_guard lk(mu);
          auto it = published.find(a["device"].get<std::string>());
          if (it != published.end())
            latencies_ms.push_back(std::chrono::duration<double, std::milli>(seen - it->second).count());
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });

  // Two publishers, each half of the devices, message by message in rounds; paced to `fixes_per_s`
  // in all when it is > 0, else as fast as the broker takes them.
  oc::devices::MqttOptions mo;
  mo.port = broker.port();
  std::atomic<int> publish_errors{0};
  auto publish = [&](int from, int to, double fixes_per_s) {
    std::vector<std::thread> publishers;
    auto begin = Clock::now();
    for (int t = 0; t < 2; ++t) {
      publishers.emplace_back([&, t] {
        auto pub = oc::devices::MqttPublisher::Connect(mo);
        if (!pub.ok()) {
          ++publish_errors;
          return;
        }
        double per_thread_s = fixes_per_s > 0 ? fixes_per_s / per_message / 2 : 0;
        uint64_t sent = 0;
        for (int m = from; m < to; ++m) {
          for (size_t i = static_cast<size_t>(t); i < devices.size(); i += 2) {
            if (per_thread_s > 0)
              std::this_thread::sleep_until(begin + std::chrono::duration_cast<Clock::duration>(
                                                        std::chrono::duration<double>(static_cast<double>(sent) / per_thread_s)));
            ++sent;
            const Device& d = devices[i];
            if (m == d.alert_message) {
              std::lock_guard lk(mu);
              published[d.id] = Clock::now();
            }
            while (!pub.value()->Publish("devices/" + d.id + "/fixes", d.messages[static_cast<size_t>(m)]).ok())
              std::this_thread::sleep_for(std::chrono::microseconds(200));
          }
        }
        if (!pub.value()->Flush(std::chrono::seconds(60))) ++publish_errors;
      });
    }
    for (auto& t : publishers) t.join();
  };
  // Until `target` fixes are durably stored, or no progress for 10 s.
  auto await_stored = [&](uint64_t target) {
    uint64_t stored = 0, last = 0;
    auto last_progress = Clock::now();
    while ((stored = core.tracking().Stats().fixes_stored) < target) {
      if (stored != last) {
        last = stored;
        last_progress = Clock::now();
      } else if (Clock::now() - last_progress > std::chrono::seconds(10)) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return stored;
  };
  // Phase 1, capacity: everything at once, timed until the last fix is durable.
  auto started = Clock::now();
  publish(0, n_messages, 0);
  double publish_s = std::chrono::duration<double>(Clock::now() - started).count();
  uint64_t stored = await_stored(per_phase);
  double total_s = std::chrono::duration<double>(Clock::now() - started).count();
  double fixes_per_s = static_cast<double>(stored) / total_s;
  // Phase 2, latency: the target load, with seals opened along the way.
  auto paced_from = Clock::now();
  publish(n_messages, 2 * n_messages, rate);
  double paced_s = std::chrono::duration<double>(Clock::now() - paced_from).count();
  uint64_t stored2 = await_stored(2 * per_phase);
  const uint64_t expected = 2 * per_phase;
  // Let the watcher see the last alerts.
  for (int i = 0; i < 500; ++i) {
    {
      std::lock_guard lk(mu);
      if (latencies_ms.size() >= static_cast<size_t>(n_alerts)) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  stop = true;
  watcher.join();
  auto stats = core.tracking().Stats();
  std::lock_guard lk(mu);
  double p50 = Percentile(latencies_ms, 0.50), p99 = Percentile(latencies_ms, 0.99);
  std::printf("phase 1: %d devices, %d messages each of %d fixes: %llu fixes published in %.2f s, stored in %.2f s\n",
              n_devices, n_messages, per_message, static_cast<unsigned long long>(per_phase), publish_s, total_s);
  std::printf("phase 2: the same again offered at %.0f fixes/s (published in %.2f s), seals opened along the way\n", rate,
              paced_s);
  std::printf("  gate: %llu accepted, %llu refused; pipeline: %llu accepted, %llu refused; %llu stored\n",
              static_cast<unsigned long long>(stats.gate.accepted),
              static_cast<unsigned long long>(stats.gate.malformed + stats.gate.unknown_device + stats.gate.bad_signature +
                                              stats.gate.replayed + stats.gate.flooding),
              static_cast<unsigned long long>(stats.fixes_accepted), static_cast<unsigned long long>(stats.fixes_refused),
              static_cast<unsigned long long>(stats.fixes_stored));
  std::printf("  capacity: %.0f fixes/s through broker, gate, pipeline and durable store\n", fixes_per_s);
  std::printf("  alerts raised: %llu\n", static_cast<unsigned long long>(stats.alerts));
  std::printf("  seal alerts at %.0f fixes/s: %zu of %d seen through the API, latency p50 %.1f ms, p99 %.1f ms\n", rate,
              latencies_ms.size(), n_alerts, p50, p99);
  json out = {{"bench", "tracking"},
              {"devices", n_devices},
              {"fixes", expected},
              {"fixes_per_message", per_message},
              {"fixes_stored", stored2},
              {"offered_fixes_per_s", rate},
              {"fixes_per_s", std::round(fixes_per_s)},
              {"alerts_seen", latencies_ms.size()},
              {"alert_p50_ms", std::round(p50 * 10) / 10},
              {"alert_p99_ms", std::round(p99 * 10) / 10},
              {"publish_errors", publish_errors.load()}};
  if (!json_out.empty()) std::ofstream(json_out) << out.dump() << "\n";
  std::cout << out.dump() << std::endl;
  app.value()->Stop();
  return stored2 >= expected && publish_errors == 0 ? 0 : 1;
}
