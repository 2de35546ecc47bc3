// Routes for whoever runs the server: liveness and readiness probes, Prometheus metrics, the
// OpenAPI document. Public: they carry no business data (a proxy in front may restrict them).
#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/compress.h"
#include "api/problem.h"

namespace oc {
extern const std::string_view kOpenApiDocument;  // docs/openapi.yaml, embedded at build time
}

namespace oc::api {

using nlohmann::json;

void RegisterOperationsRoutes(Router& router, ApiContext& ctx) {
  // The process answers: restart it when this fails (it does not look at dependencies).
  router.Public("GET", "/livez", [](HttpRequest&, Respond respond) { respond(JsonResponse(200, {{"status", "ok"}})); });

  // Whether to send it traffic: the store reads and can be written, models are loaded.
  router.Public("GET", "/readyz", [&ctx](HttpRequest&, Respond respond) {
    std::vector<ReadinessCheck> checks;
    auto schema = ctx.clearance.Health();
    checks.push_back({"store", schema.ok(), schema.ok() ? "schema " + std::to_string(schema.value()) : schema.status().message()});
    if (ctx.readiness)
      for (auto& c : ctx.readiness()) checks.push_back(std::move(c));
    bool ready = true;
    json list = json::array();
    for (const auto& c : checks) {
      ready = ready && c.ok;
      list.push_back({{"name", c.name}, {"ok", c.ok}, {"detail", c.detail}});
    }
    respond(JsonResponse(ready ? 200 : 503, {{"status", ready ? "ready" : "not_ready"}, {"checks", list}}));
  });

  // Kept for existing probes: the store answers and its schema version.
  router.Public("GET", "/healthz", [&ctx](HttpRequest&, Respond respond) {
    auto schema = ctx.clearance.Health();
    if (!schema.ok()) return respond(ProblemResponse(503, "store_unavailable", "Unhealthy", schema.status().message()));
    respond(JsonResponse(200, {{"status", "ok"}, {"schema_version", schema.value()}}));
  });

  router.Public("GET", "/metrics", [&ctx](HttpRequest&, Respond respond) {
    HttpResponse r;
    r.content_type = "text/plain; version=0.0.4";
    r.body = ctx.metrics.Render();
    respond(std::move(r));
  });

  // The API description this binary was built with (docs/openapi.yaml), gzip when accepted.
  static const std::string gzipped = GzipCompress(kOpenApiDocument);
  router.Public("GET", "/openapi.yaml", [](HttpRequest& req, Respond respond) {
    HttpResponse r;
    r.content_type = "application/yaml";
    r.headers.emplace_back("Vary", "Accept-Encoding");
    r.headers.emplace_back("Cache-Control", "no-cache");
    if (AcceptsGzip(req.Header("accept-encoding"))) {
      r.headers.emplace_back("Content-Encoding", "gzip");
      r.body = gzipped;
    } else {
      r.body = std::string(kOpenApiDocument);
    }
    respond(std::move(r));
  });
}

}  // namespace oc::api
