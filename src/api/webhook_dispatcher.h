// WebhookDispatcher: pushes each organisation's notifications to its registered URL, in order,
// in batches, signed with HMAC-SHA-256 of the body (header X-OpenCustoms-Signature: sha256=<hex>).
// A failed delivery is retried with exponential backoff (1 s doubling, at most 5 min); the
// delivery cursor advances only after a 2xx, so nothing is lost and, barring a crash between
// delivery and cursor update, nothing is repeated.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "api/http_client.h"
#include "clearance/webhook_service.h"

namespace oc::api {

class WebhookDispatcher {
 public:
  // `webhooks` must outlive the dispatcher. Deliveries go only to public addresses, checked at
  // every connection, except to the hosts in `allowed_hosts` (an administrator's exceptions);
  // https receivers' certificates are verified against `trust`.
  explicit WebhookDispatcher(WebhookService& webhooks, std::vector<std::string> allowed_hosts = {}, int poll_ms = 200,
                             TlsTrust trust = {})
      : webhooks_(webhooks), allowed_hosts_(std::move(allowed_hosts)), poll_ms_(poll_ms), trust_(std::move(trust)) {}
  ~WebhookDispatcher() { Stop(); }
  void Start();
  void Stop();
  // Wakes the dispatcher early (e.g. after a write that produced notifications).
  void Poke();

 private:
  void Loop();
  void DeliverDue();

  WebhookService& webhooks_;
  std::vector<std::string> allowed_hosts_;
  int poll_ms_;
  TlsTrust trust_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool poked_ = false;
  std::unordered_map<std::string, int64_t> next_attempt_ms_;
};

// "sha256=<hex of HMAC-SHA-256(secret, body)>"
std::string WebhookSignature(const std::string& secret, const std::string& body);

}  // namespace oc::api
