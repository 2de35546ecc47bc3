// The device registry's records: electronic seals (ISO 18185 identity: the manufacturer's code
// and the seal's serial), GPS trackers and drivers' phones, each with its owner (the carrier's
// TIN), its state and, for devices that sign their messages, its Ed25519 public key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace oc::tracking {

enum class DeviceKind { kSeal, kTracker, kPhone };
const char* DeviceKindName(DeviceKind k);  // "seal", "tracker", "phone"
std::optional<DeviceKind> DeviceKindFrom(std::string_view name);

// A seal is in stock, fitted to a conveyance for a journey, or removed (used, broken, lost);
// trackers and phones are fitted while in service.
enum class DeviceState { kInStock, kFitted, kRemoved };
const char* DeviceStateName(DeviceState s);  // "in_stock", "fitted", "removed"
std::optional<DeviceState> DeviceStateFrom(std::string_view name);

struct Device {
  std::string id;  // a seal: "<manufacturer>-<serial>" (ISO 18185-1); a tracker or phone: its own id
  DeviceKind kind = DeviceKind::kSeal;
  std::string manufacturer, serial;  // seals: both required
  std::string owner_tin;             // the carrier that uses it
  DeviceState state = DeviceState::kInStock;
  std::string public_key;            // 32 raw bytes; phones (OsmAnd) have none
  std::string registered_by;
  int64_t registered_ms = 0, updated_ms = 0;
};

// The id a seal gets from its ISO 18185 identity.
std::string SealId(std::string_view manufacturer, std::string_view serial);

// Invalid with a code naming the member: invalid_device_id (1–64 of A–Z, 0–9, '-', '_', '.'),
// seal_identity_required (a seal without manufacturer or serial, or an id other than SealId),
// invalid_tin, public_key_required (seals and trackers sign their messages), invalid_public_key.
Status ValidateDevice(const Device& d);

}  // namespace oc::tracking
