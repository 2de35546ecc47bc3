#include "refdata/csv.h"

#include <fstream>
#include <sstream>

namespace oc {

Result<std::vector<CsvRow>> ParseCsv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  bool in_quotes = false, field_started = false;
  int line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') { field.push_back('"'); ++i; }
        else in_quotes = false;
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    switch (c) {
      case '"': in_quotes = true; field_started = true; break;
      case ',': row.push_back(std::move(field)); field.clear(); field_started = true; break;
      case '\r': break;
      case '\n':
        ++line;
        if (field_started || !field.empty() || !row.empty()) { row.push_back(std::move(field)); rows.push_back(std::move(row)); }
        row.clear(); field.clear(); field_started = false;
        break;
      default: field.push_back(c); field_started = true;
    }
  }
  if (in_quotes) return Status::Invalid("csv_unterminated_quote", "unterminated quoted field at line " + std::to_string(line));
  if (field_started || !field.empty() || !row.empty()) { row.push_back(std::move(field)); rows.push_back(std::move(row)); }
  return rows;
}

Result<std::vector<CsvRow>> ReadCsvFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  auto rows = ParseCsv(ss.str());
  if (!rows.ok()) return Status::Invalid(rows.status().code(), path + ": " + rows.status().message());
  return rows;
}

}  // namespace oc
