// `serve`, `user add`, `demo-data`.
#include <atomic>
#include <filesystem>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <iostream>

#include <nlohmann/json.hpp>

#include <spdlog/spdlog.h>

#include "app/app.h"
#include "app/logging.h"
#include "cli/commands.h"
#include "cli/serve_config.h"
#include "common/dates.h"
#include "demo/demo_generator.h"
#include "tariff/registry.h"

namespace oc::cli {

namespace {

// The web app installed beside the reference data (<prefix>/share/opencustoms/web), or "".
std::string InstalledWebDir() {
  std::string ref = DefaultReferenceDir();
  if (ref.empty()) return "";
  std::error_code ec;
  return std::filesystem::exists(ref + "/web/index.html", ec) ? ref + "/web" : "";
}

}  // namespace

void RegisterServe(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("serve", "Run the REST API server");
  auto cfg = std::make_shared<AppConfig>();
  auto demo = std::make_shared<int>(-1);
  auto config_file = std::make_shared<std::string>();
  auto shared_dir = std::make_shared<std::string>();
  auto logs = std::make_shared<LogConfig>();
  cmd->add_option("--config", *config_file,
                  "configuration file (TOML; keys are these flags' long names, e.g. port = 8443); every setting "
                  "may also come from OC_<NAME> (OC_PORT); the command line wins over the environment, which wins "
                  "over the file")
      ->envname("OC_CONFIG");
  cmd->add_option("--port", cfg->port, "TCP port (0 = any free port)")->capture_default_str();
  cmd->add_option("--address", cfg->address, "listen address")->capture_default_str();
  cmd->add_option("--tls-cert", cfg->tls_cert_file, "serve HTTPS with this certificate chain (PEM, the server's first)");
  cmd->add_option("--tls-key", cfg->tls_key_file, "the certificate's private key (PEM)");
  cmd->add_option("--tls-ca", cfg->tls_ca_file,
                  "CA certificates (PEM) trusted for outgoing https (webhooks, witnesses) besides the system's");
  cmd->add_option("--data", cfg->data_dir, "directory of the embedded store")->capture_default_str();
  cmd->add_option("--ref", cfg->ref_dir, "reference data directory (default: <prefix>/share/opencustoms beside the binary)");
  cmd->add_option("--shared-data", *shared_dir,
                  "shared data sets read in place: the HS nomenclature (code checks, the classifier), the US tariff "
                  "(default: $OC_SHARED_DATA, else ../shared/data when present)");
  cmd->add_option("--log-level", logs->level, "trace, debug, info, warn, error, critical or off")->capture_default_str();
  cmd->add_option("--log-format", logs->format, "text, or json (one JSON object a line)")->capture_default_str();
  cmd->add_option("--access-log", logs->access_log,
                  "one JSON line per request (request id, principal, route, status, duration): '-' with the log on "
                  "standard error, or a file; none by default");
  cmd->add_option("--security-log", logs->security_log,
                  "security events (sign-ins, lockouts, account and key changes) as JSON lines: '-' with the log on "
                  "standard error, a file, or '' for the store only")
      ->capture_default_str();
  cmd->add_option("--web", cfg->web_dir, "the built browser app (web/dist) to serve at /");
  cmd->add_option("--threads", cfg->threads, "I/O threads")->capture_default_str();
  cmd->add_option("--rate-limit", cfg->rate_per_client, "requests per second per client (0 = off)")->capture_default_str();
  cmd->add_option("--country", cfg->clearance.country, "the administration's ISO country code")->capture_default_str();
  cmd->add_option("--currency", cfg->clearance.national_currency, "national currency (ISO 4217)")->capture_default_str();
  cmd->add_option("--demo", *demo, "on first start, seed demo accounts and this many demo declarations");
  auto model = std::make_shared<std::string>();
  cmd->add_option("--model", *model, "fraud model file (opencustoms risk train) to register and make active");
  cmd->add_option("--red-percent", cfg->risk.lanes.red_percent, "inspection capacity: share of declarations sent to the red lane")
      ->capture_default_str();
  cmd->add_option("--yellow-percent", cfg->risk.lanes.yellow_percent, "documentary-check capacity: share sent to the yellow lane")
      ->capture_default_str();
  cmd->add_option("--random-percent", cfg->risk.lanes.random_percent, "minimum share selected at random")->capture_default_str();
  cmd->add_option("--ledger-origin", cfg->ledger_origin, "the ledger's name: first line of its checkpoints, name of its key")
      ->capture_default_str();
  cmd->add_option("--peer", cfg->peers,
                  "a partner administration's ledger verifier key (repeatable): its bundles are accepted and its "
                  "checkpoints witnessed");
  cmd->add_option("--witness", cfg->witnesses,
                  "URL=VERIFIER_KEY of a witness to cosign this ledger's checkpoints (repeatable), e.g. "
                  "http://partner:8080/v1/witness=name+hash+key");
  cmd->add_option("--checkpoint-interval", cfg->checkpoint_interval_s,
                  "seconds between published checkpoints (0 = on demand only)")
      ->capture_default_str();
  cmd->add_option("--webhook-allow-host", cfg->webhook_allowed_hosts,
                  "a webhook host exempt from the public-address rule (repeatable; e.g. a receiver on the customs network)");
  cmd->add_option("--mqtt", cfg->mqtt_url,
                  "the devices' MQTT broker, mqtt://host:port (Mosquitto; deploy/mosquitto.conf): the server "
                  "subscribes to devices/+/fixes. None by default (phones still report on /v1/osmand)");
  cmd->add_option("--mqtt-username", cfg->mqtt_username, "the server's user on the broker");
  cmd->add_option("--mqtt-password", cfg->mqtt_password, "its password (better from OC_MQTT_PASSWORD)");
  cmd->add_option("--tracking-shards", cfg->tracking.shards, "worker threads of the devices' pipeline")
      ->capture_default_str();
  cmd->add_option("--track-retention-days", cfg->tracking.retention_days,
                  "fixes older than this are dropped, a day at a time (0 = keep all)")
      ->capture_default_str();
  cmd->add_option("--stop-minutes", cfg->tracking.thresholds.stop_minutes,
                  "a stop outside authorised stops longer than this is a long_stop alert")
      ->capture_default_str();
  cmd->add_option("--offline-minutes", cfg->tracking.thresholds.offline_minutes,
                  "a device silent longer than this is an offline alert")
      ->capture_default_str();
  cmd->add_option("--witness-name", cfg->witness_name, "this instance's witness name (default: <origin host>/witness)");
  cmd->callback([cmd, cfg, demo, model, config_file, shared_dir, logs, &exit_code] {
    if (Failed(ApplyConfiguration(*cmd, *config_file), exit_code, 2)) return;
    if (Failed(ConfigureLogging(*logs), exit_code, 2)) return;
    if (!cfg->ref_dir.empty()) ConfigureReferenceDir(cfg->ref_dir);
    if (!shared_dir->empty()) ConfigureSharedDataDir(*shared_dir);
    for (const auto& note : MissingDataNotes()) spdlog::warn("{}", note);
    if (cfg->web_dir.empty()) cfg->web_dir = InstalledWebDir();
    cfg->rate_burst = cfg->rate_per_client * 2;
    BlockTerminationSignals();
    auto app = App::Create(*cfg);
    if (Failed(app.status(), exit_code)) return;
    if (!model->empty()) {
      // Before the demo seed, so that its declarations are scored too.
      auto installed = app.value()->core().InstallModel(*model);
      if (Failed(installed.status(), exit_code, 2)) return;
      std::cout << "Fraud model " << installed->version << " active (trained on " << installed->rows << " declarations, "
                << installed->trained_from << " .. " << installed->trained_to << ")\n";
    }
    if (*demo >= 0) {
      auto seeded = SeedDemo(app.value()->core(), *demo);
      if (Failed(seeded.status(), exit_code)) return;
      if (!seeded->empty()) std::cout << seeded.value();
      else std::cout << "Demo data already present (accounts: admin, risk, inspector, supervisor, silkroad, "
                        "fergana, samarkand, aralagro, navoi, bukhara; password: demo-password)\n";
    }
    if (Failed(app.value()->Start(), exit_code)) return;
    std::cout << "OpenCustoms listening on " << (app.value()->tls() ? "https://" : "http://") << cfg->address << ":"
              << app.value()->port() << std::endl;
    // What partners configure to trust this instance's ledger and witness.
    std::cout << "ledger key:  " << ledger::VerifierKeyString(app.value()->core().ledger().key()) << "\n"
              << "witness key: " << ledger::VerifierKeyString(app.value()->core().witness().key()) << std::endl;
    app.value()->RunUntilSignal();
    std::cout << "stopped" << std::endl;
  });
}

void RegisterDemoData(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("demo-data", "Generate realistic demo declarations");
  struct Opts { int count = 100; std::string data = "var", out; uint64_t seed = 1; int items = 0; };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--count", o->count, "number of declarations")->required()->check(CLI::Range(1, 10000000));
  cmd->add_option("--data", o->data, "store to lodge them into")->capture_default_str();
  cmd->add_option("--out", o->out, "write JSON lines to this file instead of lodging");
  cmd->add_option("--seed", o->seed, "random seed")->capture_default_str();
  cmd->add_option("--items", o->items, "items per declaration (0 = random 1-8)")->check(CLI::Range(0, 999));
  cmd->callback([o, &exit_code] {
    std::string today = FormatIsoDate(TodayUtcDays());
    if (HsNomenclaturePath().empty()) {
      Failed(Status::NotFound("demo declarations draw their goods from the HS nomenclature of the shared data "
                              "directory (--shared-data, OC_SHARED_DATA or ../shared/data), which is not here"),
             exit_code, 2);
      return;
    }
    if (!o->out.empty()) {
      auto ref = ReferenceData::Load(DefaultReferenceDir());
      if (Failed(ref.status(), exit_code)) return;
      DemoGenerator gen(*ref.value(), o->seed);
      auto schedule = tariff::LoadNationalSchedule("demo-uz");
      if (schedule.ok()) gen.SetSchedule(schedule.value().get());
      std::ofstream out(o->out);
      if (!out) {
        std::cerr << "error: cannot write " << o->out << "\n";
        exit_code = 1;
        return;
      }
      for (int n = 0; n < o->count; ++n) out << CanonicalJson(gen.Make(static_cast<uint64_t>(n), o->items, today)) << "\n";
      std::cout << "wrote " << o->count << " declarations to " << o->out << "\n";
      return;
    }
    AppConfig cfg;
    cfg.data_dir = o->data;
    auto core = Core::Open(cfg);
    if (Failed(core.status(), exit_code)) return;
    DemoGenerator gen(core.value()->reference(), o->seed);
    gen.SetSchedule(core.value()->schedule());
    std::atomic<int> ok{0}, failed{0};
    std::mutex mu;
    std::condition_variable cv;
    int pending = 0;
    for (int n = 0; n < o->count; ++n) {
      Declaration d = gen.Make(static_cast<uint64_t>(n), o->items, today);
      // The generator acts for the declarant organisation, as its own clerk would.
      Principal as{0, "cli-demo-data", Role::kTrader, d.parties.declarant.tin, "cli"};
      {
        std::unique_lock lk(mu);
        cv.wait(lk, [&] { return pending < 256; });  // bounded pipeline into the group commit
        ++pending;
      }
      core.value()->clearance().LodgeParsed(as, std::move(d), LodgeMode::kSubmit, [&](Reply r) {
        if (r.status.ok()) ++ok; else { ++failed; std::cerr << "rejected: " << r.status.ToString() << "\n"; }
        std::lock_guard lk(mu);
        --pending;
        cv.notify_all();
      });
    }
    std::unique_lock lk(mu);
    cv.wait(lk, [&] { return pending == 0; });
    std::cout << "lodged " << ok << " demo declarations into " << o->data << (failed ? ", " + std::to_string(failed) + " failed" : "") << "\n";
    if (failed) exit_code = 1;
  });
}

}  // namespace oc::cli
