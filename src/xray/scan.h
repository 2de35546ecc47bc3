// A scan as the platform receives it from a scanner: DICOS (NEMA IIC 1: DX, CT, 2D/3D AIT, TDR,
// QR objects, read with DCMTK) or a plain 8/16-bit PNG, TIFF or JPEG (read with OpenCV), decoded
// into grey frames and the metadata an officer and the store need. Functions of the bytes alone
// (DCMTK reads them through a private temporary file: see dicos.cc); thread-safe.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "common/status.h"

namespace oc::xray {

struct ScanMeta {
  std::string format;                  // "dicos", "png", "tiff", "jpeg"
  std::string sop_class_uid;           // DICOS: e.g. 1.2.840.10008.5.1.4.1.1.501.2.2
  std::string object;                  // "dx", "ct", "ait2d", "ait3d", "tdr", "qr", "image"
  std::string modality;                // DICOS (0008,0060): XRAY, CT, AIT, TDR, QR, DX; "" for images
  std::string sop_instance_uid;
  std::string manufacturer, model, station, device_serial, software;
  std::string operator_name;           // (0008,1070)
  std::string acquired;                // ISO 8601 from the content (or study) date and time; ""
  std::string ooi_id, ooi_type;        // the object of inspection: (0010,0020), (4010,1042)
  std::string dicos_version;           // (4010,103A)
  std::vector<double> energies_kv;     // (0018,0060) KVP, one per energy (two for dual energy)
  int rows = 0, cols = 0, frames = 0;
  int bits_stored = 0;                 // 8 or 16 (after decoding)
};

// One potential threat object of a DICOS Threat Detection Report.
struct Threat {
  int id = 0;                          // (4010,1010)
  std::string category;                // (4010,1012), e.g. "PI" (prohibited item), "EXPLOSIVE"
  std::string description;             // (4010,1013)
  std::string ability;                 // (4010,1014) SHIELD, NO_INTERFERENCE
  double probability = NAN;            // (4010,1016), 0..1 when given
  std::array<double, 3> base{}, extents{};  // (4010,1004/1005): the box in the image's voxels
};

struct ThreatReport {
  std::string alarm_decision;          // (4010,1031): ALARM, CLEAR, UNKNOWN
  std::string tdr_type;                // (4010,1027): MACHINE, OPERATOR, GROUND_TRUTH
  std::string referenced_instance;     // the scanned image's SOP instance UID, when given
  std::vector<Threat> threats;
};

struct Scan {
  ScanMeta meta;
  std::vector<cv::Mat> frames;         // CV_16UC1 (16-bit) or CV_8UC1; empty for TDR and QR
  std::optional<ThreatReport> report;  // TDR objects
};

// Refused before any pixel is decoded when the declared size passes these (decompression bombs).
struct Limits {
  int max_side = 16384;
  int64_t max_pixels = int64_t{256} << 20;  // all frames together
};

// Decodes a scan. Errors (Invalid unless said): "unsupported_format" (neither DICOS nor an
// image), "malformed_dicos" (DCMTK cannot parse it), "unsupported_pixel_data" (pixel data DCMTK
// does not decode, e.g. float pixels in (7FE0,0013)), "missing_pixel_data" (an image object
// without pixels), "image_too_large" (past `limits`), "malformed_image" (an image codec failed).
Result<Scan> DecodeScan(std::string_view bytes, const Limits& limits = {});

// The kind of bytes, from their signature: "dicos", "png", "tiff", "jpeg" or "".
std::string SniffFormat(std::string_view bytes);

}  // namespace oc::xray
