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
  std::string_view text = oc::fuzz::Bytes(data, size);
  std::vector<int> row_lines;
  auto rows = oc::ParseCsv(text, &row_lines);
  if (!rows.ok()) return 0;
  FUZZ_CHECK(row_lines.size() == rows->size(), "a row without its line");
  const int text_lines = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  for (size_t i = 0; i < row_lines.size(); ++i)
    FUZZ_CHECK(row_lines[i] >= 1 && row_lines[i] <= text_lines && (i == 0 || row_lines[i] > row_lines[i - 1]),
               "row " + std::to_string(i) + " starts on line " + std::to_string(row_lines[i]));
  for (const auto& row : rows.value()) FUZZ_CHECK(!row.empty(), "a row without fields");
  auto reparsed = oc::ParseCsv(WriteCsv(rows.value()));
  FUZZ_CHECK(reparsed.ok() && reparsed.value() == rows.value(), "rows written back as CSV read differently");

  auto declarations = oc::DeclarationsFromCsv(rows.value(), &row_lines);
  if (!declarations.ok()) return 0;
  const int last_line = text_lines;
  for (const auto& d : declarations.value()) {
    FUZZ_CHECK(!d.lines.empty(), "a declaration without rows");
    for (int line : d.lines)
      FUZZ_CHECK(line > row_lines[0] && line <= last_line &&
                     std::find(row_lines.begin(), row_lines.end(), line) != row_lines.end(),
                 "line " + std::to_string(line) + " is not where a row starts");
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
