// ScanService: scans of the goods from X-ray and other non-intrusive inspection equipment. An
// inspection officer (or a scanner under an officer's API key) adds a scan to a declaration: the
// file is decoded (xray::DecodeScan: DICOS, PNG, TIFF, JPEG) to refuse what is not a scan, kept
// once beside the store under its SHA-256, and recorded with its metadata and a ledger entry of
// the hash. Officers list a declaration's scans, read one's metadata (a TDR's threats) and view
// it rendered (window, inversion, CLAHE, edges; xray/render.h).
//
// Thread-safety: every method may be called from any thread; Add blocks until its write is durable.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "clearance/clearance_service.h"
#include "identity/principal.h"
#include "store/scan_store.h"
#include "xray/render.h"

namespace oc {

struct ScanUpload {
  std::string declaration_ref;  // id or MRN
  std::string container;        // optional: the container or vehicle scanned
  std::string bytes;
};

class ScanService {
 public:
  ScanService(ScanStore& scans, ScanFiles& files, ClearanceService& clearance, xray::Limits limits = {});

  // Forbidden but for inspection officers and supervisors; NotFound("unknown_declaration");
  // Invalid: "empty_scan", "invalid_container", DecodeScan's refusals (nothing is stored then).
  Result<ScanRecord> Add(const Principal& who, ScanUpload upload);
  // Staff only (Forbidden otherwise); NotFound for a declaration `who` may not see.
  Result<std::vector<ScanRecord>> List(const Principal& who, const std::string& declaration_ref);
  Result<ScanRecord> Get(const Principal& who, int64_t id);  // NotFound("unknown_scan")
  // The scan rendered as PNG; the file's checksum is verified first ("scan_file_damaged").
  Result<std::string> Render(const Principal& who, int64_t id, const xray::RenderOptions& options);

 private:
  ScanStore& scans_;
  ScanFiles& files_;
  ClearanceService& clearance_;
  xray::Limits limits_;
};

}  // namespace oc
