// Scans through the API on a real server: an inspection officer adds a DICOS scan (and its
// threat report, and a plain PNG) to a declaration; the record keeps the scanner's metadata, the
// file lies beside the store under its SHA-256 and the ledger holds the hash; officers list the
// scans and view them rendered; traders see none; what is not a scan is refused and nothing kept.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "common/encoding.h"
#include "refdata/data_dirs.h"
#include "tests/test_server.h"

namespace oc {
namespace {

using nlohmann::json;
using testing::TestServer;
using testing::ValidDeclarationJson;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Png16(int rows, int cols) {
  cv::Mat m(rows, cols, CV_16UC1);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) m.at<uint16_t>(r, c) = static_cast<uint16_t>((r * 300 + c * 40) % 60000);
  std::vector<uchar> buf;
  cv::imencode(".png", m, buf);
  return std::string(buf.begin(), buf.end());
}

size_t FilesUnder(const std::string& dir) {
  if (!std::filesystem::exists(dir)) return 0;
  size_t n = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) n += e.is_regular_file();
  return n;
}

TEST(ScansApi, AddedListedViewedAndLedgeredOnlyByCustoms) {
  TestServer server;
  auto lodged = server.Lodge(ValidDeclarationJson(1, TestServer::kOrgA));
  ASSERT_EQ(lodged.status, 201) << lodged.raw;
  std::string mrn = lodged.body["mrn"];
  std::string path = "/v1/declarations/" + mrn + "/scans";
  const std::string scans_dir = server.data_dir() + "/scans";

  // What is not a scan, and who may not add one: refused, nothing kept.
  EXPECT_EQ(server.Call("POST", path, Png16(64, 48), "trader_a").status, 403);
  EXPECT_EQ(server.Call("POST", path, Png16(64, 48), "risk").status, 403);
  auto junk = server.Call("POST", path, "not an image at all", "inspector");
  EXPECT_EQ(junk.status, 422) << junk.raw;
  EXPECT_EQ(junk.body["code"], "unsupported_format");
  EXPECT_EQ(server.Call("POST", path, "", "inspector").body["code"], "empty_scan");
  EXPECT_EQ(server.Call("POST", "/v1/declarations/99999/scans", Png16(8, 8), "inspector").status, 404);
  EXPECT_EQ(server.Call("POST", path + "?container=bad%2Fid", Png16(8, 8), "inspector").body["code"], "invalid_container");
  EXPECT_EQ(FilesUnder(scans_dir), 0u) << "nothing stored for refused uploads";

  // A 16-bit PNG from a scanner without DICOS.
  std::string png = Png16(120, 90);
  auto added = server.Call("POST", path + "?container=MSCU1234565", png, "inspector", {{"Content-Type", "image/png"}});
  ASSERT_EQ(added.status, 201) << added.raw;
  EXPECT_EQ(added.body["format"], "png");
  EXPECT_EQ(added.body["rows"], 120);
  EXPECT_EQ(added.body["cols"], 90);
  EXPECT_EQ(added.body["bits"], 16);
  EXPECT_EQ(added.body["container"], "MSCU1234565");
  EXPECT_EQ(added.body["mrn"], mrn);
  EXPECT_EQ(added.body["sha256"], Sha256Hex(png));
  int64_t png_id = added.body["id"];
  EXPECT_EQ(FilesUnder(scans_dir), 1u);

  // The DICOS samples: a DX and its threat report.
  std::string dx_file = SharedDataFile("xray/dicos_samples/V03_Data--DXwithTDR--dx.dcs");
  int64_t dx_id = 0;
  if (!dx_file.empty()) {
    std::string dx = ReadFile(dx_file);
    auto dx_added = server.Call("POST", path, dx, "inspector", {{"Content-Type", "application/dicom"}});
    ASSERT_EQ(dx_added.status, 201) << dx_added.raw;
    EXPECT_EQ(dx_added.body["format"], "dicos");
    EXPECT_EQ(dx_added.body["object"], "dx");
    EXPECT_EQ(dx_added.body["modality"], "XRAY");
    EXPECT_EQ(dx_added.body["scanner"]["manufacturer"], "Device Manufacturer");
    EXPECT_EQ(dx_added.body["rows"], 200);
    EXPECT_EQ(dx_added.body["cols"], 100);
    dx_id = dx_added.body["id"];
    auto tdr = server.Call("POST", path, ReadFile(SharedDataFile("xray/dicos_samples/V03_Data--DXwithTDR--tdr.dcs")),
                           "supervisor");
    ASSERT_EQ(tdr.status, 201) << tdr.raw;
    EXPECT_EQ(tdr.body["report"]["alarm_decision"], "ALARM");
    EXPECT_EQ(tdr.body["report"]["threats"].size(), 1u);
    auto flt = server.Call("POST", path, ReadFile(SharedDataFile("xray/dicos_samples/V02A_Data--V02A_NewDataTypes--DX--DX_float.dcs")),
                           "inspector");
    EXPECT_EQ(flt.status, 422) << flt.raw;
    EXPECT_EQ(flt.body["code"], "unsupported_pixel_data");
  }

  // Officers list and read them; traders do not.
  auto list = server.Call("GET", path, "", "risk");
  ASSERT_EQ(list.status, 200) << list.raw;
  EXPECT_EQ(list.body["items"].size(), dx_id ? 3u : 1u);
  EXPECT_EQ(list.body["items"][0]["id"], png_id);
  EXPECT_EQ(server.Call("GET", path, "", "trader_a").status, 403);
  EXPECT_EQ(server.Call("GET", "/v1/scans/" + std::to_string(png_id), "", "trader_a").status, 403);
  EXPECT_EQ(server.Call("GET", "/v1/scans/" + std::to_string(png_id), "", "admin").body["sha256"], Sha256Hex(png));
  EXPECT_EQ(server.Call("GET", "/v1/scans/424242", "", "risk").status, 404);

  // The rendered view: a PNG of the scan's size, inverted on request, scaled down to fit.
  auto image = server.Call("GET", "/v1/scans/" + std::to_string(png_id) + "/image", "", "risk");
  ASSERT_EQ(image.status, 200);
  cv::Mat view = cv::imdecode(cv::Mat(1, static_cast<int>(image.raw.size()), CV_8UC1, image.raw.data()), cv::IMREAD_UNCHANGED);
  ASSERT_FALSE(view.empty());
  EXPECT_EQ(view.rows, 120);
  EXPECT_EQ(view.type(), CV_8UC1);
  auto inverted = server.Call("GET", "/v1/scans/" + std::to_string(png_id) + "/image?invert=true&level=30000&width=60000", "", "risk");
  cv::Mat inv = cv::imdecode(cv::Mat(1, static_cast<int>(inverted.raw.size()), CV_8UC1, inverted.raw.data()), cv::IMREAD_UNCHANGED);
  ASSERT_FALSE(inv.empty());
  EXPECT_GT(inv.at<uchar>(0, 0), 250) << "the darkest value, inverted";
  auto thumb = server.Call("GET", "/v1/scans/" + std::to_string(png_id) + "/image?max_side=60&clahe=true&edges=true", "", "risk");
  cv::Mat small = cv::imdecode(cv::Mat(1, static_cast<int>(thumb.raw.size()), CV_8UC1, thumb.raw.data()), cv::IMREAD_UNCHANGED);
  EXPECT_EQ(small.rows, 60);
  EXPECT_EQ(server.Call("GET", "/v1/scans/" + std::to_string(png_id) + "/image?level=5", "", "risk").body["code"], "bad_window");
  EXPECT_EQ(server.Call("GET", "/v1/scans/" + std::to_string(png_id) + "/image?frame=3", "", "risk").body["code"], "bad_frame");
  EXPECT_EQ(server.Call("GET", "/v1/scans/" + std::to_string(png_id) + "/image?width=abc", "", "risk").status, 422);

  // The ledger records each scan's hash.
  auto entries = server.Call("GET", "/v1/declarations/" + mrn + "/ledger", "", "risk");
  ASSERT_EQ(entries.status, 200) << entries.raw;
  int stored = 0;
  for (const auto& e : entries.body["entries"]) {
    if (e.value("type", "") != "scan_stored") continue;
    ++stored;
    json event = json::parse(*Base64Decode(e["data"].get<std::string>()));
    if (event["event"]["scan"] == png_id) EXPECT_EQ(event["event"]["sha256"], Sha256Hex(png));
  }
  EXPECT_EQ(stored, dx_id ? 3 : 1) << entries.raw.substr(0, 2000);

  // A file damaged on disk is refused when viewed, never shown as if it were the scan.
  std::string file;
  for (const auto& e : std::filesystem::recursive_directory_iterator(scans_dir))
    if (e.path().extension() == ".png") file = e.path().string();
  ASSERT_FALSE(file.empty());
  std::filesystem::permissions(file, std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
  { std::ofstream(file, std::ios::binary | std::ios::app) << "tampered"; }
  auto damaged = server.Call("GET", "/v1/scans/" + std::to_string(png_id) + "/image", "", "risk");
  EXPECT_EQ(damaged.body["code"], "scan_file_damaged") << damaged.raw;
}

}  // namespace
}  // namespace oc
