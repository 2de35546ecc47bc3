// Exchange rates with validity dates, for converting declared amounts into a schedule's
// currency on the acceptance date. Immutable after loading; thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/decimal.h"
#include "common/status.h"

namespace oc::tariff {

struct ExchangeRateEntry {
  std::string from, to;  // 1 `from` = rate `to`
  Decimal rate;
  int64_t valid_from = 0, valid_to = 0;  // days since epoch, inclusive
};

class ExchangeRates {
 public:
  // CSV "from,to,rate,valid_from,valid_to" (ISO dates). Invalid naming the line on bad rows.
  static Result<std::shared_ptr<const ExchangeRates>> Load(const std::string& path);
  void Add(ExchangeRateEntry e) { entries_.push_back(std::move(e)); }
  // Rate from -> to valid on `day` (direct, or the inverse of to -> from); 1 for equal currencies.
  // Invalid("missing_exchange_rate") otherwise.
  Result<Decimal> Find(const std::string& from, const std::string& to, int64_t day) const;
  // The entry Find uses for from -> to on `day` (it may be to -> from: the caller inverts it);
  // nullptr when there is none. Valid as long as this table.
  const ExchangeRateEntry* EntryFor(const std::string& from, const std::string& to, int64_t day) const;
  const std::vector<ExchangeRateEntry>& entries() const { return entries_; }

 private:
  std::vector<ExchangeRateEntry> entries_;
};

// --- importing official rates ---

// The last day an open-ended rate is valid ("until further notice").
inline constexpr int64_t kOpenEndedDay = 47481;  // 2099-12-31

// Rates published by a central bank as a JSON array of
// {"Ccy": "USD", "Rate": "12650.25", "Nominal": "1", "Date": "21.11.2026", ...} (the format of the
// Central Bank of Uzbekistan; other members ignored): each becomes `Ccy` -> `national`, rate per
// one unit, valid from `Date`. Invalid("bad_exchange_rate") naming the element otherwise.
Result<std::vector<ExchangeRateEntry>> ParseCentralBankJson(std::string_view text, const std::string& national);

// CSV rows "from,to,rate,valid_from[,valid_to]" (header required; valid_to empty = open-ended).
Result<std::vector<ExchangeRateEntry>> ParseRatesCsv(std::string_view text);

// Merges incoming rates into a table: a new rate for a pair starts on its valid_from and ends
// the period of the rate it supersedes the day before; an identical rate is a no-op, and a
// rate for a day an earlier import already covered with another value replaces it from that
// day. Returns how many entries were added or changed.
int MergeRates(std::vector<ExchangeRateEntry>& table, const std::vector<ExchangeRateEntry>& incoming);

// The table as CSV "from,to,rate,valid_from,valid_to", sorted by pair and date.
std::string RatesCsv(std::vector<ExchangeRateEntry> table);

}  // namespace oc::tariff
