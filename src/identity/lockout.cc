#include "identity/lockout.h"

#include <algorithm>

namespace oc::lockout {

bool Locked(const AccountState& s, int64_t now_ms) { return s.locked_until_ms > now_ms; }

AccountState AfterFailure(AccountState s, int64_t now_ms, const Policy& policy) {
  if (Locked(s, now_ms)) return s;  // attempts while locked neither extend nor count
  if (++s.failed >= policy.account_failures) {
    s.failed = 0;
    s.locked_until_ms = now_ms + policy.account_lock_ms;
  }
  return s;
}

int64_t RetryAfterMs(const AccountState& s, int64_t now_ms) {
  return Locked(s, now_ms) ? s.locked_until_ms - now_ms : 0;
}

void FailureWindow::Expire(std::deque<int64_t>& times, int64_t now_ms) const {
  while (!times.empty() && times.front() <= now_ms - window_ms_) times.pop_front();
}

bool FailureWindow::Blocked(const std::string& key, int64_t now_ms) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return false;
  Expire(it->second, now_ms);
  if (it->second.empty()) {
    failures_.erase(it);
    return false;
  }
  return static_cast<int>(it->second.size()) >= limit_;
}

void FailureWindow::Fail(const std::string& key, int64_t now_ms) {
  if (failures_.size() >= max_keys_ && !failures_.count(key)) {
    // Bounded memory under a spray of names or addresses: forget the keys whose failures aged out
    // first; if none did, the oldest key.
    for (auto it = failures_.begin(); it != failures_.end();) {
      Expire(it->second, now_ms);
      it = it->second.empty() ? failures_.erase(it) : std::next(it);
    }
    if (failures_.size() >= max_keys_) {
      auto oldest = std::min_element(failures_.begin(), failures_.end(),
                                     [](const auto& a, const auto& b) { return a.second.back() < b.second.back(); });
      failures_.erase(oldest);
    }
  }
  auto& times = failures_[key];
  Expire(times, now_ms);
  times.push_back(now_ms);
  if (static_cast<int>(times.size()) > limit_) times.pop_front();
}

int64_t FailureWindow::RetryAfterMs(const std::string& key, int64_t now_ms) {
  if (!Blocked(key, now_ms)) return 0;
  const auto& times = failures_[key];
  return times.front() + window_ms_ - now_ms;
}

}  // namespace oc::lockout
