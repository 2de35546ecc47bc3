// A national schedule as dated measures (data/tariff/<name>/measures.csv): duties, preferences,
// additional duties by origin, excise, VAT and customs fees, each on a code prefix. For a
// commodity code the longest matching prefix of each type wins. Immutable after loading.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tariff/assess.h"
#include "tariff/rate.h"

namespace oc::tariff {

enum class MeasureType { kDuty, kPreference, kAdditional, kExcise, kVat, kFee };
const char* MeasureTypeName(MeasureType t);

struct Measure {
  std::string id;
  MeasureType type = MeasureType::kDuty;
  std::string code;                 // digit prefix; "" = all goods
  std::set<std::string> origins;    // empty = all origins
  std::string programme, proof;     // preferences: programme code and the proof-of-origin document type
  Rate rate;
  int round = 2;                    // decimal places of the amount
  int64_t valid_from = 0, valid_to = 0;  // days since epoch, inclusive
  std::string legal_ref, description;
  std::map<std::string, std::string> descriptions;  // language ("ru", "uz") -> description
};

class NationalSchedule {
 public:
  // Loads `dir`/measures.csv and the descriptions in other languages, `dir`/i18n/measures.<lang>.csv
  // (id,description; optional). Invalid naming the line for a malformed row or an unknown id.
  static Result<std::shared_ptr<const NationalSchedule>> Load(const std::string& dir, std::string name,
                                                              std::string currency);
  const std::string& name() const { return name_; }
  const std::string& currency() const { return currency_; }
  size_t size() const { return measures_.size(); }

  // The measure of `type` with the longest prefix of `code`, valid on `day`, applicable to
  // `origin` (and, for preferences, of `programme`). nullptr if none.
  const Measure* Find(MeasureType type, const std::string& code, int64_t day, const std::string& origin,
                      const std::string& programme = "") const;
  // The measure with this id; nullptr if none.
  const Measure* ById(const std::string& id) const;
  // The measure's description in `lang`, its English one when it has none in that language.
  static const std::string& Description(const Measure& m, std::string_view lang);
  // Every additional duty applicable to the goods (one per measure id prefix chain).
  std::vector<const Measure*> Additional(const std::string& code, int64_t day, const std::string& origin) const;

 private:
  std::string name_, currency_;
  std::vector<Measure> measures_;
  // (type, code prefix) -> measures, so that a lookup tries the code's own prefixes, longest
  // first, instead of scanning every measure.
  std::unordered_map<std::string, std::vector<const Measure*>> by_prefix_;
  static std::string Key(MeasureType t, std::string_view prefix);
  Status LoadDescriptions(const std::string& path, const char* lang);
};

struct NationalItem {
  std::string code;                  // 6 to 10 digits
  std::string origin;
  Decimal customs_value;             // in the schedule's currency
  std::optional<Decimal> net_kg;
  std::vector<Quantity> quantities;
  std::string programme;             // claimed preference programme ("" = none)
  std::set<std::string> documents;   // document type codes presented for the item
  int64_t day = 0;                   // acceptance date
};

// Duty (or the claimed preference, if its proof document is presented), additional duties,
// excise and VAT on (customs value + duties + excise) for one item. Errors as QuoteDuty.
Result<std::vector<DutyLine>> AssessNationalItem(const NationalSchedule& schedule, const NationalItem& item,
                                                 const ToScheduleCurrency& convert, std::vector<std::string>* notes);
// The declaration-level customs fee on the total customs value (nullopt when no fee applies).
Result<std::optional<DutyLine>> AssessNationalFee(const NationalSchedule& schedule, Decimal total_customs_value,
                                                  int64_t day, const ToScheduleCurrency& convert);

// Rewrites the descriptions of `lines` (lines of this schedule's measures) in `lang`.
void LocaliseLines(const NationalSchedule& schedule, std::string_view lang, std::vector<DutyLine>& lines);

}  // namespace oc::tariff
