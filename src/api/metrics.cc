#include "api/metrics.h"

#include <cstdio>
#include <map>
#include <memory>

namespace oc::api {

Metrics::RouteStats& Metrics::For(const std::string& route) {
  std::lock_guard lk(mu_);
  auto& slot = routes_[route];
  if (!slot) slot = std::make_unique<RouteStats>();
  return *slot;
}

void Metrics::Observe(const std::string& route, int status, double seconds) {
  RouteStats& s = For(route.empty() ? "unmatched" : route);
  int cls = status / 100;
  if (cls >= 1 && cls <= 5) s.by_class[cls].fetch_add(1, std::memory_order_relaxed);
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  s.buckets[b].fetch_add(1, std::memory_order_relaxed);
  s.count.fetch_add(1, std::memory_order_relaxed);
  s.sum_us.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

std::string Metrics::Render() const {
  std::string out;
  char buf[1024];
  out += "# HELP oc_http_requests_total HTTP requests by route and status class.\n# TYPE oc_http_requests_total counter\n";
  std::map<std::string, const RouteStats*> sorted;
  {
    std::lock_guard lk(mu_);
    for (auto& [k, v] : routes_) sorted[k] = v.get();
  }
  for (auto& [route, s] : sorted)
    for (int c = 1; c <= 5; ++c) {
      uint64_t n = s->by_class[c].load();
      if (n == 0) continue;
      std::snprintf(buf, sizeof buf, "oc_http_requests_total{route=\"%s\",code=\"%dxx\"} %llu\n", route.c_str(), c,
                    static_cast<unsigned long long>(n));
      out += buf;
    }
  out += "# HELP oc_http_request_duration_seconds Request latency.\n# TYPE oc_http_request_duration_seconds histogram\n";
  for (auto& [route, s] : sorted) {
    uint64_t cum = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      cum += s->buckets[b].load();
      if (b < kBuckets.size())
        std::snprintf(buf, sizeof buf, "oc_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
                      route.c_str(), kBuckets[b], static_cast<unsigned long long>(cum));
      else
        std::snprintf(buf, sizeof buf, "oc_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n",
                      route.c_str(), static_cast<unsigned long long>(cum));
      out += buf;
    }
    std::snprintf(buf, sizeof buf,
                  "oc_http_request_duration_seconds_sum{route=\"%s\"} %.6f\noc_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
                  route.c_str(), s->sum_us.load() / 1e6, route.c_str(), static_cast<unsigned long long>(s->count.load()));
    out += buf;
  }
  std::snprintf(buf, sizeof buf,
                "# HELP oc_declarations_lodged_total Declarations stored by lodgement.\n# TYPE oc_declarations_lodged_total counter\n"
                "oc_declarations_lodged_total %llu\n"
                "# HELP oc_declarations_replayed_total Identical lodgements answered idempotently.\n# TYPE oc_declarations_replayed_total counter\n"
                "oc_declarations_replayed_total %llu\n"
                "# HELP oc_rate_limited_total Requests refused by the per-client rate limit.\n# TYPE oc_rate_limited_total counter\n"
                "oc_rate_limited_total %llu\n",
                static_cast<unsigned long long>(lodged_.load()), static_cast<unsigned long long>(replayed_.load()),
                static_cast<unsigned long long>(rate_limited_.load()));
  out += buf;
  if (gauges_) out += gauges_();
  return out;
}

}  // namespace oc::api
