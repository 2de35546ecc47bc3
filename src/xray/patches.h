// Labelled X-ray patches for training and evaluating the threat and anomaly models, read from a
// directory in the layout of the shared data (`labels.csv` + images/): the GDXray threat crops
// (handgun, shuriken, razor_blade, other_clutter) or the casting patches (defect / no_defect).
// Each patch carries its group, so that validation never splits near-duplicates (grouped folds).
#pragma once

#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "common/status.h"

namespace oc::xray {

enum class PatchTask { kThreats, kCastings };

struct PatchSet {
  std::vector<std::string> classes;  // threats: handgun, shuriken, razor_blade, other_clutter; castings: no_defect, defect
  std::vector<cv::Mat> images;       // grey 8-bit, dark = high attenuation
  std::vector<int> labels;           // index into classes
  std::vector<std::string> groups;   // threats: series + block of 10 image numbers; castings: content hash
  std::vector<std::string> files;
};

// Reads `dir`/labels.csv and its images. Castings are deduplicated by content hash (the upstream
// set holds byte-identical copies). NotFound("no_labels"), Invalid("bad_labels") naming the line,
// Invalid("bad_image") naming the file.
Result<PatchSet> ReadPatchSet(const std::string& dir, PatchTask task);

// The fold (0..k-1) of each patch: whole groups to a fold, by a hash of the group name, so that
// the assignment is stable and never depends on the order of the rows.
std::vector<int> GroupFolds(const std::vector<std::string>& groups, int k);

}  // namespace oc::xray
