// CSV import (opencustoms import, POST /v1/declarations/import): ParseCsv, then
// DeclarationsFromCsv, then each declaration as the importers use it (its JSON text lodged
// through the declaration parser, errors mapped back to CSV lines).
// Invariants:
//  - ParseCsv's rows written back as CSV (every field quoted) parse to the same rows;
//  - every declaration is serialisable (both importers call .dump() on it, which throws on
//    bytes that are not UTF-8) and its lines are rows of the file;
//  - LineFor maps every error of the lodged declaration to one of the declaration's lines.
#include <algorithm>
#include <cstdint>

#include "declaration/csv_import.h"
#include "declaration/parse.h"
#include "fuzz_util.h"
#include "refdata/csv.h"

namespace {

std::string WriteCsv(const std::vector<oc::CsvRow>& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += ',';
      out += '"';
      for (char c : row[i]) out += c == '"' ? std::string("\"\"") : std::string(1, c);
      out += '"';
    }
    out += '\n';
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto rows = oc::ParseCsv(oc::fuzz::Bytes(data, size));
  if (!rows.ok()) return 0;
  for (const auto& row : rows.value()) FUZZ_CHECK(!row.empty(), "a row without fields");
  auto reparsed = oc::ParseCsv(WriteCsv(rows.value()));
  FUZZ_CHECK(reparsed.ok() && reparsed.value() == rows.value(), "rows written back as CSV read differently");

  auto declarations = oc::DeclarationsFromCsv(rows.value());
  if (!declarations.ok()) return 0;
  const int last_line = static_cast<int>(rows->size());
  for (const auto& d : declarations.value()) {
    FUZZ_CHECK(!d.lines.empty(), "a declaration without rows");
    for (int line : d.lines) FUZZ_CHECK(line >= 2 && line <= last_line, "line " + std::to_string(line) + " is not a row");
    std::string body = d.declaration.dump();
    auto parsed = oc::ParseDeclarationText(body);
    FUZZ_CHECK(parsed.ok(), "the CSV declaration is not a JSON object: " + parsed.status().ToString());
    for (const auto& e : parsed->errors) {
      int line = d.LineFor(e.pointer);
      FUZZ_CHECK(std::find(d.lines.begin(), d.lines.end(), line) != d.lines.end(),
                 "error " + e.pointer + " maps to line " + std::to_string(line) + ", not one of the declaration's");
    }
  }
  return 0;
}
