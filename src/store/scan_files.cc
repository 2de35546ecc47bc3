#include "store/scan_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/encoding.h"

namespace oc {

namespace {

Status Errno(const std::string& what) { return Status::Internal(what + ": " + std::strerror(errno)); }

Status WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Errno("cannot write a scan file");
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

Status SyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return Errno("cannot open " + dir);
  int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? Status::Ok() : Errno("cannot sync " + dir);
}

class DirectoryScanFiles final : public ScanFiles {
 public:
  explicit DirectoryScanFiles(std::string data_dir) : data_dir_(std::move(data_dir)) {}

  Result<std::string> Put(const std::string& sha256, std::string_view bytes, const std::string& ext) override {
    if (sha256.size() != 64) return Status::Invalid("bad_checksum", "a SHA-256 is 64 hex digits");
    std::string relative = "scans/" + sha256.substr(0, 2) + "/" + sha256 + "." + ext;
    std::string dir = data_dir_ + "/scans/" + sha256.substr(0, 2), path = data_dir_ + "/" + relative;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return Status::Internal("cannot create " + dir + ": " + ec.message());
    if (std::filesystem::exists(path)) return relative;  // the same bytes, already kept
    std::string tmp = path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(++counter_);
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd < 0) return Errno("cannot create " + tmp);
    Status st = WriteAll(fd, bytes);
    if (st.ok() && ::fsync(fd) != 0) st = Errno("cannot sync " + tmp);
    ::close(fd);
    if (st.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) st = Errno("cannot rename " + tmp);
    if (!st.ok()) {
      ::unlink(tmp.c_str());
      return st;
    }
    if (Status synced = SyncDir(dir); !synced.ok()) return synced;
    return relative;
  }

  Result<std::string> Read(const std::string& file, const std::string& sha256) override {
    if (file.find("..") != std::string::npos) return Status::Invalid("bad_scan_file", "not a scan file: " + file);
    std::ifstream in(data_dir_ + "/" + file, std::ios::binary);
    if (!in) return Status::NotFound("scan_file_missing", "the scan file " + file + " is missing");
    std::ostringstream s;
    s << in.rdbuf();
    std::string bytes = s.str();
    if (Sha256Hex(bytes) != sha256)
      return Status::Invalid("scan_file_damaged", "the scan file " + file + " no longer matches its SHA-256");
    return bytes;
  }

 private:
  std::string data_dir_;
  std::atomic<uint64_t> counter_{0};
};

}  // namespace

std::unique_ptr<ScanFiles> OpenScanFiles(const std::string& data_dir) {
  return std::make_unique<DirectoryScanFiles>(data_dir);
}

}  // namespace oc
