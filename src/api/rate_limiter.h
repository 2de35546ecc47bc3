// RateLimiter: a token bucket per client key (credential or address). Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace oc::api {

class RateLimiter {
 public:
  // `per_second` tokens are added each second up to `burst`. per_second <= 0 disables limiting.
  RateLimiter(double per_second, double burst) : rate_(per_second), burst_(burst) {}
  // Takes one token for `key` at `now_ms`; false (and the seconds to wait) when the bucket is empty.
  bool Allow(const std::string& key, int64_t now_ms, double* retry_after_s = nullptr);

 private:
  struct Bucket {
    double tokens;
    int64_t last_ms;
  };
  double rate_, burst_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace oc::api
