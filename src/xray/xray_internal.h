// Inside the xray library: the decoders DecodeScan dispatches to, and the size check they share.
#pragma once

#include <string_view>

#include "xray/scan.h"

namespace oc::xray {

Result<Scan> DecodeDicos(std::string_view bytes, const Limits& limits);
// PNG, TIFF or JPEG (`format` from SniffFormat), grey, 8 or 16 bits.
Result<Scan> DecodeImage(std::string_view bytes, const std::string& format, const Limits& limits);

// Invalid("image_too_large") when the declared size passes `limits`.
Status CheckSize(int64_t width, int64_t height, int64_t frames, const Limits& limits);

// The width and height an image file declares in its header, read without decoding it (so that
// a decompression bomb is refused before the codec allocates); nullopt when not found.
struct Size2 {
  int64_t width = 0, height = 0;
};
std::optional<Size2> DeclaredSize(std::string_view bytes, const std::string& format);

}  // namespace oc::xray
