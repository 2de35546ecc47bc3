#include "refdata/csv.h"

#include <fstream>
#include <sstream>

namespace oc {

Result<std::vector<CsvRow>> ParseCsv(std::string_view text, std::vector<int>* row_lines) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  bool in_quotes = false, field_started = false;
  int line = 1, row_line = 1;
  std::vector<int> lines;
  auto end_row = [&] {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
    lines.push_back(row_line);
  };
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
        if (field_started || !field.empty() || !row.empty()) end_row();
        row.clear(); field.clear(); field_started = false;
        row_line = line;
        break;
      default: field.push_back(c); field_started = true;
    }
  }
  if (in_quotes) return Status::Invalid("csv_unterminated_quote", "unterminated quoted field at line " + std::to_string(line));
  if (field_started || !field.empty() || !row.empty()) end_row();
  if (row_lines) *row_lines = std::move(lines);
  return rows;
}

Result<std::vector<CsvRow>> ReadCsvFile(const std::string& path, std::vector<int>* row_lines) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  auto rows = ParseCsv(ss.str(), row_lines);
  if (!rows.ok()) return Status::Invalid(rows.status().code(), path + ": " + rows.status().message());
  return rows;
}

}  // namespace oc
