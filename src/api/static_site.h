// StaticSite: the built browser app (web/dist) served at / by the API server.
//
// Every file is read into memory once at startup (the built app is a few MB), so serving never
// touches the file system and no request path can reach outside the directory. Hashed build
// outputs under /assets/ are cached for a year (immutable); everything else, index.html first,
// must be revalidated (no-cache + ETag), so a new release is picked up on the next load. Text files
// are also kept gzip-compressed and sent so to clients that accept it.
// Paths without a file extension that match no file get index.html: the app's own router
// handles them (deep links such as /declarations/25UZ…).
//
// Thread-safety: a loaded StaticSite is immutable; Serve may run on any number of threads.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "api/http_types.h"
#include "common/status.h"

namespace oc::api {

class StaticSite {
 public:
  // Reads every regular file under `dir`. NotFound when `dir` has no index.html; Internal when a
  // file cannot be read.
  static Result<std::shared_ptr<const StaticSite>> Load(const std::string& dir);

  // The answer to a GET of `req.path`: the file (200, or 304 when If-None-Match matches its
  // ETag), index.html for an extension-less unknown path, nullopt otherwise (the caller answers 404).
  std::optional<HttpResponse> Serve(const HttpRequest& req) const;

  size_t files() const { return files_.size(); }

 private:
  struct File {
    std::string body;
    std::string gzipped;        // "" when not worth it (not text, or barely smaller)
    std::string content_type;
    std::string etag;           // "\"<BLAKE2b of the body, 32 hex>\""
    std::string cache_control;
  };
  HttpResponse Answer(const File& f, const HttpRequest& req) const;
  std::map<std::string, File, std::less<>> files_;  // by URL path ("/index.html", "/assets/x.js")
};

// The MIME type for a file name's extension ("application/octet-stream" when unknown).
std::string ContentTypeFor(const std::string& filename);

}  // namespace oc::api
