#include "xray/scan.h"

#include "xray/xray_internal.h"

namespace oc::xray {

std::string SniffFormat(std::string_view b) {
  if (b.size() >= 132 && b.substr(128, 4) == "DICM") return "dicos";
  if (b.size() >= 8 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return "png";
  if (b.size() >= 4 && (b.substr(0, 4) == std::string_view("II*\0", 4) || b.substr(0, 4) == std::string_view("MM\0*", 4)))
    return "tiff";
  if (b.size() >= 3 && b.substr(0, 3) == "\xFF\xD8\xFF") return "jpeg";
  return "";
}

Status CheckSize(int64_t width, int64_t height, int64_t frames, const Limits& limits) {
  if (width <= 0 || height <= 0 || frames <= 0)
    return Status::Invalid("malformed_image", "the image declares no width or height");
  if (width > limits.max_side || height > limits.max_side || width * height * frames > limits.max_pixels)
    return Status::Invalid("image_too_large", std::to_string(width) + "x" + std::to_string(height) +
                                                  (frames > 1 ? "x" + std::to_string(frames) : std::string()) +
                                                  " pixels: at most " + std::to_string(limits.max_side) +
                                                  " a side and " + std::to_string(limits.max_pixels) + " in all");
  return Status::Ok();
}

Result<Scan> DecodeScan(std::string_view bytes, const Limits& limits) {
  std::string format = SniffFormat(bytes);
  if (format == "dicos") return DecodeDicos(bytes, limits);
  if (!format.empty()) return DecodeImage(bytes, format, limits);
  return Status::Invalid("unsupported_format", "not a DICOS file (no DICM preamble), PNG, TIFF or JPEG");
}

}  // namespace oc::xray
