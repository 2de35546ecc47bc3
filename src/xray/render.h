// A scan made visible for the officer's eye: one frame (or the maximum over a volume's frames)
// mapped to 8 bits through a window (centre and width, in the scan's own values; automatic from
// its percentiles when not given), optionally inverted, contrast-equalised (CLAHE) and
// edge-enhanced, encoded as PNG. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "xray/scan.h"

namespace oc::xray {

struct RenderOptions {
  int frame = -1;                     // -1: the maximum over all frames (a volume's projection)
  std::optional<double> level, width;  // the window; both or neither; none: 1st–99th percentile
  bool invert = false;
  bool clahe = false;                 // contrast-limited adaptive histogram equalisation
  bool edges = false;                 // unsharp masking
  int max_side = 0;                   // > 0: scaled down to fit (thumbnails)
};

// An 8-bit grey view of the scan. Invalid("no_pixels") for reports; Invalid("bad_frame") for a
// frame it does not have; Invalid("bad_window") for a width <= 0.
Result<cv::Mat> RenderView(const Scan& scan, const RenderOptions& options);
// The view as PNG bytes.
Result<std::string> RenderPng(const Scan& scan, const RenderOptions& options);

}  // namespace oc::xray
