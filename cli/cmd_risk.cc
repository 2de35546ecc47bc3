// `risk train` and `risk evaluate`: the fraud-targeting model from labelled declarations
// (the KCS data set's columns; see ../shared/data/fraud/README.md).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "cli/commands.h"
#include "risk/declaration_facts.h"
#include "common/dates.h"
#include "risk/metrics.h"
#include "risk/model.h"
#include "risk/simulate.h"
#include "risk/batch.h"
#include "risk/rule_expr.h"

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

// Criteria for `risk assess`: {"lists": {"name": ["value", ...]}, "criteria": [{"id", "expression", "lane",
// "selection_percent", "priority", "description"}]}; all of them active.
Result<risk::RuleSet> LoadCriteriaFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot read " + path);
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::Invalid("bad_criteria", path + " is not a JSON object");
  risk::ListCatalog lists;
  if (j.contains("lists")) {
    if (!j["lists"].is_object()) return Status::Invalid("bad_criteria", path + ": 'lists' must be an object of arrays");
    for (auto it = j["lists"].begin(); it != j["lists"].end(); ++it) {
      if (!it->is_array()) return Status::Invalid("bad_criteria", path + ": list '" + it.key() + "' must be an array of strings");
      std::vector<std::string> values;
      for (const auto& v : *it) {
        if (!v.is_string()) return Status::Invalid("bad_criteria", path + ": list '" + it.key() + "' must hold strings only");
        values.push_back(v.get<std::string>());
      }
      if (Status st = lists.Set(it.key(), values); !st.ok()) return Status::Invalid("bad_criteria", path + ": " + st.message());
    }
  }
  std::vector<risk::Criterion> criteria;
  if (!j.contains("criteria") || !j["criteria"].is_array())
    return Status::Invalid("bad_criteria", path + ": 'criteria' must be an array");
  int n = 0;
  for (const auto& c : j["criteria"]) {
    ++n;
    std::string where = path + ": criterion " + std::to_string(n);
    if (!c.is_object()) return Status::Invalid("bad_criteria", where + " is not an object");
    risk::Criterion k;
    try {
      k.id = c.value("id", "C" + std::to_string(n));
      k.version = 1;
      k.name = c.value("name", k.id);
      k.expression = c.at("expression").get<std::string>();
      auto lane = risk::LaneFromName(c.value("lane", "yellow"));
      if (!lane) return Status::Invalid("bad_criteria", where + ": lane must be red, yellow, blue or green");
      k.lane = *lane;
      k.selection_percent = c.value("selection_percent", 100.0);
      k.priority = c.value("priority", 0);
      k.description = c.value("description", k.name);
    } catch (const nlohmann::json::exception& e) {
      return Status::Invalid("bad_criteria", where + ": " + e.what());
    }
    if (Status st = risk::CheckCriterion(k); !st.ok()) return Status::Invalid("bad_criteria", where + ": " + st.message());
    auto compiled = risk::CompiledExpr::Compile(k.expression, risk::DeclarationFields(), lists);
    if (!compiled.ok()) return Status::Invalid("invalid_expression", where + " (" + k.id + "): " + compiled.status().message());
    k.status = risk::CriterionStatus::kActive;
    criteria.push_back(std::move(k));
  }
  return risk::RuleSet::Build(criteria, risk::DeclarationFields(), lists);
}

}  // namespace

void RegisterRisk(CLI::App& app, int& exit_code) {
  auto* risk_cmd = app.add_subcommand("risk", "Fraud targeting: train, evaluate and replay the model");
  risk_cmd->require_subcommand(1);
  struct Opts {
    std::string train, valid, test, json, out = "var/models/fraud.json", save_model, data;
    int rounds = 100, depth = 8, threads = 2;
    double eta = 0.12;
  };
  auto o = std::make_shared<Opts>();

  auto* train = risk_cmd->add_subcommand("train", "Train the fraud model on labelled declarations and save it");
  train->add_option("--train", o->train, "labelled declarations (CSV)");
  train->add_option("--valid", o->valid, "more labelled declarations, trained on too");
  train->add_option("--from-store", o->data,
                    "also learn from the inspection results recorded in this store (DIR; the server must be stopped)");
  train->add_option("--out", o->out, "model file")->capture_default_str();
  train->add_option("--rounds", o->rounds, "boosting rounds")->capture_default_str();
  train->add_option("--depth", o->depth, "tree depth")->capture_default_str();
  train->add_option("--eta", o->eta, "learning rate")->capture_default_str();
  train->callback([o, &exit_code] {
    if (o->train.empty() && o->data.empty()) {
      Failed(Status::Invalid("nothing_to_learn", "give labelled declarations (--train) or a store (--from-store)"), exit_code, 2);
      return;
    }
    auto rows = LoadAll({o->train, o->valid});
    if (Failed(rows.status(), exit_code, 2)) return;
    if (!o->data.empty()) {
      // The platform's own labels: each inspected declaration's items, as they were decided.
      AppConfig cfg;
      cfg.data_dir = o->data;
      cfg.risk_decisions = false;
      auto core = Core::Open(cfg);
      if (Failed(core.status(), exit_code)) return;
      auto history = core.value()->store().DecisionsSince(0);
      if (Failed(history.status(), exit_code)) return;
      size_t before = rows->size();
      for (const auto& h : history.value()) {
        if (h.label < 0) continue;
        auto items = risk::StoredFactItems(h.facts_json);
        for (size_t i = 0; i < items.size(); ++i)
          rows->push_back(risk::RecordFromFactsJson(items[i], std::to_string(h.declaration_id) + "/" + std::to_string(i + 1),
                                                    h.decided_ms / 86400000, h.label));
      }
      std::printf("%zu inspected goods items from the store in %s\n", rows->size() - before, o->data.c_str());
    }
    risk::TrainOptions opts;
    opts.rounds = o->rounds;
    opts.max_depth = o->depth;
    opts.eta = o->eta;
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
  eval->add_option("--save-model", o->save_model, "save the evaluated model, with these figures, to this file");
  eval->add_option("--rounds", o->rounds, "boosting rounds")->capture_default_str();
  eval->add_option("--depth", o->depth, "tree depth")->capture_default_str();
  eval->add_option("--eta", o->eta, "learning rate")->capture_default_str();
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
    opts.max_depth = o->depth;
    opts.eta = o->eta;
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
    if (!o->save_model.empty()) {
      nlohmann::json metrics = out;
      metrics["test_file"] = o->test;
      metrics["test_from"] = FormatIsoDate(first_test_day);
      model.value()->SetMetrics(metrics.dump());
      if (Failed(model.value()->Save(o->save_model), exit_code)) return;
      std::printf("saved the evaluated model with its figures to %s\n", o->save_model.c_str());
    }
    std::cout << out.dump() << "\n";
  });
  struct SimOpts {
    std::vector<std::string> files;
    std::string json;
    double percent = 5, explore = 0.1;
    int warmup = 4, rounds = 100;
  };
  auto so = std::make_shared<SimOpts>();
  auto* sim = risk_cmd->add_subcommand(
      "simulate", "Replay labelled declarations week by week with labels only for what was inspected");
  sim->add_option("files", so->files, "labelled declarations (CSV), replayed in date order")->required();
  sim->add_option("--percent", so->percent, "share of each week's declarations inspected")->capture_default_str();
  sim->add_option("--explore", so->explore, "exploration strategy: random share of the inspections")->capture_default_str();
  sim->add_option("--warmup", so->warmup, "weeks of random inspection before the first model")->capture_default_str();
  sim->add_option("--rounds", so->rounds, "boosting rounds of each weekly retraining")->capture_default_str();
  sim->add_option("--json", so->json, "also write the report as JSON to this file");
  sim->callback([so, &exit_code] {
    auto rows = LoadAll(so->files);
    if (Failed(rows.status(), exit_code, 2)) return;
    risk::SimulateOptions opts;
    opts.inspect_percent = so->percent;
    opts.explore_share = so->explore;
    opts.warmup_weeks = so->warmup;
    opts.train.rounds = so->rounds;
    auto start = std::chrono::steady_clock::now();
    auto res = risk::Simulate(rows.value(), opts);
    if (Failed(res.status(), exit_code, 2)) return;
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto& weeks = res->front().weeks;
    std::printf("replayed %zu declarations over %zu weeks (%s .. %s) in %.1f s; inspecting %.1f%% a week, "
                "random for the first %d weeks, retraining weekly on inspected declarations only\n\n",
                rows->size(), weeks.size(), FormatIsoDate(weeks.front().first_day).c_str(),
                FormatIsoDate(weeks.back().first_day + 6).c_str(), secs, so->percent, so->warmup);
    std::printf("%-34s %9s %7s %7s %9s %7s %9s %9s\n", "strategy", "inspected", "found", "frauds", "precision",
                "recall", "prec>wu", "recall>wu");
    nlohmann::json strategies = nlohmann::json::array();
    for (const auto& s : res.value()) {
      std::string label = s.name;
      if (s.name == "exploration") label += " (" + std::to_string(static_cast<int>(std::lround(so->explore * 100))) + "% random)";
      std::printf("%-34s %9d %7d %7d %9.3f %7.3f %9.3f %9.3f\n", label.c_str(), s.inspected, s.found, s.frauds,
                  s.precision, s.recall, s.precision_after_warmup, s.recall_after_warmup);
      nlohmann::json weekly = nlohmann::json::array();
      int cum_inspected = 0, cum_found = 0, cum_frauds = 0;
      for (const auto& w : s.weeks) {
        cum_inspected += w.inspected;
        cum_found += w.found;
        cum_frauds += w.frauds;
        weekly.push_back({{"week", FormatIsoDate(w.first_day)}, {"declarations", w.declarations},
                          {"inspected", w.inspected}, {"found", w.found},
                          {"cum_precision", cum_inspected ? std::round(10000.0 * cum_found / cum_inspected) / 10000 : 0},
                          {"cum_recall", cum_frauds ? std::round(10000.0 * cum_found / cum_frauds) / 10000 : 0}});
      }
      strategies.push_back({{"name", s.name}, {"inspected", s.inspected}, {"found", s.found}, {"frauds", s.frauds},
                            {"precision", std::round(s.precision * 10000) / 10000},
                            {"recall", std::round(s.recall * 10000) / 10000},
                            {"precision_after_warmup", std::round(s.precision_after_warmup * 10000) / 10000},
                            {"recall_after_warmup", std::round(s.recall_after_warmup * 10000) / 10000},
                            {"weeks", weekly}});
    }
    std::printf("(precision: frauds found / declarations inspected; recall: frauds found / all frauds that "
                "existed; >wu: after the warm-up weeks)\n");
    nlohmann::json out = {{"rows", rows->size()}, {"weeks", weeks.size()}, {"inspect_percent", so->percent},
                          {"explore_share", so->explore}, {"warmup_weeks", so->warmup},
                          {"seconds", std::round(secs * 10) / 10}, {"strategies", strategies}};
    if (!so->json.empty()) {
      std::ofstream f(so->json);
      if (!(f << out.dump(2) << "\n")) { Failed(Status::Internal("cannot write " + so->json), exit_code); return; }
    }
    nlohmann::json summary = out;
    for (auto& s : summary["strategies"]) s.erase("weeks");
    std::cout << summary.dump() << "\n";
  });
  struct AssessOpts {
    std::string file, model, criteria, out, json;
    double red = 3, yellow = 7, blue = 2, random = 1;
  };
  auto ao = std::make_shared<AssessOpts>();
  auto* assess = risk_cmd->add_subcommand("assess", "Score a file of declarations: fraud score, criteria fired, lane");
  assess->add_option("file", ao->file, "declarations (CSV, the KCS columns)")->required();
  assess->add_option("--model", ao->model, "fraud model file (risk train)");
  assess->add_option("--criteria", ao->criteria, "selectivity criteria and lists (JSON)");
  assess->add_option("--out", ao->out, "write one CSV line per declaration here (default: standard output)");
  assess->add_option("--json", ao->json, "also write the summary as JSON to this file");
  assess->add_option("--red-percent", ao->red, "share of the batch sent to the red lane")->capture_default_str();
  assess->add_option("--yellow-percent", ao->yellow, "share sent to the yellow lane")->capture_default_str();
  assess->add_option("--random-percent", ao->random, "share selected at random")->capture_default_str();
  assess->callback([ao, &exit_code] {
    if (ao->model.empty() && ao->criteria.empty()) {
      Failed(Status::Invalid("nothing_to_assess", "give a model (--model), criteria (--criteria) or both"), exit_code, 2);
      return;
    }
    auto rows = risk::LoadKcsCsv(ao->file);
    if (Failed(rows.status(), exit_code, 2)) return;
    std::unique_ptr<risk::FraudModel> model;
    if (!ao->model.empty()) {
      auto m = risk::FraudModel::Load(ao->model);
      if (Failed(m.status(), exit_code, 2)) return;
      model = std::move(m.value());
    }
    risk::RuleSet rules;
    if (!ao->criteria.empty()) {
      auto r = LoadCriteriaFile(ao->criteria);
      if (Failed(r.status(), exit_code, 2)) return;
      rules = std::move(r.value());
    }
    risk::LanePolicy policy;
    policy.red_percent = ao->red;
    policy.yellow_percent = ao->yellow;
    policy.random_percent = ao->random;
    auto start = std::chrono::steady_clock::now();
    auto res = risk::AssessBatch(model.get(), rules, rows.value(), policy);
    if (Failed(res.status(), exit_code)) return;
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::ofstream file;
    if (!ao->out.empty()) {
      file.open(ao->out);
      if (!file) { Failed(Status::Internal("cannot write " + ao->out), exit_code); return; }
    }
    std::ostream& out = ao->out.empty() ? std::cout : file;
    out << "id,score,lane,source,criteria\n";
    int count[4] = {0, 0, 0, 0}, hits[4] = {0, 0, 0, 0}, labelled = 0, frauds = 0;
    for (size_t i = 0; i < rows->size(); ++i) {
      const auto& r = rows.value()[i];
      std::string fired;
      for (const auto& f : res->fired[i])
        if (f.selected) fired += (fired.empty() ? "" : " ") + f.id;
      char score[32] = "";
      if (!std::isnan(res->scores[i])) std::snprintf(score, sizeof score, "%.5f", res->scores[i]);
      out << r.id << "," << score << "," << risk::LaneName(res->lanes[i]) << "," << risk::LaneSourceName(res->sources[i])
          << "," << fired << "\n";
      int l = static_cast<int>(res->lanes[i]);
      ++count[l];
      if (r.label >= 0) {
        ++labelled;
        frauds += r.label;
        hits[l] += r.label;
      }
    }
    if (!out.flush()) { Failed(Status::Internal("cannot write the results"), exit_code); return; }
    nlohmann::json lanes = nlohmann::json::object();
    std::fprintf(stderr, "assessed %zu declarations in %.2f s (%.0f/s)\n", rows->size(), secs, rows->size() / std::max(secs, 1e-9));
    for (int l = 3; l >= 0; --l) {
      auto lane = static_cast<risk::Lane>(l);
      nlohmann::json j = {{"declarations", count[l]}, {"share", rows->empty() ? 0.0 : double(count[l]) / rows->size()}};
      std::fprintf(stderr, "  %-6s %7d (%5.2f%%)", risk::LaneName(lane), count[l], 100.0 * count[l] / std::max<size_t>(1, rows->size()));
      if (labelled) {
        j["frauds"] = hits[l];
        j["hit_rate"] = count[l] ? double(hits[l]) / count[l] : 0.0;
        std::fprintf(stderr, "  frauds %6d  hit rate %.3f", hits[l], count[l] ? double(hits[l]) / count[l] : 0.0);
      }
      std::fprintf(stderr, "\n");
      lanes[risk::LaneName(lane)] = j;
    }
    nlohmann::json summary = {{"rows", rows->size()}, {"seconds", std::round(secs * 1000) / 1000}, {"lanes", lanes},
                              {"model", model ? nlohmann::json(model->info().version) : nlohmann::json(nullptr)},
                              {"criteria", rules.size()}};
    if (labelled) {
      double found = hits[3] + hits[2];
      summary["recall_red_yellow"] = frauds ? found / frauds : 0.0;
      std::fprintf(stderr, "  frauds found by red + yellow: %.0f of %d (recall %.3f)\n", found, frauds, frauds ? found / frauds : 0.0);
    }
    if (!ao->json.empty()) {
      std::ofstream f(ao->json);
      if (!(f << summary.dump(2) << "\n")) { Failed(Status::Internal("cannot write " + ao->json), exit_code); return; }
    }
  });
}

}  // namespace oc::cli
