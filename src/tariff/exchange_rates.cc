#include "tariff/exchange_rates.h"

#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>

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

const ExchangeRateEntry* ExchangeRates::EntryFor(const std::string& from, const std::string& to, int64_t day) const {
  for (const auto& e : entries_) {
    if (day < e.valid_from || day > e.valid_to) continue;
    if ((e.from == from && e.to == to) || (e.from == to && e.to == from)) return &e;
  }
  return nullptr;
}

Result<Decimal> ExchangeRates::Find(const std::string& from, const std::string& to, int64_t day) const {
  if (from == to) return Decimal::FromInt(1);
  if (const ExchangeRateEntry* e = EntryFor(from, to, day))
    return e->from == from ? e->rate : Decimal::Div(Decimal::FromInt(1), e->rate);
  return Status::Invalid("missing_exchange_rate",
                         "no exchange rate from " + from + " to " + to + " is valid on " + FormatIsoDate(day));
}

namespace {

bool IsCurrencyCode(const std::string& s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

Status BadRate(const std::string& where, const std::string& why) {
  return Status::Invalid("bad_exchange_rate", where + ": " + why);
}

}  // namespace

Result<std::vector<ExchangeRateEntry>> ParseCentralBankJson(std::string_view text, const std::string& national) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_array()) return BadRate("input", "not a JSON array of rates");
  std::vector<ExchangeRateEntry> out;
  for (size_t i = 0; i < j.size(); ++i) {
    const auto& e = j[i];
    std::string where = "element " + std::to_string(i);
    auto text_of = [&](const char* k) -> std::string {
      if (!e.is_object() || !e.contains(k)) return "";
      if (e[k].is_string()) return e[k].get<std::string>();
      if (e[k].is_number()) return e[k].dump();
      return "";
    };
    std::string ccy = text_of("Ccy"), rate_text = text_of("Rate"), nominal_text = text_of("Nominal"), date = text_of("Date");
    if (!IsCurrencyCode(ccy)) return BadRate(where, "'Ccy' must be an ISO 4217 code");
    auto rate = Decimal::Parse(rate_text);
    if (!rate || rate->is_negative() || rate->is_zero()) return BadRate(where, "'Rate' must be a positive decimal");
    auto nominal = nominal_text.empty() ? Decimal::FromInt(1) : Decimal::Parse(nominal_text).value_or(Decimal());
    if (nominal.is_zero() || nominal.is_negative()) return BadRate(where, "'Nominal' must be a positive number");
    // "DD.MM.YYYY"
    std::optional<int64_t> day;
    if (date.size() == 10 && date[2] == '.' && date[5] == '.')
      day = ParseIsoDate(date.substr(6, 4) + "-" + date.substr(3, 2) + "-" + date.substr(0, 2));
    if (!day) return BadRate(where, "'Date' must be DD.MM.YYYY");
    // The rate holds until further notice, i.e. to kOpenEndedDay: a later start has no period.
    if (*day > kOpenEndedDay) return BadRate(where, "'Date' must not be after " + FormatIsoDate(kOpenEndedDay));
    out.push_back({ccy, national, Decimal::Div(*rate, nominal), *day, kOpenEndedDay});
  }
  return out;
}

Result<std::vector<ExchangeRateEntry>> ParseRatesCsv(std::string_view text) {
  auto rows = ParseCsv(text);
  if (!rows.ok()) return rows.status();
  std::vector<ExchangeRateEntry> out;
  for (size_t i = 1; i < rows->size(); ++i) {
    const auto& r = rows.value()[i];
    std::string where = "line " + std::to_string(i + 1);
    if (r.size() != 4 && r.size() != 5) return BadRate(where, "expected from,to,rate,valid_from[,valid_to]");
    if (!IsCurrencyCode(r[0]) || !IsCurrencyCode(r[1])) return BadRate(where, "currencies must be ISO 4217 codes");
    auto rate = Decimal::Parse(r[2]);
    if (!rate || rate->is_negative() || rate->is_zero()) return BadRate(where, "the rate must be a positive decimal");
    auto from = ParseIsoDate(r[3]);
    auto to = r.size() == 5 && !r[4].empty() ? ParseIsoDate(r[4]) : std::optional<int64_t>(kOpenEndedDay);
    if (!from || !to || *to < *from) return BadRate(where, "validity must be YYYY-MM-DD dates, from <= to");
    out.push_back({r[0], r[1], *rate, *from, *to});
  }
  return out;
}

int MergeRates(std::vector<ExchangeRateEntry>& table, const std::vector<ExchangeRateEntry>& incoming) {
  int changed = 0;
  for (const auto& in : incoming) {
    bool same = false;
    for (const auto& e : table)
      if (e.from == in.from && e.to == in.to && e.rate == in.rate && e.valid_from <= in.valid_from &&
          in.valid_from <= e.valid_to)
        same = true;
    if (same) continue;
    // Periods of this pair that reach into the new one end the day before it starts; a
    // period starting on or after it is superseded from there. Periods wholly before or after
    // it stay as they are (cutting one after it would move its start into the gap between).
    std::vector<ExchangeRateEntry> kept;
    for (auto& e : table) {
      if (e.from != in.from || e.to != in.to || e.valid_to < in.valid_from || e.valid_from > in.valid_to) {
        kept.push_back(e);
        continue;
      }
      if (e.valid_from < in.valid_from) {
        ExchangeRateEntry head = e;
        head.valid_to = in.valid_from - 1;
        kept.push_back(head);
      }
      if (e.valid_to > in.valid_to) {
        ExchangeRateEntry tail = e;
        tail.valid_from = in.valid_to + 1;
        kept.push_back(tail);
      }
    }
    kept.push_back(in);
    table = std::move(kept);
    ++changed;
  }
  return changed;
}

std::string RatesCsv(std::vector<ExchangeRateEntry> table) {
  std::sort(table.begin(), table.end(), [](const auto& a, const auto& b) {
    return std::tie(a.from, a.to, a.valid_from) < std::tie(b.from, b.to, b.valid_from);
  });
  std::ostringstream out;
  out << "from,to,rate,valid_from,valid_to\n";
  for (const auto& e : table)
    out << e.from << "," << e.to << "," << e.rate.ToString() << "," << FormatIsoDate(e.valid_from) << ","
        << FormatIsoDate(e.valid_to) << "\n";
  return out.str();
}

}  // namespace oc::tariff
