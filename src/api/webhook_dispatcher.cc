#include "api/webhook_dispatcher.h"

#include <sodium.h>

#include <algorithm>
#include <future>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "api/api.h"
#include "common/dates.h"
#include "common/encoding.h"

namespace oc::api {

std::string WebhookSignature(const std::string& secret, const std::string& body) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  crypto_auth_hmacsha256_final(&st, mac);
  return "sha256=" + HexEncode(std::string_view(reinterpret_cast<char*>(mac), sizeof mac));
}

void WebhookDispatcher::Start() { thread_ = std::thread([this] { Loop(); }); }

void WebhookDispatcher::Stop() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void WebhookDispatcher::Poke() {
  {
    std::lock_guard lk(mu_);
    poked_ = true;
  }
  cv_.notify_all();
}

void WebhookDispatcher::Loop() {
  for (;;) {
    {
      std::unique_lock lk(mu_);
      cv_.wait_for(lk, std::chrono::milliseconds(poll_ms_), [&] { return stop_ || poked_; });
      if (stop_) return;
      poked_ = false;
    }
    DeliverDue();
  }
}

void WebhookDispatcher::DeliverDue() {
  auto hooks = webhooks_.All();
  if (!hooks.ok()) return;
  for (const auto& w : hooks.value()) {
    int64_t now = NowUnixMillis();
    if (next_attempt_ms_[w.org_tin] > now) continue;
    auto events = webhooks_.After(w.org_tin, w.cursor, 100);
    if (!events.ok() || events->empty()) continue;
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& e : events.value()) arr.push_back(NotificationJson(e));
    std::string body = nlohmann::json{{"events", arr}}.dump();
    std::string error;
    auto url = ParseHttpUrl(w.url);
    if (!url) {
      error = "the registered URL is not a valid http or https URL";
    } else {
      HttpClient client(*url, 5000, trust_);
      bool allowed_host = std::any_of(allowed_hosts_.begin(), allowed_hosts_.end(),
                                      [&](const std::string& h) { return h == url->host; });
      if (!allowed_host) client.AllowOnly([](const std::string& ip) { return IsPublicAddress(ip); });
      auto r = client.Request("POST", url->target, body,
                              {{"Content-Type", "application/json"},
                               {"X-OpenCustoms-Signature", WebhookSignature(w.secret, body)},
                               {"X-OpenCustoms-Delivery", std::to_string(events->front().seq) + "-" +
                                                              std::to_string(events->back().seq)}});
      if (!r.ok()) error = r.status().message();
      else if (r->status < 200 || r->status >= 300) error = "receiver answered HTTP " + std::to_string(r->status);
    }
    int failures = error.empty() ? 0 : w.failures + 1;
    int64_t cursor = error.empty() ? events->back().seq : w.cursor;
    if (!error.empty()) {
      spdlog::warn("webhook for {} failed ({} in a row): {}", w.org_tin, failures, error);
      int64_t backoff = std::min<int64_t>(300000, 1000LL << std::min(failures - 1, 9));
      next_attempt_ms_[w.org_tin] = now + backoff;
    } else {
      next_attempt_ms_[w.org_tin] = 0;
    }
    // Wait for the cursor to be durable before the next batch for this organisation.
    std::promise<void> written;
    webhooks_.RecordDelivery(w.org_tin, cursor, failures, error, [&written](Result<bool>) { written.set_value(); });
    written.get_future().wait();
  }
}

}  // namespace oc::api
