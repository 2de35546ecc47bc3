// bench/lodge: sustained lodging of five-item declarations over keep-alive connections against a
// real server: by default one started here (free loopback port, store in a temp dir, fsync on
// every group commit); with --url and a trader's --api-key, a running server (remote or a
// cluster's entry point), lodging for that trader's organisation. Prints throughput and latency
// percentiles (and, for a server started here, the store writer's figures); the last line is JSON.
//
//   build/bench/lodge [--seconds N] [--connections N] [--url http://host:port --api-key K]
//                     [--rate R] [--progress S]
//
// --rate R paces the connections to R lodgements per second in all (a soak at a fraction of
// peak, scripts/soak.sh) instead of sending back to back; --progress S prints a line of the
// figures every S seconds.
#include <utility>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "api/http_client.h"
#include "app/app.h"
#include "common/dates.h"
#include "common/encoding.h"
#include "demo/demo_generator.h"
#include "refdata/reference_data.h"
#include "tariff/registry.h"

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// A pre-generated declaration whose LRN is replaced per request, so that every request is a new
// lodgement (not an idempotent replay) without generating millions of declarations up front.
struct Template {
  std::string before, after;  // the body around the LRN value
};

struct Shared {
  std::vector<std::vector<Template>> bodies;  // per connection
  double interval_s = 0;                      // per connection between sends; 0 = back to back
  std::string auth_header, auth_value;
  Clock::time_point measure_from, stop_at;
  std::atomic<uint64_t> ok{0}, errors{0};
  std::mutex mu;
  std::vector<double> latencies_ms;
};

// One keep-alive connection sending requests back to back (closed loop).
class Conn : public std::enable_shared_from_this<Conn> {
 public:
  Conn(net::io_context& io, Shared& s, size_t index, tcp::endpoint ep)
      : stream_(io), timer_(io), s_(s), index_(index), ep_(ep) {}
  void Start() {
    stream_.async_connect(ep_, [self = shared_from_this()](beast::error_code ec) {
      if (ec) { self->s_.errors++; return; }
      self->stream_.socket().set_option(tcp::no_delay(true));
      self->Next();
    });
  }

 private:
  // Paced: waits for this connection's next slot (slots stay on their schedule when a reply
  // comes late, so the rate holds on average), then sends.
  void Next() {
    if (s_.interval_s <= 0) return Send();
    auto now = Clock::now();
    if (next_at_ == Clock::time_point{}) next_at_ = now;
    next_at_ += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s_.interval_s));
    if (next_at_ <= now) return Send();
    timer_.expires_at(next_at_);
    timer_.async_wait([self = shared_from_this()](beast::error_code) { self->Send(); });
  }
  void Send() {
    if (Clock::now() >= s_.stop_at) {
      std::lock_guard lk(s_.mu);
      s_.latencies_ms.insert(s_.latencies_ms.end(), lat_.begin(), lat_.end());
      lat_.clear();
      return;
    }
    const auto& pool = s_.bodies[index_];
    req_ = {};
    req_.method(http::verb::post);
    req_.target("/v1/declarations");
    req_.version(11);
    req_.set(http::field::host, "localhost");
    req_.set(http::field::content_type, "application/json");
    req_.set(s_.auth_header, s_.auth_value);
    req_.keep_alive(true);
    const Template& t = pool[sent_ % pool.size()];
    // The process id keeps LRNs of two runs against one server apart (a reused LRN is a 409).
    req_.body() = t.before + "B" + std::to_string(getpid() % 100000) + "-" + std::to_string(index_) + "-" +
                  std::to_string(sent_++) + t.after;
    req_.prepare_payload();
    started_ = Clock::now();
    http::async_write(stream_, req_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) { self->s_.errors++; return; }
      self->res_ = {};
      http::async_read(self->stream_, self->buf_, self->res_, [self](beast::error_code ec2, size_t) { self->OnRead(ec2); });
    });
  }
  void OnRead(beast::error_code ec) {
    if (ec) { s_.errors++; return; }
    auto now = Clock::now();
    if (res_.result_int() == 201) {
      if (started_ >= s_.measure_from) {
        s_.ok++;
        lat_.push_back(std::chrono::duration<double, std::milli>(now - started_).count());
      }
    } else {
      if (s_.errors++ < 3) std::cerr << "unexpected " << res_.result_int() << ": " << res_.body().substr(0, 300) << "\n";
    }
    Next();
  }

  beast::tcp_stream stream_;
  net::steady_timer timer_;
  Clock::time_point next_at_{};
  Shared& s_;
  size_t index_;
  tcp::endpoint ep_;
  beast::flat_buffer buf_;
  http::request<http::string_body> req_;
  http::response<http::string_body> res_;
  Clock::time_point started_;
  size_t sent_ = 0;
  std::vector<double> lat_;
};

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  size_t k = static_cast<size_t>(p / 100.0 * (v.size() - 1));
  std::nth_element(v.begin(), v.begin() + k, v.end());
  return v[k];
}


// The server under test: one started here (its store in a temp dir), or a remote one (--url).
struct Target {
  std::unique_ptr<oc::App> app;  // null for a remote server
  std::filesystem::path tmp;
  std::string host = "127.0.0.1";
  int port = 0;
  std::shared_ptr<const oc::ReferenceData> remote_ref;
  std::shared_ptr<const oc::tariff::NationalSchedule> remote_schedule;
  const oc::ReferenceData* ref = nullptr;
  const oc::tariff::NationalSchedule* schedule = nullptr;
};

// Starts a local server with the demo traders as users and logs in as the first: `auth_value`
// gets its bearer token. Empty on success, the reason otherwise.
std::string StartLocal(Target& t, std::string& auth_value) {
  t.tmp = std::filesystem::temp_directory_path() / ("oc-bench-lodge-" + std::to_string(getpid()));
  oc::AppConfig cfg;
  cfg.data_dir = t.tmp.string();
  cfg.port = 0;
  cfg.rate_per_client = 0;  // measure the server, not the limiter (limits are per client anyway)
  // OC_NO_RISK=1 measures registration alone, without the risk engine deciding each declaration.
  if (getenv("OC_NO_RISK")) cfg.risk_decisions = false;
  auto app = oc::App::Create(cfg);
  if (!app.ok()) return app.status().ToString();
  t.app = std::move(app.value());
  auto& core = t.app->core();
  for (const auto& trader : oc::DemoTraders()) {
    auto u = core.identity().AddUser(trader.username, oc::Role::kTrader, trader.tin, "bench-password");
    if (!u.ok()) return u.status().ToString();
  }
  if (oc::Status st = t.app->Start(); !st.ok()) return st.ToString();
  t.port = t.app->port();
  t.ref = &core.reference();
  t.schedule = core.schedule();
  oc::api::HttpClient c(t.host, t.port);
  auto r = c.Request("POST", "/v1/auth/login",
                     nlohmann::json{{"username", oc::DemoTraders()[0].username}, {"password", "bench-password"}}.dump());
  if (!r.ok() || r->status != 200) return "login failed";
  auth_value = "Bearer " + nlohmann::json::parse(r->body)["token"].get<std::string>();
  return "";
}

// A remote server (`url` = http://host:port) and a trader's API key: the declarations are that
// trader's organisation's, made from the local reference data. Empty on success.
std::string UseRemote(Target& t, const std::string& url, const std::string& api_key, oc::DemoTrader& trader) {
  auto u = oc::api::ParseHttpUrl(url);
  if (!u) return "--url must be http://host:port";
  t.host = u->host;
  t.port = u->port;
  auto ref = oc::ReferenceData::Load(oc::DefaultReferenceDir());
  if (!ref.ok()) return ref.status().ToString();
  t.remote_ref = ref.value();
  t.ref = t.remote_ref.get();
  // The declarations carry the supplementary quantities the server's schedule asks for: the
  // demo schedule, the server's default.
  auto schedule = oc::tariff::LoadNationalSchedule("demo-uz");
  if (!schedule.ok()) return schedule.status().ToString();
  t.remote_schedule = schedule.value();
  t.schedule = t.remote_schedule.get();
  oc::api::HttpClient c(t.host, t.port);
  auto me = c.Request("GET", "/v1/me", "", {{"X-API-Key", api_key}});
  if (!me.ok()) return me.status().ToString();
  if (me->status != 200) return "GET /v1/me with the API key answered " + std::to_string(me->status) + ": " + me->body;
  auto who = nlohmann::json::parse(me->body, nullptr, false);
  if (!who.is_object() || who.value("role", "") != "trader" || !who.contains("org_tin"))
    return "the API key must be a trader's (declarations are lodged for its organisation)";
  trader.tin = who["org_tin"].get<std::string>();
  trader.username = who.value("username", "");
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 10, warmup = 2;
  int connections = 48, client_threads = 1;
  double rate = 0, progress_s = 0;
  std::string json_out, url, api_key;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--seconds") seconds = std::stod(next());
    else if (a == "--connections") connections = std::stoi(next());
    else if (a == "--client-threads") client_threads = std::stoi(next());
    else if (a == "--json") json_out = next();
    else if (a == "--url") url = next();
    else if (a == "--api-key") api_key = next();
    else if (a == "--rate") rate = std::stod(next());
    else if (a == "--progress") progress_s = std::stod(next());
    else {
      std::cerr << "usage: lodge [--seconds N] [--connections N] [--client-threads N] [--json FILE] "
                   "[--url http://host:port --api-key KEY] [--rate R] [--progress S]\n";
      return 2;
    }
  }
  if (url.empty() != api_key.empty()) { std::cerr << "--url and --api-key go together\n"; return 2; }
  oc::InitCrypto();
  Shared s;
  Target target;
  oc::DemoTrader trader = oc::DemoTraders()[0];
  std::string failed;
  if (url.empty()) {
    s.auth_header = "Authorization";
    failed = StartLocal(target, s.auth_value);
  } else {
    s.auth_header = "X-API-Key";
    s.auth_value = api_key;
    failed = UseRemote(target, url, api_key, trader);
  }
  if (!failed.empty()) { std::cerr << failed << "\n"; return 1; }
  oc::Core* core = target.app ? &target.app->core() : nullptr;

  // Every declaration is the trader's own organisation's; per-connection bodies.
  oc::DemoGenerator gen(*target.ref, static_cast<uint64_t>(getpid()));
  if (target.schedule) gen.SetSchedule(target.schedule);
  std::string today = oc::FormatIsoDate(oc::TodayUtcDays());
  const size_t per_conn = 32;
  s.bodies.resize(connections);
  uint64_t n = 0;
  size_t bytes = 0;
  for (int c = 0; c < connections; ++c)
    for (size_t k = 0; k < per_conn; ++k) {
      oc::Declaration d = gen.Make(n++, trader, 5, today);
      d.lrn = "@LRN@";
      std::string body = oc::CanonicalJson(d);
      size_t at = body.find("@LRN@");
      s.bodies[c].push_back(Template{body.substr(0, at), body.substr(at + 5)});
      bytes = body.size();
    }
  std::cerr << "generated " << n << " distinct five-item declarations (~" << bytes << " bytes each)\n";

  if (rate > 0) s.interval_s = connections / rate;
  net::io_context io;
  const oc::Store::WriterStats writer_before = core ? core->store().WriterStatistics() : oc::Store::WriterStats{};
  auto start = Clock::now();
  s.measure_from = start + std::chrono::milliseconds(static_cast<int>(warmup * 1000));
  s.stop_at = s.measure_from + std::chrono::milliseconds(static_cast<int>(seconds * 1000));
  beast::error_code resolve_ec;
  auto endpoints = tcp::resolver(io).resolve(target.host, std::to_string(target.port), resolve_ec);
  if (resolve_ec) { std::cerr << "cannot resolve " << target.host << ": " << resolve_ec.message() << "\n"; return 1; }
  tcp::endpoint ep = endpoints.begin()->endpoint();
  for (int c = 0; c < connections; ++c) std::make_shared<Conn>(io, s, c, ep)->Start();
  std::vector<std::thread> threads;
  for (int t = 0; t < client_threads; ++t) threads.emplace_back([&] { io.run(); });
  if (progress_s > 0) {
    // A line per period: lodgements per second over it and errors so far (for soak logs).
    threads.emplace_back([&] {
      uint64_t last = 0;
      for (auto at = Clock::now();;) {
        at += std::chrono::milliseconds(static_cast<int>(progress_s * 1000));
        std::this_thread::sleep_until(at);
        if (at >= s.stop_at) break;
        uint64_t ok = s.ok.load();
        std::fprintf(stderr, "progress: %.0f/s, %llu lodged, %llu errors\n", (ok - last) / progress_s,
                     static_cast<unsigned long long>(ok), static_cast<unsigned long long>(s.errors.load()));
        last = ok;
      }
    });
  }
  for (auto& t : threads) t.join();

  const double run_s = std::chrono::duration<double>(Clock::now() - start).count();
  oc::Store::WriterStats writer = core ? core->store().WriterStatistics() : oc::Store::WriterStats{};
  writer.commits -= writer_before.commits;
  writer.writes -= writer_before.writes;
  writer.busy_seconds -= writer_before.busy_seconds;
  writer.commit_seconds -= writer_before.commit_seconds;
  double per_s = s.ok / seconds;
  double p50 = Percentile(s.latencies_ms, 50), p99 = Percentile(s.latencies_ms, 99), p999 = Percentile(s.latencies_ms, 99.9);
  // Risk decisions follow each registration; the backlog left when lodging stops says whether
  // they keep up (measured only on a server started here).
  double backlog_s = 0;
  if (core) {
    auto drain_start = std::chrono::steady_clock::now();
    core->clearance().WaitForBackground();
    backlog_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - drain_start).count();
    target.app->Stop();
    target.app.reset();
    std::filesystem::remove_all(target.tmp);
  }
  std::printf("lodged %llu five-item declarations in %.1f s over %d keep-alive connections (durable group commit)\n",
              static_cast<unsigned long long>(s.ok.load()), seconds, connections);
  std::printf("throughput %.0f/s  p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  errors %llu\n", per_s, p50, p99, p999,
              static_cast<unsigned long long>(s.errors.load()));
  if (core)
    std::printf("risk decisions finished %.1f s after the last lodgement%s\n", backlog_s,
                getenv("OC_NO_RISK") ? " (risk decisions off: OC_NO_RISK)" : "");
  else
    std::printf("remote server %s: the store's and the risk engine's figures are not measured\n", url.c_str());
  if (writer.commits > 0)
    std::printf("store writer: busy %.0f%% of the run (commits %.0f%%), %.1f writes per commit, %.0f us of writer time "
                "per write\n",
                100 * writer.busy_seconds / run_s, 100 * writer.commit_seconds / run_s,
                static_cast<double>(writer.writes) / writer.commits, 1e6 * writer.busy_seconds / std::max<uint64_t>(writer.writes, 1));
  char line[256];
  std::snprintf(line, sizeof line,
                "{\"bench\":\"lodge\",\"per_s\":%.0f,\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"errors\":%llu,"
                "\"decision_backlog_s\":%.1f}",
                per_s, p50, p99, static_cast<unsigned long long>(s.errors.load()), backlog_s);
  std::puts(line);
  if (!json_out.empty()) {
    FILE* f = std::fopen(json_out.c_str(), "w");
    if (f) { std::fputs(line, f); std::fputs("\n", f); std::fclose(f); }
  }
  return s.errors > 0 ? 1 : 0;
}
