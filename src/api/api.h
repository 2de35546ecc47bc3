// The REST API: wires routes to the services. See docs/openapi.yaml for the contract. Routes only
// translate: each parses the request, calls one service method with the caller's Principal (the
// service checks access through identity/access.h) and serialises the answer; nothing here
// reaches the store.
#pragma once

#include <functional>
#include <memory>
#include <vector>
#include <string>

#include <nlohmann/json.hpp>

#include "api/metrics.h"
#include "api/rate_limiter.h"
#include "api/router.h"
#include "classify/classifier.h"
#include "clearance/clearance_service.h"
#include "clearance/identity_service.h"
#include "clearance/payment_service.h"
#include "clearance/webhook_service.h"
#include "tariff/assess.h"

namespace boost::asio { class thread_pool; }

namespace oc {
class LedgerService;
class WitnessService;
class PartnerExchange;
class CheckpointPublisher;
class DeviceService;
class TrackingService;
class ScanService;
}

namespace oc::api {

// The access actions routes declare (identity/access.h); not oc::Action, the lifecycle's moves.
using Access = access::Action;

// One readiness check (GET /readyz): what was checked, whether it passed, what it found.
struct ReadinessCheck {
  std::string name;
  bool ok = true;
  std::string detail;
};

struct ApiContext {
  ClearanceService& clearance;
  IdentityService& identity;
  PaymentService& payments;
  RiskService& risk;
  WebhookService& webhooks;
  Metrics& metrics;
  boost::asio::thread_pool& blocking;  // for slow work (password hashing) off the I/O threads
  std::shared_ptr<const classify::HsClassifier> classifier;  // null when none is trained
  LedgerService* ledger = nullptr;                           // null: no ledger routes
  WitnessService* witness = nullptr;                         // null: no witness routes
  PartnerExchange* exchange = nullptr;                       // null: no partner exchange routes
  CheckpointPublisher* publisher = nullptr;                  // the witnesses' status
  DeviceService* devices = nullptr;                          // null: no device routes
  TrackingService* tracking = nullptr;                       // null: no tracking routes
  ScanService* scans = nullptr;                              // null: no scan routes
  std::vector<std::string> webhook_allowed_hosts{};          // webhook hosts exempt from the public-address rule
  // The server's readiness checks, gathered by the application (store, models, brokers).
  std::function<std::vector<ReadinessCheck>()> readiness{};
};

void RegisterDeclarationRoutes(Router& router, ApiContext& ctx);
void RegisterIdentityRoutes(Router& router, ApiContext& ctx);
void RegisterOperationsRoutes(Router& router, ApiContext& ctx);  // /livez, /readyz, /metrics, /openapi.yaml
void RegisterAccountRoutes(Router& router, ApiContext& ctx);
void RegisterTariffRoutes(Router& router, ApiContext& ctx);
void RegisterPaymentRoutes(Router& router, ApiContext& ctx);
void RegisterRiskRoutes(Router& router, ApiContext& ctx);
void RegisterClassifyRoutes(Router& router, ApiContext& ctx);
void RegisterDeviceRoutes(Router& router, ApiContext& ctx);  // /v1/devices
// /v1/routes, /v1/journeys, /v1/declarations/{ref}/journey, /v1/tracking/..., /v1/osmand
void RegisterTrackingRoutes(Router& router, ApiContext& ctx);
void RegisterScanRoutes(Router& router, ApiContext& ctx);  // /v1/declarations/{ref}/scans, /v1/scans
void RegisterLedgerRoutes(Router& router, ApiContext& ctx);
void RegisterExchangeRoutes(Router& router, ApiContext& ctx);  // witness and partner bundles

// JSON views shared by routes.
nlohmann::json DeclarationSummaryJson(const DeclarationRecord& r);
nlohmann::json DeclarationJson(const DeclarationRecord& r);  // summary + "declaration" content
nlohmann::json PrincipalJson(const Principal& p);
nlohmann::json NotificationJson(const NotificationRecord& e, std::string_view lang = "en");  // pull queue and webhooks alike
nlohmann::json QuoteJson(const tariff::Quote& q);                // API and CLI alike

}  // namespace oc::api
