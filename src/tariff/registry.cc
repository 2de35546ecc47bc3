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
    return Status::Invalid("unknown_schedule", "unknown schedule '" + name + "' (known: us-hts, demo-uz)");
  std::string hts = SharedDataFile("tariff/us_hts_2023_htsdata.csv");
  if (hts.empty())
    return Status::Unavailable("schedule_unavailable",
                               "the us-hts schedule is read from the shared data directory (tariff/us_hts_2023_htsdata.csv), "
                               "which this server does not have (--shared-data)");
  std::string dir = SharedDataDir() + "/tariff";
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

bool IsNationalSchedule(const std::string& name) { return name == "demo-uz"; }

Result<std::shared_ptr<const NationalSchedule>> LoadNationalSchedule(const std::string& name) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const NationalSchedule>> cache;
  std::lock_guard lk(mu);
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  if (!IsNationalSchedule(name))
    return Status::Invalid("unknown_schedule", "unknown schedule '" + name + "' (known: us-hts, demo-uz)");
  auto s = NationalSchedule::Load(DefaultReferenceDir() + "/tariff/" + name, name, "UZS");
  if (!s.ok()) return s.status();
  cache[name] = s.value();
  return s;
}

namespace {

Result<Quote> QuoteNational(const QuoteInput& input) {
  auto schedule = LoadNationalSchedule(input.schedule);
  if (!schedule.ok()) return schedule.status();
  auto rates = DefaultExchangeRates();
  if (!rates.ok()) return rates.status();
  const NationalSchedule& s = *schedule.value();
  ToScheduleCurrency convert = [&](Decimal amount, const std::string& currency) -> Result<Decimal> {
    auto rate = rates.value()->Find(currency, s.currency(), input.day);
    if (!rate.ok()) return rate.status();
    return amount * rate.value();
  };
  auto value = convert(input.request.customs_value, input.currency);
  if (!value.ok()) return value.status();
  NationalItem item;
  for (char c : input.request.code) if (c >= '0' && c <= '9') item.code.push_back(c);
  item.origin = input.request.origin;
  item.customs_value = value.value();
  item.net_kg = input.request.net_kg;
  item.quantities = input.request.quantities;
  item.programme = input.request.preference;
  item.documents = input.documents;
  item.day = input.day;
  Quote q;
  q.code = item.code;
  q.currency = s.currency();
  q.customs_value = item.customs_value;
  auto lines = AssessNationalItem(s, item, convert, &q.notes);
  if (!lines.ok()) return lines.status();
  q.lines = std::move(lines.value());
  auto fee = AssessNationalFee(s, item.customs_value, input.day, convert);
  if (!fee.ok()) return fee.status();
  if (fee.value()) q.lines.push_back(*fee.value());
  LocaliseLines(s, input.language, q.lines);
  for (const auto& l : q.lines) q.total = q.total + l.amount;
  if (input.currency != s.currency())
    q.notes.push_back("value converted from " + input.currency + " at the rate valid on the acceptance date");
  return q;
}

}  // namespace

Result<Quote> QuoteInSchedule(const QuoteInput& input) {
  if (IsNationalSchedule(input.schedule)) return QuoteNational(input);
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
