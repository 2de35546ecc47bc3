// Plain images from scanners without DICOS: PNG, TIFF, JPEG, decoded by OpenCV as grey 8 or 16
// bits. The size the header declares is checked first, so that OpenCV never allocates for a
// decompression bomb.
#include <opencv2/imgcodecs.hpp>

#include "xray/xray_internal.h"

namespace oc::xray {

namespace {

uint32_t BigEndian(std::string_view b, size_t at, int n) {
  uint32_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  return v;
}

uint32_t Endian(std::string_view b, size_t at, int n, bool little) {
  if (!little) return BigEndian(b, at, n);
  uint32_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  return v;
}

std::optional<Size2> PngSize(std::string_view b) {
  if (b.size() < 24 || b.substr(12, 4) != "IHDR") return std::nullopt;
  return Size2{BigEndian(b, 16, 4), BigEndian(b, 20, 4)};
}

// The first start-of-frame marker (SOF0..SOF15 but DHT, JPG and DAC) carries height and width.
std::optional<Size2> JpegSize(std::string_view b) {
  size_t at = 2;
  while (at + 9 < b.size()) {
    if (static_cast<unsigned char>(b[at]) != 0xFF) return std::nullopt;
    unsigned char marker = static_cast<unsigned char>(b[at + 1]);
    if (marker == 0xFF) { ++at; continue; }
    size_t length = BigEndian(b, at + 2, 2);
    bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (sof) return Size2{BigEndian(b, at + 7, 2), BigEndian(b, at + 5, 2)};
    if (length < 2) return std::nullopt;
    at += 2 + length;
  }
  return std::nullopt;
}

// ImageWidth (256) and ImageLength (257) of the first IFD.
std::optional<Size2> TiffSize(std::string_view b) {
  if (b.size() < 8) return std::nullopt;
  bool little = b[0] == 'I';
  size_t ifd = Endian(b, 4, 4, little);
  if (ifd + 2 > b.size()) return std::nullopt;
  size_t entries = Endian(b, ifd, 2, little);
  Size2 s;
  for (size_t i = 0; i < entries; ++i) {
    size_t e = ifd + 2 + 12 * i;
    if (e + 12 > b.size()) return std::nullopt;
    uint32_t tag = Endian(b, e, 2, little), type = Endian(b, e + 2, 2, little);
    uint32_t value = type == 3 ? Endian(b, e + 8, 2, little) : Endian(b, e + 8, 4, little);
    if (tag == 256) s.width = value;
    if (tag == 257) s.height = value;
  }
  if (s.width == 0 || s.height == 0) return std::nullopt;
  return s;
}

}  // namespace

std::optional<Size2> DeclaredSize(std::string_view bytes, const std::string& format) {
  if (format == "png") return PngSize(bytes);
  if (format == "jpeg") return JpegSize(bytes);
  if (format == "tiff") return TiffSize(bytes);
  return std::nullopt;
}

Result<Scan> DecodeImage(std::string_view bytes, const std::string& format, const Limits& limits) {
  auto size = DeclaredSize(bytes, format);
  if (!size) return Status::Invalid("malformed_image", "the " + format + " header declares no size");
  if (Status st = CheckSize(size->width, size->height, 1, limits); !st.ok()) return st;
  cv::Mat encoded(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data()));
  cv::Mat grey;
  try {
    grey = cv::imdecode(encoded, cv::IMREAD_GRAYSCALE | cv::IMREAD_ANYDEPTH);
  } catch (const cv::Exception& e) {
    return Status::Invalid("malformed_image", "the " + format + " image cannot be decoded: " + e.msg);
  }
  if (grey.empty()) return Status::Invalid("malformed_image", "the " + format + " image cannot be decoded");
  if (grey.depth() != CV_8U && grey.depth() != CV_16U)
    return Status::Invalid("unsupported_pixel_data", "only 8- and 16-bit unsigned grey images are read");
  Scan scan;
  scan.meta.format = format;
  scan.meta.object = "image";
  scan.meta.rows = grey.rows;
  scan.meta.cols = grey.cols;
  scan.meta.frames = 1;
  scan.meta.bits_stored = grey.depth() == CV_16U ? 16 : 8;
  scan.frames.push_back(std::move(grey));
  return scan;
}

}  // namespace oc::xray
