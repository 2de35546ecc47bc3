#include "tariff/exchange_rates.h"

#include "common/dates.h"
#include "refdata/csv.h"

namespace oc::tariff {

Result<std::shared_ptr<const ExchangeRates>> ExchangeRates::Load(const std::string& path) {
  auto rows = ReadCsvFile(path);
  if (!rows.ok()) return rows.status();
  auto table = std::make_shared<ExchangeRates>();
  for (size_t i = 1; i < rows->size(); ++i) {
    const auto& r = rows.value()[i];
    auto rate = r.size() == 5 ? Decimal::Parse(r[2]) : std::nullopt;
    auto from = r.size() == 5 ? ParseIsoDate(r[3]) : std::nullopt;
    auto to = r.size() == 5 ? ParseIsoDate(r[4]) : std::nullopt;
    if (!rate || !from || !to || rate->is_zero() || rate->is_negative())
      return Status::Invalid("bad_exchange_rate", path + ": line " + std::to_string(i + 1) + " is not from,to,rate,valid_from,valid_to");
    table->Add(ExchangeRateEntry{r[0], r[1], *rate, *from, *to});
  }
  return std::shared_ptr<const ExchangeRates>(std::move(table));
}

Result<Decimal> ExchangeRates::Find(const std::string& from, const std::string& to, int64_t day) const {
  if (from == to) return Decimal::FromInt(1);
  for (const auto& e : entries_) {
    if (day < e.valid_from || day > e.valid_to) continue;
    if (e.from == from && e.to == to) return e.rate;
    if (e.from == to && e.to == from) return Decimal::Div(Decimal::FromInt(1), e.rate);
  }
  return Status::Invalid("missing_exchange_rate",
                         "no exchange rate from " + from + " to " + to + " is valid on " + FormatIsoDate(day));
}

}  // namespace oc::tariff
