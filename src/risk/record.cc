#include "risk/record.h"

#include <charconv>
#include <map>

#include "common/dates.h"
#include "refdata/csv.h"

namespace oc::risk {

namespace {

bool ParseDouble(const std::string& s, double& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

Result<std::vector<RiskRecord>> LoadKcsCsv(const std::string& path) {
  auto rows = ReadCsvFile(path);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::Invalid("bad_risk_data", path + " is empty");
  std::map<std::string, size_t> col;
  const CsvRow& header = rows.value()[0];
  for (size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
  const char* required[] = {"Declaration ID", "Date", "Office ID", "Process Type", "Import Type", "Import Use",
                            "Payment Type", "Mode of Transport", "Declarant ID", "Importer ID", "Seller ID",
                            "Courier ID", "HS6 Code", "Country of Departure", "Country of Origin", "Tax Rate",
                            "Tax Type", "Country of Origin Indicator", "Net Mass", "Item Price"};
  for (const char* r : required)
    if (!col.count(r)) return Status::Invalid("bad_risk_data", path + ": missing column '" + r + "'");
  bool labelled = col.count("Fraud") > 0, critical = col.count("Critical Fraud") > 0;
  std::vector<RiskRecord> out;
  out.reserve(rows->size());
  for (size_t line = 1; line < rows->size(); ++line) {
    const CsvRow& row = rows.value()[line];
    if (row.size() == 1 && row[0].empty()) continue;
    if (row.size() != header.size())
      return Status::Invalid("bad_risk_data", path + ": line " + std::to_string(line + 1) + " has " +
                                                  std::to_string(row.size()) + " fields, the header " +
                                                  std::to_string(header.size()));
    auto get = [&](const char* name) -> const std::string& { return row[col[name]]; };
    auto bad = [&](const char* name) {
      return Status::Invalid("bad_risk_data", path + ": line " + std::to_string(line + 1) + ", column '" + name +
                                                  "': '" + get(name) + "' is not valid");
    };
    RiskRecord r;
    r.id = get("Declaration ID");
    auto day = ParseIsoDate(get("Date"));
    if (!day) return bad("Date");
    r.day = *day;
    r.office = get("Office ID");
    r.process_type = get("Process Type");
    r.import_type = get("Import Type");
    r.import_use = get("Import Use");
    r.payment_type = get("Payment Type");
    r.transport_mode = get("Mode of Transport");
    r.declarant = get("Declarant ID");
    r.importer = get("Importer ID");
    r.seller = get("Seller ID");
    r.courier = get("Courier ID");
    r.hs6 = get("HS6 Code");
    if (r.hs6.size() < 5 || r.hs6.size() > 6) return bad("HS6 Code");
    if (r.hs6.size() == 5) r.hs6 = "0" + r.hs6;  // a leading zero lost by a spreadsheet
    r.departure = get("Country of Departure");
    r.origin = get("Country of Origin");
    r.tax_type = get("Tax Type");
    r.origin_indicator = get("Country of Origin Indicator");
    if (!ParseDouble(get("Tax Rate"), r.tax_rate)) return bad("Tax Rate");
    if (!ParseDouble(get("Net Mass"), r.net_mass) || r.net_mass < 0) return bad("Net Mass");
    if (!ParseDouble(get("Item Price"), r.price) || r.price < 0) return bad("Item Price");
    if (labelled) {
      const std::string& f = get("Fraud");
      if (f == "0" || f == "1") r.label = f[0] - '0';
      else if (!f.empty()) return bad("Fraud");
    }
    if (critical) {
      const std::string& f = get("Critical Fraud");
      if (f == "0" || f == "1" || f == "2") r.critical = f[0] - '0';
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace oc::risk
