// gzip for answers: static files and documents compressed once, sent to clients that accept it.
#pragma once

#include <string>
#include <string_view>

namespace oc::api {

// `data` as a gzip member (RFC 1952, zlib level 9). Thread-safe; "" only for empty input.
std::string GzipCompress(std::string_view data);

// Whether an Accept-Encoding header value accepts gzip ("gzip", "x-gzip" or "*", not with q=0).
bool AcceptsGzip(std::string_view accept_encoding);

// Whether a media type is worth compressing (text, JavaScript, JSON, SVG, YAML, XML).
bool Compressible(std::string_view content_type);

}  // namespace oc::api
