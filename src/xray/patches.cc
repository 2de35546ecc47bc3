#include "xray/patches.h"

#include <filesystem>
#include <map>
#include <set>

#include <opencv2/imgcodecs.hpp>

#include "refdata/csv.h"

namespace oc::xray {

namespace {

// FNV-1a: a stable hash of a group's name (folds must not depend on std::hash).
uint64_t StableHash(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

}  // namespace

std::vector<int> GroupFolds(const std::vector<std::string>& groups, int k) {
  std::vector<int> out;
  out.reserve(groups.size());
  for (const auto& g : groups) out.push_back(static_cast<int>(StableHash(g) % static_cast<uint64_t>(k)));
  return out;
}

Result<PatchSet> ReadPatchSet(const std::string& dir, PatchTask task) {
  std::string labels = dir + "/labels.csv";
  if (!std::filesystem::exists(labels)) return Status::NotFound("no_labels", "no " + labels);
  std::vector<int> lines;
  auto rows = ReadCsvFile(labels, &lines);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::Invalid("bad_labels", labels + " is empty");
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < rows->front().size(); ++i) col[rows->front()[i]] = i;
  bool threats = task == PatchTask::kThreats;
  std::vector<std::string> need = threats ? std::vector<std::string>{"file", "class_name", "gdxray_series", "gdxray_image_no"}
                                          : std::vector<std::string>{"file", "label", "sha256"};
  for (const auto& c : need)
    if (!col.count(c)) return Status::Invalid("bad_labels", labels + " has no column '" + c + "'");
  PatchSet set;
  set.classes = threats ? std::vector<std::string>{"handgun", "shuriken", "razor_blade", "other_clutter"}
                        : std::vector<std::string>{"no_defect", "defect"};
  std::set<std::string> seen_hashes;
  for (size_t r = 1; r < rows->size(); ++r) {
    const auto& row = rows.value()[r];
    std::string where = labels + ":" + std::to_string(lines.empty() ? r + 1 : lines[r]);
    if (row.size() < rows->front().size()) return Status::Invalid("bad_labels", where + ": too few columns");
    int label = -1;
    std::string group;
    if (threats) {
      for (size_t c = 0; c < set.classes.size(); ++c)
        if (row[col["class_name"]] == set.classes[c]) label = static_cast<int>(c);
      int number = std::atoi(row[col["gdxray_image_no"]].c_str());
      group = row[col["gdxray_series"]] + "/" + std::to_string((number - 1) / 10);
    } else {
      const std::string& l = row[col["label"]];
      label = l == "1" ? 1 : l == "0" ? 0 : -1;
      group = row[col["sha256"]];
      if (!seen_hashes.insert(group).second) continue;  // a byte-identical copy
    }
    if (label < 0) return Status::Invalid("bad_labels", where + ": unknown class");
    std::string file = dir + "/" + row[col["file"]];
    cv::Mat grey = cv::imread(file, cv::IMREAD_GRAYSCALE);
    if (grey.empty()) return Status::Invalid("bad_image", file + " cannot be read as an image");
    set.images.push_back(std::move(grey));
    set.labels.push_back(label);
    set.groups.push_back(std::move(group));
    set.files.push_back(row[col["file"]]);
  }
  if (set.images.empty()) return Status::Invalid("bad_labels", labels + " lists no patch");
  return set;
}

}  // namespace oc::xray
