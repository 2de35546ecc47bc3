#include "api/compress.h"

#include <zlib.h>

#include <cctype>
#include <cstdlib>

namespace oc::api {

std::string GzipCompress(std::string_view data) {
  if (data.empty()) return "";
  z_stream z{};
  // 15 window bits + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return "";
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : "";
}

bool AcceptsGzip(std::string_view header) {
  size_t start = 0;
  while (start < header.size()) {
    size_t comma = header.find(',', start);
    if (comma == std::string_view::npos) comma = header.size();
    std::string_view part = header.substr(start, comma - start);
    start = comma + 1;
    while (!part.empty() && std::isspace(static_cast<unsigned char>(part.front()))) part.remove_prefix(1);
    size_t semi = part.find(';');
    std::string_view coding = part.substr(0, semi);
    while (!coding.empty() && std::isspace(static_cast<unsigned char>(coding.back()))) coding.remove_suffix(1);
    std::string lower;
    for (char c : coding) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower != "gzip" && lower != "x-gzip" && lower != "*") continue;
    if (semi != std::string_view::npos) {
      std::string_view params = part.substr(semi + 1);
      size_t q = params.find("q=");
      if (q != std::string_view::npos && std::strtod(std::string(params.substr(q + 2)).c_str(), nullptr) <= 0) continue;
    }
    return true;
  }
  return false;
}

bool Compressible(std::string_view type) {
  return type.rfind("text/", 0) == 0 || type.find("javascript") != std::string_view::npos ||
         type.find("json") != std::string_view::npos || type.find("svg") != std::string_view::npos ||
         type.find("yaml") != std::string_view::npos || type.find("xml") != std::string_view::npos;
}

}  // namespace oc::api
