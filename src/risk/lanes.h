// Control lanes and how a declaration gets one. Rule-mandated selections always apply; a
// minimum share is selected at random (unbiased labels, and no trader can be sure of green);
// the model fills what is left of each lane's inspection capacity with the highest scores.
//
// Thread-safety: Lane helpers are pure. LaneAllocator is not thread-safe: one per decision
// stream, guarded by its owner.
#pragma once

#include <cmath>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oc::risk {

// Ascending severity: green = release, blue = release and audit after clearance,
// yellow = documentary check, red = physical inspection.
enum class Lane { kGreen = 0, kBlue = 1, kYellow = 2, kRed = 3 };
const char* LaneName(Lane lane);  // "green", "blue", "yellow", "red"
std::optional<Lane> LaneFromName(std::string_view name);

// What a lane asks of the declarant, in the words a trader may read ("red lane: physical
// examination; ..."): never why it was chosen — criteria, lists, scores and factors stay with
// customs (access::Action::kReadConfidentialRisk).
const char* PublicLaneReason(Lane lane);
// Whether `reason` is exactly one of the PublicLaneReason texts.
bool IsPublicLaneReason(std::string_view reason);

// Target shares of all declarations per lane, set by inspection capacity (percent).
struct LanePolicy {
  double red_percent = 3, yellow_percent = 7, blue_percent = 2;
  double random_percent = 1;         // minimum random selection, split red:yellow by capacity
  int window = 2000;                 // recent decisions that calibrate the model's thresholds
  int min_window = 200;              // below this many scores, the fixed thresholds below apply
  double cold_red = 0.8, cold_yellow = 0.5, cold_blue = 0.3;
};

enum class LaneSource { kNone, kRule, kRandom, kModel };
const char* LaneSourceName(LaneSource s);  // "", "rule", "random", "model"

struct LaneChoice {
  Lane lane = Lane::kGreen;
  LaneSource source = LaneSource::kNone;
  double threshold = NAN;  // the model score the lane needed (kModel), NaN otherwise
};

// Keeps the recent decisions and turns lane capacity into score thresholds: the model's share
// of a lane is its target minus what rules and random selection already filled, and the
// threshold is the score quantile that selects that share of declarations.
class LaneAllocator {
 public:
  explicit LaneAllocator(LanePolicy policy = {});

  // `rule_lane`: the most severe lane of the criteria that fired and were sampled (nullopt: none).
  // `score`: the model's fraud probability (NaN without a model). `u`: a uniform draw in [0, 1),
  // made by the caller so that decisions are reproducible. Records the decision in the window.
  LaneChoice Choose(std::optional<Lane> rule_lane, float score, double u);

  // Replaces the window's scores with `scores` (a new model's score distribution) and
  // recalibrates, so that a new model starts with thresholds that fill capacity.
  void Seed(const std::vector<float>& scores);

  // The thresholds the model needs now (red, yellow, blue), for display and tests.
  struct Thresholds { double red, yellow, blue; };
  Thresholds Current() const;
  const LanePolicy& policy() const { return policy_; }

 private:
  struct Past {
    float score;
    LaneSource source;
    Lane lane;
  };
  void Recalibrate();

  LanePolicy policy_;
  std::deque<Past> recent_;
  Thresholds thresholds_;
  int since_calibration_ = 0;
};

// Model thresholds for one batch (risk assess, the replay): the score quantiles that fill each
// lane's capacity among `scores`, given how many declarations rules already sent to each lane.
LaneAllocator::Thresholds BatchThresholds(const std::vector<float>& scores, const LanePolicy& policy,
                                          double rule_red_share, double rule_yellow_share, double rule_blue_share);

}  // namespace oc::risk
