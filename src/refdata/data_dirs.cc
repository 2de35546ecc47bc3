#include "refdata/data_dirs.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace oc {
namespace {

std::string& ConfiguredReference() {
  static std::string dir;
  return dir;
}
std::string& ConfiguredShared() {
  static std::string dir;
  return dir;
}

bool IsFile(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::is_regular_file(p, ec);
}

std::filesystem::path ExecutableDir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : exe.parent_path();
}

std::string Absolute(const std::filesystem::path& p) {
  std::error_code ec;
  auto abs = std::filesystem::weakly_canonical(p, ec);
  return (ec ? p : abs).string();
}

}  // namespace

void ConfigureReferenceDir(const std::string& dir) { ConfiguredReference() = dir; }
void ConfigureSharedDataDir(const std::string& dir) { ConfiguredShared() = dir; }

std::string DefaultReferenceDir() {
  if (!ConfiguredReference().empty()) return ConfiguredReference();
  if (const char* env = std::getenv("OC_DATA_DIR"); env && *env) return env;
  auto exe_dir = ExecutableDir();
  if (exe_dir.empty()) return "";
  for (const auto& candidate : {exe_dir / ".." / "share" / "opencustoms", exe_dir / "share" / "opencustoms"})
    if (IsFile(candidate / "ref" / "procedures.csv")) return Absolute(candidate);
  return "";
}

std::string SharedDataDir() {
  if (!ConfiguredShared().empty()) return ConfiguredShared();
  if (const char* env = std::getenv("OC_SHARED_DATA"); env && *env) return env;
  std::error_code ec;
  if (std::filesystem::is_directory("../shared/data", ec)) return Absolute("../shared/data");
  return "";
}

std::string SharedDataFile(const std::string& relative) {
  std::string dir = SharedDataDir();
  if (dir.empty()) return "";
  std::string path = dir + "/" + relative;
  return IsFile(path) ? path : "";
}

std::string HsNomenclaturePath() { return SharedDataFile("hs/nomenclature/hs2022_harmonized-system.csv"); }

std::vector<std::string> MissingDataNotes() {
  std::vector<std::string> notes;
  std::string shared = SharedDataDir();
  if (shared.empty()) {
    notes.push_back(
        "no shared data directory (--shared-data, OC_SHARED_DATA or ../shared/data): HS codes are not checked "
        "against the nomenclature, the HS classifier cannot be trained and the US tariff is not available");
    return notes;
  }
  if (HsNomenclaturePath().empty())
    notes.push_back("no HS nomenclature (" + shared + "/hs/nomenclature/hs2022_harmonized-system.csv): HS codes are "
                    "not checked against it and the HS classifier is off");
  if (SharedDataFile("tariff/us_hts_2023_htsdata.csv").empty())
    notes.push_back("no US tariff (" + shared + "/tariff/us_hts_2023_htsdata.csv): the us-hts schedule is not available");
  return notes;
}

}  // namespace oc
