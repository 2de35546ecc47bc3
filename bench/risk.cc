// bench/risk: the fraud model's training time on the full labelled set (train 2020 + valid
// 2021-Q1, 45,519 rows), batch assessment throughput (features + model + five selectivity
// criteria + lanes) over many declarations on 2 cores, and online latency of assessing one
// declaration at a time (features, model, criteria). The last line is JSON.
//
//   build/bench/risk [--rows N] [--online N] [--json FILE]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "refdata/data_dirs.h"
#include "risk/batch.h"
#include "risk/declaration_facts.h"
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
  std::string dir = oc::SharedDataDir() + "/fraud/kcs-customs-declaration-datasets/";
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

  // Criteria of the kind risk officers write, with a watch-list of 200 importers.
  oc::risk::ListCatalog lists;
  std::vector<std::string> watch;
  for (size_t i = 0; i < rows.size() && watch.size() < 200; i += 97) watch.push_back(rows[i].importer);
  lists.Set("watch_importers", watch);
  lists.Set("sensitive_origins", {"CN", "VN", "TH", "IN", "KR"});
  std::vector<oc::risk::Criterion> criteria;
  const char* exprs[] = {
      "importer in @watch_importers",
      "chapter in [\"84\", \"85\"] and origin in @sensitive_origins and unit_value < 5",
      "customs_value > 100000000 and net_mass < 10",
      "hs_code starts_with [\"2402\", \"2208\", \"3004\"] and transport_mode != \"40\"",
      "model_score > 0.9 and not (office in [\"020\", \"030\"])"};
  for (int i = 0; i < 5; ++i) {
    oc::risk::Criterion c;
    c.id = "B" + std::to_string(i);
    c.version = 1;
    c.expression = exprs[i];
    c.lane = i % 2 ? oc::risk::Lane::kYellow : oc::risk::Lane::kRed;
    c.selection_percent = i == 3 ? 30 : 100;
    c.status = oc::risk::CriterionStatus::kActive;
    c.description = exprs[i];
    criteria.push_back(c);
  }
  std::vector<std::string> broken;
  auto rules = oc::risk::RuleSet::Build(criteria, oc::risk::DeclarationFields(), lists, &broken);
  if (!broken.empty()) { std::cerr << "criterion does not compile: " << broken[0] << "\n"; return 1; }
  oc::risk::LanePolicy policy;

  // Batch: the declarations of a busy period, assessed in chunks as `risk assess` does.
  std::vector<oc::risk::RiskRecord> chunk;
  const size_t kChunk = 65536;
  for (size_t i = 0; i < kChunk; ++i) chunk.push_back(rows[i % rows.size()]);
  size_t scored = 0, red = 0;
  double checksum = 0;
  auto t1 = Clock::now();
  while (scored < batch_rows) {
    auto s = oc::risk::AssessBatch(model.value().get(), rules, chunk, policy, 2);
    if (!s.ok()) { std::cerr << s.status().ToString() << "\n"; return 1; }
    checksum += s->scores[scored % kChunk];
    for (auto l : s->lanes) red += l == oc::risk::Lane::kRed;
    scored += chunk.size();
  }
  double batch_s = std::chrono::duration<double>(Clock::now() - t1).count();
  double per_s = scored / batch_s;

  // Online: one declaration per call, as on registration: features, model, criteria.
  std::vector<double> lat;
  lat.reserve(online);
  std::vector<oc::risk::Facts> facts;
  facts.emplace_back(oc::risk::DeclarationFields());
  size_t fired = 0;
  for (size_t i = 0; i < online; ++i) {
    const auto& row = rows[(i * 7919) % rows.size()];
    auto a = Clock::now();
    auto s = model.value()->Score({row});
    if (!s.ok()) return 1;
    oc::risk::RecordFacts(row, s.value()[0], facts[0]);
    fired += rules.Evaluate(facts, row.id, row.day).size();
    lat.push_back(std::chrono::duration<double, std::milli>(Clock::now() - a).count());
  }
  std::sort(lat.begin(), lat.end());
  double p50 = lat[lat.size() / 2], p99 = lat[lat.size() * 99 / 100];
  std::printf("trained on %d rows in %.1f s; batch-assessed %zu declarations (features, model, 5 criteria, lanes) "
              "in %.2f s: %.0f/s on 2 threads, %.2f%% red; online p50 %.3f ms, p99 %.3f ms (%zu criteria fired; "
              "checksum %.3f)\n",
              model.value()->info().rows, train_s, scored, batch_s, per_s, 100.0 * red / scored, p50, p99, fired,
              checksum);
  char line[256];
  std::snprintf(line, sizeof line,
                "{\"bench\":\"risk\",\"train_s\":%.1f,\"train_rows\":%d,\"batch_per_s\":%.0f,\"online_p50_ms\":%.3f,"
                "\"online_p99_ms\":%.3f}",
                train_s, model.value()->info().rows, per_s, p50, p99);
  std::puts(line);
  if (!json_out.empty()) if (FILE* f = std::fopen(json_out.c_str(), "w")) { std::fprintf(f, "%s\n", line); std::fclose(f); }
  return 0;
}
