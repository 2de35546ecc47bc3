#include "api/static_site.h"

#include "api/compress.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/encoding.h"

namespace oc::api {
namespace fs = std::filesystem;

namespace {

constexpr const char* kImmutable = "public, max-age=31536000, immutable";
constexpr const char* kRevalidate = "no-cache";

// The app only talks to its own origin; inline styles are allowed because the chart library
// positions its tooltips with style attributes.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

bool HasExtension(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view last = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return last.find('.') != std::string_view::npos;
}

}  // namespace

std::string ContentTypeFor(const std::string& filename) {
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {".html", "text/html; charset=utf-8"},  {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},           {".map", "application/json"},
      {".svg", "image/svg+xml"},               {".png", "image/png"},
      {".jpg", "image/jpeg"},                  {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},                 {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},                {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},   {".webmanifest", "application/manifest+json"},
      {".wasm", "application/wasm"}};
  std::string ext = fs::path(filename).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

Result<std::shared_ptr<const StaticSite>> StaticSite::Load(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::path(dir) / "index.html", ec))
    return Status::NotFound("no_web_app", dir + "/index.html not found (build the app: make web)");
  auto site = std::make_shared<StaticSite>();
  fs::path root = fs::canonical(dir, ec);
  if (ec) return Status::Internal("cannot resolve " + dir + ": " + ec.message());
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    if (!in && !in.eof()) return Status::Internal("cannot read " + it->path().string());
    std::string url = "/" + fs::relative(it->path(), root).generic_string();
    File f;
    f.body = body.str();
    f.content_type = ContentTypeFor(url);
    f.etag = "\"" + Blake2bHex(f.body).substr(0, 32) + "\"";
    if (Compressible(f.content_type)) {
      std::string gz = GzipCompress(f.body);
      if (!gz.empty() && gz.size() < f.body.size() * 9 / 10) f.gzipped = std::move(gz);
    }
    // Vite names everything under assets/ by its content hash; other files keep their names.
    f.cache_control = url.rfind("/assets/", 0) == 0 ? kImmutable : kRevalidate;
    site->files_.emplace(std::move(url), std::move(f));
  }
  if (ec) return Status::Internal("cannot list " + dir + ": " + ec.message());
  return std::shared_ptr<const StaticSite>(std::move(site));
}

HttpResponse StaticSite::Answer(const File& f, const HttpRequest& req) const {
  HttpResponse r;
  r.headers.emplace_back("Cache-Control", f.cache_control);
  r.headers.emplace_back("ETag", f.etag);
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (f.content_type.rfind("text/html", 0) == 0) {
    r.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
    r.headers.emplace_back("Referrer-Policy", "no-referrer");
  }
  r.content_type = f.content_type;
  std::string_view match = req.Header("if-none-match");
  if (!match.empty() && (match == f.etag || match == "*" || match.find(f.etag) != std::string_view::npos)) {
    r.status = 304;
    return r;
  }
  if (!f.gzipped.empty()) {
    r.headers.emplace_back("Vary", "Accept-Encoding");
    if (AcceptsGzip(req.Header("accept-encoding"))) {
      r.headers.emplace_back("Content-Encoding", "gzip");
      r.body = f.gzipped;
      return r;
    }
  }
  r.body = f.body;
  return r;
}

std::optional<HttpResponse> StaticSite::Serve(const HttpRequest& req) const {
  std::string_view path = req.path;
  if (path.empty() || path == "/") path = "/index.html";
  if (auto it = files_.find(path); it != files_.end()) return Answer(it->second, req);
  if (HasExtension(path)) return std::nullopt;
  return Answer(files_.at("/index.html"), req);
}

}  // namespace oc::api
