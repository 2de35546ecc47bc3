// Shared test helpers: reference data, temporary directories and valid declarations.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "declaration/field_error.h"
#include "demo/demo_generator.h"
#include "refdata/reference_data.h"

namespace oc::testing {

std::shared_ptr<const ReferenceData> Ref();

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// True if `errors` has one with this pointer and code; DumpErrors lists them for failure messages.
bool HasFieldError(const FieldErrors& errors, const std::string& pointer, const std::string& code);
std::string DumpErrors(const FieldErrors& errors);

// The demo national schedule (data/tariff/demo-uz), loaded once.
const tariff::NationalSchedule* DemoSchedule();

// A valid declaration for declarant `tin` (a DemoGenerator declaration, re-owned).
Declaration ValidDeclaration(uint64_t n, const std::string& tin = "301234567", int items = 3);
nlohmann::json ValidDeclarationJson(uint64_t n, const std::string& tin = "301234567", int items = 3);

}  // namespace oc::testing
