// Numbers in the texts people read (reasons, messages): fixed decimals, the C locale.
#pragma once

#include <cstdio>
#include <string>

namespace oc {

// `v` with exactly `places` decimals ("0.50" for Fixed(0.5, 2)); thread-safe, never throws
// beyond std::string's allocation.
inline std::string Fixed(double v, int places) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", places, v);
  return buf;
}

}  // namespace oc
