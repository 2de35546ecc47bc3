// WebhookService: a trader organisation's webhook (the URL its notifications are pushed to) and
// what the dispatcher (api/webhook_dispatcher) needs to push them: the registered webhooks, the
// notifications after a webhook's cursor, and each delivery's outcome.
//
// Thread-safety: every method may be called from any thread; write replies arrive on a store
// thread.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "identity/principal.h"
#include "store/notification_store.h"

namespace oc {

class WebhookService {
 public:
  explicit WebhookService(NotificationStore& store) : store_(store) {}

  // --- the trader's own webhook; Forbidden for other roles ("webhooks notify trader organisations") ---
  // Registers or replaces the organisation's webhook; the URL and secret are the caller's to check.
  void Put(const Principal& who, std::string url, std::string secret, Done<WebhookRecord> done);
  // NotFound when the organisation has none.
  Result<WebhookRecord> Get(const Principal& who);
  // NotFound when the organisation has none; `done` gets true once it is removed.
  void Delete(const Principal& who, Done<bool> done);

  // --- for the dispatcher (the system itself: no principal) ---
  Result<std::vector<WebhookRecord>> All();
  // An organisation's notifications with seq > after, oldest first, at most `limit`.
  Result<std::vector<NotificationRecord>> After(const std::string& org_tin, int64_t after, int limit);
  // A delivery's outcome: the cursor it reached and the failures in a row (0 after a success).
  void RecordDelivery(const std::string& org_tin, int64_t cursor, int failures, std::string error, Done<bool> done);

 private:
  NotificationStore& store_;
};

}  // namespace oc
