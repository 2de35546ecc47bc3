// Declarations from a flat CSV (one row per goods item; the rows of one declaration share an
// LRN), as the CLI `import` command and POST /v1/declarations/import read them. Columns:
// docs/import-csv.md. Values stay strings, so the declaration parser reports wrong shapes by
// JSON pointer; `LineFor` maps those pointers back to CSV lines.
//
// Pure functions over parsed rows; thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "refdata/csv.h"

namespace oc {

struct CsvDeclaration {
  std::string lrn;
  std::vector<int> lines;        // 1-based CSV line of each item, in item order
  nlohmann::json declaration;    // the API's declaration JSON

  // The CSV line an error pointer refers to: an item's own row, else the declaration's first.
  int LineFor(const std::string& pointer) const;
};

// Groups the rows (header first) by LRN, in order of first appearance. Invalid naming the
// problem: "empty_csv" (no header), "invalid_utf8" (with the line), "unknown_column" (with the
// column), "missing_column" (no lrn). `row_lines` (ParseCsv's) gives each row's line in the text;
// when null, row i is line i + 1.
Result<std::vector<CsvDeclaration>> DeclarationsFromCsv(const std::vector<CsvRow>& rows,
                                                        const std::vector<int>* row_lines = nullptr);

}  // namespace oc
