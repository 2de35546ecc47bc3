#include "classify/level_model.h"

#include <fasttext/fasttext.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
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

// p[i] = softmax over the labels of (output row i · hidden), from the output matrix transposed
// (`by_dim`: dim rows of `labels` floats): each step of the sum then runs along the labels, 8
// at a time, where a dot product per label spent most of its time adding up the lanes of a
// 16-float vector. Compiled twice, for AVX2 (and glibc's 8-wide expf) and for the x86-64
// baseline, and chosen when the program loads, so the binary still runs on any x86-64.
__attribute__((target_clones("avx2", "default"))) void SoftmaxOfScores(const float* by_dim, const float* hidden,
                                                                        int64_t dim, int64_t labels, float* p) {
  for (int64_t i = 0; i < labels; ++i) p[i] = 0.f;
  for (int64_t j = 0; j < dim; ++j) {
    const float h = hidden[j];
    const float* row = by_dim + j * labels;
#pragma omp simd
    for (int64_t i = 0; i < labels; ++i) p[i] += h * row[i];
  }
  float max_score = std::numeric_limits<float>::lowest();
#pragma omp simd reduction(max : max_score)
  for (int64_t i = 0; i < labels; ++i) max_score = std::max(max_score, p[i]);
  float total = 0.f;
#pragma omp simd reduction(+ : total)
  for (int64_t i = 0; i < labels; ++i) {
    p[i] = std::exp(p[i] - max_score);
    total += p[i];
  }
  const float scale = 1.f / total;
#pragma omp simd
  for (int64_t i = 0; i < labels; ++i) p[i] *= scale;
}

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
    m->IndexLabels();
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
  const fasttext::Args args = m->model_->getArgs();
  if (args.model != fasttext::model_name::sup || args.loss != fasttext::loss_name::softmax || args.qout || args.qnorm)
    return Status::Invalid("bad_model", path + " is not an unquantised softmax classifier");
  for (int32_t i = 0; i < dict->nlabels(); ++i) {
    std::string label = dict->getLabel(i).substr(std::string(kLabel).size());
    if (label.empty() || label.size() > 8 || label.find_first_not_of("0123456789") != std::string::npos)
      return Status::Invalid("bad_model", path + " has a label that is not a code prefix: " + label);
  }
  try {
    m->IndexLabels();
  } catch (const std::exception& e) {
    return Status::Invalid("bad_model", path + ": " + e.what());
  }
  if (!m->input_ || !m->output_) return Status::Invalid("bad_model", path + " has no dense matrices");
  return std::shared_ptr<const LevelModel>(std::move(m));
}

void LevelModel::IndexLabels() {
  auto dict = model_->getDictionary();
  label_prefix_.clear();
  for (int32_t i = 0; i < dict->nlabels(); ++i)
    label_prefix_.push_back(static_cast<uint32_t>(std::stoul(dict->getLabel(i).substr(std::string(kLabel).size()))));
  end_of_line_ = dict->getId(fasttext::Dictionary::EOS);
  dictionary_ = dict;
  input_ = model_->getInputMatrix();
  output_ = model_->getOutputMatrix();
  const int64_t dim = output_->cols(), labels = output_->rows();
  output_by_dim_.assign(static_cast<size_t>(dim * labels), 0.f);
  for (int64_t i = 0; i < labels; ++i)
    for (int64_t j = 0; j < dim; ++j) output_by_dim_[j * labels + i] = output_->data()[i * dim + j];
}

bool LevelModel::Softmax(const std::vector<std::string>& tokens, std::vector<float>& probabilities) const {
  if (tokens.empty()) return false;
  // The model's softmax computed from its own matrices: the hidden vector is the mean of the
  // words' input rows (the line's end included, as fastText reads a line), each label's score
  // its output row · hidden. fastText's predict does the same, then a heap with a logarithm per
  // label and strings per answer: three quarters of the classifier's level-model time before;
  // the test checks the two agree.
  thread_local std::vector<float> hidden;
  const int64_t dim = input_->cols(), labels = output_->rows();
  hidden.assign(static_cast<size_t>(dim), 0.f);
  int words = 0;
  auto add_row = [&](int32_t id) {
    const float* row = input_->data() + id * dim;
    float* h = hidden.data();
#pragma omp simd
    for (int64_t j = 0; j < dim; ++j) h[j] += row[j];
    ++words;
  };
  for (const auto& t : tokens)
    if (int32_t id = dictionary_->getId(t); id >= 0 && dictionary_->getType(id) == fasttext::entry_type::word) add_row(id);
  if (end_of_line_ >= 0) add_row(end_of_line_);
  if (words == 0) return false;
  for (auto& h : hidden) h /= static_cast<float>(words);
  probabilities.resize(static_cast<size_t>(labels));
  SoftmaxOfScores(output_by_dim_.data(), hidden.data(), dim, labels, probabilities.data());
  return true;
}

void LevelModel::Distribution(const std::vector<std::string>& tokens, std::vector<float>& by_prefix) const {
  thread_local std::vector<float> probabilities;
  size_t size = 1;
  for (int d = 0; d < digits_; ++d) size *= 10;
  if (by_prefix.size() != size) by_prefix.assign(size, 0.f);
  if (!Softmax(tokens, probabilities)) {
    for (uint32_t prefix : label_prefix_) by_prefix[prefix] = 0.f;
    return;
  }
  for (size_t i = 0; i < probabilities.size(); ++i) by_prefix[label_prefix_[i]] = probabilities[i];
}

std::vector<std::pair<uint32_t, float>> LevelModel::Predict(const std::vector<std::string>& tokens, int k) const {
  std::vector<std::pair<uint32_t, float>> out;
  std::vector<float> probabilities;
  if (k <= 0 || !Softmax(tokens, probabilities)) return out;
  std::vector<uint32_t> order(probabilities.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  auto likelier = [&](uint32_t a, uint32_t b) {
    return probabilities[a] > probabilities[b] || (probabilities[a] == probabilities[b] && a < b);
  };
  size_t keep = std::min(static_cast<size_t>(k), order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(), likelier);
  // + 1e-5 as fastText's answers have it (it reports exp(log(p + 1e-5))).
  for (size_t i = 0; i < keep; ++i) out.emplace_back(label_prefix_[order[i]], probabilities[order[i]] + 1e-5f);
  return out;
}

std::vector<std::pair<uint32_t, float>> LevelModel::PredictWithFastText(const std::vector<std::string>& tokens, int k) const {
  std::vector<std::pair<uint32_t, float>> out;
  std::string line;
  for (const auto& t : tokens) line += t + " ";
  if (tokens.empty()) return out;
  std::istringstream in(line + "\n");
  std::vector<std::pair<fasttext::real, std::string>> predictions;
  model_->predictLine(in, predictions, k, 0.0);
  for (const auto& [p, label] : predictions)
    out.emplace_back(static_cast<uint32_t>(std::stoul(label.substr(std::string(kLabel).size()))), static_cast<float>(p));
  return out;
}

std::unordered_map<std::string, float> LevelModel::Predict(std::string_view text, int k) const {
  std::unordered_map<std::string, float> out;
  for (const auto& [prefix, p] : Predict(Tokens(text), k)) {
    std::string key = std::to_string(prefix);
    out[std::string(static_cast<size_t>(std::max(0, digits_ - static_cast<int>(key.size()))), '0') + key] = p;
  }
  return out;
}

}  // namespace oc::classify
