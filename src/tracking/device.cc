#include "tracking/device.h"

#include <algorithm>

namespace oc::tracking {

const char* DeviceKindName(DeviceKind k) {
  switch (k) {
    case DeviceKind::kTracker: return "tracker";
    case DeviceKind::kPhone: return "phone";
    case DeviceKind::kSeal: break;
  }
  return "seal";
}

std::optional<DeviceKind> DeviceKindFrom(std::string_view name) {
  for (DeviceKind k : {DeviceKind::kSeal, DeviceKind::kTracker, DeviceKind::kPhone})
    if (name == DeviceKindName(k)) return k;
  return std::nullopt;
}

const char* DeviceStateName(DeviceState s) {
  switch (s) {
    case DeviceState::kFitted: return "fitted";
    case DeviceState::kRemoved: return "removed";
    case DeviceState::kInStock: break;
  }
  return "in_stock";
}

std::optional<DeviceState> DeviceStateFrom(std::string_view name) {
  for (DeviceState s : {DeviceState::kInStock, DeviceState::kFitted, DeviceState::kRemoved})
    if (name == DeviceStateName(s)) return s;
  return std::nullopt;
}

std::string SealId(std::string_view manufacturer, std::string_view serial) {
  return std::string(manufacturer) + "-" + std::string(serial);
}

Status ValidateDevice(const Device& d) {
  auto id_char = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'; };
  if (d.id.empty() || d.id.size() > 64 || !std::all_of(d.id.begin(), d.id.end(), id_char))
    return Status::Invalid("invalid_device_id", "a device id is 1 to 64 characters: A-Z, 0-9, '-', '_', '.'");
  if (d.kind == DeviceKind::kSeal &&
      (d.manufacturer.empty() || d.serial.empty() || d.id != SealId(d.manufacturer, d.serial)))
    return Status::Invalid("seal_identity_required",
                           "a seal is identified by its manufacturer and serial (ISO 18185): its id is manufacturer-serial");
  auto tin_char = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  if (d.owner_tin.empty() || d.owner_tin.size() > 17 || !std::all_of(d.owner_tin.begin(), d.owner_tin.end(), tin_char))
    return Status::Invalid("invalid_tin", "the owner is a carrier's TIN: 1 to 17 of A-Z, 0-9");
  if (d.kind != DeviceKind::kPhone && d.public_key.empty())
    return Status::Invalid("public_key_required", "seals and trackers sign their messages: give the Ed25519 public key");
  if (!d.public_key.empty() && d.public_key.size() != 32)
    return Status::Invalid("invalid_public_key", "an Ed25519 public key is 32 bytes (44 characters of base64)");
  return Status::Ok();
}

}  // namespace oc::tracking
