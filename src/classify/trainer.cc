#include "classify/trainer.h"

#include <chrono>
#include <filesystem>
#include <future>
#include <set>

#include "classify/level_model.h"
#include "classify/text.h"
#include "classify/training_data.h"
#include "classify/vague.h"
#include "common/encoding.h"

namespace oc::classify {

int VagueBucket(std::string_view description) {
  std::string h = Blake2bHex(Fold(description));
  return static_cast<int>(std::stoul(h.substr(0, 8), nullptr, 16) % 10);
}

Result<TrainingReport> TrainClassifier(const TrainingSources& sources, const std::string& dir) {
  auto start = std::chrono::steady_clock::now();
  auto nomenclature = Nomenclature::Load(sources.nomenclature);
  if (!nomenclature.ok()) return nomenclature.status();
  TrainingReport report;
  std::vector<TrainingText> texts = TextsFromNomenclature(nomenclature.value());
  report.nomenclature = texts.size();
  std::vector<std::string> classifiable;  // the negatives of the vague-description model
  if (!sources.labelled.empty()) {
    auto rows = ReadLabelled(sources.labelled);
    if (!rows.ok()) return rows.status();
    std::vector<LabelledRow> kept;
    for (const auto& r : rows.value())
      if (sources.holdout_from < 0 || r.split_bucket < sources.holdout_from) classifiable.push_back(r.description);
    for (auto& r : rows.value())
      if (sources.holdout_from < 0 || r.split_bucket < sources.holdout_from) kept.push_back(std::move(r));
    auto labelled = TextsFromLabelled(kept);
    report.labelled = labelled.size();
    texts.insert(texts.end(), labelled.begin(), labelled.end());
  }
  if (!sources.tariff.empty()) {
    auto tariff = TextsFromUsTariff(sources.tariff, nomenclature.value());
    if (!tariff.ok()) return tariff.status();
    report.tariff = tariff->size();
    texts.insert(texts.end(), tariff->begin(), tariff->end());
  }
  std::set<std::string> codes;
  for (const auto& t : texts)
    if (nomenclature->codes.count(t.hs6)) codes.insert(t.hs6);
  if (codes.empty()) return Status::Invalid("no_training_text", "no training text has a code of the nomenclature");
  report.codes = codes.size();
  report.texts = texts.size();
  // Softmax over ~1,200 headings is the costly part: dim 30 and 6 epochs measured as good as 10
  // epochs or dim 50 on the validation split, in 36 s instead of 56. The two models train side by
  // side, one core each.
  LevelModelOptions chapter_options, heading_options;
  chapter_options.digits = 2;
  heading_options.digits = 4;
  heading_options.dim = 30;
  heading_options.epoch = 6;
  chapter_options.threads = heading_options.threads = 1;
  auto chapters = std::async(std::launch::async, [&] { return LevelModel::Train(texts, chapter_options, dir + "/chapters.bin"); });
  auto headings = LevelModel::Train(texts, heading_options, dir + "/headings.bin");
  auto chapters_done = chapters.get();
  if (!chapters_done.ok()) return chapters_done.status();
  if (!headings.ok()) return headings.status();
  if (!sources.vague.empty()) {
    auto vague = ReadVagueTerms(sources.vague);
    if (!vague.ok()) return vague.status();
    std::vector<std::string> kept;
    for (auto& v : vague.value())
      if (sources.holdout_from < 0 || VagueBucket(v) < sources.holdout_from) kept.push_back(std::move(v));
    auto detector = VagueDetector::Train(kept, classifiable, dir + "/vague.json");
    if (!detector.ok()) return detector.status();
    report.vague = kept.size();
  }
  if (Status st = SaveTexts(texts, dir + "/texts.tsv"); !st.ok()) return st;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

Result<std::shared_ptr<const HsClassifier>> LoadClassifier(const std::string& dir, const std::string& nomenclature,
                                                           ClassifierOptions options) {
  auto texts = LoadTexts(dir + "/texts.tsv");
  if (!texts.ok()) return texts.status();
  auto nom = Nomenclature::Load(nomenclature);
  if (!nom.ok()) return nom.status();
  auto chapters = LevelModel::Load(dir + "/chapters.bin");
  if (!chapters.ok()) return chapters.status();
  auto headings = LevelModel::Load(dir + "/headings.bin");
  if (!headings.ok()) return headings.status();
  options.chapters = chapters.value();
  options.headings = headings.value();
  if (std::filesystem::exists(dir + "/vague.json")) {
    auto vague = VagueDetector::Load(dir + "/vague.json");
    if (!vague.ok()) return vague.status();
    options.vague = vague.value();
  }
  return HsClassifier::Build(std::move(texts.value()), std::move(nom.value()), options);
}

}  // namespace oc::classify
