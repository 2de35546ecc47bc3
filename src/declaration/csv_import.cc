#include "declaration/csv_import.h"

#include <map>
#include <set>

#include "common/encoding.h"

namespace oc {
namespace {

using nlohmann::json;

const std::set<std::string> kColumns = {
    "lrn", "type", "procedure", "office", "issue_date", "declarant_tin", "declarant_name", "declarant_street",
    "declarant_city", "declarant_country", "importer_tin", "importer_name", "importer_country", "exporter_tin",
    "exporter_name", "exporter_country", "border_mode", "means_id", "means_nationality", "containers", "seals", "loading",
    "entry_office", "destination_office", "destination_country", "invoice_number", "invoice_date",
    "invoice_currency", "invoice_total", "incoterm", "freight", "freight_currency", "insurance",
    "insurance_currency", "exchange_rate", "item_seq", "description", "hs", "national", "origin",
    "preferential_origin", "net_mass", "gross_mass", "supplementary_quantity", "supplementary_unit", "price",
    "valuation_method", "package_count", "package_kind", "package_marks"};

struct Group {
  std::string lrn;
  std::vector<std::pair<int, const CsvRow*>> rows;  // (line number, row)
};

class RowView {
 public:
  RowView(const std::map<std::string, size_t>& cols, const CsvRow& row) : cols_(cols), row_(row) {}
  std::string Get(const std::string& name) const {
    auto it = cols_.find(name);
    if (it == cols_.end() || it->second >= row_.size()) return "";
    return row_[it->second];
  }

 private:
  const std::map<std::string, size_t>& cols_;
  const CsvRow& row_;
};

void SetIf(json& j, const char* key, const std::string& v) { if (!v.empty()) j[key] = v; }

// "A B  C" -> ["A","B","C"]: list columns hold their values separated by spaces.
json SpaceSeparated(const std::string& s) {
  json out = json::array();
  size_t start = 0;
  while (start < s.size()) {
    size_t sp = s.find(' ', start);
    if (sp == std::string::npos) sp = s.size();
    if (sp > start) out.push_back(s.substr(start, sp - start));
    start = sp + 1;
  }
  return out;
}

json Party(const RowView& r, const std::string& prefix) {
  json p;
  SetIf(p, "tin", r.Get(prefix + "_tin"));
  SetIf(p, "name", r.Get(prefix + "_name"));
  json a;
  SetIf(a, "street", r.Get(prefix + "_street"));
  SetIf(a, "city", r.Get(prefix + "_city"));
  SetIf(a, "country", r.Get(prefix + "_country"));
  p["address"] = a.is_null() ? json::object() : a;
  return p;
}

// Builds the declaration JSON; values stay strings so the parser reports wrong shapes by pointer.
json BuildDeclaration(const std::map<std::string, size_t>& cols, const Group& g) {
  RowView h(cols, *g.rows.front().second);
  json d;
  SetIf(d, "lrn", h.Get("lrn"));
  SetIf(d, "type", h.Get("type"));
  SetIf(d, "procedure", h.Get("procedure"));
  SetIf(d, "office", h.Get("office"));
  SetIf(d, "issue_date", h.Get("issue_date"));
  json parties;
  parties["declarant"] = Party(h, "declarant");
  if (!h.Get("importer_tin").empty() || !h.Get("importer_name").empty()) parties["importer"] = Party(h, "importer");
  if (!h.Get("exporter_name").empty()) {
    json e = Party(h, "exporter");
    if (!e.contains("tin")) e["tin"] = "UNKNOWN";
    parties["exporter"] = e;
  }
  d["parties"] = parties;
  json t;
  SetIf(t, "border_mode", h.Get("border_mode"));
  SetIf(t, "means_id", h.Get("means_id"));
  SetIf(t, "means_nationality", h.Get("means_nationality"));
  for (const char* list : {"containers", "seals"})
    if (!h.Get(list).empty()) t[list] = SpaceSeparated(h.Get(list));
  d["transport"] = t.is_null() ? json::object() : t;
  json l;
  SetIf(l, "loading", h.Get("loading"));
  SetIf(l, "entry_office", h.Get("entry_office"));
  SetIf(l, "destination_office", h.Get("destination_office"));
  SetIf(l, "destination_country", h.Get("destination_country"));
  if (!l.is_null()) d["locations"] = l;
  json inv;
  SetIf(inv, "number", h.Get("invoice_number"));
  SetIf(inv, "date", h.Get("invoice_date"));
  SetIf(inv, "currency", h.Get("invoice_currency"));
  SetIf(inv, "total", h.Get("invoice_total"));
  SetIf(inv, "incoterm", h.Get("incoterm"));
  d["invoice"] = inv.is_null() ? json::object() : inv;
  if (!h.Get("freight").empty())
    d["freight"] = {{"amount", h.Get("freight")}, {"currency", h.Get("freight_currency").empty() ? h.Get("invoice_currency") : h.Get("freight_currency")}};
  if (!h.Get("insurance").empty())
    d["insurance"] = {{"amount", h.Get("insurance")}, {"currency", h.Get("insurance_currency").empty() ? h.Get("invoice_currency") : h.Get("insurance_currency")}};
  if (!h.Get("exchange_rate").empty())
    d["exchange_rates"] = json::array({{{"currency", h.Get("invoice_currency")}, {"rate", h.Get("exchange_rate")}}});
  json items = json::array();
  for (const auto& [line, row] : g.rows) {
    RowView r(cols, *row);
    json it;
    std::string seq = r.Get("item_seq");
    if (!seq.empty() && seq.find_first_not_of("0123456789") == std::string::npos && seq.size() < 6) it["seq"] = std::stoi(seq);
    else if (!seq.empty()) it["seq"] = seq;  // the parser reports the wrong type
    SetIf(it, "description", r.Get("description"));
    json c;
    SetIf(c, "hs", r.Get("hs"));
    SetIf(c, "national", r.Get("national"));
    it["commodity"] = c.is_null() ? json::object() : c;
    SetIf(it, "origin", r.Get("origin"));
    SetIf(it, "preferential_origin", r.Get("preferential_origin"));
    SetIf(it, "net_mass", r.Get("net_mass"));
    SetIf(it, "gross_mass", r.Get("gross_mass"));
    if (!r.Get("supplementary_quantity").empty())
      it["supplementary"] = {{"quantity", r.Get("supplementary_quantity")}, {"unit", r.Get("supplementary_unit")}};
    SetIf(it, "price", r.Get("price"));
    it["valuation_method"] = r.Get("valuation_method").empty() ? "1" : r.Get("valuation_method");
    if (!r.Get("package_count").empty() || !r.Get("package_kind").empty()) {
      json p;
      std::string n = r.Get("package_count");
      if (!n.empty() && n.find_first_not_of("0123456789") == std::string::npos && n.size() < 9) p["count"] = std::stoll(n);
      else p["count"] = n;
      SetIf(p, "kind", r.Get("package_kind"));
      SetIf(p, "marks", r.Get("package_marks"));
      it["packages"] = json::array({p});
    }
    items.push_back(it);
  }
  d["items"] = items;
  return d;
}

}  // namespace

int CsvDeclaration::LineFor(const std::string& pointer) const {
  if (pointer.rfind("/items/", 0) == 0) {
    size_t idx = std::strtoul(pointer.c_str() + 7, nullptr, 10);
    if (idx < lines.size()) return lines[idx];
  }
  return lines.empty() ? 1 : lines.front();
}

Result<std::vector<CsvDeclaration>> DeclarationsFromCsv(const std::vector<CsvRow>& rows,
                                                        const std::vector<int>* row_lines) {
  auto line_of = [row_lines](size_t i) {
    return row_lines && i < row_lines->size() ? (*row_lines)[i] : static_cast<int>(i + 1);
  };
  if (rows.empty()) return Status::Invalid("empty_csv", "the CSV is empty: it needs a header line (see docs/import-csv.md)");
  // Both importers lodge each declaration as JSON text, and JSON holds only UTF-8: json::dump
  // throws on anything else (and the importers' answers quote header cells).
  for (size_t i = 0; i < rows.size(); ++i)
    for (size_t k = 0; k < rows[i].size(); ++k)
      if (!IsValidUtf8(rows[i][k]))
        return Status::Invalid("invalid_utf8", "line " + std::to_string(line_of(i)) + ", field " + std::to_string(k + 1) +
                                                   " is not valid UTF-8 (save the file as UTF-8)");
  std::map<std::string, size_t> cols;
  const CsvRow& header = rows.front();
  for (size_t i = 0; i < header.size(); ++i) {
    if (!kColumns.count(header[i]))
      return Status::Invalid("unknown_column", "unknown column '" + header[i] + "' (see docs/import-csv.md)");
    cols[header[i]] = i;
  }
  if (!cols.count("lrn")) return Status::Invalid("missing_column", "the CSV needs an 'lrn' column");
  std::vector<Group> groups;
  std::map<std::string, size_t> index;
  for (size_t i = 1; i < rows.size(); ++i) {
    RowView r(cols, rows[i]);
    auto [it, inserted] = index.try_emplace(r.Get("lrn"), groups.size());
    if (inserted) groups.push_back(Group{r.Get("lrn"), {}});
    groups[it->second].rows.emplace_back(line_of(i), &rows[i]);
  }
  std::vector<CsvDeclaration> out;
  out.reserve(groups.size());
  for (const Group& g : groups) {
    CsvDeclaration d;
    d.lrn = g.lrn;
    for (const auto& [line, row] : g.rows) d.lines.push_back(line);
    d.declaration = BuildDeclaration(cols, g);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace oc
