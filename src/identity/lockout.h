// Sign-in throttling: an account is locked after consecutive failures, an address is blocked
// after many failures in a window. Pure: times are given, nothing is stored here (the account's
// counters live in its UserRecord; the address counts in an AddressThrottle the service owns).
//
// Thread-safety: the functions are pure; an AddressThrottle is not thread-safe (guard it).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>

namespace oc::lockout {

struct Policy {
  int account_failures = 5;                   // consecutive failures that lock an account
  int64_t account_lock_ms = 15 * 60 * 1000;   // for this long, or until an administrator unlocks it
  int address_failures = 20;                  // failures from one address within the window...
  int64_t address_window_ms = 10 * 60 * 1000; // ...block it until they age out of the window
};

struct AccountState {
  int failed = 0;
  int64_t locked_until_ms = 0;
};

// Whether the account refuses sign-ins at `now_ms`.
bool Locked(const AccountState& s, int64_t now_ms);
// The state after a failed sign-in at `now_ms`: the count grows, and reaching the policy's limit
// locks the account (and starts the count again).
AccountState AfterFailure(AccountState s, int64_t now_ms, const Policy& policy);
// Milliseconds until the lock ends (0 when not locked).
int64_t RetryAfterMs(const AccountState& s, int64_t now_ms);

// Failed sign-ins per address within a sliding window; memory bounded by max_keys.
class FailureWindow {
 public:
  explicit FailureWindow(int limit, int64_t window_ms, size_t max_keys = 100000)
      : limit_(limit), window_ms_(window_ms), max_keys_(max_keys) {}
  // Whether `key` has `limit` failures within the window ending at `now_ms`.
  bool Blocked(const std::string& key, int64_t now_ms);
  void Fail(const std::string& key, int64_t now_ms);
  void Clear(const std::string& key) { failures_.erase(key); }
  // Milliseconds until `key` is no longer blocked (0 when it is not).
  int64_t RetryAfterMs(const std::string& key, int64_t now_ms);

 private:
  void Expire(std::deque<int64_t>& times, int64_t now_ms) const;
  int limit_;
  int64_t window_ms_;
  size_t max_keys_;
  std::unordered_map<std::string, std::deque<int64_t>> failures_;
};

}  // namespace oc::lockout
