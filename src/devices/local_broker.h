// A Mosquitto of one's own on a free loopback port (anonymous, nothing kept on disk), for the
// tests, the benchmark and local tools; production brokers are configured as
// deploy/mosquitto.conf says. Stopped (SIGTERM, reaped) when the object goes.
// Thread-safety: one owner.
#pragma once

#include <sys/types.h>

#include <string>

namespace oc::devices {

inline constexpr const char* kMosquittoBinary = "/usr/sbin/mosquitto";

class LocalBroker {
 public:
  // Starts Mosquitto with a configuration written in `dir` (created if missing); `extra_config`
  // lines are appended (e.g. queue limits). Check Ready() before use.
  explicit LocalBroker(const std::string& dir, const std::string& extra_config = "");
  ~LocalBroker();
  LocalBroker(const LocalBroker&) = delete;
  LocalBroker& operator=(const LocalBroker&) = delete;

  // Waits up to five seconds for the broker to accept connections; false if it did not start
  // (not installed, exited).
  bool WaitReady() const;
  int port() const { return port_; }
  std::string url() const { return "mqtt://127.0.0.1:" + std::to_string(port_); }

  static bool Installed();
  // A TCP port free on 127.0.0.1 now.
  static int FreeLoopbackPort();

 private:
  std::string conf_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace oc::devices
