#include "tracking/device_message.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "common/dates.h"
#include "common/encoding.h"

namespace oc::tracking {
namespace {

using nlohmann::json;

Status BadMessage(const std::string& why) { return Status::Invalid("bad_message", "device message: " + why); }

double NumberOr(const json& j, const char* key, double fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

}  // namespace

Result<DeviceMessage> DecodeDeviceMessage(std::string_view bytes) {
  json m = json::parse(bytes, nullptr, false);
  if (m.is_discarded() || !m.is_object()) return BadMessage("not a JSON object");
  for (const char* key : {"device", "body", "signature"})
    if (!m.contains(key) || !m[key].is_string()) return BadMessage(std::string("'") + key + "' must be a string");
  DeviceMessage out;
  out.device = m["device"].get<std::string>();
  if (out.device.empty() || out.device.size() > 64) return BadMessage("'device' must be 1 to 64 characters");
  out.body = m["body"].get<std::string>();
  auto sig = Base64Decode(m["signature"].get<std::string>());
  if (!sig || sig->size() != crypto_sign_BYTES) return BadMessage("'signature' must be a base64 Ed25519 signature");
  out.signature = std::move(*sig);
  json body = json::parse(out.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return BadMessage("'body' is not a JSON object");
  if (!body.contains("seq") || !body["seq"].is_number_integer() || body["seq"].get<int64_t>() < 0)
    return BadMessage("'seq' must be a non-negative integer");
  out.sequence = body["seq"].get<int64_t>();
  if (!body.contains("fixes") || !body["fixes"].is_array() || body["fixes"].empty() || body["fixes"].size() > 1000)
    return BadMessage("'fixes' must list 1 to 1000 fixes");
  for (const auto& f : body["fixes"]) {
    if (!f.is_object() || !f.contains("time") || !f["time"].is_string() || !f.contains("lat") || !f["lat"].is_number() ||
        !f.contains("lon") || !f["lon"].is_number())
      return BadMessage("each fix needs time (RFC 3339), lat and lon");
    auto t = ParseTimestamp(f["time"].get<std::string>());
    if (!t) return BadMessage("a fix's time is not an RFC 3339 timestamp");
    Fix fix;
    fix.device = out.device;
    fix.time_ms = *t;
    fix.lat = f["lat"].get<double>();
    fix.lon = f["lon"].get<double>();
    fix.speed_kmh = NumberOr(f, "speed", NAN);
    fix.heading = NumberOr(f, "heading", NAN);
    fix.battery = NumberOr(f, "battery", NAN);
    if (f.contains("seal")) {
      if (!f["seal"].is_string() || SealStateFrom(f["seal"].get<std::string>()) == SealState::kUnknown)
        return BadMessage("'seal' must be closed, opened or cut");
      fix.seal = SealStateFrom(f["seal"].get<std::string>());
    }
    out.fixes.push_back(std::move(fix));
  }
  return out;
}

bool SignatureValid(std::string_view body, std::string_view signature, std::string_view public_key) {
  if (signature.size() != crypto_sign_BYTES || public_key.size() != crypto_sign_PUBLICKEYBYTES) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                     reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                                     reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
}

std::string SignDeviceMessage(const std::string& device, const std::string& body, std::string_view secret_key) {
  std::string sig(crypto_sign_BYTES, '\0');
  if (secret_key.size() == crypto_sign_SECRETKEYBYTES)
    crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr,
                         reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                         reinterpret_cast<const unsigned char*>(secret_key.data()));
  return json{{"device", device}, {"body", body}, {"signature", Base64Encode(sig)}}.dump();
}

const char* RefusedName(Refused r) {
  switch (r) {
    case Refused::kMalformed: return "malformed";
    case Refused::kUnknownDevice: return "unknown_device";
    case Refused::kBadSignature: return "bad_signature";
    case Refused::kReplayed: return "replayed";
    case Refused::kFlooding: return "flooding";
    case Refused::kNone: break;
  }
  return "none";
}

void DeviceGate::AddDevice(const std::string& device, std::string public_key, int64_t last_sequence) {
  Known& k = devices_[device];
  k.key = std::move(public_key);
  k.last_sequence = last_sequence;
}

bool DeviceGate::Rekey(const std::string& device, std::string public_key) {
  auto it = devices_.find(device);
  if (it == devices_.end()) return false;
  it->second.key = std::move(public_key);
  return true;
}

Refused DeviceGate::Admit(std::string_view bytes, int64_t now_ms, DeviceMessage* out) {
  auto msg = DecodeDeviceMessage(bytes);
  if (!msg.ok()) {
    ++counts_.malformed;
    return Refused::kMalformed;
  }
  auto it = devices_.find(msg->device);
  if (it == devices_.end()) {
    ++counts_.unknown_device;
    return Refused::kUnknownDevice;
  }
  Known& k = it->second;
  auto refuse = [&](Refused why, uint64_t Counts::*field) {
    ++(counts_.*field);
    ++(k.counts.*field);
    return why;
  };
  // The rate first: a flood of forgeries must not buy signature checks.
  if (now_ms - k.window_start_ms >= 60000) {
    k.window_start_ms = now_ms;
    k.in_window = 0;
  }
  if (++k.in_window > per_minute_) {
    k.flagged = true;
    return refuse(Refused::kFlooding, &Counts::flooding);
  }
  if (!SignatureValid(msg->body, msg->signature, k.key)) {
    k.flagged = true;
    return refuse(Refused::kBadSignature, &Counts::bad_signature);
  }
  if (msg->sequence <= k.last_sequence) return refuse(Refused::kReplayed, &Counts::replayed);
  k.last_sequence = msg->sequence;
  ++counts_.accepted;
  ++k.counts.accepted;
  if (out) *out = std::move(msg.value());
  return Refused::kNone;
}

const DeviceGate::Counts* DeviceGate::DeviceCounts(const std::string& device) const {
  auto it = devices_.find(device);
  return it == devices_.end() ? nullptr : &it->second.counts;
}

bool DeviceGate::Flagged(const std::string& device) const {
  auto it = devices_.find(device);
  return it != devices_.end() && it->second.flagged;
}

}  // namespace oc::tracking
