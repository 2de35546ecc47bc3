#include "xray/render.h"

#include <algorithm>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace oc::xray {

namespace {

// The values at the `lo` and `hi` fractions of the frame's histogram.
std::pair<double, double> Percentiles(const cv::Mat& m, double lo, double hi) {
  cv::Mat flat = m.reshape(1, 1).clone();
  flat.convertTo(flat, CV_32F);
  std::vector<float> v(flat.begin<float>(), flat.end<float>());
  auto at = [&](double q) {
    size_t k = std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size() - 1)));
    std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
    return static_cast<double>(v[k]);
  };
  return {at(lo), at(hi)};
}

}  // namespace

Result<cv::Mat> RenderView(const Scan& scan, const RenderOptions& o) {
  if (scan.frames.empty()) return Status::Invalid("no_pixels", "a " + scan.meta.object + " object has no image");
  if (o.frame >= static_cast<int>(scan.frames.size()) || o.frame < -1)
    return Status::Invalid("bad_frame", "the scan has frames 0 to " + std::to_string(scan.frames.size() - 1));
  if (o.level.has_value() != o.width.has_value())
    return Status::Invalid("bad_window", "give both the window's level and width, or neither");
  if (o.width && !(*o.width > 0)) return Status::Invalid("bad_window", "the window's width must be above 0");
  cv::Mat src;
  if (o.frame >= 0) {
    src = scan.frames[o.frame];
  } else {
    src = scan.frames[0].clone();
    for (size_t i = 1; i < scan.frames.size(); ++i) cv::max(src, scan.frames[i], src);
  }
  double lo, hi;
  if (o.level) {
    lo = *o.level - *o.width / 2;
    hi = *o.level + *o.width / 2;
  } else {
    std::tie(lo, hi) = Percentiles(src, 0.01, 0.99);
    if (hi <= lo) hi = lo + 1;
  }
  cv::Mat view;
  src.convertTo(view, CV_8U, 255.0 / (hi - lo), -lo * 255.0 / (hi - lo));
  if (o.invert) cv::bitwise_not(view, view);
  if (o.clahe) cv::createCLAHE(2.0, cv::Size(8, 8))->apply(view, view);
  if (o.edges) {
    cv::Mat blurred;
    cv::GaussianBlur(view, blurred, cv::Size(0, 0), 2.0);
    cv::addWeighted(view, 1.8, blurred, -0.8, 0, view);
  }
  if (o.max_side > 0 && std::max(view.rows, view.cols) > o.max_side) {
    double f = static_cast<double>(o.max_side) / std::max(view.rows, view.cols);
    cv::resize(view, view, cv::Size(), f, f, cv::INTER_AREA);
  }
  return view;
}

Result<std::string> RenderPng(const Scan& scan, const RenderOptions& options) {
  auto view = RenderView(scan, options);
  if (!view.ok()) return view.status();
  std::vector<uchar> png;
  if (!cv::imencode(".png", view.value(), png)) return Status::Internal("the view cannot be encoded as PNG");
  return std::string(png.begin(), png.end());
}

}  // namespace oc::xray
