// Minimal RFC 4180 CSV reading for the small reference files under data/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace oc {

using CsvRow = std::vector<std::string>;

// Splits CSV text into rows of fields (quoted fields, doubled quotes, CRLF or LF, UTF-8 BOM skipped).
// Returns Invalid with the line number on an unterminated quote.
Result<std::vector<CsvRow>> ParseCsv(std::string_view text);

// Reads and parses a whole file. NotFound if it cannot be opened.
Result<std::vector<CsvRow>> ReadCsvFile(const std::string& path);

}  // namespace oc
