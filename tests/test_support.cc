#include "tests/test_support.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "common/dates.h"
#include "common/encoding.h"

namespace oc::testing {

namespace {

// Valid declarations draw their goods from the HS nomenclature, which is read from the shared
// data directory: without it every test of a binary linking this support skips, saying why.
class SharedDataEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    if (HsNomenclaturePath().empty())
      GTEST_SKIP() << "no HS nomenclature in the shared data directory (OC_SHARED_DATA, ../shared/data): "
                      "these tests lodge declarations drawn from it";
  }
};
[[maybe_unused]] ::testing::Environment* const kSharedData =
    ::testing::AddGlobalTestEnvironment(new SharedDataEnvironment);

}  // namespace

std::shared_ptr<const ReferenceData> Ref() {
  static auto ref = [] {
    auto r = ReferenceData::Load(DefaultReferenceDir());
    if (!r.ok()) throw std::runtime_error(r.status().ToString());
    return r.value();
  }();
  return ref;
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "octest-XXXXXX").string();
  char* p = mkdtemp(tmpl.data());
  if (!p) throw std::runtime_error("mkdtemp failed");
  path_ = p;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

bool HasFieldError(const FieldErrors& errors, const std::string& pointer, const std::string& code) {
  for (const auto& e : errors)
    if (e.pointer == pointer && e.code == code) return true;
  return false;
}

std::string DumpErrors(const FieldErrors& errors) {
  std::string s;
  for (const auto& e : errors) s += e.pointer + " " + e.code + " (" + e.message + "); ";
  return s;
}

const tariff::NationalSchedule* DemoSchedule() {
  static auto schedule = [] {
    auto s = tariff::NationalSchedule::Load(DefaultReferenceDir() + "/tariff/demo-uz", "demo-uz", "UZS");
    if (!s.ok()) throw std::runtime_error(s.status().ToString());
    return s.value();
  }();
  return schedule.get();
}

Declaration ValidDeclaration(uint64_t n, const std::string& tin, int items) {
  DemoGenerator gen(*Ref(), 7);
  gen.SetSchedule(DemoSchedule());
  DemoTrader t{tin, "Test Trader " + tin, "Tashkent", "t"};
  return gen.Make(n, t, items, FormatIsoDate(TodayUtcDays() - 1));
}

nlohmann::json ValidDeclarationJson(uint64_t n, const std::string& tin, int items) {
  return nlohmann::json::parse(CanonicalJson(ValidDeclaration(n, tin, items)));
}

}  // namespace oc::testing
