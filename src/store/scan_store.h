// Scans from X-ray and other non-intrusive inspection equipment: the record of each scan (its
// metadata, the declaration it belongs to, its file and checksum) and, apart, the scan files
// themselves, written once and never changed (content-addressed by their SHA-256).
//
// ScanStore is one facet of the storage interface (store/store.h has the contract every facet
// shares: writes asynchronous with `done` called once after the write is durable or has failed;
// reads synchronous, thread-safe, seeing every acknowledged write; errors as Status).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/done.h"
#include "xray/scan_record.h"

namespace oc {


class ScanStore {
 public:
  virtual ~ScanStore() = default;
  // Records a scan (id set here) with a ledger entry of its hash, in one transaction;
  // NotFound("unknown_declaration").
  virtual void AddScan(ScanRecord scan, Done<ScanRecord> done) = 0;
  virtual Result<ScanRecord> GetScan(int64_t id) = 0;  // NotFound("unknown_scan")
  virtual Result<std::vector<ScanRecord>> ListScans(int64_t declaration_id) = 0;  // oldest first
};

// The scan files. Thread-safe.
class ScanFiles {
 public:
  virtual ~ScanFiles() = default;
  // Writes `bytes` (their SHA-256 is `sha256`) once, durably (synced before this returns), and
  // returns its path relative to the data directory; the same bytes again return the same path.
  virtual Result<std::string> Put(const std::string& sha256, std::string_view bytes, const std::string& ext) = 0;
  // A file Put returned; Invalid("scan_file_damaged") when its bytes no longer hash to `sha256`.
  virtual Result<std::string> Read(const std::string& file, const std::string& sha256) = 0;
};

}  // namespace oc
