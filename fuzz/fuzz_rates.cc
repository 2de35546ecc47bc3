// Official exchange rates as `opencustoms rates import FILE` reads them: the central bank's
// JSON (ParseCentralBankJson) or CSV (ParseRatesCsv), then merged into a table (MergeRates)
// as the import does. The first input byte picks the format.
// Invariants (exchange_rates.h):
//  - neither parser throws or crashes; each entry has two currency codes, a positive rate and
//    valid_from <= valid_to;
//  - RatesCsv of the parsed entries parses back to the same entries;
//  - after merging, no two periods of one currency pair overlap: a day has one official rate.
#include <algorithm>
#include <cstdint>
#include <tuple>

#include "fuzz_util.h"
#include "tariff/exchange_rates.h"

namespace {

using oc::tariff::ExchangeRateEntry;

auto Key(const ExchangeRateEntry& e) { return std::tie(e.from, e.to, e.valid_from, e.valid_to, e.rate); }

std::vector<ExchangeRateEntry> Sorted(std::vector<ExchangeRateEntry> v) {
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return Key(a) < Key(b); });
  return v;
}

bool Same(const std::vector<ExchangeRateEntry>& a, const std::vector<ExchangeRateEntry>& b) {
  auto x = Sorted(a), y = Sorted(b);
  return std::equal(x.begin(), x.end(), y.begin(), y.end(), [](const auto& p, const auto& q) { return Key(p) == Key(q); });
}

void CheckNoOverlap(const std::vector<ExchangeRateEntry>& table) {
  auto t = Sorted(table);
  for (size_t i = 0; i < t.size(); ++i) {
    FUZZ_CHECK(t[i].valid_from <= t[i].valid_to, "a period ends before it starts");
    if (i > 0 && t[i - 1].from == t[i].from && t[i - 1].to == t[i].to)
      FUZZ_CHECK(t[i - 1].valid_to < t[i].valid_from,
                 "two rates for " + t[i].from + "->" + t[i].to + " on day " + std::to_string(t[i].valid_from));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text = oc::fuzz::Bytes(data + 1, size - 1);
  auto entries = data[0] & 1 ? oc::tariff::ParseCentralBankJson(text, "UZS") : oc::tariff::ParseRatesCsv(text);
  if (!entries.ok()) return 0;
  for (const auto& e : entries.value()) {
    FUZZ_CHECK(e.from.size() == 3 && e.to.size() == 3, "currency codes");
    FUZZ_CHECK(!e.rate.is_negative() && !e.rate.is_zero(), "rate " + e.rate.ToString());
    FUZZ_CHECK(e.valid_from <= e.valid_to, "validity");
  }
  auto back = oc::tariff::ParseRatesCsv(oc::tariff::RatesCsv(entries.value()));
  FUZZ_CHECK(back.ok() && Same(back.value(), entries.value()), "RatesCsv does not read back the same rates");

  std::vector<ExchangeRateEntry> table;
  oc::tariff::MergeRates(table, entries.value());
  CheckNoOverlap(table);
  return 0;
}
