// bench/risk: the fraud model's training time on the full labelled set (train 2020 + valid
// 2021-Q1, 45,519 rows), batch scoring throughput (features + model) over many declarations on
// 2 cores, and online latency of scoring one declaration at a time. The last line is JSON.
//
//   build/bench/risk [--rows N] [--online N] [--json FILE]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "risk/model.h"
#include "tariff/schedule.h"

using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  size_t batch_rows = 1000000, online = 5000;
  std::string json_out;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--rows" && i + 1 < argc) batch_rows = std::stoul(argv[++i]);
    else if (a == "--online" && i + 1 < argc) online = std::stoul(argv[++i]);
    else if (a == "--json" && i + 1 < argc) json_out = argv[++i];
    else { std::cerr << "usage: risk [--rows N] [--online N] [--json FILE]\n"; return 2; }
  }
  std::string dir = oc::tariff::DefaultSharedDataDir() + "/fraud/kcs-customs-declaration-datasets/";
  if (!std::filesystem::exists(dir + "df_syn_train_eng.csv")) {
    std::cerr << "risk bench: the labelled data set is not in " << dir << "\n";
    return 1;
  }
  std::vector<oc::risk::RiskRecord> rows;
  for (const char* f : {"df_syn_train_eng.csv", "df_syn_valid_eng.csv"}) {
    auto part = oc::risk::LoadKcsCsv(dir + f);
    if (!part.ok()) { std::cerr << part.status().ToString() << "\n"; return 1; }
    rows.insert(rows.end(), part->begin(), part->end());
  }
  auto t0 = Clock::now();
  auto model = oc::risk::FraudModel::Train(rows, oc::risk::TrainOptions{});
  double train_s = std::chrono::duration<double>(Clock::now() - t0).count();
  if (!model.ok()) { std::cerr << model.status().ToString() << "\n"; return 1; }

  // Batch: the declarations of a busy period, scored in chunks as `risk assess` does.
  std::vector<oc::risk::RiskRecord> chunk;
  const size_t kChunk = 65536;
  for (size_t i = 0; i < kChunk; ++i) chunk.push_back(rows[i % rows.size()]);
  size_t scored = 0;
  double checksum = 0;
  auto t1 = Clock::now();
  while (scored < batch_rows) {
    auto s = model.value()->Score(chunk);
    if (!s.ok()) { std::cerr << s.status().ToString() << "\n"; return 1; }
    checksum += s.value()[scored % kChunk];
    scored += chunk.size();
  }
  double batch_s = std::chrono::duration<double>(Clock::now() - t1).count();
  double per_s = scored / batch_s;

  // Online: one declaration per call, as on registration.
  std::vector<double> lat;
  lat.reserve(online);
  for (size_t i = 0; i < online; ++i) {
    auto a = Clock::now();
    auto s = model.value()->Score({rows[(i * 7919) % rows.size()]});
    lat.push_back(std::chrono::duration<double, std::milli>(Clock::now() - a).count());
    if (!s.ok()) return 1;
  }
  std::sort(lat.begin(), lat.end());
  double p50 = lat[lat.size() / 2], p99 = lat[lat.size() * 99 / 100];
  std::printf("trained on %d rows in %.1f s; batch-scored %zu declarations in %.2f s: %.0f/s (2 threads); "
              "online p50 %.3f ms, p99 %.3f ms (checksum %.3f)\n",
              model.value()->info().rows, train_s, scored, batch_s, per_s, p50, p99, checksum);
  char line[256];
  std::snprintf(line, sizeof line,
                "{\"bench\":\"risk\",\"train_s\":%.1f,\"train_rows\":%d,\"batch_per_s\":%.0f,\"online_p50_ms\":%.3f,"
                "\"online_p99_ms\":%.3f}",
                train_s, model.value()->info().rows, per_s, p50, p99);
  std::puts(line);
  if (!json_out.empty()) if (FILE* f = std::fopen(json_out.c_str(), "w")) { std::fprintf(f, "%s\n", line); std::fclose(f); }
  return 0;
}
