// Minimal RFC 4180 CSV reading for the small reference files under data/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace oc {

using CsvRow = std::vector<std::string>;

// Splits CSV text into rows of fields (quoted fields, doubled quotes, CRLF or LF, UTF-8 BOM
// skipped, blank lines skipped). Returns Invalid with the line number on an unterminated quote.
// When `row_lines` is given it receives the 1-based text line each row starts on (a quoted field
// may span lines, blank lines are no rows, so row i is not always line i + 1).
Result<std::vector<CsvRow>> ParseCsv(std::string_view text, std::vector<int>* row_lines = nullptr);

// Reads and parses a whole file. NotFound if it cannot be opened.
Result<std::vector<CsvRow>> ReadCsvFile(const std::string& path, std::vector<int>* row_lines = nullptr);

}  // namespace oc
