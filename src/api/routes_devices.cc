// Routes for the device registry (cargo tracking): seals, trackers and phones.
#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/problem.h"
#include "api/request_util.h"
#include "clearance/device_service.h"
#include "common/encoding.h"

namespace oc::api {

namespace {

using nlohmann::json;

json DeviceJson(const tracking::Device& d) {
  return {{"id", d.id},
          {"kind", tracking::DeviceKindName(d.kind)},
          {"manufacturer", d.manufacturer},
          {"serial", d.serial},
          {"owner_tin", d.owner_tin},
          {"state", tracking::DeviceStateName(d.state)},
          {"public_key", d.public_key.empty() ? json(nullptr) : json(Base64Encode(d.public_key))},
          {"registered_by", d.registered_by},
          {"registered_at", TimestampOrEmpty(d.registered_ms)},
          {"updated_at", TimestampOrEmpty(d.updated_ms)}};
}

Result<std::string> PublicKey(const std::string& text) {
  auto key = Base64Decode(text);
  if (!key || key->size() != 32)
    return Status::Invalid("invalid_public_key", "'public_key' must be an Ed25519 public key in base64 (32 bytes)");
  return *key;
}

// POST body: kind, owner_tin, and for a seal manufacturer and serial (its id follows), for others
// id; public_key for seals and trackers; state (default in_stock).
Result<tracking::Device> DeviceFrom(const HttpRequest& req) {
  auto f = StringFields(req, {"id", "kind", "manufacturer", "serial", "owner_tin", "state", "public_key"},
                        {"kind", "owner_tin"});
  if (!f.ok()) return f.status();
  auto& m = f.value();
  tracking::Device d;
  auto kind = tracking::DeviceKindFrom(m["kind"]);
  if (!kind) return Status::Invalid("invalid_kind", "'kind' must be seal, tracker or phone");
  d.kind = *kind;
  d.manufacturer = m["manufacturer"];
  d.serial = m["serial"];
  d.id = d.kind == tracking::DeviceKind::kSeal && m["id"].empty() ? tracking::SealId(d.manufacturer, d.serial) : m["id"];
  d.owner_tin = m["owner_tin"];
  if (!m["state"].empty()) {
    auto state = tracking::DeviceStateFrom(m["state"]);
    if (!state) return Status::Invalid("invalid_state", "'state' must be in_stock, fitted or removed");
    d.state = *state;
  }
  if (!m["public_key"].empty()) {
    auto key = PublicKey(m["public_key"]);
    if (!key.ok()) return key.status();
    d.public_key = key.value();
  }
  return d;
}

}  // namespace

void RegisterDeviceRoutes(Router& router, ApiContext& ctx) {
  if (!ctx.devices) return;
  DeviceService& devices = *ctx.devices;
  router.Authed("POST", "/v1/devices", Access::kManageDevices,
                [&ctx, &devices](HttpRequest& req, const Principal& who, Respond respond) {
    auto d = DeviceFrom(req);
    if (!d.ok()) return respond(StatusResponse(d.status()));
    boost::asio::post(ctx.blocking, [&devices, who, d = std::move(d.value()), respond]() mutable {
      RespondOne(respond, devices.Register(who, std::move(d)), DeviceJson, 201);
    });
  });

  router.Authed("GET", "/v1/devices", Access::kReadDevices,
                [&devices](HttpRequest& req, const Principal& who, Respond respond) {
    auto limit = IntParam(req, "limit", 100, 1, 1000);
    if (!limit.ok()) return respond(StatusResponse(limit.status()));
    RespondList(respond, devices.List(who, req.Query("owner_tin"), req.Query("after"), limit.value()), DeviceJson);
  });

  router.Authed("GET", "/v1/devices/{id}", Access::kReadDevices,
                [&devices](HttpRequest& req, const Principal& who, Respond respond) {
    RespondOne(respond, devices.Get(who, req.params["id"]), DeviceJson);
  });

  router.Authed("PATCH", "/v1/devices/{id}", Access::kManageDevices,
                [&ctx, &devices](HttpRequest& req, const Principal& who, Respond respond) {
    auto f = StringFields(req, {"state", "owner_tin", "public_key"}, {});
    if (!f.ok()) return respond(StatusResponse(f.status()));
    auto& m = f.value();
    DeviceService::Change change;
    if (!m["state"].empty()) {
      auto state = tracking::DeviceStateFrom(m["state"]);
      if (!state) return respond(StatusResponse(Status::Invalid("invalid_state", "'state' must be in_stock, fitted or removed")));
      change.state = *state;
    }
    if (!m["owner_tin"].empty()) change.owner_tin = m["owner_tin"];
    if (!m["public_key"].empty()) {
      auto key = PublicKey(m["public_key"]);
      if (!key.ok()) return respond(StatusResponse(key.status()));
      change.public_key = key.value();
    }
    boost::asio::post(ctx.blocking, [&devices, who, id = req.params["id"], change, respond]() {
      RespondOne(respond, devices.Update(who, id, change), DeviceJson);
    });
  });
}

}  // namespace oc::api
