// Routes for scans of the goods (X-ray and other non-intrusive inspection): upload to a
// declaration, list, metadata, the rendered image.
#include <cmath>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/problem.h"
#include "api/request_util.h"
#include "clearance/scan_service.h"
#include "common/dates.h"

namespace oc::api {

namespace {

using nlohmann::json;

json ScanJson(const ScanRecord& s) {
  const auto& m = s.meta;
  json j = {{"id", s.id},
            {"declaration", s.declaration_id},
            {"mrn", s.mrn},
            {"container", s.container},
            {"format", m.format},
            {"object", m.object},
            {"modality", m.modality},
            {"sop_class_uid", m.sop_class_uid},
            {"sop_instance_uid", m.sop_instance_uid},
            {"scanner", {{"manufacturer", m.manufacturer}, {"model", m.model}, {"station", m.station}}},
            {"operator", m.operator_name},
            {"acquired", m.acquired},
            {"energies_kv", m.energies_kv},
            {"rows", m.rows},
            {"cols", m.cols},
            {"frames", m.frames},
            {"bits", m.bits_stored},
            {"sha256", s.sha256},
            {"bytes", s.bytes},
            {"uploaded_by", s.uploaded_by},
            {"uploaded_at", FormatTimestamp(s.uploaded_ms)}};
  j["report"] = s.report_json.empty() ? json(nullptr) : json::parse(s.report_json, nullptr, false);
  return j;
}

Result<int64_t> ScanId(const HttpRequest& req) {
  const std::string& text = req.params.at("id");
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v <= 0) return Status::NotFound("unknown_scan", "no scan " + text);
  return static_cast<int64_t>(v);
}

Result<std::optional<double>> NumberParam(const HttpRequest& req, const char* name) {
  std::string text = req.Query(name);
  if (text.empty()) return std::optional<double>();
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (*end != '\0' || !std::isfinite(v))
    return Status::Invalid("invalid_" + std::string(name), std::string("'") + name + "' must be a number");
  return std::optional<double>(v);
}

Result<xray::RenderOptions> RenderFrom(const HttpRequest& req) {
  xray::RenderOptions o;
  auto frame = IntParam(req, "frame", -1, -1, 100000);
  if (!frame.ok()) return frame.status();
  o.frame = frame.value();
  auto max_side = IntParam(req, "max_side", 0, 0, 16384);
  if (!max_side.ok()) return max_side.status();
  o.max_side = max_side.value();
  auto level = NumberParam(req, "level");
  if (!level.ok()) return level.status();
  auto width = NumberParam(req, "width");
  if (!width.ok()) return width.status();
  o.level = level.value();
  o.width = width.value();
  o.invert = req.Query("invert") == "true";
  o.clahe = req.Query("clahe") == "true";
  o.edges = req.Query("edges") == "true";
  return o;
}

}  // namespace

void RegisterScanRoutes(Router& router, ApiContext& ctx) {
  if (!ctx.scans) return;
  ScanService& scans = *ctx.scans;

  router.Authed("POST", "/v1/declarations/{ref}/scans", Late(Access::kUploadScans),
                [&ctx, &scans](HttpRequest& req, const Principal& who, Respond respond) {
    ScanUpload upload{req.params["ref"], req.Query("container"), std::move(req.body)};
    boost::asio::post(ctx.blocking, [&scans, who, upload = std::move(upload), respond]() mutable {
      RespondOne(respond, scans.Add(who, std::move(upload)), ScanJson, 201);
    });
  }, "");  // any media type: the bytes say what they are (DICOS, PNG, TIFF, JPEG)
  router.Authed("GET", "/v1/declarations/{ref}/scans", Late(Access::kReadScans),
                [&scans](HttpRequest& req, const Principal& who, Respond respond) {
    RespondList(respond, scans.List(who, req.params["ref"]), ScanJson);
  });
  router.Authed("GET", "/v1/scans/{id}", Access::kReadScans,
                [&scans](HttpRequest& req, const Principal& who, Respond respond) {
    auto id = ScanId(req);
    if (!id.ok()) return respond(StatusResponse(id.status()));
    RespondOne(respond, scans.Get(who, id.value()), ScanJson);
  });
  router.Authed("GET", "/v1/scans/{id}/image", Access::kReadScans,
                [&ctx, &scans](HttpRequest& req, const Principal& who, Respond respond) {
    auto id = ScanId(req);
    if (!id.ok()) return respond(StatusResponse(id.status()));
    auto options = RenderFrom(req);
    if (!options.ok()) return respond(StatusResponse(options.status()));
    boost::asio::post(ctx.blocking, [&scans, who, id = id.value(), o = options.value(), respond]() {
      auto png = scans.Render(who, id, o);
      if (!png.ok()) return respond(StatusResponse(png.status()));
      HttpResponse r;
      r.status = 200;
      r.body = std::move(png.value());
      r.content_type = "image/png";
      r.headers.emplace_back("Cache-Control", "private, max-age=3600");
      respond(std::move(r));
    });
  });
}

}  // namespace oc::api
