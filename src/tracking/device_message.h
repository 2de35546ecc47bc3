// What a device sends over MQTT: a signed message of one or more fixes, as seals buffer them
// (one Ed25519 signature per message keeps the signature cost per fix small).
//
//   {"device": "<ISO 18185 id or tracker id>",
//    "body": "{\"seq\": 42, \"fixes\": [{\"time\": \"2026-12-01T10:00:00Z\", \"lat\": 41.3,
//              \"lon\": 69.2, \"speed\": 52.5, \"heading\": 180, \"seal\": \"closed\",
//              \"battery\": 87}, ...]}",
//    "signature": "<base64 Ed25519 signature of the body's bytes>"}
//
// The body travels as a string so that the signature covers exactly the bytes the device signed
// (no canonical form to agree on). DeviceGate is the pipeline's first two steps — decode and
// authenticate — with the devices' keys, their last sequence numbers and their counters.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "tracking/fix.h"

namespace oc::tracking {

struct DeviceMessage {
  std::string device;
  int64_t sequence = 0;
  std::vector<Fix> fixes;  // each with the device and the message's sequence
  std::string body, signature;  // as received (signature decoded)
};

// Invalid("bad_message") naming what is wrong: not JSON, members missing or of the wrong type,
// a fix without time/lat/lon, more than 1000 fixes. Never throws. The signature is not checked.
Result<DeviceMessage> DecodeDeviceMessage(std::string_view bytes);

// Ok when `signature` is the Ed25519 signature of `body` by `public_key` (32 bytes).
bool SignatureValid(std::string_view body, std::string_view signature, std::string_view public_key);

// Signs a body (for devices' simulators and tests): the message's JSON text.
std::string SignDeviceMessage(const std::string& device, const std::string& body, std::string_view secret_key);

enum class Refused { kNone, kMalformed, kUnknownDevice, kBadSignature, kReplayed, kFlooding };
const char* RefusedName(Refused r);  // "malformed", "unknown_device", "bad_signature", "replayed", "flooding"

// Decode → authenticate → sequence → rate, per device. Not thread-safe (one gate per worker,
// devices sharded by id).
class DeviceGate {
 public:
  struct Counts {
    uint64_t accepted = 0, malformed = 0, unknown_device = 0, bad_signature = 0, replayed = 0, flooding = 0;
  };
  // At most `per_minute` messages a minute from one device; more are refused and the device
  // flagged (a stuck or hostile device must not starve the others).
  explicit DeviceGate(int per_minute = 600) : per_minute_(per_minute) {}

  // Registers (or re-keys) a device; its messages must carry a sequence above `last_sequence`
  // (the last one accepted before a restart; -1 for a new device).
  void AddDevice(const std::string& device, std::string public_key, int64_t last_sequence = -1);
  // A known device's new key (a repaired device), from its next message on; its sequence must
  // still rise above the last one accepted (its stored fixes keep it across restarts). False
  // (nothing changed) for a device the gate does not know.
  bool Rekey(const std::string& device, std::string public_key);
  // Forgets a device (its journey ended): its messages are unknown_device again.
  void RemoveDevice(const std::string& device) { devices_.erase(device); }
  // The message's fixes when it is accepted; otherwise the reason, counted (and per device when
  // the device is known). `now_ms` paces the rate limit.
  Refused Admit(std::string_view bytes, int64_t now_ms, DeviceMessage* out);

  const Counts& counts() const { return counts_; }
  // Refusals of a known device; whether it was flagged for flooding or forged messages.
  const Counts* DeviceCounts(const std::string& device) const;
  bool Flagged(const std::string& device) const;

 private:
  struct Known {
    std::string key;
    int64_t last_sequence = -1;
    int64_t window_start_ms = 0;
    int in_window = 0;
    bool flagged = false;
    Counts counts;
  };
  int per_minute_;
  std::map<std::string, Known> devices_;
  Counts counts_;
};

}  // namespace oc::tracking
