// A tariff schedule: national tariff lines (HS 6 digits + national digits) with their rates,
// additional duties by origin, and the lines it could not compute with the reason why.
// Immutable after loading; safe to share between threads.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "tariff/rate.h"

namespace oc::tariff {

struct TariffLine {
  std::string code;         // digits only: 8 or 10
  std::string description;  // own text with its ancestors', most general first, joined by " > "
  std::vector<std::string> quantity_units;  // units of quantity the schedule names (informational)
  std::optional<Rate> general;              // column 1 / MFN; nullopt when declined
  std::string general_text;
  std::string general_declined;             // reason when the general rate is not computable
  std::vector<SpecialRate> special;         // preferential rates by programme
  std::optional<Rate> column2;              // statutory rate for column-2 countries
  std::string column2_text, column2_declined;
  std::string rates_from;                   // code of the line the rates were inherited from ("" = own)
  std::string legal_ref;                    // e.g. "HTSUS 8471.30.01"
};

// An additional ad valorem duty on goods of listed origins (Section 301, anti-dumping, safeguards).
struct AdditionalDuty {
  std::string measure_id;   // e.g. "9903.88.03"
  std::string description;  // e.g. "Section 301 (China), list 3"
  Decimal percent;
  std::set<std::string> origins;
};

struct ScheduleStats {
  size_t rows = 0;               // rows read from the source
  size_t lines = 0;              // tariff lines (8/10-digit codes) loaded
  size_t computable = 0;         // lines whose general rate computes
  std::map<std::string, size_t> declined_by_reason;  // general rate declined, by category
  std::map<std::string, size_t> by_kind;  // computable lines by kind: free, ad_valorem, specific, compound
  size_t additional_measures = 0;  // (line, additional duty) pairs
};

class Schedule {
 public:
  Schedule(std::string name, std::string currency) : name_(std::move(name)), currency_(std::move(currency)) {}

  const std::string& name() const { return name_; }
  const std::string& currency() const { return currency_; }

  void AddLine(TariffLine line);
  void AddAdditional(const std::string& code8, AdditionalDuty duty);
  void SetColumn2Countries(std::set<std::string> countries) { column2_countries_ = std::move(countries); }
  ScheduleStats& stats() { return stats_; }
  const ScheduleStats& stats() const { return stats_; }

  // Finds a line by 8 or 10 digits (dots and spaces ignored). An 8-digit code finds the 8-digit
  // line itself. NotFound("unknown_code") / Invalid("code_depth") otherwise.
  Result<const TariffLine*> Find(std::string_view code) const;
  // Additional duties that apply to `line` for goods of `origin`.
  std::vector<const AdditionalDuty*> AdditionalFor(const TariffLine& line, const std::string& origin) const;
  bool IsColumn2Country(const std::string& origin) const { return column2_countries_.count(origin) != 0; }
  size_t size() const { return lines_.size(); }
  const std::unordered_map<std::string, TariffLine>& lines() const { return lines_; }

 private:
  std::string name_, currency_;
  std::unordered_map<std::string, TariffLine> lines_;
  std::unordered_map<std::string, std::vector<AdditionalDuty>> additional_;  // by 8-digit code
  std::set<std::string> column2_countries_;
  ScheduleStats stats_;
};

// Loads the complete US Harmonized Tariff Schedule export (htsdata.csv) and, if given, the
// Section 301 product lists. NotFound/Invalid naming the file on failure.
Result<std::shared_ptr<const Schedule>> LoadUsHts(const std::string& hts_csv, const std::string& section301_csv);


}  // namespace oc::tariff
