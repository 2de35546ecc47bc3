#include "risk/lanes.h"

#include <algorithm>

namespace oc::risk {

const char* LaneName(Lane lane) {
  switch (lane) {
    case Lane::kGreen: return "green";
    case Lane::kBlue: return "blue";
    case Lane::kYellow: return "yellow";
    case Lane::kRed: return "red";
  }
  return "green";
}

std::optional<Lane> LaneFromName(std::string_view name) {
  for (Lane l : {Lane::kGreen, Lane::kBlue, Lane::kYellow, Lane::kRed})
    if (name == LaneName(l)) return l;
  return std::nullopt;
}

const char* PublicLaneReason(Lane lane) {
  switch (lane) {
    case Lane::kGreen: return "green lane: no control; the goods are released once the duties are paid or secured";
    case Lane::kBlue: return "blue lane: no control before release; the declaration may be audited after clearance";
    case Lane::kYellow: return "yellow lane: documentary check; present the invoice, transport and origin documents";
    case Lane::kRed: return "red lane: physical examination; present the goods with their documents for inspection";
  }
  return "";
}

bool IsPublicLaneReason(std::string_view reason) {
  for (Lane l : {Lane::kGreen, Lane::kBlue, Lane::kYellow, Lane::kRed})
    if (reason == PublicLaneReason(l)) return true;
  return false;
}

const char* LaneSourceName(LaneSource s) {
  switch (s) {
    case LaneSource::kRule: return "rule";
    case LaneSource::kRandom: return "random";
    case LaneSource::kModel: return "model";
    default: return "";
  }
}

namespace {

// The score above which `share` (0..1) of `sorted` (ascending) lies; +inf when share <= 0.
double UpperQuantile(const std::vector<float>& sorted, double share) {
  if (share <= 0 || sorted.empty()) return INFINITY;
  if (share >= 1) return -INFINITY;
  size_t k = static_cast<size_t>(std::ceil(share * static_cast<double>(sorted.size())));
  if (k == 0) return INFINITY;
  return sorted[sorted.size() - k];
}

LaneAllocator::Thresholds FromShares(std::vector<float> scores, const LanePolicy& p, double red, double yellow,
                                     double blue) {
  std::sort(scores.begin(), scores.end());
  // Bands from the top: red, then yellow below it, then blue.
  double r = std::max(0.0, red), y = std::max(0.0, yellow), b = std::max(0.0, blue);
  (void)p;
  return {UpperQuantile(scores, r), UpperQuantile(scores, r + y), UpperQuantile(scores, r + y + b)};
}

}  // namespace

LaneAllocator::Thresholds BatchThresholds(const std::vector<float>& scores, const LanePolicy& p, double rule_red,
                                          double rule_yellow, double rule_blue) {
  double random = p.random_percent / 100;
  double cap = p.red_percent + p.yellow_percent;
  double random_red = cap > 0 ? random * p.red_percent / cap : 0;
  return FromShares(scores, p, p.red_percent / 100 - rule_red - random_red,
                    p.yellow_percent / 100 - rule_yellow - (random - random_red), p.blue_percent / 100 - rule_blue);
}

LaneAllocator::LaneAllocator(LanePolicy policy)
    : policy_(policy), thresholds_{policy.cold_red, policy.cold_yellow, policy.cold_blue} {}

LaneAllocator::Thresholds LaneAllocator::Current() const { return thresholds_; }

void LaneAllocator::Seed(const std::vector<float>& scores) {
  recent_.clear();
  if (scores.empty()) return Recalibrate();
  // Just enough to calibrate, spread over the distribution: live decisions soon outnumber it.
  size_t n = static_cast<size_t>(std::max(1, std::min(policy_.min_window, policy_.window)));
  for (size_t i = 0; i < n; ++i) recent_.push_back({scores[i * scores.size() / n], LaneSource::kModel, Lane::kGreen});
  since_calibration_ = 0;
  Recalibrate();
}

void LaneAllocator::Recalibrate() {
  std::vector<float> scores;
  double n = static_cast<double>(recent_.size());
  double rule[4] = {0, 0, 0, 0};
  for (const auto& d : recent_) {
    if (!std::isnan(d.score)) scores.push_back(d.score);
    if (d.source == LaneSource::kRule) rule[static_cast<int>(d.lane)] += 1;
  }
  if (static_cast<int>(scores.size()) < policy_.min_window) {
    thresholds_ = {policy_.cold_red, policy_.cold_yellow, policy_.cold_blue};
    return;
  }
  thresholds_ = BatchThresholds(scores, policy_, rule[3] / n, rule[2] / n, rule[1] / n);
}

LaneChoice LaneAllocator::Choose(std::optional<Lane> rule_lane, float score, double u) {
  LaneChoice c;
  const double random = policy_.random_percent / 100;
  const double cap = policy_.red_percent + policy_.yellow_percent;
  if (rule_lane) {
    c.lane = *rule_lane;
    c.source = LaneSource::kRule;
  } else if (u < random) {
    // Random selections share the inspection capacity in proportion to it.
    c.lane = cap > 0 && u < random * policy_.red_percent / cap ? Lane::kRed : Lane::kYellow;
    c.source = LaneSource::kRandom;
  } else if (!std::isnan(score)) {
    if (score >= thresholds_.red) c = {Lane::kRed, LaneSource::kModel, thresholds_.red};
    else if (score >= thresholds_.yellow) c = {Lane::kYellow, LaneSource::kModel, thresholds_.yellow};
    else if (score >= thresholds_.blue) c = {Lane::kBlue, LaneSource::kModel, thresholds_.blue};
  }
  recent_.push_back({score, c.source, c.lane});
  while (static_cast<int>(recent_.size()) > policy_.window) recent_.pop_front();
  // Thresholds move slowly; recomputing every 50 decisions keeps the online cost flat.
  if (++since_calibration_ >= 50 || static_cast<int>(recent_.size()) == policy_.min_window) {
    since_calibration_ = 0;
    Recalibrate();
  }
  return c;
}

}  // namespace oc::risk
