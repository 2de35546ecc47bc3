// Test helpers for devices over MQTT: a real Mosquitto on a free loopback port (stopped at the
// end) and a device with its Ed25519 keys that signs messages as tracking/device_message.h says.
#pragma once

#include <sodium.h>

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/dates.h"
#include "devices/local_broker.h"
#include "tracking/device_message.h"

namespace oc::testing {

inline bool MosquittoInstalled() { return devices::LocalBroker::Installed(); }

// Mosquitto with an anonymous loopback listener and no persistence, in the test's temp dir.
class Broker : public devices::LocalBroker {
 public:
  Broker() : devices::LocalBroker(::testing::TempDir()) {}
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
