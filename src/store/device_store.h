// The device registry: seals, trackers and phones with their owners, states and keys.
//
// One facet of the storage interface (store/store.h has the contract every facet shares: writes
// asynchronous with `done` called once after the write is durable or has failed, on a store
// thread; reads synchronous, thread-safe and seeing every acknowledged write; errors as Status).
#pragma once

#include <string>
#include <vector>

#include "store/done.h"
#include "tracking/device.h"

namespace oc {

class DeviceStore {
 public:
  virtual ~DeviceStore() = default;

  // Registers a device; Conflict("device_exists") when the id is taken.
  virtual void PutDevice(tracking::Device d, Done<tracking::Device> done) = 0;
  // Changes a device's state, owner and key (as given in `d`, matched by id; updated_ms set by
  // the caller); NotFound("unknown_device").
  virtual void UpdateDevice(tracking::Device d, Done<tracking::Device> done) = 0;
  virtual Result<tracking::Device> GetDevice(const std::string& id) = 0;  // NotFound("unknown_device")
  // Devices of one owner (all when ""), by id, at most `limit` after `after_id`.
  virtual Result<std::vector<tracking::Device>> ListDevices(const std::string& owner_tin, const std::string& after_id,
                                                            int limit) = 0;
};

}  // namespace oc
