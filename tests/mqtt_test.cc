// Devices over a real Mosquitto broker on loopback: signed messages from two seals through the
// broker, the subscriber, the device gate and the journey pipeline. Forged, replayed, malformed
// and unknown devices' messages are refused and counted; a flooding device is flagged; the good
// device's journey is unaffected.
#include <gtest/gtest.h>
#include <sodium.h>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "common/dates.h"
#include "devices/mqtt.h"
#include "tests/mqtt_broker.h"
#include "tracking/device_message.h"
#include "tracking/pipeline.h"

namespace oc {
namespace {

using namespace std::chrono_literals;

using testing::Broker;
using Seal = testing::SignedDevice;

TEST(Mqtt, SignedFixesThroughTheBrokerAndTheGate) {
  ASSERT_EQ(sodium_init() >= 0, true);
  if (access("/usr/sbin/mosquitto", X_OK) != 0) GTEST_SKIP() << "mosquitto is not installed (scripts/install-deps.sh)";
  Broker broker;
  devices::MqttOptions options;
  options.port = broker.port();

  tracking::Route route;
  route.width_m = 500;
  route.corridor = {{69.0, 41.0}, {69.0, 41.2}};
  route.destination.push_back({{68.99, 41.19}, {69.01, 41.19}, {69.01, 41.21}, {68.99, 41.21}, {68.99, 41.19}});
  auto geometry = tracking::RouteGeometry::Build(route).value();
  tracking::Pipeline pipeline(route, *geometry, {});
  tracking::DeviceGate gate(/*per_minute=*/50);
  Seal good("ESEAL-A"), other("ESEAL-B"), stranger("ESEAL-X");
  gate.AddDevice(good.id, good.pk);
  gate.AddDevice(other.id, other.pk);

  std::mutex mu;
  std::vector<tracking::Alert> alerts;
  std::atomic<int> received{0};
  // The broker may still be starting: the subscriber retries for a while.
  Result<std::unique_ptr<devices::MqttSubscriber>> sub = Status::Unavailable("not yet");
  for (int attempt = 0; attempt < 50 && !sub.ok(); ++attempt) {
    sub = devices::MqttSubscriber::Start(options, "devices/+/fixes", [&](std::string_view, std::string_view payload) {
      std::lock_guard lk(mu);
      tracking::DeviceMessage m;
      if (gate.Admit(payload, NowUnixMillis(), &m) == tracking::Refused::kNone)
        for (const auto& f : m.fixes) pipeline.Process(f, alerts);
      ++received;
    }, 200ms);
    if (!sub.ok()) std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(sub.ok()) << sub.status().ToString();
  auto pub = devices::MqttPublisher::Connect(options);
  ASSERT_TRUE(pub.ok()) << pub.status().ToString();

  const int64_t t0 = *ParseTimestamp("2026-12-01T10:00:00Z");
  std::vector<std::string> sent = {
      good.Message(1, t0, 41.0, 69.0),
      good.Message(2, t0 + 600000, 41.1, 69.0, "opened"),
      good.Message(2, t0 + 600000, 41.1, 69.0, "opened"),          // replayed
      stranger.Message(1, t0, 41.0, 69.0),                          // unknown device
      "{\"device\":\"ESEAL-A\",\"body\":\"not json\"}",              // malformed
      other.Message(1, t0, 41.0, 69.0),
  };
  std::string forged = good.Message(3, t0 + 1200000, 41.2, 69.0);  // signed, then altered
  forged.replace(forged.find("41.2"), 4, "45.2");
  sent.push_back(forged);
  sent.push_back(good.Message(4, t0 + 1200000, 41.2, 69.0));  // arrives
  for (const auto& s : sent) ASSERT_TRUE(pub.value()->Publish("devices/x/fixes", s).ok());
  ASSERT_TRUE(pub.value()->Flush(5s));
  for (int i = 0; i < 100 && received.load() < static_cast<int>(sent.size()); ++i) std::this_thread::sleep_for(50ms);
  ASSERT_EQ(received.load(), static_cast<int>(sent.size()));
  {
    std::lock_guard lk(mu);
    const auto& c = gate.counts();
    EXPECT_EQ(c.accepted, 4u);
    EXPECT_EQ(c.replayed, 1u);
    EXPECT_EQ(c.unknown_device, 1u);
    EXPECT_EQ(c.malformed, 1u);
    EXPECT_EQ(c.bad_signature, 1u);
    EXPECT_TRUE(gate.Flagged(good.id)) << "a forged message flags the device";
    EXPECT_FALSE(gate.Flagged(other.id));
    ASSERT_EQ(alerts.size(), 2u);
    EXPECT_EQ(alerts[0].kind, tracking::AlertKind::kSealOpened);
    EXPECT_EQ(alerts[1].kind, tracking::AlertKind::kArrived);
    EXPECT_EQ(alerts[1].device, good.id);
  }
  // A flood from one device: refused beyond its rate and flagged; the other still gets through.
  received = 0;
  for (int i = 0; i < 80; ++i) ASSERT_TRUE(pub.value()->Publish("devices/b/fixes", other.Message(10 + i, t0 + 60000 * (i + 1), 41.0, 69.0)).ok());
  ASSERT_TRUE(pub.value()->Publish("devices/a/fixes", good.Message(5, t0 + 1300000, 41.2, 69.0)).ok());
  ASSERT_TRUE(pub.value()->Flush(5s));
  for (int i = 0; i < 100 && received.load() < 81; ++i) std::this_thread::sleep_for(50ms);
  std::lock_guard lk(mu);
  EXPECT_EQ(received.load(), 81);
  EXPECT_TRUE(gate.Flagged(other.id));
  EXPECT_GE(gate.DeviceCounts(other.id)->flooding, 30u);
  EXPECT_EQ(gate.DeviceCounts(good.id)->accepted, 4u) << "the other device's message got through";
}

}  // namespace
}  // namespace oc
