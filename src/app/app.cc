#include "app/app.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <boost/asio/thread_pool.hpp>
#include <spdlog/spdlog.h>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <future>
#include <sstream>

#include "api/api.h"
#include "api/http_client.h"
#include "api/webhook_dispatcher.h"
#include "app/operations.h"
#include "clearance/checkpoint_publisher.h"
#include "classify/trainer.h"
#include "common/dates.h"
#include "common/encoding.h"
#include "devices/mqtt.h"
#include "identity/token.h"
#include "store/scan_files.h"

namespace oc {

namespace {

// Writes a secret (mode 0600) atomically and durably: a temporary file, fsync, rename.
Status WriteSecretFile(const std::string& path, const std::string& content) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0 || ::write(fd, content.data(), content.size()) != static_cast<ssize_t>(content.size()) || ::fsync(fd) != 0) {
    if (fd >= 0) ::close(fd);
    return Status::Internal("cannot write " + tmp);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return Status::Internal("cannot create " + path);
  return Status::Ok();
}

// The token key survives restarts so that issued tokens stay valid.
Result<std::string> LoadOrCreateKey(const std::string& dir) {
  std::string path = dir + "/token.key";
  std::ifstream in(path, std::ios::binary);
  if (in) {
    std::stringstream ss;
    ss << in.rdbuf();
    std::string key = ss.str();
    if (key.size() == 32) return key;
    return Status::Internal(path + " is damaged (expected 32 bytes)");
  }
  std::string key = TokenSigner::GenerateKey();
  if (Status st = WriteSecretFile(path, key); !st.ok()) return st;
  return key;
}

// The key that seals the secrets kept in the database (SecretBox): beside it, never inside it,
// so that a copy of the database alone reveals no webhook, bank or second-factor secret.
Result<std::shared_ptr<const SecretBox>> LoadOrCreateSecretsKey(const std::string& dir) {
  std::string path = dir + "/secrets.key";
  std::string key;
  if (std::ifstream in(path, std::ios::binary); in) {
    std::stringstream ss;
    ss << in.rdbuf();
    key = ss.str();
  } else {
    key = SecretBox::GenerateKey();
    if (Status st = WriteSecretFile(path, key); !st.ok()) return st;
  }
  auto box = SecretBox::FromKey(std::move(key));
  if (!box.ok()) return Status::Internal(path + " is damaged (expected 32 bytes)");
  return std::make_shared<const SecretBox>(std::move(box.value()));
}

// The ledger's signing key ("PRIVATE+KEY+…", c2sp signed-note form) survives restarts: partners
// pin its verifier key.
// The witness's cosigning key (type 0x04) is another key in <dir>/witness.key: the cosignature/v1
// message does not name the signer, so one key must not serve two roles.
Result<ledger::NoteSigner> LoadOrCreateNoteKey(const std::string& path, const std::string& name, uint8_t type) {
  if (std::ifstream in(path); in) {
    std::string text;
    std::getline(in, text);
    auto signer = ledger::ParseSignerKey(text);
    if (!signer.ok()) return Status::Internal(path + " is damaged: " + signer.status().message());
    if (signer->key.name != name || signer->key.type != type)
      return Status::Invalid("key_mismatch", path + " holds the key of '" + signer->key.name + "', not of '" + name +
                                                 "': the name is part of the key (move the file away to start a new one)");
    return signer;
  }
  auto signer = ledger::GenerateSigner(name, type);
  if (!signer.ok()) return signer.status();
  if (Status st = WriteSecretFile(path, ledger::SignerKeyString(signer.value()) + "\n"); !st.ok()) return st;
  return signer;
}

}  // namespace

Result<std::unique_ptr<Core>> Core::Open(const AppConfig& config) {
  InitCrypto();
  std::unique_ptr<Core> core(new Core());
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) return Status::Internal("cannot create data directory " + config.data_dir + ": " + ec.message());
  // Keys, secrets and the store: nobody but the server's user reads the data directory.
  std::filesystem::permissions(config.data_dir, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace, ec);
  if (ec) return Status::Internal("cannot restrict data directory " + config.data_dir + " to its owner: " + ec.message());
  std::string lock_path = config.data_dir + "/opencustoms.lock";
  core->lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT, 0600);
  if (core->lock_fd_ < 0) return Status::Internal("cannot open " + lock_path);
  if (::flock(core->lock_fd_, LOCK_EX | LOCK_NB) != 0)
    return Status::Unavailable("the store in " + config.data_dir +
                               " is in use by another process (a running server?); stop it or use --server URL");
  auto ref = ReferenceData::Load(config.ref_dir.empty() ? DefaultReferenceDir() : config.ref_dir);
  if (!ref.ok()) return ref.status();
  core->ref_ = ref.value();
  auto secrets = LoadOrCreateSecretsKey(config.data_dir);
  if (!secrets.ok()) return secrets.status();
  SqliteOptions store_options{config.data_dir + "/opencustoms.db"};
  store_options.secrets = secrets.value();
  auto store = OpenSqliteStore(store_options);
  if (!store.ok()) return store.status();
  core->store_ = std::move(store.value());
  auto key = LoadOrCreateKey(config.data_dir);
  if (!key.ok()) return key.status();
  // The ledger before anything writes: it must see every entry from its first.
  auto ledger_key = LoadOrCreateNoteKey(config.data_dir + "/ledger.key", config.ledger_origin, ledger::kNoteSignature);
  if (!ledger_key.ok()) return ledger_key.status();
  core->ledger_ = std::make_unique<LedgerService>(*core->store_, LedgerConfig{config.ledger_origin, ledger_key.value()});
  if (Status st = core->ledger_->Open(); !st.ok()) return st;
  // Partners: their ledgers' keys, trusted for bundles and witnessed.
  std::vector<ledger::NoteKey> peers;
  std::vector<ledger::WitnessedLog> witnessed;
  for (const auto& text : config.peers) {
    auto key = ledger::ParseVerifierKey(text);
    if (!key.ok()) return Status::Invalid("bad_peer", "peer key '" + text + "': " + key.status().message());
    if (key->type != ledger::kNoteSignature) return Status::Invalid("bad_peer", "peer key '" + text + "' is not a log's key");
    peers.push_back(key.value());
    witnessed.push_back({key->name, {key.value()}});
  }
  std::string witness_name = config.witness_name;
  if (witness_name.empty()) witness_name = config.ledger_origin.substr(0, config.ledger_origin.find('/')) + "/witness";
  auto witness_key = LoadOrCreateNoteKey(config.data_dir + "/witness.key", witness_name, ledger::kCosignatureV1);
  if (!witness_key.ok()) return witness_key.status();
  core->witness_ = std::make_unique<WitnessService>(*core->store_, witness_key.value(), std::move(witnessed));
  if (Status st = core->witness_->Open(); !st.ok()) return st;
  ClearanceConfig clearance = config.clearance;
  if (!config.schedule.empty() && !clearance.schedule) {
    std::string ref_dir = config.ref_dir.empty() ? DefaultReferenceDir() : config.ref_dir;
    auto schedule = tariff::NationalSchedule::Load(ref_dir + "/tariff/" + config.schedule, config.schedule,
                                                   clearance.national_currency);
    if (!schedule.ok()) return schedule.status();
    auto rates = tariff::ExchangeRates::Load(ref_dir + "/ref/exchange_rates.csv");
    if (!rates.ok()) return rates.status();
    clearance.schedule = schedule.value();
    clearance.rates = rates.value();
  }
  core->schedule_ = clearance.schedule;
  // The classifier first: decisions taken from here on check each item's code against its description.
  std::string classifier_dir = config.classifier_dir.empty() ? config.data_dir + "/models/hs" : config.classifier_dir;
  bool have_classifier = std::filesystem::exists(classifier_dir + "/texts.tsv");
  if (have_classifier && !core->ref_->hs_available()) {
    spdlog::warn("HS classifier in {} not loaded: it needs the HS nomenclature of the shared data directory", classifier_dir);
  } else if (have_classifier) {
    auto classifier = classify::LoadClassifier(classifier_dir, HsNomenclaturePath());
    if (!classifier.ok()) return classifier.status();
    core->classifier_ = classifier.value();
    spdlog::info("HS classifier: {} texts over {} codes from {}", core->classifier_->texts(), core->classifier_->codes(),
                 classifier_dir);
    core->checker_ = std::make_unique<CodeChecker>(core->classifier_);
  } else if (!config.classifier_dir.empty()) {
    return Status::NotFound("no HS classifier in " + classifier_dir + " (train one: opencustoms classify train --out DIR)");
  }
  core->clearance_ = std::make_unique<ClearanceService>(ClearanceStores{*core->store_, *core->store_, *core->store_, core->store_.get()}, core->ref_, clearance);
  if (core->checker_) core->clearance_->SetCodeChecker(core->checker_.get());
  core->ledger_->SetDeclarations(core->clearance_.get());
  core->exchange_ = std::make_unique<PartnerExchange>(*core->store_, *core->store_, *core->ledger_, *core->clearance_, std::move(peers));
  core->identity_ = std::make_unique<IdentityService>(*core->store_, core->ref_, key.value(), config.session_ttl_ms, config.lockout);
  core->webhooks_ = std::make_unique<WebhookService>(*core->store_);
  core->devices_ = std::make_unique<DeviceService>(*core->store_);
  auto tracks = OpenSqliteTrackStore(config.data_dir + "/tracks.db");
  if (!tracks.ok()) return tracks.status();
  core->tracks_ = std::move(tracks.value());
  core->tracking_ = std::make_unique<TrackingService>(*core->store_, *core->store_, *core->tracks_, *core->clearance_,
                                                      config.tracking);
  if (Status st = core->tracking_->Open(); !st.ok()) return st;
  core->devices_->OnUpdated([tracking = core->tracking_.get()](const tracking::Device& d) { tracking->DeviceUpdated(d); });
  core->scan_files_ = OpenScanFiles(config.data_dir);
  core->scans_ = std::make_unique<ScanService>(*core->store_, *core->scan_files_, *core->clearance_);
  core->payments_ = std::make_unique<PaymentService>(*core->store_, *core->clearance_, clearance.national_currency);
  RiskConfig risk = config.risk;
  risk.national_currency = clearance.national_currency;
  risk.rates = clearance.rates;
  risk.draw_secret = "risk-draw:" + key.value();
  core->risk_ = std::make_unique<RiskService>(*core->store_, *core->store_, risk);
  if (core->checker_) core->risk_->SetCodeChecker(core->checker_.get());
  PartnerExchange* exchange = core->exchange_.get();
  core->risk_->SetExportLookup([exchange](const std::string& reference) { return exchange->FindExport(reference); });
  std::vector<std::string> problems;
  if (Status st = core->risk_->Reload(&problems); !st.ok()) return st;
  for (const auto& p : problems) spdlog::warn("risk: {}", p);
  if (config.risk_decisions) {
    core->clearance_->SetRisk(core->risk_.get());
    // Registered before a crash but not yet decided: decided now, before anything new arrives.
    if (int n = core->clearance_->DecideMissing(); n > 0) spdlog::info("risk: decided {} declarations left undecided", n);
  }
  core->data_dir_ = config.data_dir;
  // A store seeded for the demo has a demo bank whose signing key lives beside it.
  if (std::ifstream in(config.data_dir + "/" + kDemoBankKeyFile, std::ios::binary); in) {
    std::string secret((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (secret.size() == 64) core->payments_->SetDemoBank(kDemoBankId, secret);
  }
  return core;
}

Result<risk::ModelEntry> Core::InstallModel(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("unknown_model", "no model file " + path + " (train one: opencustoms risk train)");
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto model = risk::FraudModel::FromJsonText(content);
  if (!model.ok()) return Status::Invalid(model.status().code(), path + ": " + model.status().message());
  std::string version = model.value()->info().version;
  std::string metrics = model.value()->info().metrics_json;
  auto wait = [](auto call) {
    std::promise<Result<risk::ModelEntry>> p;
    call([&p](Result<risk::ModelEntry> r) { p.set_value(std::move(r)); });
    return p.get_future().get();
  };
  auto known = store_->RiskModelContent(version);
  if (!known.ok()) {
    auto reg = wait([&](auto done) { risk_->RegisterModel(content, metrics, done); });
    if (!reg.ok()) return reg.status();
  }
  return wait([&](auto done) { risk_->SetModelRole(version, risk::ModelRole::kActive, done); });
}

Core::~Core() {
  // Decisions still being made write through the store and call back into the services.
  if (clearance_) clearance_->WaitForBackground();
  tracking_.reset();
  risk_.reset();
  payments_.reset();
  identity_.reset();
  clearance_.reset();
  store_.reset();
  tracks_.reset();
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

struct App::Impl {
  AppConfig config;
  api::Metrics metrics;
  std::unique_ptr<api::RateLimiter> limiter;
  std::unique_ptr<boost::asio::thread_pool> blocking;
  std::unique_ptr<api::ApiContext> ctx;
  std::unique_ptr<api::Router> router;
  std::unique_ptr<api::HttpServer> server;
  std::unique_ptr<api::WebhookDispatcher> webhooks;
  std::unique_ptr<CheckpointPublisher> publisher;
  std::map<std::string, std::unique_ptr<api::HttpClient>> witness_clients;  // used by the publisher's thread only
  std::unique_ptr<devices::MqttSubscriber> mqtt;
};

Result<std::unique_ptr<App>> App::Create(const AppConfig& config) {
  auto core = Core::Open(config);
  if (!core.ok()) return core.status();
  std::unique_ptr<App> app(new App());
  app->core_ = std::move(core.value());
  auto& m = *(app->impl_ = std::make_unique<Impl>());
  m.config = config;
  m.limiter = std::make_unique<api::RateLimiter>(config.rate_per_client, config.rate_burst);
  m.blocking = std::make_unique<boost::asio::thread_pool>(2);
  Core& c = *app->core_;
  m.ctx = std::make_unique<api::ApiContext>(api::ApiContext{c.clearance(), c.identity(), c.payments(), c.risk(),
                                                            c.webhooks(), m.metrics, *m.blocking, c.classifier(),
                                                            &c.ledger()});
  m.router = std::make_unique<api::Router>(c.identity(), m.metrics, *m.limiter);
  api::RegisterOperationsRoutes(*m.router, *m.ctx);
  api::RegisterIdentityRoutes(*m.router, *m.ctx);
  api::RegisterAccountRoutes(*m.router, *m.ctx);
  api::RegisterDeclarationRoutes(*m.router, *m.ctx);
  api::RegisterTariffRoutes(*m.router, *m.ctx);
  api::RegisterPaymentRoutes(*m.router, *m.ctx);
  api::RegisterRiskRoutes(*m.router, *m.ctx);
  api::RegisterClassifyRoutes(*m.router, *m.ctx);
  m.ctx->webhook_allowed_hosts = config.webhook_allowed_hosts;
  m.ctx->witness = &c.witness();
  m.ctx->exchange = &c.exchange();
  m.ctx->devices = &c.devices();
  m.ctx->tracking = &c.tracking();
  m.ctx->scans = &c.scans();
  api::RegisterDeviceRoutes(*m.router, *m.ctx);
  api::RegisterTrackingRoutes(*m.router, *m.ctx);
  api::RegisterScanRoutes(*m.router, *m.ctx);
  api::RegisterLedgerRoutes(*m.router, *m.ctx);
  api::RegisterExchangeRoutes(*m.router, *m.ctx);
  if (!config.web_dir.empty()) {
    auto site = api::StaticSite::Load(config.web_dir);
    if (!site.ok()) return site.status();
    m.router->ServeSite(site.value());
  }
  Core* core_ptr = &c;
  m.metrics.SetGaugeSource([core_ptr] { return OperationsMetrics(*core_ptr); });
  App* self = app.get();
  m.ctx->readiness = [core_ptr, self] {
    auto checks = ReadinessChecks(*core_ptr);
    if (!self->impl_->config.mqtt_url.empty()) {
      std::string problem = self->BrokerProblem();
      checks.push_back({"mqtt_broker", problem.empty(), problem.empty() ? self->impl_->config.mqtt_url : problem});
    }
    return checks;
  };
  api::ServerOptions so;
  so.address = config.address;
  so.port = config.port;
  so.threads = config.threads;
  so.tls_cert_file = config.tls_cert_file;
  so.tls_key_file = config.tls_key_file;
  api::Router* router = m.router.get();
  m.server = std::make_unique<api::HttpServer>(so, [router](api::HttpRequest& req, api::Respond respond) {
    router->Dispatch(req, std::move(respond));
  });
  if (config.webhooks)
    m.webhooks = std::make_unique<api::WebhookDispatcher>(c.webhooks(), config.webhook_allowed_hosts, 200,
                                                          api::TlsTrust{config.tls_ca_file});
  std::vector<WitnessEndpoint> witnesses;
  for (const auto& text : config.witnesses) {
    size_t eq = text.find('=');
    auto url = eq == std::string::npos ? std::nullopt : api::ParseHttpUrl(text.substr(0, eq));
    if (!url)
      return Status::Invalid("bad_witness", "witness '" + text + "' is not URL=verifier key (http[s]://host:port/prefix)");
    auto key = ledger::ParseVerifierKey(text.substr(eq + 1));
    if (!key.ok() || key->type != ledger::kCosignatureV1)
      return Status::Invalid("bad_witness", "witness '" + text + "': not a cosignature/v1 verifier key");
    witnesses.push_back({text.substr(0, eq), key.value()});
  }
  Impl* impl = &m;
  m.publisher = std::make_unique<CheckpointPublisher>(
      c.ledger(), std::move(witnesses), [impl](const std::string& url, const std::string& body) -> Result<std::pair<int, std::string>> {
        auto u = api::ParseHttpUrl(url);
        if (!u) return Status::Invalid("bad_url", url);
        auto& client = impl->witness_clients[(u->tls ? "https://" : "http://") + u->host + ":" + std::to_string(u->port)];
        if (!client) client = std::make_unique<api::HttpClient>(*u, 5000, api::TlsTrust{impl->config.tls_ca_file});
        auto r = client->Request("POST", u->target, body, {{"Content-Type", "text/plain; charset=utf-8"}});
        if (!r.ok()) return r.status();
        return std::make_pair(r->status, r->body);
      });
  m.ctx->publisher = m.publisher.get();
  return app;
}

App::~App() { Stop(); }

Status App::Start() {
  if (!impl_->config.mqtt_url.empty()) {
    auto options = devices::ParseMqttUrl(impl_->config.mqtt_url);
    if (!options.ok()) return options.status();
    options->username = impl_->config.mqtt_username;
    options->password = impl_->config.mqtt_password;
    options->client_id = "opencustoms-server-" + std::to_string(::getpid());
    TrackingService* tracking = &core_->tracking();
    auto sub = devices::MqttSubscriber::Start(options.value(), "devices/+/fixes",
                                              [tracking](std::string_view topic, std::string_view payload) {
      // devices/<id>/fixes: the broker's ACL lets a device publish under its own id only.
      auto first = topic.find('/'), last = topic.rfind('/');
      if (first == std::string_view::npos || last <= first) return;
      tracking->Receive(std::string(topic.substr(first + 1, last - first - 1)), std::string(payload));
    });
    if (!sub.ok()) return sub.status();
    impl_->mqtt = std::move(sub.value());
    spdlog::info("tracking: subscribed to devices/+/fixes on {}", impl_->config.mqtt_url);
  }
  Status st = impl_->server->Start();
  if (!st.ok()) return st;
  if (impl_->webhooks) impl_->webhooks->Start();
  impl_->publisher->Start(impl_->config.checkpoint_interval_s);
  return Status::Ok();
}

std::string App::BrokerProblem() const {
  if (impl_->config.mqtt_url.empty()) return "";
  if (!impl_->mqtt) return "not subscribed";
  return impl_->mqtt->Connected() ? "" : "disconnected from " + impl_->config.mqtt_url;
}

void App::Stop() {
  if (!impl_) return;
  impl_->mqtt.reset();
  if (impl_->server) impl_->server->Stop();
  if (impl_->webhooks) impl_->webhooks->Stop();
  if (impl_->publisher) impl_->publisher->Stop();
  if (impl_->blocking) impl_->blocking->join();
}

int App::port() const { return impl_->server->port(); }

bool App::tls() const { return !impl_->config.tls_cert_file.empty(); }

std::vector<std::string> App::Routes() const { return impl_->router->Routes(); }

std::vector<api::RouteInfo> App::RouteTable() const { return impl_->router->RouteTable(); }

void BlockTerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void App::RunUntilSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
  Stop();
}

}  // namespace oc
