// DemoGenerator: realistic synthetic declarations for demos, tests and benchmarks — real HS 2022
// subheadings, real countries and offices from reference data, plausible unit prices, masses,
// packages and a fixed cast of demo trader organisations. Deterministic for a given seed.
// Clearly demo data: every trader name ends in "(demo)".
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "declaration/declaration.h"
#include "refdata/reference_data.h"
#include "tariff/national.h"

namespace oc {

struct DemoTrader {
  std::string tin, name, city, username;
};

// The demo trader organisations (TINs are 9-digit, Uzbek-style but fictitious).
const std::vector<DemoTrader>& DemoTraders();

class DemoGenerator {
 public:
  DemoGenerator(const ReferenceData& ref, uint64_t seed, std::string country = "UZ", std::string currency = "UZS");
  // The n-th declaration for `declarant` (one of DemoTraders() or any TIN); `items` 0 = random 1..8.
  // `issue_date` is an ISO date; the LRN is unique per (seed, n).
  Declaration Make(uint64_t n, const DemoTrader& declarant, int items, const std::string& issue_date);
  // Like Make, picking the declarant by n.
  Declaration Make(uint64_t n, int items, const std::string& issue_date);
  // With a schedule, items get the supplementary quantity its measures need (litres for wine,
  // pieces for cigarettes, pairs for shoes...). The schedule must outlive the generator.
  void SetSchedule(const tariff::NationalSchedule* schedule) { schedule_ = schedule; }
  // Whether the n-th declaration is undervalued: its first item is priced at 30-45 % of what the
  // goods cost (about one declaration in twelve). The demo's inspections find exactly these.
  bool Undervalued(uint64_t n) const;

  // Most goods come from a few dozen commodities (as at a real border: the same goods again and
  // again, which is what valuation references need), the rest from the whole nomenclature.
  static constexpr size_t kCommonCommodities = 40;
  static constexpr int kCommonPercent = 85;

 private:
  std::string PickHs();
  const ReferenceData& ref_;
  std::mt19937_64 rng_;
  std::string country_, currency_;
  uint64_t seed_;
  std::vector<std::string> hs_pool_;
  std::vector<std::string> common_;  // kCommonCommodities codes of hs_pool_, fixed by the seed
  std::vector<std::string> entry_offices_;
  const tariff::NationalSchedule* schedule_ = nullptr;
};

}  // namespace oc
