// Scan files in a directory beside the store (<data>/scans/ab/<sha256>.<ext>): content-addressed,
// written once through a temporary file, fsync and rename, never changed. Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "store/scan_store.h"

namespace oc {

// `data_dir` is the server's data directory; the files go under its scans/ folder.
std::unique_ptr<ScanFiles> OpenScanFiles(const std::string& data_dir);

}  // namespace oc
