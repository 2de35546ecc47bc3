// The fixes of every device: millions a day, written in large groups, read a journey at a time,
// dropped a day at a time when older than the retention period. Kept apart from the main store
// (its own database and writer) so that a flood of positions never queues behind declarations.
//
// Writes are asynchronous with `done` called once after the write is durable or has failed, on
// the track store's writer thread (it must not block); reads are synchronous, thread-safe and see
// every acknowledged write. Errors as Status, never exceptions.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/done.h"
#include "tracking/fix.h"

namespace oc {

struct TrackStats {
  int partitions = 0;          // days held
  int64_t oldest_day_ms = 0;   // the first held day's midnight (UTC); 0 when none
  uint64_t fixes_written = 0;  // since this process opened the store
  uint64_t commits = 0;
};

class TrackStore {
 public:
  virtual ~TrackStore() = default;

  // Appends accepted fixes (a device's fix at the same millisecond is kept once); `done` gets
  // how many were given. Stored compactly: positions to 1e-7 degree (about 1 cm), speed to
  // 0.1 km/h, heading to the degree, battery to the percent.
  virtual void AppendFixes(std::vector<tracking::Fix> fixes, Done<int64_t> done) = 0;
  // The fixes of `devices` with from_ms <= time <= to_ms, by time then device, at most `limit`
  // (one statement over the days the range spans).
  virtual Result<std::vector<tracking::Fix>> Track(const std::vector<std::string>& devices, int64_t from_ms,
                                                   int64_t to_ms, int limit) = 0;
  // The device's latest fix with from_ms <= time <= to_ms; nullopt when it has none there.
  virtual Result<std::optional<tracking::Fix>> LastFix(const std::string& device, int64_t from_ms, int64_t to_ms) = 0;
  // Drops every day that ended before `before_ms` (retention); `done` gets how many days.
  virtual void DropBefore(int64_t before_ms, Done<int64_t> done) = 0;
  virtual TrackStats Stats() = 0;
};

// Opens (creating as needed) the fixes' SQLite database at `path` (WAL; each group of writes
// committed with a full sync). Internal on I/O errors.
Result<std::unique_ptr<TrackStore>> OpenSqliteTrackStore(const std::string& path);

}  // namespace oc
