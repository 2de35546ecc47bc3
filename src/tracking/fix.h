// The records of cargo tracking: a fix (one position report of a device on a journey) and an
// alert (something an officer must look at). Plain values: the pipeline's steps read and make
// them, the store keeps them, the API serialises them.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/message.h"

namespace oc::tracking {

enum class SealState { kUnknown, kClosed, kOpened, kCut };
const char* SealStateName(SealState s);  // "unknown", "closed", "opened", "cut"
// "closed", "opened" or "cut" (any case); kUnknown for "" and anything else.
SealState SealStateFrom(std::string_view text);

struct Fix {
  std::string device;
  int64_t time_ms = 0;       // Unix milliseconds (UTC)
  double lat = NAN, lon = NAN;  // WGS 84 degrees
  double speed_kmh = NAN;    // NaN: not reported
  double heading = NAN;      // degrees from north; NaN: not reported
  SealState seal = SealState::kUnknown;
  double battery = NAN;      // percent; NaN: not reported
  int64_t sequence = -1;     // the device's message counter; -1: none (e.g. a CSV replay)
};

enum class AlertKind {
  kCorridorExit, kCorridorReturn, kLongStop, kSealOpened, kSealCut, kOffline, kOverdue, kLowBattery, kArrived
};
const char* AlertKindName(AlertKind k);  // "corridor_exit", ..., "low_battery", "arrived"

struct Alert {
  AlertKind kind = AlertKind::kArrived;
  std::string device;
  int64_t time_ms = 0;  // when it happened (or was detected, for a long stop: see steps.h)
  double lat = NAN, lon = NAN;
  // What happened in numbers, as a code with parameters (every client words it in its user's
  // language) and in English: e.g. alert_long_stop {minutes: 52}, "stationary 52 min outside
  // authorised stops".
  Message detail;
};

// Great-circle distance in metres (haversine on a sphere of the mean Earth radius).
double DistanceMetres(double lat1, double lon1, double lat2, double lon2);

}  // namespace oc::tracking
