#include "refdata/reference_data.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "refdata/csv.h"
#include "refdata/iso_codes.h"

namespace oc {
namespace {

// Loads "code,name,..." files: column 0 is the code, column `name_col` the name, the rest go to extra.
Status LoadCodeList(const std::string& path, size_t name_col, CodeList& out) {
  auto rows = ReadCsvFile(path);
  if (!rows.ok()) return rows.status();
  bool header = true;
  for (auto& row : rows.value()) {
    if (header) { header = false; continue; }
    if (row.empty() || row[0].empty()) continue;
    CodeEntry e;
    if (name_col < row.size()) e.name = row[name_col];
    for (size_t i = 1; i < row.size(); ++i) if (i != name_col) e.extra.push_back(row[i]);
    out.Add(row[0], std::move(e));
  }
  if (out.size() == 0) return Status::Invalid("refdata_empty", path + " has no rows");
  return Status::Ok();
}

// Loads the names of `list` in another language from "<stem>.<lang>.csv" (code,name) in `dir`,
// when the file exists. A code the list does not have is an error (a translation of nothing).
Status LoadLocalNames(const std::string& dir, const std::string& stem, const char* lang, CodeList& list) {
  std::string path = dir + "/" + stem + "." + lang + ".csv";
  if (FILE* f = std::fopen(path.c_str(), "r")) std::fclose(f);
  else return Status::Ok();
  auto rows = ReadCsvFile(path);
  if (!rows.ok()) return rows.status();
  bool header = true;
  for (auto& row : rows.value()) {
    if (header) { header = false; continue; }
    if (row.size() < 2 || row[0].empty()) continue;
    if (!list.Contains(row[0])) return Status::Invalid("refdata_unknown_code", path + ": no code " + row[0] + " in the list");
    list.AddLocalName(lang, row[0], row[1]);
  }
  return Status::Ok();
}

}  // namespace

Status ReferenceData::LoadHs(const std::string& path) {
  auto hs_rows = ReadCsvFile(path);
  if (!hs_rows.ok()) return hs_rows.status();
  bool header = true;
  for (auto& row : hs_rows.value()) {
    if (header) { header = false; continue; }
    if (row.size() < 5) continue;
    const std::string& code = row[1];
    // Rows of the pseudo-section TOTAL (99, 9999, 999999 "not specified according to kind")
    // are UN Comtrade reporting codes, not part of the Harmonized System.
    if (code.empty() || row[0] == "TOTAL") continue;
    hs_[code] = HsEntry{code, row[2], row[3]};
    if (code.size() == 6) hs6_.push_back(code);
  }
  std::sort(hs6_.begin(), hs6_.end());
  if (hs6_.empty()) return Status::Invalid("refdata_empty", path + ": the HS nomenclature has no subheadings");
  return Status::Ok();
}

Result<std::shared_ptr<const ReferenceData>> ReferenceData::Load(const std::string& dir) {
  return Load(dir, HsNomenclaturePath());
}

Result<std::shared_ptr<const ReferenceData>> ReferenceData::Load(const std::string& dir, const std::string& hs_nomenclature) {
  if (dir.empty())
    return Status::NotFound("no_reference_data",
                            "reference data not found: pass --ref DIR (the project's data/ folder) or set OC_DATA_DIR, "
                            "or install (cmake --install) so that <prefix>/share/opencustoms holds it");
  auto data = std::make_shared<ReferenceData>();
  if (!hs_nomenclature.empty()) {
    if (Status st = data->LoadHs(hs_nomenclature); !st.ok()) return st;
  }
  // ISO 3166-1 and 4217 as Debian maintains them, with the project's amendments (refdata/iso_codes.h).
  const std::string ref = dir + "/ref/";
  if (Status st = LoadIsoCountries(IsoCodesDir(), ref + "countries_amendments.csv", data->countries_); !st.ok())
    return st;
  if (Status st = LoadIsoCurrencies(IsoCodesDir(), ref + "currencies_amendments.csv", ref + "currency_minor_units.csv",
                                    data->currencies_);
      !st.ok())
    return st;
  struct Spec { const char* file; size_t name_col; CodeList* list; };
  const Spec specs[] = {
      {"units.csv", 1, &data->units_},
      {"document_types.csv", 1, &data->document_types_},
      {"offices.csv", 2, &data->offices_},
      {"package_kinds.csv", 1, &data->package_kinds_},
      {"incoterms.csv", 1, &data->incoterms_},
      {"transport_modes.csv", 1, &data->transport_modes_},
      {"procedures.csv", 1, &data->procedures_},
      {"valuation_methods.csv", 1, &data->valuation_methods_},
      {"representative_status.csv", 1, &data->representative_statuses_},
  };
  for (const Spec& s : specs) {
    Status st = LoadCodeList(dir + "/ref/" + s.file, s.name_col, *s.list);
    if (!st.ok()) return st;
    // Names in the administration's other languages: data/ref/i18n/<list>.<lang>.csv.
    std::string stem(s.file, std::string_view(s.file).size() - 4);
    for (const char* lang : {"ru", "uz"})
      if (st = LoadLocalNames(dir + "/ref/i18n", stem, lang, *s.list); !st.ok()) return st;
  }
  return std::shared_ptr<const ReferenceData>(std::move(data));
}

const HsEntry* ReferenceData::Hs(std::string_view code) const {
  auto it = hs_.find(std::string(code));
  return it == hs_.end() ? nullptr : &it->second;
}

std::optional<int> ReferenceData::CurrencyMinorUnits(std::string_view code) const {
  const CodeEntry* e = currencies_.Find(code);
  if (!e) return std::nullopt;
  // extra = [numeric, minor_units]; "" where ISO 4217 gives none (metals, funds, test codes)
  if (e->extra.size() >= 2 && !e->extra[1].empty()) return std::atoi(e->extra[1].c_str());
  return 2;
}

}  // namespace oc
