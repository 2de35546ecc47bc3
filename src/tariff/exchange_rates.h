// Exchange rates with validity dates, for converting declared amounts into a schedule's
// currency on the acceptance date. Immutable after loading; thread-safe.
#pragma once

#include <memory>
#include <string>
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

 private:
  std::vector<ExchangeRateEntry> entries_;
};

}  // namespace oc::tariff
