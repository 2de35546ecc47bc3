// A scan as the platform keeps it: its metadata, the declaration (and container) it belongs to,
// its file and checksum, who uploaded it. A plain record shared by the store and the ledger.
#pragma once

#include <cstdint>
#include <string>

#include "xray/scan.h"

namespace oc {

struct ScanRecord {
  int64_t id = 0;
  int64_t declaration_id = 0;
  std::string mrn;
  std::string container;           // the container or vehicle scanned (ISO 6346 id, plate), or ""
  xray::ScanMeta meta;
  std::string report_json;         // a TDR's threats as JSON ("" otherwise)
  std::string file;                // relative to the data directory
  std::string sha256;              // of the file's bytes, hex
  int64_t bytes = 0;
  std::string uploaded_by;
  int64_t uploaded_ms = 0;
};

}  // namespace oc
