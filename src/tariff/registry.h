// The schedules this installation knows, by name ("us-hts"), loaded on first use and cached.
#pragma once

#include <memory>
#include <set>
#include <string>

#include "tariff/assess.h"
#include "tariff/exchange_rates.h"
#include "tariff/national.h"
#include "tariff/schedule.h"

namespace oc::tariff {

// "us-hts": the complete US HTS from the shared data folder. Thread-safe; cached per process.
// Invalid("unknown_schedule") for other names; NotFound when the source data is absent.
Result<std::shared_ptr<const Schedule>> LoadSchedule(const std::string& name);
// "demo-uz": the demo national schedule in data/tariff/demo-uz (UZS). Cached; thread-safe.
Result<std::shared_ptr<const NationalSchedule>> LoadNationalSchedule(const std::string& name);
bool IsNationalSchedule(const std::string& name);
// The exchange-rate table in data/ref/exchange_rates.csv (demo rates; cached).
Result<std::shared_ptr<const ExchangeRates>> DefaultExchangeRates();

// A quote as users ask for it: a schedule by name, a value in any currency on a date. Converts
// the value into the schedule's currency at the rate valid on that date, then QuoteDuty.
// The one code path behind `opencustoms tariff quote` and POST /v1/tariff/quote.
struct QuoteInput {
  std::string schedule = "us-hts";
  QuoteRequest request;  // customs_value in `currency`, converted here
  std::string currency;
  int64_t day = 0;       // acceptance date, days since epoch
  std::set<std::string> documents;  // presented document types (proof of origin for preferences)
  std::string language = "en";      // of the measures' descriptions, where the schedule has them
};
Result<Quote> QuoteInSchedule(const QuoteInput& input);

}  // namespace oc::tariff
