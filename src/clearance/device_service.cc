#include "clearance/device_service.h"

#include "common/dates.h"
#include "identity/access.h"
#include "store/done.h"

namespace oc {

Result<tracking::Device> DeviceService::Register(const Principal& who, tracking::Device d) {
  if (Status st = access::Allow(who, access::Action::kManageDevices); !st.ok()) return st;
  if (Status st = tracking::ValidateDevice(d); !st.ok()) return st;
  d.registered_by = who.ActorLabel();
  d.registered_ms = d.updated_ms = NowUnixMillis();
  return AwaitDone<tracking::Device>([&](Done<tracking::Device> done) { store_.PutDevice(std::move(d), std::move(done)); });
}

Result<tracking::Device> DeviceService::Get(const Principal& who, const std::string& id) {
  if (Status st = access::Allow(who, access::Action::kReadDevices); !st.ok()) return st;
  auto d = store_.GetDevice(id);
  if (!d.ok()) return d.status();
  if (!access::Allowed(who, access::Action::kReadDevices, {d->owner_tin}))
    return Status::NotFound("unknown_device", "no device " + id);  // another carrier's: not even its existence
  return d;
}

Result<std::vector<tracking::Device>> DeviceService::List(const Principal& who, const std::string& owner_tin,
                                                          const std::string& after_id, int limit) {
  if (Status st = access::Allow(who, access::Action::kReadDevices); !st.ok()) return st;
  const std::string& owner = access::Unrestricted(who, access::Action::kReadDevices) ? owner_tin : who.org_tin;
  return store_.ListDevices(owner, after_id, limit);
}

Result<tracking::Device> DeviceService::Update(const Principal& who, const std::string& id, const Change& change) {
  if (Status st = access::Allow(who, access::Action::kManageDevices); !st.ok()) return st;
  if (!change.state && !change.owner_tin && !change.public_key)
    return Status::Invalid("no_change", "give state, owner_tin or public_key");
  auto d = store_.GetDevice(id);
  if (!d.ok()) return d.status();
  if (d->state == tracking::DeviceState::kRemoved)
    return Status::Invalid("device_removed", "device " + id + " was removed: register a new one");
  tracking::Device next = d.value();
  if (change.state) next.state = *change.state;
  if (change.owner_tin) next.owner_tin = *change.owner_tin;
  if (change.public_key) next.public_key = *change.public_key;
  if (Status st = tracking::ValidateDevice(next); !st.ok()) return st;
  next.updated_ms = NowUnixMillis();
  auto updated = AwaitDone<tracking::Device>([&](Done<tracking::Device> done) { store_.UpdateDevice(next, std::move(done)); });
  if (updated.ok() && on_updated_) on_updated_(updated.value());
  return updated;
}

}  // namespace oc
