#include "common/dates.h"

#include <atomic>
#include <chrono>
#include <cstdio>

namespace oc {
namespace {
// Howard Hinnant's civil-calendar algorithms (public domain).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}
void CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}
std::atomic<int64_t> g_pinned{-1};
}  // namespace

std::optional<int64_t> ParseIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto num = [&](size_t pos, size_t len) -> int {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (y < 1900 || m < 1 || m > 12 || d < 1) return std::nullopt;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max_day = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  if (d > max_day) return std::nullopt;
  return DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::string FormatIsoDate(int64_t days) {
  int64_t y; unsigned m, d;
  CivilFromDays(days, y, m, d);
  char buf[32];  // room for any int64 year, so the compiler can see nothing is cut
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

int64_t NowUnixMillis() {
  int64_t pinned = g_pinned.load(std::memory_order_relaxed);
  if (pinned >= 0) return pinned;
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

int64_t TodayUtcDays() { return NowUnixMillis() / 86400000; }

void PinClock(std::optional<int64_t> ms) { g_pinned.store(ms ? *ms : -1); }

std::string FormatTimestamp(int64_t ms) {
  int64_t days = ms / 86400000;
  int64_t rem = ms % 86400000;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%sT%02lld:%02lld:%02lld.%03lldZ", FormatIsoDate(days).c_str(),
                static_cast<long long>(rem / 3600000), static_cast<long long>(rem / 60000 % 60),
                static_cast<long long>(rem / 1000 % 60), static_cast<long long>(rem % 1000));
  return buf;
}

std::optional<int64_t> ParseTimestamp(std::string_view s) {
  if (s.size() < 20) return std::nullopt;
  auto day = ParseIsoDate(s.substr(0, 10));
  if (!day || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':') return std::nullopt;
  auto two = [&](size_t pos) -> int {
    if (s[pos] < '0' || s[pos] > '9' || s[pos + 1] < '0' || s[pos + 1] > '9') return -1;
    return (s[pos] - '0') * 10 + (s[pos + 1] - '0');
  };
  int h = two(11), mi = two(14), sec = two(17);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return std::nullopt;
  size_t at = 19;
  int64_t millis = 0;
  if (at < s.size() && s[at] == '.') {
    size_t digits = 0;
    for (++at; at < s.size() && s[at] >= '0' && s[at] <= '9'; ++at, ++digits)
      if (digits < 3) millis = millis * 10 + (s[at] - '0');
    if (digits == 0) return std::nullopt;
    for (size_t d = digits; d < 3; ++d) millis *= 10;
  }
  if (at >= s.size()) return std::nullopt;
  int64_t offset_min = 0;
  if (s[at] == 'Z' || s[at] == 'z') {
    ++at;
  } else if (s[at] == '+' || s[at] == '-') {
    if (s.size() != at + 6 || s[at + 3] != ':') return std::nullopt;
    int oh = two(at + 1), om = two(at + 4);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return std::nullopt;
    offset_min = (s[at] == '+' ? 1 : -1) * (oh * 60 + om);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != s.size()) return std::nullopt;
  return ((*day * 24 + h) * 60 + mi - offset_min) * 60000 + sec * 1000 + millis;
}

}  // namespace oc
