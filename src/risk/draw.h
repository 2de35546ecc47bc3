// Deterministic draws: a uniform number in [0, 1) from a hash of what identifies a decision, so
// that replaying a decision draws the same, and the draw cannot be steered without changing the
// declaration. FNV-1a over the text, then the splitmix64 finaliser to spread nearby keys.
#pragma once

#include <cstdint>
#include <string_view>

namespace oc::risk {

inline uint64_t Fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

inline uint64_t Spread(uint64_t h) {
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  return h ^ (h >> 31);
}

// Uniform in [0, 1) from the top 53 bits of a spread hash.
inline double UnitDraw(uint64_t h) { return static_cast<double>(Spread(h) >> 11) / static_cast<double>(1ull << 53); }

}  // namespace oc::risk
