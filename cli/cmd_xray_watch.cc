// `xray watch DIR`: scanners without an API client drop their files into a folder; each new file
// is uploaded to its declaration through the API (POST /v1/declarations/{ref}/scans), then moved
// to DIR/done/, or to DIR/failed/ with a .reason.txt beside it saying why. The declaration, and
// optionally the container, come from the file's name: <ref>__<anything>.<ext> or
// <ref>__<container>__<anything>.<ext> (ref: the declaration's MRN or id). A file is taken once
// its size has not changed for a second (the scanner has finished writing it).
#include <chrono>
#include <csignal>
#include <filesystem>
#include <map>
#include <thread>

#include "cli/api_session.h"
#include "cli/commands.h"

namespace oc::cli {

namespace {

namespace fs = std::filesystem;

volatile std::sig_atomic_t g_watch_stop = 0;

struct Target {
  std::string ref, container;
};

// "26UZ1234__MSCU1234565__bag7.dcs" -> {26UZ1234, MSCU1234565}; "" ref when the name has no "__".
Target TargetOf(const std::string& name) {
  Target t;
  size_t first = name.find("__");
  if (first == std::string::npos || first == 0) return t;
  t.ref = name.substr(0, first);
  size_t second = name.find("__", first + 2);
  if (second != std::string::npos) t.container = name.substr(first + 2, second - first - 2);
  return t;
}

void MoveTo(const fs::path& file, const fs::path& dir, const std::string& reason = "") {
  std::error_code ec;
  fs::create_directories(dir, ec);
  fs::rename(file, dir / file.filename(), ec);
  if (!reason.empty()) std::ofstream(dir / (file.filename().string() + ".reason.txt")) << reason << "\n";
}

// Uploads one file; true when the server kept it.
bool Upload(Session& session, const fs::path& file, int& failures) {
  Target t = TargetOf(file.filename().string());
  if (t.ref.empty()) {
    MoveTo(file, file.parent_path() / "failed", "the name must start with the declaration: <MRN or id>__...");
    ++failures;
    std::printf("refused %s: no declaration in its name\n", file.filename().c_str());
    return false;
  }
  auto bytes = ReadWholeFile(file.string());
  if (!bytes.ok()) return false;  // gone meanwhile: nothing to do
  std::string path = "/v1/declarations/" + t.ref + "/scans";
  if (!t.container.empty()) path += "?container=" + t.container;
  auto r = session.Send("POST", path, bytes.value(), "application/octet-stream");
  if (!r.ok()) {
    MoveTo(file, file.parent_path() / "failed", r.status().message());
    ++failures;
    std::printf("refused %s: %s\n", file.filename().c_str(), r.status().message().c_str());
    return false;
  }
  MoveTo(file, file.parent_path() / "done");
  std::printf("scan %lld: %s -> declaration %s (%s, sha256 %s)\n", static_cast<long long>(r->value("id", 0)),
              file.filename().c_str(), t.ref.c_str(), r->value("format", "").c_str(),
              r->value("sha256", "").substr(0, 12).c_str());
  std::fflush(stdout);
  return true;
}

}  // namespace

void RegisterXrayWatch(CLI::App& xray, int& exit_code) {
  struct Opts {
    std::string dir, server = "http://127.0.0.1:8080", user = "inspector", password;
    bool once = false;
    double poll_s = 1;
  };
  auto o = std::make_shared<Opts>();
  auto* watch = xray.add_subcommand("watch", "Upload the scans a scanner drops into a folder to their declarations");
  watch->add_option("dir", o->dir, "the folder; files named <MRN or id>__[<container>__]<anything>.<ext>")->required();
  watch->add_option("--server", o->server, "the server")->capture_default_str();
  watch->add_option("--user", o->user, "an inspection officer's account")->capture_default_str();
  watch->add_option("--password", o->password, "its password (default: $OC_PASSWORD)");
  watch->add_flag("--once", o->once, "upload what is there and stop");
  watch->add_option("--poll", o->poll_s, "seconds between looks at the folder")->capture_default_str()->check(CLI::Range(0.1, 60.0));
  watch->callback([o, &exit_code] {
    if (o->password.empty())
      if (const char* env = std::getenv("OC_PASSWORD")) o->password = env;
    if (!fs::is_directory(o->dir)) return (void)Failed(Status::NotFound("no folder " + o->dir), exit_code, 2);
    auto url = api::ParseHttpUrl(o->server);
    if (!url) return void(Failed(Status::Invalid("bad_url", "--server must be http[s]://host:port"), exit_code, 2));
    auto session = Session::SignIn(*url, o->user, o->password);
    if (Failed(session.status(), exit_code, 2)) return;
    std::signal(SIGINT, [](int) { g_watch_stop = 1; });
    std::signal(SIGTERM, [](int) { g_watch_stop = 1; });
    std::map<std::string, uintmax_t> sizes;  // files seen growing: size at the last look
    int uploaded = 0, failures = 0;
    while (!g_watch_stop) {
      std::error_code ec;
      for (const auto& e : fs::directory_iterator(o->dir, ec)) {
        if (!e.is_regular_file() || e.path().filename().string().front() == '.') continue;
        uintmax_t size = e.file_size(ec);
        auto seen = sizes.find(e.path().string());
        if (!o->once && (seen == sizes.end() || seen->second != size)) {
          sizes[e.path().string()] = size;  // still being written, or new: look again
          continue;
        }
        sizes.erase(e.path().string());
        uploaded += Upload(session.value(), e.path(), failures);
      }
      if (o->once) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(o->poll_s * 1000)));
    }
    std::printf("%d uploaded, %d refused\n", uploaded, failures);
    if (failures > 0) exit_code = 1;
  });
}

}  // namespace oc::cli
