// bench/classify: the HS classifier end to end on this machine. Trains it from the committed
// labelled descriptions (validation buckets 6+ held out), the nomenclature and, when present, the
// US tariff (../shared/data); then classifies the held-out descriptions one at a time on one
// thread (latency) and all at once on every core (throughput), and scores them.
//
//   build/bench/classify [--data-root DIR] [--rounds N] [--model DIR] [--threads N] [--json FILE]
//
// --model DIR measures a model trained before (`opencustoms classify train --holdout-from 6
// --out DIR`) instead of training one; train_s is then 0.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "refdata/data_dirs.h"
#include "classify/trainer.h"
#include "classify/training_data.h"

using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  std::string json_out, model_dir;
  int rounds = 5;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--shared-data") oc::ConfigureSharedDataDir(next());
    else if (a == "--rounds") rounds = std::max(1, std::stoi(next()));
    else if (a == "--json") json_out = next();
    else if (a == "--model") model_dir = next();
    else if (a == "--threads") threads = static_cast<unsigned>(std::max(1, std::stoi(next())));
    else { std::fprintf(stderr, "usage: classify [--shared-data DIR] [--rounds N] [--model DIR] [--threads N] [--json FILE]\n"); return 2; }
  }
  oc::classify::TrainingSources sources;
  sources.labelled = oc::SharedDataFile("hs/labeled/hs_labeled_trainval.csv");
  sources.nomenclature = oc::HsNomenclaturePath();
  sources.tariff = oc::SharedDataFile("tariff/us_hts_2023_htsdata.csv");
  if (sources.labelled.empty() || sources.nomenclature.empty()) {
    std::fprintf(stderr, "classify: the labelled descriptions and the HS nomenclature are read from the shared data "
                         "directory (--shared-data DIR, OC_SHARED_DATA or ../shared/data), which has none\n");
    return 2;
  }
  if (sources.tariff.empty()) std::fprintf(stderr, "note: no US tariff in the shared data, training without it\n");
  sources.holdout_from = 6;
  auto dir = std::filesystem::temp_directory_path() / ("oc-bench-classify-" + std::to_string(getpid()));
  oc::classify::TrainingReport trained;
  if (model_dir.empty()) {
    auto report = oc::classify::TrainClassifier(sources, dir.string());
    if (!report.ok()) { std::fprintf(stderr, "%s\n", report.status().ToString().c_str()); return 1; }
    trained = report.value();
  }
  auto load_start = Clock::now();
  auto classifier = oc::classify::LoadClassifier(model_dir.empty() ? dir.string() : model_dir, sources.nomenclature);
  double load_s = std::chrono::duration<double>(Clock::now() - load_start).count();
  if (model_dir.empty()) std::filesystem::remove_all(dir);
  if (!classifier.ok()) { std::fprintf(stderr, "%s\n", classifier.status().ToString().c_str()); return 1; }
  auto rows = oc::classify::ReadLabelled(sources.labelled);
  if (!rows.ok()) { std::fprintf(stderr, "%s\n", rows.status().ToString().c_str()); return 1; }
  std::vector<oc::classify::LabelledRow> held_out;
  for (auto& r : rows.value())
    if (r.split_bucket >= 6) held_out.push_back(std::move(r));

  // Latency: one description at a time, one thread.
  std::vector<double> ms;
  int hs6_top1 = 0, hs4_top1 = 0;
  for (int round = 0; round < rounds; ++round)
    for (const auto& r : held_out) {
      auto t0 = Clock::now();
      auto s = classifier.value()->Suggest(r.description, 5);
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      if (round > 0 || s.empty()) continue;
      for (int digits : {4, 6}) {
        bool right = std::any_of(r.codes.begin(), r.codes.end(),
                                 [&](const std::string& c) { return c.compare(0, digits, s[0].hs6.substr(0, digits)) == 0; });
        (digits == 4 ? hs4_top1 : hs6_top1) += right;
      }
    }
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<size_t>(p / 100 * ms.size()))]; };

  // The lodging check: each description against its declared (here: its own) code, uncached.
  std::vector<double> check_ms;
  for (const auto& r : held_out) {
    auto t0 = Clock::now();
    classifier.value()->Check(r.description, r.codes.front());
    check_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(check_ms.begin(), check_ms.end());
  double check_p99 = check_ms[std::min(check_ms.size() - 1, static_cast<size_t>(0.99 * check_ms.size()))];

  // Throughput: every core classifying its share of the descriptions, several rounds and at
  // least five seconds (shorter runs on a shared VM varied by a third from run to run).
  std::atomic<size_t> next{0}, done{0};
  std::atomic<bool> stop{false};
  const size_t at_least = held_out.size() * static_cast<size_t>(rounds);
  auto t0 = Clock::now();
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      while (!stop) {
        size_t i = next++;
        classifier.value()->Suggest(held_out[i % held_out.size()].description, 5);
        size_t finished = ++done;
        if (finished >= at_least && Clock::now() - t0 >= std::chrono::seconds(5)) stop = true;
      }
    });
  for (auto& t : pool) t.join();
  double per_s = static_cast<double>(done) / std::chrono::duration<double>(Clock::now() - t0).count();

  double n = static_cast<double>(held_out.size());
  std::printf("trained on %zu texts (%zu labelled, %zu nomenclature, %zu tariff) over %zu codes in %.1f s; loaded in %.1f s\n",
              trained.texts, trained.labelled, trained.nomenclature, trained.tariff, trained.codes, trained.seconds, load_s);
  std::printf("%zu held-out descriptions: HS6 top-1 %.3f, HS4 top-1 %.3f; latency p50 %.3f ms, p99 %.3f ms (1 thread); "
              "%.0f descriptions/s on %u threads\n",
              held_out.size(), hs6_top1 / n, hs4_top1 / n, pct(50), pct(99), per_s, threads);
  std::printf("checking a declared code: p99 %.3f ms\n", check_p99);
  char line[320];
  std::snprintf(line, sizeof line,
                "{\"bench\":\"classify\",\"train_s\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"per_s\":%.0f,\"hs6_top1\":%.3f,"
                "\"hs4_top1\":%.3f,\"check_p99_ms\":%.3f}",
                trained.seconds, pct(50), pct(99), per_s, hs6_top1 / n, hs4_top1 / n, check_p99);
  std::puts(line);
  if (!json_out.empty())
    if (FILE* f = std::fopen(json_out.c_str(), "w")) {
      std::fputs(line, f);
      std::fputs("\n", f);
      std::fclose(f);
    }
  return 0;
}
