// Scans from scanners: DICOS through DCMTK, PNG / TIFF / JPEG through OpenCV (DecodeScan), with
// small limits so that the fuzzer explores the parsers rather than the allocator.
// Invariants:
//  - nothing throws or crashes, whatever the bytes (DCMTK and the codecs included);
//  - a decoded image object has as many frames as it says, each rows x cols, grey 8 or 16 bits,
//    within the limits; reports and QR objects have no frames;
//  - a refusal carries a code.
#include <cstdint>

#include "fuzz_util.h"
#include "xray/scan.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  oc::xray::Limits limits;
  limits.max_side = 2048;
  limits.max_pixels = 1 << 22;
  auto scan = oc::xray::DecodeScan(oc::fuzz::Bytes(data, size), limits);
  if (!scan.ok()) {
    FUZZ_CHECK(!scan.status().code().empty(), "a refusal without a code");
    return 0;
  }
  const auto& m = scan->meta;
  if (m.object == "tdr" || m.object == "qr") {
    FUZZ_CHECK(scan->frames.empty(), "a report with pixels");
    return 0;
  }
  FUZZ_CHECK(m.frames >= 1 && scan->frames.size() == static_cast<size_t>(m.frames), "frame count");
  FUZZ_CHECK(int64_t{m.rows} * m.cols * m.frames <= limits.max_pixels, "past the limits");
  for (const auto& f : scan->frames) {
    FUZZ_CHECK(f.rows == m.rows && f.cols == m.cols, "frame size");
    FUZZ_CHECK(f.type() == CV_16UC1 || f.type() == CV_8UC1, "frame type");
  }
  return 0;
}
