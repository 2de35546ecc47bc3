// The device registry in SQLite (store/device_store.h).
#include "store/sqlite_store_impl.h"

namespace oc::detail {

namespace {

const char* kDeviceColumns =
    "id, kind, manufacturer, serial, owner_tin, state, public_key, registered_by, registered_at, updated_at";

tracking::Device DeviceRow(sqlite::Stmt& q) {
  tracking::Device d;
  d.id = q.Text(0);
  d.kind = tracking::DeviceKindFrom(q.Text(1)).value_or(tracking::DeviceKind::kSeal);
  d.manufacturer = q.Text(2);
  d.serial = q.Text(3);
  d.owner_tin = q.Text(4);
  d.state = tracking::DeviceStateFrom(q.Text(5)).value_or(tracking::DeviceState::kRemoved);
  d.public_key = q.Blob(6);
  d.registered_by = q.Text(7);
  d.registered_ms = q.Int(8);
  d.updated_ms = q.Int(9);
  return d;
}

}  // namespace

void SqliteStore::PutDevice(tracking::Device d, Done<tracking::Device> done) {
  auto out = std::make_shared<tracking::Device>();
  EnqueueFor<tracking::Device>(
      out,
      [d = std::move(d), out](Connection& c) -> Status {
        auto& q = c.Prepare("SELECT 1 FROM devices WHERE id = ?");
        q.Bind(1, d.id);
        bool taken = q.Step();
        q.Reset();
        if (taken) return Status::Conflict("device_exists", "device " + d.id + " is already registered");
        c.Prepare(std::string("INSERT INTO devices(") + kDeviceColumns + ") VALUES(?,?,?,?,?,?,?,?,?,?)")
            .Bind(1, d.id).Bind(2, tracking::DeviceKindName(d.kind)).Bind(3, d.manufacturer).Bind(4, d.serial)
            .Bind(5, d.owner_tin).Bind(6, tracking::DeviceStateName(d.state)).BindBlob(7, d.public_key)
            .Bind(8, d.registered_by).Bind(9, d.registered_ms).Bind(10, d.updated_ms)
            .Run();
        *out = d;
        return Status::Ok();
      },
      std::move(done));
}

void SqliteStore::UpdateDevice(tracking::Device d, Done<tracking::Device> done) {
  auto out = std::make_shared<tracking::Device>();
  EnqueueFor<tracking::Device>(
      out,
      [d = std::move(d), out](Connection& c) -> Status {
        c.Prepare("UPDATE devices SET owner_tin = ?, state = ?, public_key = ?, updated_at = ? WHERE id = ?")
            .Bind(1, d.owner_tin).Bind(2, tracking::DeviceStateName(d.state)).BindBlob(3, d.public_key)
            .Bind(4, d.updated_ms).Bind(5, d.id)
            .Run();
        if (c.Changes() == 0) return Status::NotFound("unknown_device", "no device " + d.id);
        auto& q = c.Prepare(std::string("SELECT ") + kDeviceColumns + " FROM devices WHERE id = ?");
        q.Bind(1, d.id);
        if (q.Step()) *out = DeviceRow(q);
        q.Reset();
        return Status::Ok();
      },
      std::move(done));
}

Result<tracking::Device> SqliteStore::GetDevice(const std::string& id) {
  auto rows = ReadRows<tracking::Device>(std::string("SELECT ") + kDeviceColumns + " FROM devices WHERE id = ?",
                                         [&](sqlite::Stmt& q) { q.Bind(1, id); }, DeviceRow);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("unknown_device", "no device " + id);
  return rows->front();
}

Result<std::vector<tracking::Device>> SqliteStore::ListDevices(const std::string& owner_tin, const std::string& after_id,
                                                               int limit) {
  return ReadRows<tracking::Device>(
      std::string("SELECT ") + kDeviceColumns +
          " FROM devices WHERE (? = '' OR owner_tin = ?) AND id > ? ORDER BY id LIMIT ?",
      [&](sqlite::Stmt& q) {
        q.Bind(1, owner_tin).Bind(2, owner_tin).Bind(3, after_id).Bind(4, static_cast<int64_t>(limit));
      },
      DeviceRow);
}

}  // namespace oc::detail
