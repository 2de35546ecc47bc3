#include "tracking/fix.h"

#include <algorithm>
#include <cctype>

namespace oc::tracking {

const char* SealStateName(SealState s) {
  switch (s) {
    case SealState::kClosed: return "closed";
    case SealState::kOpened: return "opened";
    case SealState::kCut: return "cut";
    case SealState::kUnknown: break;
  }
  return "unknown";
}

SealState SealStateFrom(std::string_view text) {
  std::string t(text);
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
  if (t == "closed") return SealState::kClosed;
  if (t == "opened" || t == "open") return SealState::kOpened;
  if (t == "cut") return SealState::kCut;
  return SealState::kUnknown;
}

const char* AlertKindName(AlertKind k) {
  switch (k) {
    case AlertKind::kCorridorExit: return "corridor_exit";
    case AlertKind::kCorridorReturn: return "corridor_return";
    case AlertKind::kLongStop: return "long_stop";
    case AlertKind::kSealOpened: return "seal_opened";
    case AlertKind::kSealCut: return "seal_cut";
    case AlertKind::kOffline: return "offline";
    case AlertKind::kOverdue: return "overdue";
    case AlertKind::kLowBattery: return "low_battery";
    case AlertKind::kArrived: return "arrived";
  }
  return "arrived";
}

double DistanceMetres(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadius = 6371008.8, kRad = M_PI / 180;
  double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadius * std::asin(std::min(1.0, std::sqrt(a)));
}

}  // namespace oc::tracking
