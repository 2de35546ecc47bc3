// Test helpers for devices over MQTT: a real Mosquitto on a free loopback port (stopped at the
// end) and a device with its Ed25519 keys that signs messages as tracking/device_message.h says.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/dates.h"
#include "tracking/device_message.h"

namespace oc::testing {

inline int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

inline bool MosquittoInstalled() { return access("/usr/sbin/mosquitto", X_OK) == 0; }

// Mosquitto with an anonymous loopback listener and no persistence.
class Broker {
 public:
  Broker() : conf_(::testing::TempDir() + "/mqtt-" + std::to_string(getpid()) + "-" + std::to_string(Next()) + ".conf"),
             port_(FreeLoopbackPort()) {
    std::ofstream(conf_) << "listener " << port_ << " 127.0.0.1\nallow_anonymous true\npersistence false\n";
    pid_ = fork();
    if (pid_ == 0) {
      execl("/usr/sbin/mosquitto", "mosquitto", "-c", conf_.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~Broker() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
    std::remove(conf_.c_str());
  }
  int port() const { return port_; }
  std::string url() const { return "mqtt://127.0.0.1:" + std::to_string(port_); }
  // Waits (up to 5 s) until the broker accepts connections.
  bool WaitReady() const {
    for (int i = 0; i < 100; ++i) {
      int fd = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(static_cast<uint16_t>(port_));
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
      close(fd);
      if (ok) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

 private:
  static int Next() {
    static int n = 0;
    return ++n;
  }
  std::string conf_;
  int port_;
  pid_t pid_ = -1;
};

// A seal or tracker: its keys, and signed messages of its fixes.
struct SignedDevice {
  std::string id, pk, sk;
  explicit SignedDevice(std::string name)
      : id(std::move(name)), pk(crypto_sign_PUBLICKEYBYTES, '\0'), sk(crypto_sign_SECRETKEYBYTES, '\0') {
    if (sodium_init() < 0) std::abort();
    crypto_sign_keypair(reinterpret_cast<unsigned char*>(pk.data()), reinterpret_cast<unsigned char*>(sk.data()));
  }
  std::string Message(int64_t seq, int64_t time_ms, double lat, double lon, const char* seal = "closed") const {
    nlohmann::json fix = {{"time", FormatTimestamp(time_ms)}, {"lat", lat}, {"lon", lon}, {"speed", 60}, {"seal", seal}};
    return Signed(nlohmann::json{{"seq", seq}, {"fixes", {fix}}}.dump());
  }
  std::string Signed(const std::string& body) const { return tracking::SignDeviceMessage(id, body, sk); }
};

}  // namespace oc::testing
