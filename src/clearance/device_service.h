// The device registry as users reach it: customs (inspection officers, supervisors,
// administrators) register seals, trackers and phones and fit or remove them; carriers see their
// own devices. Validation in tracking/device.h, storage through the DeviceStore facet.
// Thread-safe (the store is); every method blocks until its write is durable.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "identity/principal.h"
#include "store/device_store.h"
#include "tracking/device.h"

namespace oc {

class DeviceService {
 public:
  explicit DeviceService(DeviceStore& store) : store_(store) {}

  // Registers `d` (registered_by and the times set here). Forbidden for other roles; the
  // validation's Invalid; Conflict("device_exists").
  Result<tracking::Device> Register(const Principal& who, tracking::Device d);
  // NotFound("unknown_device") also for a carrier asking for another carrier's device.
  Result<tracking::Device> Get(const Principal& who, const std::string& id);
  // A carrier's own devices whatever `owner_tin` says; staff any owner's ("" = all).
  Result<std::vector<tracking::Device>> List(const Principal& who, const std::string& owner_tin,
                                             const std::string& after_id, int limit);

  struct Change {
    std::optional<tracking::DeviceState> state;
    std::optional<std::string> owner_tin;
    std::optional<std::string> public_key;  // raw 32 bytes (re-keying after a repair)
  };
  // Invalid("device_removed") for a removed device (removal is final: a seal is used once);
  // Invalid("no_change") when nothing is given.
  Result<tracking::Device> Update(const Principal& who, const std::string& id, const Change& change);

  // Called with each device as updated, after its write is durable (the tracking service re-keys
  // a device on a journey). Set once at wiring, before requests arrive.
  void OnUpdated(std::function<void(const tracking::Device&)> listener) { on_updated_ = std::move(listener); }

 private:
  DeviceStore& store_;
  std::function<void(const tracking::Device&)> on_updated_;
};

}  // namespace oc
