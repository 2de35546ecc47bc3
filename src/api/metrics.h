// Metrics: request counters and latency histograms, rendered in the Prometheus text format.
// All methods are thread-safe and lock-free on the hot path (atomics only).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace oc::api {

class Metrics {
 public:
  // Records one finished request of `route` ("POST /v1/declarations") with its status and latency.
  void Observe(const std::string& route, int status, double seconds);
  void CountLodged(bool created) { (created ? lodged_ : replayed_).fetch_add(1, std::memory_order_relaxed); }
  void CountRateLimited() { rate_limited_.fetch_add(1, std::memory_order_relaxed); }
  // Extra gauges computed at scrape time (e.g. declarations by state).
  using GaugeSource = std::function<std::string()>;
  void SetGaugeSource(GaugeSource g) { gauges_ = std::move(g); }
  std::string Render() const;

  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

 private:
  struct RouteStats {
    std::array<std::atomic<uint64_t>, 6> by_class{};  // 1xx..5xx, index = status/100
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> sum_us{0};
  };
  RouteStats& For(const std::string& route);

  mutable std::mutex mu_;  // guards the map's shape only
  std::unordered_map<std::string, std::unique_ptr<RouteStats>> routes_;
  std::atomic<uint64_t> lodged_{0}, replayed_{0}, rate_limited_{0};
  GaugeSource gauges_;
};

}  // namespace oc::api
