#include "classify/level_model.h"

#include <fasttext/fasttext.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "classify/text.h"

namespace oc::classify {

namespace {

std::string Line(std::string_view text) {
  std::string out;
  for (const auto& t : Tokens(text)) {
    if (!out.empty()) out.push_back(' ');
    out += t;
  }
  return out;
}

constexpr const char* kLabel = "__label__";

}  // namespace

LevelModel::LevelModel() : model_(std::make_unique<fasttext::FastText>()) {}
LevelModel::~LevelModel() = default;

Result<std::shared_ptr<const LevelModel>> LevelModel::Train(const std::vector<TrainingText>& texts,
                                                             const LevelModelOptions& options, const std::string& path) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  // fastText trains from a file: the texts, shuffled (it reads them in order, epoch after epoch).
  std::vector<std::string> lines;
  for (const auto& t : texts) {
    if (static_cast<int>(t.hs6.size()) < options.digits) continue;
    std::string line = Line(t.text);
    if (line.empty()) continue;
    std::string labelled = kLabel + t.hs6.substr(0, options.digits) + " " + line;
    for (int r = 0; r < (t.labelled ? options.labelled_repeats : 1); ++r) lines.push_back(labelled);
  }
  if (lines.empty()) return Status::Invalid("no_training_text", "no text to train the level model on");
  std::mt19937 rng(42);
  std::shuffle(lines.begin(), lines.end(), rng);
  std::string input = path + ".train.txt";
  {
    std::ofstream out(input, std::ios::trunc);
    for (const auto& l : lines) out << l << '\n';
    if (!out.flush()) return Status::Internal("cannot write " + input);
  }
  fasttext::Args args;
  args.input = input;
  args.model = fasttext::model_name::sup;
  args.loss = fasttext::loss_name::softmax;
  args.dim = options.dim;
  args.epoch = options.epoch;
  args.lr = options.lr;
  args.minCount = 1;
  args.wordNgrams = 1;
  args.minn = 0;
  args.maxn = 0;
  args.bucket = 0;  // no subwords or n-grams: no hashed rows (the default 2M would take 400 MB)
  args.thread = options.threads;
  args.verbose = 0;
  args.seed = 42;
  std::shared_ptr<LevelModel> m(new LevelModel());
  m->digits_ = options.digits;
  try {
    m->model_->train(args);
    m->model_->saveModel(path);
  } catch (const std::exception& e) {
    std::filesystem::remove(input, ec);
    return Status::Internal(std::string("fastText training failed: ") + e.what());
  }
  std::filesystem::remove(input, ec);
  return std::shared_ptr<const LevelModel>(std::move(m));
}

Result<std::shared_ptr<const LevelModel>> LevelModel::Load(const std::string& path) {
  if (!std::filesystem::exists(path)) return Status::NotFound("no level model at " + path);
  std::shared_ptr<LevelModel> m(new LevelModel());
  try {
    m->model_->loadModel(path);
  } catch (const std::exception& e) {
    return Status::Invalid("bad_model", path + " is not a fastText model: " + e.what());
  }
  // The labels say how many digits the model predicts.
  auto dict = m->model_->getDictionary();
  if (dict->nlabels() == 0) return Status::Invalid("bad_model", path + " has no labels");
  m->digits_ = static_cast<int>(dict->getLabel(0).size() - std::string(kLabel).size());
  return std::shared_ptr<const LevelModel>(std::move(m));
}

std::unordered_map<std::string, float> LevelModel::Predict(std::string_view text, int k) const {
  std::unordered_map<std::string, float> out;
  std::string line = Line(text);
  if (line.empty()) return out;
  std::istringstream in(line + "\n");
  std::vector<std::pair<fasttext::real, std::string>> predictions;
  model_->predictLine(in, predictions, k, 0.0);
  size_t skip = std::string(kLabel).size();
  for (const auto& [p, label] : predictions) out[label.substr(skip)] = static_cast<float>(p);
  return out;
}

}  // namespace oc::classify
