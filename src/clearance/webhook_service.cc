#include "clearance/webhook_service.h"

#include "identity/access.h"

namespace oc {

namespace {

Status NoWebhook(const std::string& org) { return Status::NotFound("no webhook is registered for " + org); }

}  // namespace

void WebhookService::Put(const Principal& who, std::string url, std::string secret, Done<WebhookRecord> done) {
  if (Status st = access::Allow(who, access::Action::kManageWebhook); !st.ok()) return done(st);
  store_.PutWebhook(WebhookRecord{who.org_tin, std::move(url), std::move(secret), 0, 0, ""}, std::move(done));
}

Result<WebhookRecord> WebhookService::Get(const Principal& who) {
  if (Status st = access::Allow(who, access::Action::kManageWebhook); !st.ok()) return st;
  auto all = store_.ListWebhooks();
  if (!all.ok()) return all.status();
  for (auto& w : all.value())
    if (w.org_tin == who.org_tin) return std::move(w);
  return NoWebhook(who.org_tin);
}

void WebhookService::Delete(const Principal& who, Done<bool> done) {
  if (Status st = access::Allow(who, access::Action::kManageWebhook); !st.ok()) return done(st);
  store_.DeleteWebhook(who.org_tin, [org = who.org_tin, done = std::move(done)](Result<bool> r) {
    if (r.ok() && !r.value()) return done(NoWebhook(org));
    done(std::move(r));
  });
}

Result<std::vector<WebhookRecord>> WebhookService::All() { return store_.ListWebhooks(); }

Result<std::vector<NotificationRecord>> WebhookService::After(const std::string& org_tin, int64_t after, int limit) {
  return store_.Notifications(org_tin, after, limit);
}

void WebhookService::RecordDelivery(const std::string& org_tin, int64_t cursor, int failures, std::string error,
                                    Done<bool> done) {
  store_.RecordWebhookDelivery(org_tin, cursor, failures, std::move(error), std::move(done));
}

}  // namespace oc
