#include "api/rate_limiter.h"

#include <algorithm>

namespace oc::api {

bool RateLimiter::Allow(const std::string& key, int64_t now_ms, double* retry_after_s) {
  if (rate_ <= 0) return true;
  std::lock_guard lk(mu_);
  if (buckets_.size() > 100000) buckets_.clear();  // bound memory under address-spraying clients
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{burst_, now_ms});
  Bucket& b = it->second;
  if (!inserted) {
    b.tokens = std::min(burst_, b.tokens + (now_ms - b.last_ms) * rate_ / 1000.0);
    b.last_ms = now_ms;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return true;
  }
  if (retry_after_s) *retry_after_s = (1.0 - b.tokens) / rate_;
  return false;
}

}  // namespace oc::api
