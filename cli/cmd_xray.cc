// opencustoms xray: scans (DICOS, PNG, TIFF, JPEG) and the patch models.
//   xray inspect FILE [--json OUT]              what a scan file holds (metadata, size, threats of a TDR)
//   xray train [--data DIR] [--model DIR] [--folds K] [--json OUT]
//                                               the threat and casting models, from the shared data;
//                                               with --folds, grouped cross-validation first
//   xray evaluate --task threats|castings --data DIR [--model DIR] [--json OUT]
//   xray watch DIR [--server URL] [--user U] [--password P] [--once]   (cmd_xray_watch.cc)
#include <chrono>
#include <cstdio>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "refdata/data_dirs.h"
#include "xray/patch_model.h"
#include "xray/scan.h"

namespace oc::cli {

namespace {

using nlohmann::json;

bool WriteJsonFile(const std::string& path, const json& j, int& exit_code) {
  if (path.empty()) return true;
  std::ofstream out(path);
  out << j.dump(2) << "\n";
  if (!out) return !Failed(Status::Internal("cannot write " + path), exit_code);
  return true;
}

json MetricsJson(const xray::PatchMetrics& m, const std::vector<std::string>& classes, xray::PatchTask task) {
  json out = {{"rows", m.rows}, {"accuracy", m.accuracy}};
  if (task == xray::PatchTask::kThreats) {
    json per = json::object();
    for (size_t c = 0; c < classes.size(); ++c) per[classes[c]] = {{"precision", m.precision[c]}, {"recall", m.recall[c]}};
    out["per_class"] = per;
    out["threat_auc"] = m.auc;
  } else {
    out["auc"] = m.auc;
    out["recall_at_5pct_fa"] = m.recall_at_fa;
  }
  return out;
}

void PrintMetrics(const char* what, const json& j) { std::printf("%s: %s\n", what, j.dump().c_str()); }

std::optional<xray::PatchTask> TaskFrom(const std::string& name) {
  if (name == "threats") return xray::PatchTask::kThreats;
  if (name == "castings") return xray::PatchTask::kCastings;
  return std::nullopt;
}

json ScanJson(const xray::Scan& s) {
  const auto& m = s.meta;
  json j = {{"format", m.format},     {"object", m.object},         {"modality", m.modality},
            {"rows", m.rows},         {"cols", m.cols},             {"frames", m.frames},
            {"bits", m.bits_stored},  {"sop_class_uid", m.sop_class_uid}, {"manufacturer", m.manufacturer},
            {"model", m.model},       {"station", m.station},       {"operator", m.operator_name},
            {"acquired", m.acquired}, {"ooi_id", m.ooi_id},         {"ooi_type", m.ooi_type},
            {"energies_kv", m.energies_kv}};
  if (s.report) {
    json threats = json::array();
    for (const auto& t : s.report->threats)
      threats.push_back({{"id", t.id}, {"category", t.category}, {"description", t.description},
                         {"probability", std::isfinite(t.probability) ? json(t.probability) : json(nullptr)},
                         {"base", t.base}, {"extents", t.extents}});
    j["report"] = {{"alarm_decision", s.report->alarm_decision}, {"tdr_type", s.report->tdr_type}, {"threats", threats}};
  }
  return j;
}

}  // namespace

void RegisterXray(CLI::App& app, int& exit_code) {
  auto* xr = app.add_subcommand("xray", "X-ray scans: DICOS and images, the threat and anomaly models");
  xr->require_subcommand(1);
  RegisterXrayWatch(*xr, exit_code);
  struct Opts {
    std::string file, data, model = "var/models/xray", task, json;
    int folds = 0;
  };
  auto o = std::make_shared<Opts>();

  auto* inspect = xr->add_subcommand("inspect", "What a scan file (DICOS, PNG, TIFF, JPEG) holds");
  inspect->add_option("file", o->file, "the scan")->required();
  inspect->add_option("--json", o->json, "also write it as JSON");
  inspect->callback([o, &exit_code] {
    auto bytes = ReadWholeFile(o->file);
    if (Failed(bytes.status(), exit_code, 2)) return;
    auto scan = xray::DecodeScan(bytes.value());
    if (Failed(scan.status(), exit_code)) return;
    json j = ScanJson(scan.value());
    std::printf("%s\n", j.dump(2).c_str());
    WriteJsonFile(o->json, j, exit_code);
  });

  auto* train = xr->add_subcommand("train", "Train the threat (GDXray crops) and casting-anomaly patch models");
  train->add_option("--data", o->data, "the shared data directory (default: the configured one)");
  train->add_option("--model", o->model, "where the models go")->capture_default_str();
  train->add_option("--folds", o->folds, "grouped cross-validation with this many folds first (0: none)")
      ->check(CLI::Range(0, 10));
  train->add_option("--json", o->json, "also write the figures as JSON");
  train->callback([o, &exit_code] {
    std::string root = o->data.empty() ? SharedDataDir() : o->data;
    if (root.empty()) return (void)Failed(Status::NotFound("no shared data directory (set OC_SHARED_DATA or --data)"), exit_code, 2);
    json report = json::object();
    for (auto [task, sub] : {std::pair{xray::PatchTask::kThreats, "xray/gdxray_threat_patches"},
                             std::pair{xray::PatchTask::kCastings, "xray/gdxray_casting_patches"}}) {
      const char* name = task == xray::PatchTask::kThreats ? "threats" : "castings";
      auto t0 = std::chrono::steady_clock::now();
      auto set = xray::ReadPatchSet(root + "/" + sub, task);
      if (Failed(set.status(), exit_code, 2)) return;
      if (o->folds > 1) {
        auto predictions = xray::CrossValidate(set.value(), task, o->folds);
        if (Failed(predictions.status(), exit_code)) return;
        auto m = xray::Evaluate(predictions.value(), set->labels, static_cast<int>(set->classes.size()),
                                task == xray::PatchTask::kThreats ? 3 : 0);
        json j = MetricsJson(m, set->classes, task);
        PrintMetrics((std::string(name) + " (grouped " + std::to_string(o->folds) + "-fold)").c_str(), j);
        report[name]["validation"] = j;
      }
      auto model = xray::PatchModel::Train(set.value(), task);
      if (Failed(model.status(), exit_code)) return;
      if (Failed(model.value()->Save(o->model), exit_code)) return;
      double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::printf("%s model: %zu patches, trained in %.1f s -> %s\n", name, set->images.size(), seconds, o->model.c_str());
      report[name]["patches"] = set->images.size();
      report[name]["seconds"] = seconds;
    }
    WriteJsonFile(o->json, report, exit_code);
  });

  auto* eval = xr->add_subcommand("evaluate", "Evaluate a trained patch model on a labelled directory");
  eval->add_option("--task", o->task, "threats or castings")->required()->check(CLI::IsMember({"threats", "castings"}));
  eval->add_option("--data", o->data, "a directory with labels.csv and images/, as in the shared data")->required();
  eval->add_option("--model", o->model, "the models' directory")->capture_default_str();
  eval->add_option("--json", o->json, "also write the figures as JSON");
  eval->callback([o, &exit_code] {
    auto task = *TaskFrom(o->task);
    auto model = xray::PatchModel::Load(o->model, task);
    if (Failed(model.status(), exit_code, 2)) return;
    auto set = xray::ReadPatchSet(o->data, task);
    if (Failed(set.status(), exit_code, 2)) return;
    std::vector<xray::PatchPrediction> predictions;
    for (const auto& img : set->images) predictions.push_back(model.value()->Predict(img));
    auto m = xray::Evaluate(predictions, set->labels, static_cast<int>(set->classes.size()), model.value()->negative_class());
    json j = MetricsJson(m, set->classes, task);
    PrintMetrics(o->task.c_str(), j);
    WriteJsonFile(o->json, j, exit_code);
  });
}

}  // namespace oc::cli
