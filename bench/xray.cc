// X-ray: how fast a scan is taken in and made visible. Ingest: DecodeScan of every DICOS sample in
// the shared data (median and worst per file; the JPEG-lossless CT has 100 frames) and of a
// synthetic 2048×2048 16-bit PNG; enhancement: the rendered view of that scan with the window from
// its percentiles, CLAHE and edge enhancement. (Threat detection on whole images is not built
// yet: its time will join `enhance_2048_ms` as the 0.5 s budget.)
// Last line: {"bench":"xray","dicos_ingest_median_ms":..,"dicos_ingest_max_ms":..,
// "png_2048_ingest_ms":..,"enhance_2048_ms":..}
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "refdata/data_dirs.h"
#include "xray/render.h"
#include "xray/scan.h"

namespace {

double Ms(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main() {
  using oc::xray::DecodeScan;
  std::vector<double> dicos;
  std::string manifest = oc::SharedDataFile("xray/dicos_samples/manifest.csv");
  if (!manifest.empty()) {
    std::string dir = manifest.substr(0, manifest.rfind('/'));
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      if (e.path().extension() != ".dcs") continue;
      std::string bytes = ReadFile(e.path().string());
      std::vector<double> runs;
      for (int i = 0; i < 5; ++i) {
        auto t0 = std::chrono::steady_clock::now();
        auto scan = DecodeScan(bytes);
        runs.push_back(Ms(t0));
      }
      std::printf("%-80s %8.2f ms\n", e.path().filename().c_str(), Median(runs));
      dicos.push_back(Median(runs));
    }
  } else {
    std::printf("no xray/dicos_samples in the shared data: DICOS ingest not measured\n");
  }

  cv::Mat scan(2048, 2048, CV_16UC1);
  cv::randu(scan, 0, 40000);
  cv::GaussianBlur(scan, scan, cv::Size(0, 0), 6);  // a texture a codec compresses like a scan
  std::vector<uchar> png;
  cv::imencode(".png", scan, png);
  std::string bytes(png.begin(), png.end());
  std::vector<double> ingest, enhance;
  for (int i = 0; i < 5; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    auto decoded = DecodeScan(bytes);
    ingest.push_back(Ms(t0));
    if (!decoded.ok()) {
      std::fprintf(stderr, "xray bench: %s\n", decoded.status().ToString().c_str());
      return 1;
    }
    oc::xray::RenderOptions o;
    o.clahe = true;
    o.edges = true;
    auto t1 = std::chrono::steady_clock::now();
    auto view = oc::xray::RenderView(decoded.value(), o);
    enhance.push_back(Ms(t1));
  }
  double dicos_median = Median(dicos), dicos_max = dicos.empty() ? 0 : *std::max_element(dicos.begin(), dicos.end());
  std::printf("DICOS ingest: median %.2f ms, worst %.2f ms over %zu files; 2048x2048 16-bit PNG: ingest %.1f ms, "
              "enhancement (window, CLAHE, edges) %.1f ms\n",
              dicos_median, dicos_max, dicos.size(), Median(ingest), Median(enhance));
  std::printf("{\"bench\":\"xray\",\"dicos_files\":%zu,\"dicos_ingest_median_ms\":%.2f,\"dicos_ingest_max_ms\":%.2f,"
              "\"png_2048_ingest_ms\":%.1f,\"enhance_2048_ms\":%.1f}\n",
              dicos.size(), dicos_median, dicos_max, Median(ingest), Median(enhance));
  return 0;
}
