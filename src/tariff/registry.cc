#include "tariff/registry.h"

#include <map>
#include <mutex>

#include "refdata/reference_data.h"

namespace oc::tariff {

Result<std::shared_ptr<const Schedule>> LoadSchedule(const std::string& name) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const Schedule>> cache;
  std::lock_guard lk(mu);
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  if (name != "us-hts")
    return Status::Invalid("unknown_schedule", "unknown schedule '" + name + "' (known: us-hts)");
  std::string dir = DefaultSharedDataDir() + "/tariff";
  auto s = LoadUsHts(dir + "/us_hts_2023_htsdata.csv", dir + "/us_section301_product_lists.csv");
  if (!s.ok()) return s.status();
  cache[name] = s.value();
  return s;
}

Result<std::shared_ptr<const ExchangeRates>> DefaultExchangeRates() {
  static std::mutex mu;
  static std::shared_ptr<const ExchangeRates> cached;
  std::lock_guard lk(mu);
  if (cached) return cached;
  auto r = ExchangeRates::Load(DefaultReferenceDir() + "/ref/exchange_rates.csv");
  if (!r.ok()) return r.status();
  cached = r.value();
  return cached;
}

Result<Quote> QuoteInSchedule(const QuoteInput& input) {
  auto schedule = LoadSchedule(input.schedule);
  if (!schedule.ok()) return schedule.status();
  QuoteRequest req = input.request;
  if (input.currency != schedule.value()->currency()) {
    auto rates = DefaultExchangeRates();
    if (!rates.ok()) return rates.status();
    auto rate = rates.value()->Find(input.currency, schedule.value()->currency(), input.day);
    if (!rate.ok()) return rate.status();
    req.customs_value = req.customs_value * rate.value();
  }
  auto quote = QuoteDuty(*schedule.value(), req);
  if (quote.ok() && input.currency != schedule.value()->currency())
    quote->notes.push_back("value converted from " + input.currency + " at the rate valid on the acceptance date");
  return quote;
}

}  // namespace oc::tariff
