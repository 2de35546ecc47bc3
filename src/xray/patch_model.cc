#include "xray/patch_model.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>

#include <opencv2/imgproc.hpp>
#include <opencv2/ml.hpp>
#include <opencv2/objdetect.hpp>

namespace oc::xray {

namespace {

const char* TaskName(PatchTask t) { return t == PatchTask::kThreats ? "threats" : "castings"; }

void AppendHog(const cv::Mat& view, std::vector<float>& out) {
  cv::HOGDescriptor hog(view.size(), cv::Size(16, 16), cv::Size(8, 8), cv::Size(8, 8), 9);
  std::vector<float> d;
  hog.compute(view, d);
  out.insert(out.end(), d.begin(), d.end());
}

void AppendHistogram(const cv::Mat& grey, int bins, std::vector<float>& out) {
  std::vector<float> h(bins, 0.f);
  for (int r = 0; r < grey.rows; ++r)
    for (const uchar* p = grey.ptr<uchar>(r), *end = p + grey.cols; p < end; ++p) h[*p * bins / 256] += 1.f;
  float n = static_cast<float>(grey.total());
  for (float v : h) out.push_back(v / n);
}

}  // namespace

std::vector<float> PatchFeatures(const cv::Mat& grey, PatchTask task) {
  std::vector<float> out;
  if (task == PatchTask::kThreats) {
    cv::Mat view;
    cv::resize(grey, view, cv::Size(64, 64), 0, 0, cv::INTER_AREA);
    AppendHog(view, out);
    cv::Mat coarse;
    cv::resize(grey, coarse, cv::Size(32, 32), 0, 0, cv::INTER_AREA);
    AppendHog(coarse, out);
    AppendHistogram(grey, 32, out);
    out.push_back(std::log(static_cast<float>(grey.rows)));
    out.push_back(std::log(static_cast<float>(grey.cols)));
    out.push_back(std::log(static_cast<float>(grey.rows) / static_cast<float>(grey.cols)));
  } else {
    cv::Mat view;
    cv::resize(grey, view, cv::Size(32, 32), 0, 0, cv::INTER_AREA);
    AppendHog(view, out);
    cv::Mat small, f;
    cv::resize(view, small, cv::Size(16, 16), 0, 0, cv::INTER_AREA);
    small.convertTo(f, CV_32F);
    cv::Scalar mean, sd;
    cv::meanStdDev(f, mean, sd);
    f = (f - mean[0]) / (sd[0] + 1.0);
    out.insert(out.end(), f.begin<float>(), f.end<float>());
    AppendHistogram(view, 16, out);
    out.push_back(static_cast<float>(sd[0] / 64.0));
  }
  return out;
}

struct PatchModel::Impl {
  cv::Mat mean, scale;  // 1 x d: features are standardised before the SVMs
  cv::Ptr<cv::ml::SVM> classes, score;
  float sign = 1.f;     // orientation of the score SVM's raw output (positive: threat)

  cv::Mat Standardised(const cv::Mat& features) const {
    cv::Mat out;
    cv::subtract(features, cv::repeat(mean, features.rows, 1), out);
    cv::multiply(out, cv::repeat(scale, features.rows, 1), out);
    return out;
  }
};

namespace {

cv::Ptr<cv::ml::SVM> Svm(int dims, double c) {
  auto svm = cv::ml::SVM::create();
  svm->setType(cv::ml::SVM::C_SVC);
  svm->setKernel(cv::ml::SVM::RBF);
  svm->setC(c);
  svm->setGamma(1.0 / dims);
  svm->setTermCriteria(cv::TermCriteria(cv::TermCriteria::MAX_ITER + cv::TermCriteria::EPS, 20000, 1e-6));
  return svm;
}

// Objects lie in bags at any angle: the training patches are also seen turned by 90, 180 and
// 270 degrees (`turns` views of each, labels repeated).
cv::Mat FeatureRows(const std::vector<cv::Mat>& images, PatchTask task, int turns) {
  cv::Mat rows;
  for (const auto& img : images) {
    for (int t = 0; t < turns; ++t) {
      cv::Mat view = img;
      if (t > 0) cv::rotate(img, view, t == 1 ? cv::ROTATE_90_CLOCKWISE : t == 2 ? cv::ROTATE_180 : cv::ROTATE_90_COUNTERCLOCKWISE);
      std::vector<float> f = PatchFeatures(view, task);
      rows.push_back(cv::Mat(1, static_cast<int>(f.size()), CV_32F, f.data()).clone());
    }
  }
  return rows;
}

}  // namespace

Result<std::unique_ptr<PatchModel>> PatchModel::Train(const PatchSet& set, PatchTask task) {
  std::vector<int> seen(set.classes.size(), 0);
  for (int l : set.labels) ++seen[l];
  if (set.images.size() < 20 || std::count_if(seen.begin(), seen.end(), [](int n) { return n > 0; }) < 2)
    return Status::Invalid("too_few_patches", "at least 20 patches of two classes are needed");
  auto model = std::unique_ptr<PatchModel>(new PatchModel());
  model->task_ = task;
  model->classes_ = set.classes;
  auto impl = std::make_shared<Impl>();
  const int turns = task == PatchTask::kThreats ? 4 : 1;
  cv::Mat x = FeatureRows(set.images, task, turns);
  cv::Mat sd;
  cv::reduce(x, impl->mean, 0, cv::REDUCE_AVG);
  cv::Mat centred = x - cv::repeat(impl->mean, x.rows, 1);
  cv::reduce(centred.mul(centred), sd, 0, cv::REDUCE_AVG);
  cv::sqrt(sd, sd);
  impl->scale = 1.0 / (sd + 1e-6);
  cv::Mat z = impl->Standardised(x);
  std::vector<int> repeated;
  for (int l : set.labels) repeated.insert(repeated.end(), turns, l);
  cv::Mat labels(repeated, true);
  labels = labels.reshape(1, static_cast<int>(repeated.size()));
  cv::Mat positive(labels.rows, 1, CV_32S);
  int negative = model->negative_class();
  for (int i = 0; i < labels.rows; ++i) positive.at<int>(i) = labels.at<int>(i) == negative ? 0 : 1;
  impl->classes = Svm(z.cols, 10);
  impl->classes->train(z, cv::ml::ROW_SAMPLE, labels);
  impl->score = Svm(z.cols, 10);
  impl->score->train(z, cv::ml::ROW_SAMPLE, positive);
  cv::Mat raw;
  impl->score->predict(z, raw, cv::ml::StatModel::RAW_OUTPUT);
  double pos = 0, neg = 0;
  int np = 0, nn = 0;
  for (int i = 0; i < raw.rows; ++i)
    (positive.at<int>(i) ? (pos += raw.at<float>(i), ++np) : (neg += raw.at<float>(i), ++nn));
  impl->sign = (np && nn && pos / np < neg / nn) ? -1.f : 1.f;
  model->impl_ = std::move(impl);
  return model;
}

PatchPrediction PatchModel::Predict(const cv::Mat& grey) const {
  std::vector<float> f = PatchFeatures(grey, task_);
  cv::Mat z = impl_->Standardised(cv::Mat(1, static_cast<int>(f.size()), CV_32F, f.data()));
  PatchPrediction p;
  p.label = static_cast<int>(impl_->classes->predict(z));
  cv::Mat raw;
  impl_->score->predict(z, raw, cv::ml::StatModel::RAW_OUTPUT);
  p.score = impl_->sign * raw.at<float>(0);
  return p;
}

Status PatchModel::Save(const std::string& dir) const {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::string base = dir + "/" + TaskName(task_);
  try {
    impl_->classes->save(base + "_classes.yml.gz");
    impl_->score->save(base + "_score.yml.gz");
    cv::FileStorage fs(base + "_scaling.yml", cv::FileStorage::WRITE);
    fs << "mean" << impl_->mean << "scale" << impl_->scale << "sign" << impl_->sign << "classes" << classes_;
  } catch (const cv::Exception& e) {
    return Status::Internal("cannot write the " + std::string(TaskName(task_)) + " model: " + e.msg);
  }
  return Status::Ok();
}

Result<std::unique_ptr<PatchModel>> PatchModel::Load(const std::string& dir, PatchTask task) {
  std::string base = dir + "/" + TaskName(task);
  if (!std::filesystem::exists(base + "_scaling.yml"))
    return Status::NotFound("no_model", "no " + std::string(TaskName(task)) + " model in " + dir +
                                            ": run 'opencustoms xray train'");
  auto model = std::unique_ptr<PatchModel>(new PatchModel());
  model->task_ = task;
  auto impl = std::make_shared<Impl>();
  try {
    impl->classes = cv::ml::SVM::load(base + "_classes.yml.gz");
    impl->score = cv::ml::SVM::load(base + "_score.yml.gz");
    cv::FileStorage fs(base + "_scaling.yml", cv::FileStorage::READ);
    fs["mean"] >> impl->mean;
    fs["scale"] >> impl->scale;
    fs["sign"] >> impl->sign;
    fs["classes"] >> model->classes_;
  } catch (const cv::Exception& e) {
    return Status::Invalid("bad_model", "the " + std::string(TaskName(task)) + " model cannot be read: " + e.msg);
  }
  if (impl->classes.empty() || impl->score.empty() || impl->mean.empty() || model->classes_.empty())
    return Status::Invalid("bad_model", "the " + std::string(TaskName(task)) + " model in " + dir + " is incomplete");
  model->impl_ = std::move(impl);
  return model;
}

PatchMetrics Evaluate(const std::vector<PatchPrediction>& predictions, const std::vector<int>& labels, int classes,
                      int negative_class, double fa_rate) {
  PatchMetrics m;
  m.rows = labels.size();
  std::vector<int> tp(classes, 0), predicted(classes, 0), actual(classes, 0);
  size_t correct = 0;
  for (size_t i = 0; i < labels.size(); ++i) {
    int p = predictions[i].label, a = labels[i];
    if (p >= 0 && p < classes) ++predicted[p];
    ++actual[a];
    if (p == a) ++tp[a], ++correct;
  }
  m.accuracy = labels.empty() ? 0 : static_cast<double>(correct) / labels.size();
  for (int c = 0; c < classes; ++c) {
    m.precision.push_back(predicted[c] ? static_cast<double>(tp[c]) / predicted[c] : 0);
    m.recall.push_back(actual[c] ? static_cast<double>(tp[c]) / actual[c] : 0);
  }
  std::vector<double> pos, neg;
  for (size_t i = 0; i < labels.size(); ++i) (labels[i] == negative_class ? neg : pos).push_back(predictions[i].score);
  if (pos.empty() || neg.empty()) return m;
  // AUC: the share of (positive, negative) pairs ordered right, ties counting half.
  std::sort(neg.begin(), neg.end());
  double pairs = 0;
  for (double s : pos) {
    auto lo = std::lower_bound(neg.begin(), neg.end(), s), hi = std::upper_bound(neg.begin(), neg.end(), s);
    pairs += static_cast<double>(lo - neg.begin()) + 0.5 * static_cast<double>(hi - lo);
  }
  m.auc = pairs / (static_cast<double>(pos.size()) * neg.size());
  // The threshold: the lowest score that leaves at most fa_rate of negatives at or above it.
  size_t allowed = static_cast<size_t>(std::floor(fa_rate * neg.size()));
  double threshold = neg.back() + 1e-9;
  if (allowed > 0) threshold = std::nextafter(neg[neg.size() - allowed - 1], INFINITY);
  m.threshold_at_fa = threshold;
  m.recall_at_fa = static_cast<double>(std::count_if(pos.begin(), pos.end(), [&](double s) { return s >= threshold; })) /
                   pos.size();
  return m;
}

Result<std::vector<PatchPrediction>> CrossValidate(const PatchSet& set, PatchTask task, int k) {
  std::vector<int> folds = GroupFolds(set.groups, k);
  std::vector<PatchPrediction> out(set.images.size());
  for (int f = 0; f < k; ++f) {
    PatchSet train;
    train.classes = set.classes;
    std::vector<size_t> held;
    for (size_t i = 0; i < set.images.size(); ++i) {
      if (folds[i] == f) {
        held.push_back(i);
        continue;
      }
      train.images.push_back(set.images[i]);
      train.labels.push_back(set.labels[i]);
      train.groups.push_back(set.groups[i]);
    }
    if (held.empty()) continue;
    auto model = PatchModel::Train(train, task);
    if (!model.ok()) return model.status();
    for (size_t i : held) out[i] = model.value()->Predict(set.images[i]);
  }
  return out;
}

}  // namespace oc::xray
