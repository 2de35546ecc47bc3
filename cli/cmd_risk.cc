// `risk train` and `risk evaluate`: the fraud-targeting model from labelled declarations
// (the KCS data set's columns; see ../shared/data/fraud/README.md).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "common/dates.h"
#include "risk/metrics.h"
#include "risk/model.h"

namespace oc::cli {

namespace {

// Published results on the visible split (train 2020 -> valid 2021-Q1), shown for comparison only.
struct Peer { const char* name; double auc, p1, p2, p5, p10; };
const Peer kPeers[] = {
    {"peer: XGBoost, publisher's settings", 0.812, 0.832, 0.811, 0.755, 0.684},
    {"peer: random forest, 100 trees", 0.801, 0.983, 0.935, 0.793, 0.660},
    {"peer: XGBoost + LR on leaves (DATE)", 0.744, 0.741, 0.753, 0.682, 0.587},
    {"peer: random", 0.496, 0.212, 0.212, 0.208, 0.207},
};

Result<std::vector<risk::RiskRecord>> LoadAll(const std::vector<std::string>& paths) {
  std::vector<risk::RiskRecord> all;
  for (const auto& p : paths) {
    if (p.empty()) continue;
    auto rows = risk::LoadKcsCsv(p);
    if (!rows.ok()) return rows.status();
    all.insert(all.end(), rows->begin(), rows->end());
  }
  return all;
}

}  // namespace

void RegisterRisk(CLI::App& app, int& exit_code) {
  auto* risk_cmd = app.add_subcommand("risk", "Fraud targeting: train and evaluate the model");
  risk_cmd->require_subcommand(1);
  struct Opts {
    std::string train, valid, test, json, out = "var/models/fraud.json";
    int rounds = 300, depth = 6, threads = 2;
  };
  auto o = std::make_shared<Opts>();

  auto* train = risk_cmd->add_subcommand("train", "Train the fraud model on labelled declarations and save it");
  train->add_option("--train", o->train, "labelled declarations (CSV)")->required();
  train->add_option("--valid", o->valid, "more labelled declarations, trained on too");
  train->add_option("--out", o->out, "model file")->capture_default_str();
  train->add_option("--rounds", o->rounds, "boosting rounds")->capture_default_str();
  train->callback([o, &exit_code] {
    auto rows = LoadAll({o->train, o->valid});
    if (Failed(rows.status(), exit_code, 2)) return;
    risk::TrainOptions opts;
    opts.rounds = o->rounds;
    auto start = std::chrono::steady_clock::now();
    auto model = risk::FraudModel::Train(rows.value(), opts);
    if (Failed(model.status(), exit_code)) return;
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (Failed(model.value()->Save(o->out), exit_code)) return;
    const auto& info = model.value()->info();
    std::printf("trained %s on %d rows (%s .. %s, fraud rate %.3f) in %.1f s -> %s\n", info.version.c_str(), info.rows,
                FormatIsoDate(info.trained_from_day).c_str(), FormatIsoDate(info.trained_to_day).c_str(),
                info.fraud_rate, secs, o->out.c_str());
  });

  auto* eval = risk_cmd->add_subcommand("evaluate", "Train on every row dated before the test period, score the test file");
  eval->add_option("--train", o->train, "labelled declarations (CSV)")->required();
  eval->add_option("--valid", o->valid, "more labelled declarations; used for training where dated before the test");
  eval->add_option("--test", o->test, "labelled declarations to score")->required();
  eval->add_option("--json", o->json, "also write the figures as JSON to this file");
  eval->add_option("--rounds", o->rounds, "boosting rounds")->capture_default_str();
  eval->callback([o, &exit_code] {
    auto history = LoadAll({o->train, o->valid});
    if (Failed(history.status(), exit_code, 2)) return;
    auto test = risk::LoadKcsCsv(o->test);
    if (Failed(test.status(), exit_code, 2)) return;
    if (test->empty()) { Failed(Status::Invalid("empty", o->test + " has no rows"), exit_code, 2); return; }
    std::vector<int> labels;
    int64_t first_test_day = test->front().day;
    for (const auto& r : test.value()) {
      first_test_day = std::min(first_test_day, r.day);
      if (r.label < 0) { Failed(Status::Invalid("unlabelled", o->test + " has rows without the Fraud label"), exit_code, 2); return; }
      labels.push_back(r.label);
    }
    // No peeking: only rows dated before the test period train the model.
    std::vector<risk::RiskRecord> before;
    for (auto& r : history.value())
      if (r.day < first_test_day) before.push_back(std::move(r));
    risk::TrainOptions opts;
    opts.rounds = o->rounds;
    auto start = std::chrono::steady_clock::now();
    auto model = risk::FraudModel::Train(before, opts);
    if (Failed(model.status(), exit_code)) return;
    double train_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    auto scores = model.value()->Score(test.value());
    if (Failed(scores.status(), exit_code)) return;
    double auc = risk::Auc(scores.value(), labels);
    nlohmann::json precision = nlohmann::json::object(), recall = nlohmann::json::object();
    double p[4], r[4];
    const int pct[4] = {1, 2, 5, 10};
    for (int i = 0; i < 4; ++i) {
      auto at = risk::TopPercent(scores.value(), labels, pct[i]);
      p[i] = at.precision;
      r[i] = at.recall;
      precision[std::to_string(pct[i])] = std::round(at.precision * 10000) / 10000;
      recall[std::to_string(pct[i])] = std::round(at.recall * 10000) / 10000;
    }
    const auto& info = model.value()->info();
    std::printf("trained on %d rows dated %s .. %s (%.1f s); scored %zu rows of %s\n\n", info.rows,
                FormatIsoDate(info.trained_from_day).c_str(), FormatIsoDate(info.trained_to_day).c_str(), train_s,
                test->size(), o->test.c_str());
    std::printf("%-40s %6s %6s %6s %6s %6s %6s\n", "model", "AUC", "P@1%", "P@2%", "P@5%", "P@10%", "R@10%");
    std::printf("%-40s %6.3f %6.3f %6.3f %6.3f %6.3f %6.3f\n", "OpenCustoms (this run)", auc, p[0], p[1], p[2], p[3], r[3]);
    for (const auto& peer : kPeers)
      std::printf("%-40s %6.3f %6.3f %6.3f %6.3f %6.3f %6s\n", peer.name, peer.auc, peer.p1, peer.p2, peer.p5, peer.p10, "");
    std::printf("(peers: published on the visible split train 2020 -> valid 2021-Q1; compare like with like)\n");
    std::printf("recall: R@1%% %.3f  R@2%% %.3f  R@5%% %.3f  R@10%% %.3f\n", r[0], r[1], r[2], r[3]);
    nlohmann::json out = {{"auc", std::round(auc * 10000) / 10000}, {"precision_at", precision}, {"recall_at", recall},
                          {"rows", test->size()}, {"train_rows", info.rows}, {"train_seconds", std::round(train_s * 10) / 10}};
    if (!o->json.empty()) {
      std::ofstream f(o->json);
      if (!(f << out.dump(2) << "\n")) { Failed(Status::Internal("cannot write " + o->json), exit_code); return; }
    }
    std::cout << out.dump() << "\n";
  });
}

}  // namespace oc::cli
