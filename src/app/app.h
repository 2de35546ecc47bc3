// App: wires reference data, the store, the services, the REST API and the webhook dispatcher
// into one server process. Thin by design: no business rules here.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api/http_server.h"
#include "api/router.h"
#include "clearance/clearance_service.h"
#include "clearance/code_checker.h"
#include "clearance/device_service.h"
#include "clearance/scan_service.h"
#include "clearance/tracking_service.h"
#include "clearance/identity_service.h"
#include "clearance/ledger_service.h"
#include "clearance/partner_exchange.h"
#include "clearance/witness_service.h"
#include "clearance/payment_service.h"
#include "clearance/webhook_service.h"
#include "classify/classifier.h"
#include "clearance/risk_service.h"
#include "refdata/reference_data.h"
#include "store/store.h"
#include "store/track_store.h"

namespace oc {

// The demo bank of demo stores: its Ed25519 secret key is kept in <data_dir>/demo-bank.key.
inline constexpr const char* kDemoBankId = "DEMOBANK";
inline constexpr const char* kDemoBankKeyFile = "demo-bank.key";

struct AppConfig {
  std::string data_dir = "var";           // holds opencustoms.db and the token key
  std::string ref_dir;                    // reference data; "" = DefaultReferenceDir()
  std::string address = "127.0.0.1";
  int port = 8080;
  // HTTPS: the certificate chain and private key (PEM); both empty = plain HTTP (e.g. behind a
  // reverse proxy that terminates TLS).
  std::string tls_cert_file;
  std::string tls_key_file;
  // Extra CAs (PEM) trusted for outgoing https (webhooks, witnesses) besides the system's store.
  std::string tls_ca_file;
  int threads = 2;
  double rate_per_client = 2000;          // requests/s per credential or address; <= 0 disables
  double rate_burst = 4000;
  ClearanceConfig clearance;
  std::string schedule = "demo-uz";       // national schedule under <ref>/tariff/; "" = none
  RiskConfig risk;                        // lane capacities, valuation control
  bool risk_decisions = true;             // decide each declaration on registration
  bool webhooks = true;
  // Sessions last this long (a refresh starts a new one); accounts and addresses lock after
  // failed sign-ins as `lockout` says.
  int64_t session_ttl_ms = 8 * 3600 * 1000;
  lockout::Policy lockout;
  // Webhook destinations must resolve to public addresses; these hosts (as written in the URL)
  // are an administrator's exceptions, e.g. a receiver on the customs network.
  std::vector<std::string> webhook_allowed_hosts;
  // The HS classifier trained by `opencustoms classify train`; "" = <data_dir>/models/hs when
  // that directory holds one. Without one, POST /v1/hs/suggest answers 503.
  std::string classifier_dir;
  // The built browser app (web/dist), served at /; "" = none (the API alone).
  std::string web_dir;
  // The ledger's name: the first line of its checkpoints and its key's name (a URL-like name
  // unique to this administration, e.g. "customs.example.uz/ledger").
  std::string ledger_origin = "opencustoms.localhost/ledger";
  // Partner administrations' ledgers, by verifier key ("name+hash+base64", the name being the
  // log's origin): bundles they sign are accepted, and this instance witnesses (cosigns) their
  // checkpoints.
  std::vector<std::string> peers;
  // Witnesses asked to cosign this ledger's checkpoints: "URL=verifier key" (cosignature/v1 key),
  // URL being the witness's prefix (e.g. http://witness.example:8080/v1/witness).
  std::vector<std::string> witnesses;
  // The checkpoint is signed and sent to the witnesses this often when the log grew; 0 = on demand only.
  double checkpoint_interval_s = 10;
  // This instance's witness name; "" = the origin's host followed by "/witness".
  std::string witness_name;
  // The devices' MQTT broker, "mqtt://host:port" (Mosquitto); "" = none: no signed device
  // messages (phones still report over HTTP). The server subscribes to devices/+/fixes.
  std::string mqtt_url;
  std::string mqtt_username, mqtt_password;
  // Cargo tracking: thresholds, worker shards, retention of fixes (in <data_dir>/tracks.db).
  TrackingConfig tracking;
};

// The parts a command needs without a server: store + services (CLI lodge/import/show, demo-data).
class Core {
 public:
  // Opens the store in data_dir (taking its lock file), loads reference data, makes services.
  static Result<std::unique_ptr<Core>> Open(const AppConfig& config);
  ~Core();
  Store& store() { return *store_; }
  ClearanceService& clearance() { return *clearance_; }
  IdentityService& identity() { return *identity_; }
  PaymentService& payments() { return *payments_; }
  RiskService& risk() { return *risk_; }
  LedgerService& ledger() { return *ledger_; }
  WitnessService& witness() { return *witness_; }
  PartnerExchange& exchange() { return *exchange_; }
  WebhookService& webhooks() { return *webhooks_; }
  DeviceService& devices() { return *devices_; }
  TrackingService& tracking() { return *tracking_; }
  TrackStore& tracks() { return *tracks_; }
  ScanService& scans() { return *scans_; }
  // Registers a fraud model file (if its version is new) and makes it the active model.
  Result<risk::ModelEntry> InstallModel(const std::string& path);
  const std::string& data_dir() const { return data_dir_; }
  const ReferenceData& reference() { return *ref_; }
  std::shared_ptr<const ReferenceData> reference_ptr() { return ref_; }
  // The HS classifier (null when none is trained).
  std::shared_ptr<const classify::HsClassifier> classifier() const { return classifier_; }
  // The national schedule lodgements are checked and assessed against (may be null).
  const tariff::NationalSchedule* schedule() const { return schedule_.get(); }

 private:
  Core() = default;
  int lock_fd_ = -1;
  std::shared_ptr<const ReferenceData> ref_;
  std::shared_ptr<const tariff::NationalSchedule> schedule_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<ClearanceService> clearance_;
  std::unique_ptr<IdentityService> identity_;
  std::unique_ptr<PaymentService> payments_;
  std::unique_ptr<RiskService> risk_;
  std::unique_ptr<LedgerService> ledger_;
  std::unique_ptr<WitnessService> witness_;
  std::unique_ptr<PartnerExchange> exchange_;
  std::unique_ptr<WebhookService> webhooks_;
  std::unique_ptr<DeviceService> devices_;
  std::unique_ptr<TrackStore> tracks_;
  std::unique_ptr<TrackingService> tracking_;  // after the stores it writes: destroyed first
  std::unique_ptr<ScanFiles> scan_files_;
  std::unique_ptr<ScanService> scans_;
  std::shared_ptr<const classify::HsClassifier> classifier_;
  std::unique_ptr<CodeChecker> checker_;  // over classifier_; null without one
  std::string data_dir_;
};

class App {
 public:
  static Result<std::unique_ptr<App>> Create(const AppConfig& config);
  ~App();
  // Starts listening; port() is valid afterwards.
  Status Start();
  // Blocks until SIGINT/SIGTERM, then stops. Call BlockTerminationSignals() before Create().
  void RunUntilSignal();
  void Stop();
  int port() const;
  // The MQTT broker's state: "" when connected or none is configured, else why not.
  std::string BrokerProblem() const;
  // Whether it serves HTTPS.
  bool tls() const;
  // Every registered "METHOD /pattern" (for tests that sweep all endpoints).
  std::vector<std::string> Routes() const;
  // The same with each route's access action (the route × role test).
  std::vector<api::RouteInfo> RouteTable() const;
  Core& core() { return *core_; }

 private:
  App() = default;
  struct Impl;
  // Declared before core_ so that it is destroyed after it: the store drains its pending writes
  // on destruction, and their completions post to the server's io_context, which must still exist.
  std::unique_ptr<Impl> impl_;
  std::unique_ptr<Core> core_;
};

// Blocks SIGINT/SIGTERM in the calling thread and every thread it starts later, so that
// RunUntilSignal() receives them with sigwait.
void BlockTerminationSignals();

// Every demo account's password (demo stores only; printed by `serve --demo`).
inline constexpr const char* kDemoPassword = "demo-password";

// Seeds a new store with demo accounts and `declarations` demo declarations moved through the
// lifecycle, unless it already has users. Returns the printable account list ("" if it did nothing).
Result<std::string> SeedDemo(Core& core, int declarations);

}  // namespace oc
