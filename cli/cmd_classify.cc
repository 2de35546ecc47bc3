// `classify train` and `classify evaluate`: the HS classifier from goods descriptions
// (src/classify/). Training reads the labelled descriptions, the HS nomenclature and the US
// tariff schedule; evaluation scores a labelled file at 2, 4 and 6 digits, per source.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "classify/classifier.h"
#include "classify/trainer.h"
#include "classify/training_data.h"
#include "classify/vague.h"
#include "cli/commands.h"
#include "refdata/reference_data.h"
#include "tariff/schedule.h"

namespace oc::cli {

namespace {

struct ClassifyOptions {
  // Defaults (when the flag is not given) are the shared data directory's files (SharedDefaults).
  std::string labelled, nomenclature, tariff, vague;
  std::string vague_test;
  bool if_stale = false;
  std::string model = "var/models/hs";  // a directory: texts.tsv, chapters.bin, headings.bin
  std::string test, json_out, predictions_out, candidates_out;
  int holdout_from = -1;  // train: leave out labelled rows with split_bucket >= this
  int min_bucket = -1;    // evaluate: only rows with split_bucket >= this
};

struct TopK {
  int64_t top1 = 0, top5 = 0;
};

struct Tally {
  int64_t rows = 0;
  TopK level[3];  // 2, 4, 6 digits
  nlohmann::json Json() const {
    auto share = [&](int64_t v) { return rows ? static_cast<double>(v) / static_cast<double>(rows) : 0.0; };
    nlohmann::json j = {{"rows", rows}};
    const char* names[] = {"hs2", "hs4", "hs6"};
    for (int l = 0; l < 3; ++l) j[names[l]] = {{"top1", share(level[l].top1)}, {"top5", share(level[l].top5)}};
    return j;
  }
};

// Opens an optional CSV report (an empty path: none) and writes its header; false (and the exit
// code set) when it cannot be written.
bool OpenReport(std::ofstream& out, const std::string& path, const std::string& header, int& exit_code) {
  if (path.empty()) return true;
  out.open(path);
  if (!out) {
    Failed(Status::Invalid("cannot_write", "cannot write " + path), exit_code, 2);
    return false;
  }
  out << header << '\n';
  return true;
}

std::string CsvField(const std::string& v) {
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string quoted = "\"";
  for (char c : v) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

void WritePrediction(std::ofstream& out, const classify::LabelledRow& r, const std::vector<classify::Suggestion>& suggestions) {
  std::string codes;
  for (const auto& c : r.codes) codes += (codes.empty() ? "" : ";") + c;
  out << CsvField(r.source) << ',' << codes;
  for (size_t i = 0; i < 5; ++i) {
    if (i < suggestions.size())
      out << ',' << suggestions[i].hs6 << ',' << suggestions[i].confidence;
    else
      out << ",,";
  }
  out << ',' << CsvField(r.description) << '\n';
}

void WriteCandidates(std::ofstream& out, size_t row, const classify::LabelledRow& r, const classify::HsClassifier& classifier) {
  for (const auto& [code, features] : classifier.Candidates(r.description)) {
    bool right = std::any_of(r.codes.begin(), r.codes.end(), [&](const std::string& c) { return c.compare(0, 6, code) == 0; });
    out << row << ',' << r.split_bucket << ',' << CsvField(r.source) << ',' << code << ',' << (right ? 1 : 0);
    for (float x : features.x) out << ',' << x;
    out << '\n';
  }
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p / 100 * static_cast<double>(v.size())))];
}

// Expected calibration error of the top-1 confidence over ten equal-width bins.
nlohmann::json CalibrationJson(const std::vector<std::pair<double, bool>>& top1) {
  double bins_conf[10] = {}, bins_right[10] = {}, bins_n[10] = {};
  double sum_conf = 0, sum_right = 0, confident = 0, confident_right = 0;
  for (const auto& [c, right] : top1) {
    int b = std::clamp(static_cast<int>(c * 10), 0, 9);
    bins_conf[b] += c;
    bins_right[b] += right;
    ++bins_n[b];
    sum_conf += c;
    sum_right += right;
    if (c >= 0.5) ++confident, confident_right += right;
  }
  double n = std::max<double>(1, static_cast<double>(top1.size())), ece = 0;
  for (int b = 0; b < 10; ++b)
    if (bins_n[b] > 0) ece += std::abs(bins_conf[b] - bins_right[b]) / n;
  return {{"mean", sum_conf / n}, {"accuracy", sum_right / n}, {"ece", ece}, {"confident_share", confident / n},
          {"confident_accuracy", confident > 0 ? confident_right / confident : 0.0}};
}

// The misclassification signal on the test rows: each row's own code declared (a flag is a false
// alarm), and the code of another row from another chapter declared (a flag is a detection).
nlohmann::json MisclassificationJson(const classify::HsClassifier& classifier,
                                     const std::vector<const classify::LabelledRow*>& rows) {
  int64_t correct = 0, alarms = 0, wrong = 0, detected = 0;
  double likelihood_correct = 0, likelihood_wrong = 0;
  // The chapter rule alone at other thresholds (best suggestion's confidence, declared chapter's
  // share), for tuning on the validation split: [t][d] -> alarms, detections.
  const double kBest[] = {0.2, 0.3, 0.4, 0.5}, kDoubt[] = {0.01, 0.02, 0.05, 0.1};
  int64_t sweep_alarms[4][4] = {}, sweep_detected[4][4] = {};
  auto chapter_rule = [&](const classify::CodeCheck& c, const std::string& declared, int64_t (&tally)[4][4]) {
    if (c.suggestions.empty() || c.suggestions[0].hs6.compare(0, 2, declared, 0, 2) == 0) return;
    for (int t = 0; t < 4; ++t)
      for (int d = 0; d < 4; ++d)
        tally[t][d] += c.suggestions[0].confidence >= kBest[t] && c.chapter_confidence <= kDoubt[d];
  };
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& r = *rows[i];
    if (r.codes.empty()) continue;
    auto own = classifier.Check(r.description, r.codes[0]);
    if (!own.classifiable) continue;
    ++correct;
    alarms += own.contradicts;
    chapter_rule(own, r.codes[0], sweep_alarms);
    likelihood_correct += own.misclassification;
    const auto& other = *rows[(i + rows.size() / 2) % rows.size()];
    if (other.codes.empty() || other.codes[0].compare(0, 2, r.codes[0], 0, 2) == 0) continue;
    auto swapped = classifier.Check(r.description, other.codes[0]);
    ++wrong;
    detected += swapped.contradicts;
    chapter_rule(swapped, other.codes[0], sweep_detected);
    likelihood_wrong += swapped.misclassification;
  }
  auto share = [](double a, int64_t b) { return b ? a / static_cast<double>(b) : 0.0; };
  nlohmann::json sweep = nlohmann::json::array();
  for (int t = 0; t < 4; ++t)
    for (int d = 0; d < 4; ++d)
      sweep.push_back({{"best", kBest[t]}, {"chapter_doubt", kDoubt[d]},
                       {"false_alarm", share(static_cast<double>(sweep_alarms[t][d]), correct)},
                       {"detected", share(static_cast<double>(sweep_detected[t][d]), wrong)}});
  return {{"chapter_rule_sweep", sweep},
          {"false_alarm", share(static_cast<double>(alarms), correct)}, {"detected", share(static_cast<double>(detected), wrong)},
          {"mean_correct", share(likelihood_correct, correct)}, {"mean_wrong", share(likelihood_wrong, wrong)},
          {"rows", correct}, {"swapped_rows", wrong},
          {"threshold", {{"suggestion", classify::HsClassifier::kContradiction}, {"declared_heading", classify::HsClassifier::kHeadingDoubt},
                         {"chapter_suggestion", classify::HsClassifier::kChapterContradiction},
                         {"declared_chapter", classify::HsClassifier::kChapterDoubt}}}};
}

// Fills the data-file options not given on the command line from the shared data directory; a
// file it lacks stays "" (for the nomenclature, the command then says what is missing).
void SharedDefaults(CLI::App& cmd, ClassifyOptions& o) {
  auto given = [&cmd](const char* flag) {
    try {
      return cmd.get_option(flag)->count() > 0;
    } catch (const CLI::OptionNotFound&) {
      return false;
    }
  };
  if (!given("--labelled")) o.labelled = SharedDataFile("hs/labeled/hs_labeled_trainval.csv");
  if (!given("--nomenclature")) o.nomenclature = HsNomenclaturePath();
  if (!given("--tariff")) o.tariff = SharedDataFile("tariff/us_hts_2023_htsdata.csv");
  if (!given("--vague")) o.vague = SharedDataFile("hs/labeled/hmrc_vague_terms_trainval.csv");
}

Status NeedNomenclature(const ClassifyOptions& o) {
  if (!o.nomenclature.empty()) return Status::Ok();
  return Status::NotFound("no_nomenclature",
                          "the HS 2022 nomenclature is read from the shared data directory "
                          "(hs/nomenclature/hs2022_harmonized-system.csv under --shared-data, OC_SHARED_DATA or "
                          "../shared/data), which has none here: pass --nomenclature FILE");
}

}  // namespace

void RegisterClassify(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<ClassifyOptions>();
  auto* cmd = app.add_subcommand("classify", "HS classification of goods descriptions");
  cmd->require_subcommand(1);

  auto* train = cmd->add_subcommand("train", "Build the classifier from the labelled descriptions, nomenclature and tariff");
  train->add_option("--labelled", o->labelled, "labelled descriptions (CSV; '' for none; default: hs/labeled/hs_labeled_trainval.csv of the shared data)");
  train->add_option("--nomenclature", o->nomenclature, "HS 2022 nomenclature (CSV; default: hs/nomenclature/hs2022_harmonized-system.csv of the shared data)");
  auto* tariff_option =
      train->add_option("--tariff", o->tariff, "US tariff schedule (CSV; '' for none; the default is skipped when absent)")
          ->capture_default_str();
  train->add_option("--vague", o->vague, "vague descriptions (description,label; '' for none; default: hs/labeled/hmrc_vague_terms_trainval.csv of the shared data)");
  train->add_option("--holdout-from", o->holdout_from,
                    "leave out labelled rows whose split_bucket is at least this (a validation split)");
  train->add_option("--out", o->model, "classifier directory")->capture_default_str();
  train->add_flag("--if-stale", o->if_stale,
                  "do nothing when --out already holds a classifier trained by this version (what `make run` uses)");
  train->callback([o, train, tariff_option, &exit_code] {
    if (o->if_stale && classify::ModelIsCurrent(o->model)) {
      std::printf("classifier in %s is current (%s); not retrained\n", o->model.c_str(), classify::kModelFormat);
      return;
    }
    SharedDefaults(*train, *o);
    if (Failed(NeedNomenclature(*o), exit_code, 2)) return;
    if (tariff_option->count() == 0 && o->tariff.empty())
      std::printf("note: no US tariff schedule in the shared data directory; training without it\n");
    auto report = classify::TrainClassifier({o->labelled, o->nomenclature, o->tariff, o->vague, o->holdout_from}, o->model);
    if (Failed(report.status(), exit_code, report.status().kind() == StatusKind::kInternal ? 1 : 2)) return;
    std::printf("classifier: %zu texts (%zu labelled, %zu nomenclature, %zu tariff) over %zu codes, chapter and heading "
                "models, reranker on %zu candidate rows, vague-description model on %zu examples, trained in %.1f s -> %s\n",
                report->texts, report->labelled, report->nomenclature, report->tariff, report->codes,
                report->reranker_rows, report->vague, report->seconds, o->model.c_str());
  });

  auto* eval = cmd->add_subcommand("evaluate", "Score the classifier on a labelled file (top-1/top-5 at 2, 4, 6 digits)");
  eval->add_option("--test", o->test, "labelled descriptions (CSV)")->required();
  eval->add_option("--model", o->model, "classifier directory")->capture_default_str();
  eval->add_option("--nomenclature", o->nomenclature, "HS 2022 nomenclature (CSV; default: hs/nomenclature/hs2022_harmonized-system.csv of the shared data)");
  eval->add_option("--min-bucket", o->min_bucket, "only rows whose split_bucket is at least this (the validation split)");
  eval->add_option("--vague", o->vague_test,
                   "vague descriptions (description,label): also measure the detection of too-vague text against the test rows");
  eval->add_option("--json", o->json_out, "also write the figures as JSON");
  eval->add_option("--predictions", o->predictions_out,
                   "also write each tested row's five suggestions (CSV: source, codes, hs6 and confidence per rank, description), for error analysis");
  eval->add_option("--candidates", o->candidates_out,
                   "also write every candidate code of each tested row with the reranker's features (CSV: row, bucket, "
                   "source, code, right, features), to study the ranking offline");
  eval->callback([o, eval, &exit_code] {
    SharedDefaults(*eval, *o);
    if (Failed(NeedNomenclature(*o), exit_code, 2)) return;
    auto rows = classify::ReadLabelled(o->test);
    if (Failed(rows.status(), exit_code, 2)) return;
    auto classifier = classify::LoadClassifier(o->model, o->nomenclature);
    if (Failed(classifier.status(), exit_code)) return;
    Tally all;
    std::map<std::string, Tally> by_source;
    std::vector<double> latency_ms;
    std::vector<std::pair<double, bool>> confidence;  // top-1 confidence, right at 6 digits
    std::vector<const classify::LabelledRow*> tested;
    std::string candidates_header = "row,bucket,source,code,right";
    for (const char* name : classify::CandidateFeatures::Names()) candidates_header += std::string(",") + name;
    std::ofstream predictions, candidates;
    if (!OpenReport(predictions, o->predictions_out,
                    "source,codes,hs6_1,confidence_1,hs6_2,confidence_2,hs6_3,confidence_3,hs6_4,confidence_4,hs6_5,"
                    "confidence_5,description",
                    exit_code) ||
        !OpenReport(candidates, o->candidates_out, candidates_header, exit_code))
      return;
    for (const auto& r : rows.value()) {
      if (o->min_bucket >= 0 && r.split_bucket < o->min_bucket) continue;
      if (candidates.is_open()) WriteCandidates(candidates, tested.size(), r, *classifier.value());
      tested.push_back(&r);
      auto t0 = std::chrono::steady_clock::now();
      auto suggestions = classifier.value()->Suggest(r.description, 5);
      latency_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      if (!suggestions.empty())
        confidence.emplace_back(suggestions[0].confidence,
                                std::any_of(r.codes.begin(), r.codes.end(),
                                            [&](const std::string& c) { return c.compare(0, 6, suggestions[0].hs6) == 0; }));
      if (predictions.is_open()) WritePrediction(predictions, r, suggestions);
      Tally& src = by_source[r.source];
      ++all.rows;
      ++src.rows;
      const int digits[] = {2, 4, 6};
      for (int l = 0; l < 3; ++l) {
        // Ranked prefixes at this level, in order of their best code.
        std::vector<std::string> ranked;
        for (const auto& s : suggestions) {
          std::string p = s.hs6.substr(0, digits[l]);
          if (std::find(ranked.begin(), ranked.end(), p) == ranked.end()) ranked.push_back(p);
        }
        auto right = [&](const std::string& p) {
          return std::any_of(r.codes.begin(), r.codes.end(), [&](const std::string& c) { return c.compare(0, p.size(), p) == 0; });
        };
        bool top1 = !ranked.empty() && right(ranked[0]);
        bool top5 = std::any_of(ranked.begin(), ranked.begin() + std::min<size_t>(5, ranked.size()), right);
        all.level[l].top1 += top1;
        all.level[l].top5 += top5;
        src.level[l].top1 += top1;
        src.level[l].top5 += top5;
      }
    }
    if (all.rows == 0) {
      Failed(Status::Invalid("no_rows", "no test row (check --min-bucket)"), exit_code, 2);
      return;
    }
    nlohmann::json j = all.Json();
    j["confidence"] = CalibrationJson(confidence);
    j["misclassification"] = MisclassificationJson(*classifier.value(), tested);
    if (!o->vague_test.empty()) {
      auto vague = classify::ReadVagueTerms(o->vague_test);
      if (Failed(vague.status(), exit_code, 2)) return;
      int64_t vague_rows = 0, caught = 0, false_alarms = 0;
      for (const auto& v : vague.value()) {
        if (o->min_bucket >= 0 && classify::VagueBucket(v) < o->min_bucket) continue;
        ++vague_rows;
        caught += classifier.value()->TooVague(v);
      }
      for (const auto& r : rows.value())
        if (o->min_bucket < 0 || r.split_bucket >= o->min_bucket) false_alarms += classifier.value()->TooVague(r.description);
      double precision = caught + false_alarms ? static_cast<double>(caught) / static_cast<double>(caught + false_alarms) : 0;
      double recall = vague_rows ? static_cast<double>(caught) / static_cast<double>(vague_rows) : 0;
      j["vague"] = {{"precision", precision}, {"recall", recall}, {"vague_rows", vague_rows},
                    {"flagged_classifiable", static_cast<double>(false_alarms) / static_cast<double>(all.rows)},
                    {"threshold", classify::VagueDetector::kThreshold}};
    }
    for (const auto& [source, t] : by_source) j["by_source"][source] = t.Json();
    j["latency_ms"] = {{"p50", Percentile(latency_ms, 50)}, {"p99", Percentile(latency_ms, 99)}};
    std::printf("%-32s %6s %11s %11s %11s\n", "rows (top-1 / top-5)", "rows", "HS2", "HS4", "HS6");
    auto line = [](const std::string& name, const nlohmann::json& t) {
      std::printf("%-32s %6lld  %.3f/%.3f  %.3f/%.3f  %.3f/%.3f\n", name.c_str(), static_cast<long long>(t["rows"].get<int64_t>()),
                  t["hs2"]["top1"].get<double>(), t["hs2"]["top5"].get<double>(), t["hs4"]["top1"].get<double>(),
                  t["hs4"]["top5"].get<double>(), t["hs6"]["top1"].get<double>(), t["hs6"]["top5"].get<double>());
    };
    line("all", j);
    for (const auto& [source, t] : j["by_source"].items()) line(source, t);
    std::printf("latency per description: p50 %.3f ms, p99 %.3f ms\n", Percentile(latency_ms, 50), Percentile(latency_ms, 99));
    std::printf("top-1 confidence: mean %.3f against accuracy %.3f, calibration error (ECE) %.3f; %.1f %% of rows at "
                "0.5 or more, %.3f of them right\n",
                j["confidence"]["mean"].get<double>(), j["confidence"]["accuracy"].get<double>(),
                j["confidence"]["ece"].get<double>(), 100 * j["confidence"]["confident_share"].get<double>(),
                j["confidence"]["confident_accuracy"].get<double>());
    std::printf("misclassification signal: %.3f of correct codes flagged (false alarms), %.3f of codes from another "
                "chapter flagged, mean likelihood %.3f / %.3f\n",
                j["misclassification"]["false_alarm"].get<double>(), j["misclassification"]["detected"].get<double>(),
                j["misclassification"]["mean_correct"].get<double>(), j["misclassification"]["mean_wrong"].get<double>());
    if (j.contains("vague"))
      std::printf("too vague to classify: precision %.3f, recall %.3f over %lld vague descriptions; %.1f %% of the test "
                  "rows flagged\n",
                  j["vague"]["precision"].get<double>(), j["vague"]["recall"].get<double>(),
                  static_cast<long long>(j["vague"]["vague_rows"].get<int64_t>()),
                  100 * j["vague"]["flagged_classifiable"].get<double>());
    if (!o->json_out.empty()) {
      std::ofstream f(o->json_out);
      f << j.dump() << "\n";
      if (!f) Failed(Status::Internal("cannot write " + o->json_out), exit_code);
    }
  });
}

}  // namespace oc::cli
