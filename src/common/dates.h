// Calendar dates (ISO 8601 "YYYY-MM-DD") and UTC timestamps.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oc {

// Days since 1970-01-01 for a valid ISO date, nullopt for anything else ("2026-02-30" included).
std::optional<int64_t> ParseIsoDate(std::string_view text);
std::string FormatIsoDate(int64_t days_since_epoch);

// Current UTC time; the clock can be pinned (thread-safe, process-wide) by tests and by the demo
// seed, which replays a month of work before the server starts; nullopt releases it.
int64_t NowUnixMillis();
int64_t TodayUtcDays();
void PinClock(std::optional<int64_t> unix_millis);

// "2026-11-21T05:04:38.123Z"
std::string FormatTimestamp(int64_t unix_millis);
// Unix milliseconds of an RFC 3339 timestamp: "YYYY-MM-DDTHH:MM:SS", optional fraction (at most
// millisecond precision is kept), then "Z" or "±HH:MM" ("t", "z" and a space for "T" accepted).
// nullopt for anything else, including a leap second.
std::optional<int64_t> ParseTimestamp(std::string_view text);

}  // namespace oc
