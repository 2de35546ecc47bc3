// ReferenceData: the code lists a declaration is checked against (HS 2022, ISO 3166, ISO 4217,
// UN/ECE units and package kinds, document types, offices, procedures...). Loaded once (the code
// lists from the reference directory, the HS nomenclature from the shared data directory) and
// immutable afterwards, so it is safe to share between threads without locking.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/status.h"
#include "refdata/data_dirs.h"

namespace oc {

struct CodeEntry {
  std::string name;
  std::vector<std::string> extra;  // remaining CSV columns after code and name, in file order
};

// A code list: code -> entry.
class CodeList {
 public:
  bool Contains(std::string_view code) const { return entries_.count(std::string(code)) != 0; }
  const CodeEntry* Find(std::string_view code) const {
    auto it = entries_.find(std::string(code));
    return it == entries_.end() ? nullptr : &it->second;
  }
  size_t size() const { return entries_.size(); }
  const std::unordered_map<std::string, CodeEntry>& entries() const { return entries_; }
  void Add(std::string code, CodeEntry e) { entries_.emplace(std::move(code), std::move(e)); }
  // The entry's name in `lang` ("ru", "uz") where a translation was loaded; its own name else.
  const std::string& NameIn(std::string_view code, std::string_view lang) const {
    static const std::string kNone;
    if (auto t = local_.find(std::string(lang) + ":" + std::string(code)); t != local_.end()) return t->second;
    const CodeEntry* e = Find(code);
    return e ? e->name : kNone;
  }
  void AddLocalName(std::string_view lang, std::string_view code, std::string name) {
    local_[std::string(lang) + ":" + std::string(code)] = std::move(name);
  }

 private:
  std::unordered_map<std::string, CodeEntry> entries_;
  std::unordered_map<std::string, std::string> local_;  // "lang:code" -> name
};

struct HsEntry {
  std::string code;  // 2, 4 or 6 digits
  std::string description;
  std::string parent;
};

class ReferenceData {
 public:
  // Loads every code list from `dir` (the reference directory) and the HS nomenclature from
  // `hs_nomenclature` ("" = none: hs_available() is false). Invalid/NotFound naming the file on failure.
  static Result<std::shared_ptr<const ReferenceData>> Load(const std::string& dir, const std::string& hs_nomenclature);
  // The same with the shared data directory's nomenclature (HsNomenclaturePath(); none if absent).
  static Result<std::shared_ptr<const ReferenceData>> Load(const std::string& dir);

  // Whether the HS nomenclature was loaded; without it codes are not checked against it.
  bool hs_available() const { return !hs6_.empty(); }
  // HS 2022 nomenclature: true if `code` (2, 4 or 6 digits) exists at that depth.
  bool HsExists(std::string_view code) const { return hs_.count(std::string(code)) != 0; }
  const HsEntry* Hs(std::string_view code) const;
  // All 6-digit subheadings, sorted (for generators and classifiers).
  const std::vector<std::string>& HsSubheadings() const { return hs6_; }

  const CodeList& countries() const { return countries_; }
  const CodeList& currencies() const { return currencies_; }  // extra[0] = numeric, extra[1] = minor units
  const CodeList& units() const { return units_; }            // extra[0] = dimension
  const CodeList& document_types() const { return document_types_; }
  const CodeList& offices() const { return offices_; }        // extra[0] = country, extra[1] = roles
  const CodeList& package_kinds() const { return package_kinds_; }
  const CodeList& incoterms() const { return incoterms_; }
  const CodeList& transport_modes() const { return transport_modes_; }
  const CodeList& procedures() const { return procedures_; }  // extra[0] = declaration types allowed
  const CodeList& valuation_methods() const { return valuation_methods_; }
  const CodeList& representative_statuses() const { return representative_statuses_; }

  // Minor units of an ISO 4217 currency (2 for USD, 0 for JPY); nullopt if unknown.
  std::optional<int> CurrencyMinorUnits(std::string_view code) const;

 private:
  Status LoadHs(const std::string& path);
  std::unordered_map<std::string, HsEntry> hs_;
  std::vector<std::string> hs6_;
  CodeList countries_, currencies_, units_, document_types_, offices_, package_kinds_, incoterms_,
      transport_modes_, procedures_, valuation_methods_, representative_statuses_;
};

}  // namespace oc
