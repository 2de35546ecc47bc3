// Scans in: every DICOS sample that DCMTK decodes imports with its size and metadata, the
// threat reports with their threats, the others are refused with their reason; PNG, TIFF and
// JPEG in 8 and 16 bits; truncated, forged and oversized inputs refused before decoding.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include <opencv2/imgcodecs.hpp>

#include "refdata/csv.h"
#include "refdata/data_dirs.h"
#include "xray/scan.h"
#include "xray/tdr.h"

namespace oc::xray {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Encoded(const cv::Mat& m, const char* ext) {
  std::vector<uchar> buf;
  EXPECT_TRUE(cv::imencode(ext, m, buf));
  return std::string(buf.begin(), buf.end());
}

TEST(DicosSamples, EveryDecodableObjectImportsAndTheOthersSayWhy) {
  std::string manifest = SharedDataFile("xray/dicos_samples/manifest.csv");
  if (manifest.empty()) GTEST_SKIP() << "no xray/dicos_samples in the shared data directory";
  auto rows = ReadCsvFile(manifest);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_GE(rows->size(), 2u);
  const auto& header = rows->front();
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
  std::string dir = manifest.substr(0, manifest.rfind('/') + 1);
  int images = 0, reports = 0, refused = 0, varied = 0;
  for (size_t r = 1; r < rows->size(); ++r) {
    const auto& row = rows.value()[r];
    auto at = [&](const char* name) { return row[col.at(name)]; };
    SCOPED_TRACE(at("file"));
    auto scan = DecodeScan(ReadFile(dir + at("file")));
    if (at("dcmj2pnm_decodes") == "yes") {
      ASSERT_TRUE(scan.ok()) << scan.status().ToString();
      EXPECT_EQ(scan->meta.format, "dicos");
      EXPECT_EQ(scan->meta.sop_class_uid, at("sop_class_uid"));
      EXPECT_EQ(scan->meta.rows, std::stoi(at("rows")));
      EXPECT_EQ(scan->meta.cols, std::stoi(at("cols")));
      int frames = at("frames").empty() ? 1 : std::stoi(at("frames"));
      EXPECT_EQ(scan->meta.frames, frames);
      ASSERT_EQ(scan->frames.size(), static_cast<size_t>(frames));
      EXPECT_EQ(scan->frames[0].type(), CV_16UC1);
      double lo = 0, hi = 0;
      cv::minMaxLoc(scan->frames[frames / 2], &lo, &hi);
      if (lo < hi) ++varied;
      EXPECT_EQ(scan->meta.manufacturer, "Device Manufacturer");
      EXPECT_FALSE(scan->meta.acquired.empty());
      ++images;
    } else if (at("modality") == "TDR") {
      ASSERT_TRUE(scan.ok()) << scan.status().ToString();
      ASSERT_TRUE(scan->report.has_value());
      EXPECT_EQ(scan->report->alarm_decision, at("alarm_decision"));
      ASSERT_FALSE(scan->report->threats.empty());
      EXPECT_GT(scan->report->threats[0].extents[0], 0) << "the threat's box";
      EXPECT_TRUE(scan->frames.empty());
      ++reports;
    } else if (at("modality") == "QR") {
      ASSERT_TRUE(scan.ok()) << scan.status().ToString();
      EXPECT_EQ(scan->meta.object, "qr");
      EXPECT_TRUE(scan->frames.empty());
    } else {
      ASSERT_FALSE(scan.ok());
      EXPECT_EQ(scan.status().code(), "unsupported_pixel_data") << scan.status().ToString();
      EXPECT_NE(scan.status().message().find("7FE0,0013"), std::string::npos) << scan.status().message();
      ++refused;
    }
  }
  EXPECT_GE(images, 7);
  EXPECT_GE(varied, 5) << "phantoms, not blank frames";
  EXPECT_GE(reports, 4);
  EXPECT_GE(refused, 1);
}

TEST(DicosSamples, TheThreatReportOfTheDxSample) {
  std::string file = SharedDataFile("xray/dicos_samples/V03_Data--DXwithTDR--tdr.dcs");
  if (file.empty()) GTEST_SKIP() << "no xray/dicos_samples in the shared data directory";
  auto scan = DecodeScan(ReadFile(file));
  ASSERT_TRUE(scan.ok()) << scan.status().ToString();
  const ThreatReport& r = *scan->report;
  EXPECT_EQ(r.alarm_decision, "ALARM");
  EXPECT_FALSE(r.referenced_instance.empty());
  ASSERT_EQ(r.threats.size(), 1u);
  EXPECT_EQ(r.threats[0].category, "PI");
  EXPECT_EQ(r.threats[0].ability, "SHIELD");
  EXPECT_EQ(r.threats[0].base[0], 24);
  EXPECT_EQ(r.threats[0].base[1], 91);
  EXPECT_EQ(r.threats[0].extents[0], 16);
  EXPECT_EQ(r.threats[0].extents[1], 22);
}

TEST(Images, PngTiffAndJpegIn8And16Bits) {
  cv::Mat deep(300, 200, CV_16UC1);
  cv::randu(deep, 0, 65535);
  for (const char* ext : {".png", ".tiff"}) {
    auto scan = DecodeScan(Encoded(deep, ext));
    ASSERT_TRUE(scan.ok()) << ext << ": " << scan.status().ToString();
    EXPECT_EQ(scan->meta.bits_stored, 16) << ext;
    EXPECT_EQ(scan->meta.rows, 300);
    EXPECT_EQ(scan->meta.cols, 200);
    EXPECT_EQ(cv::norm(scan->frames[0], deep, cv::NORM_INF), 0) << ext << " is lossless";
  }
  cv::Mat grey(64, 80, CV_8UC1, cv::Scalar(90));
  auto jpeg = DecodeScan(Encoded(grey, ".jpg"));
  ASSERT_TRUE(jpeg.ok()) << jpeg.status().ToString();
  EXPECT_EQ(jpeg->meta.format, "jpeg");
  EXPECT_EQ(jpeg->meta.bits_stored, 8);
  EXPECT_EQ(jpeg->meta.cols, 80);
}

TEST(BadInput, RefusedWithTheReasonNeverDecoded) {
  EXPECT_EQ(DecodeScan("").status().code(), "unsupported_format");
  EXPECT_EQ(DecodeScan("hello, scanner").status().code(), "unsupported_format");
  // A PNG header declaring 100000 x 100000 pixels: refused before the codec runs.
  std::string bomb = Encoded(cv::Mat(4, 4, CV_8UC1, cv::Scalar(1)), ".png");
  for (int i = 0; i < 2; ++i) {  // width, height at bytes 16 and 20, big-endian
    uint32_t v = 100000;
    for (int b = 0; b < 4; ++b) bomb[16 + 4 * i + b] = static_cast<char>((v >> (24 - 8 * b)) & 0xFF);
  }
  auto big = DecodeScan(bomb);
  EXPECT_EQ(big.status().code(), "image_too_large") << big.status().ToString();
  EXPECT_NE(big.status().message().find("100000x100000"), std::string::npos);
  std::string png = Encoded(cv::Mat(40, 40, CV_8UC1, cv::Scalar(7)), ".png");
  EXPECT_EQ(DecodeScan(png.substr(0, png.size() / 2)).status().code(), "malformed_image");
  std::string dicom(132, '\0');
  dicom.replace(128, 4, "DICM");
  auto empty = DecodeScan(dicom + "garbage that is no data element at all");
  EXPECT_FALSE(empty.ok());
  Limits tiny;
  tiny.max_pixels = 1000;
  EXPECT_EQ(DecodeScan(png, tiny).status().code(), "image_too_large");

  std::string file = SharedDataFile("xray/dicos_samples/V03_Data--DX_01_ExplicitLittlEndian--DX_01_ExplicitLittlEndian.dcs");
  if (file.empty()) return;
  std::string dx = ReadFile(file);
  auto truncated = DecodeScan(dx.substr(0, dx.size() - 5000));
  ASSERT_FALSE(truncated.ok()) << "a DX whose pixel data was cut";
  EXPECT_TRUE(truncated.status().code() == "malformed_dicos" || truncated.status().code() == "missing_pixel_data")
      << truncated.status().ToString();
  Limits small;
  small.max_side = 128;
  EXPECT_EQ(DecodeScan(dx, small).status().code(), "image_too_large");
}

// The platform's own findings go out as a DICOS TDR that reads back (with DCMTK) as written.
TEST(ThreatReports, WrittenAndReadBack) {
  ScanMeta scanned;
  scanned.sop_class_uid = "1.2.840.10008.5.1.4.1.1.501.2.2";
  scanned.sop_instance_uid = "1.2.3.4.5";
  scanned.ooi_id = "BAG-17";
  TdrContext ctx{NewDicomUid(), "20261207", "121500", "OpenCustoms", "patch-svm 1"};
  EXPECT_NE(ctx.instance_uid, NewDicomUid()) << "each report its own UID";
  std::vector<Alarm> alarms = {{"handgun", 0.97, 120, 80, 64, 40}, {"razor_blade", 0.61, 10, 20, 30, 12}};
  auto bytes = WriteThreatReport(scanned, alarms, ctx);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto back = DecodeScan(bytes.value());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->meta.object, "tdr");
  EXPECT_EQ(back->meta.sop_instance_uid, ctx.instance_uid);
  EXPECT_EQ(back->meta.acquired, "2026-12-07T12:15:00");
  EXPECT_EQ(back->meta.ooi_id, "BAG-17");
  const ThreatReport& r = *back->report;
  EXPECT_EQ(r.alarm_decision, "ALARM");
  EXPECT_EQ(r.tdr_type, "MACHINE");
  EXPECT_EQ(r.referenced_instance, "1.2.3.4.5");
  ASSERT_EQ(r.threats.size(), 2u);
  EXPECT_EQ(r.threats[0].description, "handgun");
  EXPECT_NEAR(r.threats[0].probability, 0.97, 1e-6);
  EXPECT_EQ(r.threats[0].base[0], 120);
  EXPECT_EQ(r.threats[0].base[1], 80);
  EXPECT_EQ(r.threats[0].extents[0], 64);
  EXPECT_EQ(r.threats[0].extents[1], 40);
  EXPECT_EQ(r.threats[1].id, 1);
  auto clear = DecodeScan(WriteThreatReport(scanned, {}, ctx).value());
  ASSERT_TRUE(clear.ok());
  EXPECT_EQ(clear->report->alarm_decision, "CLEAR");
  EXPECT_TRUE(clear->report->threats.empty());
  EXPECT_EQ(WriteThreatReport(scanned, {{"handgun", 1.5, 0, 0, 5, 5}}, ctx).status().code(), "bad_alarm");
  EXPECT_EQ(WriteThreatReport(scanned, {{"handgun", 0.5, 0, 0, 0, 5}}, ctx).status().code(), "bad_alarm");
}

// The fuzz target's seeds (fuzz/corpus/xray, written by the project) are valid inputs, so that
// fuzzing starts inside each parser.
TEST(FuzzSeeds, EachDecodes) {
  for (const char* name : {"dx.dcs", "grey16.png", "grey8.tiff"}) {
    auto scan = DecodeScan(ReadFile(std::string(OC_SOURCE_DIR) + "/fuzz/corpus/xray/" + name));
    ASSERT_TRUE(scan.ok()) << name << ": " << scan.status().ToString();
    EXPECT_EQ(scan->frames.size(), 1u) << name;
  }
}

}  // namespace
}  // namespace oc::xray
