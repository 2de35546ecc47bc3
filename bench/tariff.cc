// bench/tariff: load time of the complete US HTS and single-core assessment throughput of
// realistic goods items (random computable lines, origins including China and column-2
// countries, values, masses and quantities). The last line is JSON.
//
//   build/bench/tariff [--items N] [--json FILE]
#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "refdata/data_dirs.h"
#include "tariff/assess.h"
#include "tariff/registry.h"

using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  size_t items = 2000000;
  std::string json_out;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--items" && i + 1 < argc) items = std::stoul(argv[++i]);
    else if (a == "--json" && i + 1 < argc) json_out = argv[++i];
    else { std::cerr << "usage: tariff [--items N] [--json FILE]\n"; return 2; }
  }
  std::string dir = oc::SharedDataDir() + "/tariff";
  auto t0 = Clock::now();
  auto loaded = oc::tariff::LoadUsHts(dir + "/us_hts_2023_htsdata.csv", dir + "/us_section301_product_lists.csv");
  double load_s = std::chrono::duration<double>(Clock::now() - t0).count();
  if (!loaded.ok()) { std::cerr << loaded.status().ToString() << "\n"; return 1; }
  const auto& schedule = *loaded.value();

  // Realistic requests: computable lines, mostly MFN origins, some China, a few column 2.
  std::vector<const oc::tariff::TariffLine*> lines;
  for (const auto& [code, line] : schedule.lines()) if (line.general) lines.push_back(&line);
  std::mt19937_64 rng(42);
  const char* origins[] = {"DE", "CN", "CN", "VN", "MX", "KR", "IN", "TR", "RU", "JP"};
  const char* programmes[] = {"", "", "", "KR", "AU", "A"};
  std::vector<oc::tariff::QuoteRequest> requests(4096);
  for (auto& r : requests) {
    const auto* line = lines[rng() % lines.size()];
    r.code = line->code;
    r.origin = origins[rng() % 10];
    r.preference = programmes[rng() % 6];
    r.customs_value = oc::Decimal::FromUnits(static_cast<__int128>(100 + rng() % 100000) * oc::Decimal::kOne);
    r.net_kg = oc::Decimal::FromUnits(static_cast<__int128>(1 + rng() % 5000) * oc::Decimal::kOne);
    for (const char* unit : {"NAR", "NPR", "DZN", "LTR", "LPA", "MTK", "MTQ", "BLL", "KDW", "GRO", "TNE", "MTR"})
      r.quantities.push_back(oc::tariff::Quantity{oc::Decimal::FromInt(1 + static_cast<int64_t>(rng() % 500)), unit});
  }
  size_t ok = 0, failed = 0;
  oc::Decimal sum;
  auto t1 = Clock::now();
  for (size_t i = 0; i < items; ++i) {
    auto q = oc::tariff::QuoteDuty(schedule, requests[i % requests.size()]);
    if (q.ok()) { ++ok; sum = sum + q->total; } else { ++failed; }
  }
  double secs = std::chrono::duration<double>(Clock::now() - t1).count();
  double per_s = items / secs;
  const auto& st = schedule.stats();
  std::printf("loaded %zu tariff lines (%zu computable, %zu declined) from %zu rows in %.3f s\n", st.lines,
              st.computable, st.lines - st.computable, st.rows, load_s);
  std::printf("assessed %zu items on one core in %.2f s: %.0f items/s (%zu quoted, %zu refused; duties %s USD)\n",
              items, secs, per_s, ok, failed, sum.ToFixed(2).c_str());
  char line[256];
  std::snprintf(line, sizeof line,
                "{\"bench\":\"tariff\",\"load_s\":%.3f,\"items_per_s\":%.0f,\"lines\":%zu,\"computable\":%zu}", load_s,
                per_s, st.lines, st.computable);
  std::puts(line);
  if (!json_out.empty()) if (FILE* f = std::fopen(json_out.c_str(), "w")) { std::fprintf(f, "%s\n", line); std::fclose(f); }
  return 0;
}
