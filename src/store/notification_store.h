// Notifications to declarants (the pull queue) and the webhooks that push them.
//
// One facet of the storage interface (store/store.h has the contract every facet shares: writes
// asynchronous with `done` called once after the write is durable or has failed, on a store
// thread; reads synchronous, thread-safe and seeing every acknowledged write; errors as Status).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "declaration/records.h"
#include "store/done.h"

namespace oc {

class NotificationStore {
 public:
  virtual ~NotificationStore() = default;

  // Notifications with seq > after, oldest first; org "" = all orgs; declaration_id 0 = all.
  // With before > 0: those with seq < before, newest first (`after` ignored), for paging back.
  virtual Result<std::vector<NotificationRecord>> Notifications(const std::string& org, int64_t after, int limit,
                                                                int64_t declaration_id = 0, int64_t before = 0) = 0;
  virtual void PutWebhook(WebhookRecord w, Done<WebhookRecord> done) = 0;  // insert or replace; keeps cursor at the newest seq
  virtual void DeleteWebhook(const std::string& org, Done<bool> done) = 0;
  virtual Result<std::vector<WebhookRecord>> ListWebhooks() = 0;
  virtual void RecordWebhookDelivery(const std::string& org, int64_t cursor, int failures, std::string last_error,
                                     Done<bool> done) = 0;

  Result<WebhookRecord> PutWebhookSync(WebhookRecord w);
};

}  // namespace oc
