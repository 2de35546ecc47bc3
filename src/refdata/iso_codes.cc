#include "refdata/iso_codes.h"

#include <cstdlib>
#include <functional>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "refdata/csv.h"

namespace oc {
namespace {

// The entries of one list of an iso-codes JSON file ({"3166-1": [{...}, ...]}).
Result<nlohmann::json> ReadIsoList(const std::string& path, const char* key) {
  std::ifstream in(path);
  if (!in)
    return Status::NotFound("no_iso_codes", path + " not found: install Debian's iso-codes package (ISO 3166 and "
                                                   "4217) or set OC_ISO_CODES_DIR");
  std::stringstream text;
  text << in.rdbuf();
  auto j = nlohmann::json::parse(text.str(), nullptr, false);
  if (!j.is_object() || !j.contains(key) || !j[key].is_array() || j[key].empty())
    return Status::Invalid("refdata_invalid", path + ": not an iso-codes list of " + key);
  return j[key];
}

std::string Member(const nlohmann::json& e, const char* name) {
  auto it = e.find(name);
  return it != e.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Applies "add"/"withdraw" rows (column 0 the change, column 1 the code). An addition the installed
// list already has keeps the list's entry, so that a newer iso-codes wins.
Status Amend(const std::string& path, size_t columns, CodeList& out,
             const std::function<CodeEntry(const CsvRow&)>& entry) {
  auto rows = ReadCsvFile(path);
  if (!rows.ok()) return rows.status();
  CodeList amended;
  std::map<std::string, bool> withdrawn;
  for (size_t i = 1; i < rows->size(); ++i) {
    const CsvRow& r = rows.value()[i];
    if (r.size() != columns || (r[0] != "add" && r[0] != "withdraw") || r[1].empty())
      return Status::Invalid("refdata_invalid", path + " line " + std::to_string(i + 1) + ": expected " +
                                                     std::to_string(columns) + " columns, the first add or withdraw");
    if (r[0] == "withdraw") withdrawn[r[1]] = true;
    else if (!out.Contains(r[1])) out.Add(r[1], entry(r));
  }
  for (const auto& [code, entry_value] : out.entries())
    if (!withdrawn.count(code)) amended.Add(code, entry_value);
  out = std::move(amended);
  return Status::Ok();
}

}  // namespace

std::string IsoCodesDir() {
  if (const char* env = std::getenv("OC_ISO_CODES_DIR"); env && *env) return env;
  return "/usr/share/iso-codes/json";
}

Status LoadIsoCountries(const std::string& iso_dir, const std::string& amendments, CodeList& out) {
  auto list = ReadIsoList(iso_dir + "/iso_3166-1.json", "3166-1");
  if (!list.ok()) return list.status();
  for (const auto& e : list.value()) {
    std::string alpha2 = Member(e, "alpha_2");
    if (alpha2.size() != 2) continue;
    out.Add(alpha2, CodeEntry{Member(e, "name"), {Member(e, "alpha_3"), Member(e, "numeric")}});
  }
  return Amend(amendments, 5, out, [](const CsvRow& r) { return CodeEntry{r[4], {r[2], r[3]}}; });
}

Status LoadIsoCurrencies(const std::string& iso_dir, const std::string& amendments, const std::string& minor_units,
                         CodeList& out) {
  auto list = ReadIsoList(iso_dir + "/iso_4217.json", "4217");
  if (!list.ok()) return list.status();
  auto minor = ReadCsvFile(minor_units);
  if (!minor.ok()) return minor.status();
  std::map<std::string, std::string> units;
  for (size_t i = 1; i < minor->size(); ++i)
    if (minor.value()[i].size() == 2) units[minor.value()[i][0]] = minor.value()[i][1];
  auto unit_of = [&units](const std::string& code) {
    auto it = units.find(code);
    return it == units.end() ? std::string("2") : it->second;
  };
  for (const auto& e : list.value()) {
    std::string code = Member(e, "alpha_3");
    if (code.size() != 3) continue;
    out.Add(code, CodeEntry{Member(e, "name"), {Member(e, "numeric"), unit_of(code)}});
  }
  return Amend(amendments, 4, out, [&](const CsvRow& r) { return CodeEntry{r[3], {r[2], unit_of(r[1])}}; });
}

}  // namespace oc
