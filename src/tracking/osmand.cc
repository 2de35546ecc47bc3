#include "tracking/osmand.h"

#include <cstdlib>
#include <string>

#include "common/dates.h"

namespace oc::tracking {
namespace {

Status BadQuery(const std::string& why) { return Status::Invalid("bad_osmand", "osmand: " + why); }

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded: '+' is a space, %XX a byte; a malformed escape stays as is.
std::string Decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && Hex(s[i + 1]) >= 0 && Hex(s[i + 2]) >= 0) {
      out += static_cast<char>(Hex(s[i + 1]) * 16 + Hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool QueryNumber(const std::string& text, double& out) {
  if (text.empty() || text.size() > 40) return false;
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(out);
}

}  // namespace

Result<Fix> ParseOsmAnd(std::string_view query) {
  if (!query.empty() && query.front() == '?') query.remove_prefix(1);
  Fix fix;
  bool have_lat = false, have_lon = false, have_time = false;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    size_t eq = pair.find('=');
    std::string key = Decode(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? std::string() : Decode(pair.substr(eq + 1));
    double v = 0;
    auto number = [&](const char* what) -> Status {
      return QueryNumber(value, v) ? Status::Ok() : BadQuery(std::string("'") + what + "' is not a number");
    };
    if (key == "id" || key == "deviceid") {
      if (value.empty() || value.size() > 64) return BadQuery("'id' must be 1 to 64 characters");
      fix.device = value;
    } else if (key == "lat" || key == "lon") {
      if (Status st = number(key.c_str()); !st.ok()) return st;
      (key == "lat" ? fix.lat : fix.lon) = v;
      (key == "lat" ? have_lat : have_lon) = true;
    } else if (key == "location") {
      size_t comma = value.find(',');
      double lat = 0, lon = 0;
      if (comma == std::string::npos || !QueryNumber(value.substr(0, comma), lat) || !QueryNumber(value.substr(comma + 1), lon))
        return BadQuery("'location' must be lat,lon");
      fix.lat = lat;
      fix.lon = lon;
      have_lat = have_lon = true;
    } else if (key == "timestamp") {
      if (auto t = ParseTimestamp(value)) {
        fix.time_ms = *t;
      } else if (QueryNumber(value, v) && v > 0 && v < 1e14) {
        fix.time_ms = static_cast<int64_t>(v < 1e11 ? v * 1000 : v);  // seconds, else milliseconds
      } else {
        return BadQuery("'timestamp' must be Unix seconds or milliseconds, or RFC 3339");
      }
      have_time = true;
    } else if (key == "speed") {
      if (Status st = number("speed"); !st.ok()) return st;
      fix.speed_kmh = v * 1.852;  // knots
    } else if (key == "bearing" || key == "heading") {
      if (Status st = number(key.c_str()); !st.ok()) return st;
      fix.heading = v;
    } else if (key == "batt") {
      if (Status st = number("batt"); !st.ok()) return st;
      fix.battery = v;
    }
  }
  if (fix.device.empty()) return BadQuery("'id' is required");
  if (!have_lat || !have_lon) return BadQuery("'lat' and 'lon' (or 'location') are required");
  if (!have_time) return BadQuery("'timestamp' is required");
  return fix;
}

}  // namespace oc::tracking
