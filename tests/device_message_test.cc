// Device messages: decoding what seals send (several fixes, one signature), and the gate that
// refuses unknown devices, forged or replayed messages and floods before any fix is applied.
#include <gtest/gtest.h>
#include <sodium.h>

#include <nlohmann/json.hpp>

#include "common/dates.h"
#include "tracking/device_message.h"
#include "tracking/osmand.h"

namespace oc::tracking {
namespace {

struct Keys {
  std::string pk = std::string(crypto_sign_PUBLICKEYBYTES, '\0'), sk = std::string(crypto_sign_SECRETKEYBYTES, '\0');
  Keys() {
    EXPECT_GE(sodium_init(), 0);
    crypto_sign_keypair(reinterpret_cast<unsigned char*>(pk.data()), reinterpret_cast<unsigned char*>(sk.data()));
  }
};

std::string Body(int64_t seq, int fixes = 3) {
  nlohmann::json list = nlohmann::json::array();
  for (int i = 0; i < fixes; ++i)
    list.push_back({{"time", "2026-12-01T10:0" + std::to_string(i) + ":00Z"}, {"lat", 41.0 + i * 0.01}, {"lon", 69.0},
                    {"speed", 55.5}, {"heading", 0}, {"seal", i == 2 ? "opened" : "closed"}, {"battery", 80}});
  return nlohmann::json{{"seq", seq}, {"fixes", list}}.dump();
}

TEST(DeviceMessage, DecodesEveryFixOfASignedMessage) {
  Keys k;
  std::string bytes = SignDeviceMessage("ESEAL-1", Body(7), k.sk);
  auto m = DecodeDeviceMessage(bytes);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->device, "ESEAL-1");
  EXPECT_EQ(m->sequence, 7);
  ASSERT_EQ(m->fixes.size(), 3u);
  EXPECT_EQ(m->fixes[1].time_ms, *ParseTimestamp("2026-12-01T10:01:00Z"));
  EXPECT_EQ(m->fixes[2].seal, SealState::kOpened);
  EXPECT_DOUBLE_EQ(m->fixes[0].battery, 80);
  EXPECT_EQ(m->fixes[0].device, "ESEAL-1");
  EXPECT_TRUE(SignatureValid(m->body, m->signature, k.pk));
  Keys other;
  EXPECT_FALSE(SignatureValid(m->body, m->signature, other.pk));
  EXPECT_FALSE(SignatureValid(m->body + " ", m->signature, k.pk));
}

TEST(DeviceMessage, RefusesWhatIsNotAMessageAndSaysWhy) {
  Keys k;
  auto sig = [&](const std::string& body) { return SignDeviceMessage("S", body, k.sk); };
  for (const std::string& bad : {
           std::string(""), std::string("[]"), std::string("{\"device\":1,\"body\":\"{}\",\"signature\":\"\"}"),
           std::string("{\"device\":\"S\",\"body\":\"{}\",\"signature\":\"c2ln\"}"),  // not 64 bytes
           sig("not json"), sig("{\"seq\":-1,\"fixes\":[]}"), sig("{\"seq\":1,\"fixes\":[]}"),
           sig("{\"seq\":1,\"fixes\":[{\"time\":\"yesterday\",\"lat\":1,\"lon\":2}]}"),
           sig("{\"seq\":1,\"fixes\":[{\"time\":\"2026-12-01T10:00:00Z\",\"lat\":\"41\",\"lon\":2}]}"),
           sig("{\"seq\":1,\"fixes\":[{\"time\":\"2026-12-01T10:00:00Z\",\"lat\":41,\"lon\":2,\"seal\":\"ajar\"}]}"),
       }) {
    auto m = DecodeDeviceMessage(bad);
    EXPECT_FALSE(m.ok()) << bad;
    if (!m.ok()) EXPECT_EQ(m.status().code(), "bad_message") << bad;
  }
}

TEST(DeviceGate, AdmitsOnlyKnownSignedFreshMessagesAtAModestRate) {
  Keys a, b;
  DeviceGate gate(/*per_minute=*/4);
  gate.AddDevice("A", a.pk);
  gate.AddDevice("B", b.pk);
  const int64_t now = 1796083200000;
  DeviceMessage m;
  EXPECT_EQ(gate.Admit(SignDeviceMessage("A", Body(1), a.sk), now, &m), Refused::kNone);
  EXPECT_EQ(m.fixes.size(), 3u);
  EXPECT_EQ(gate.Admit(SignDeviceMessage("A", Body(1), a.sk), now, nullptr), Refused::kReplayed);
  EXPECT_EQ(gate.Admit(SignDeviceMessage("A", Body(0), a.sk), now, nullptr), Refused::kReplayed);
  EXPECT_EQ(gate.Admit(SignDeviceMessage("A", Body(2), b.sk), now, nullptr), Refused::kBadSignature);
  EXPECT_TRUE(gate.Flagged("A"));
  EXPECT_EQ(gate.Admit(SignDeviceMessage("C", Body(1), a.sk), now, nullptr), Refused::kUnknownDevice);
  EXPECT_EQ(gate.Admit("{", now, nullptr), Refused::kMalformed);
  EXPECT_EQ(gate.Admit(SignDeviceMessage("A", Body(2), a.sk), now, nullptr), Refused::kFlooding) << "the fifth this minute";
  EXPECT_EQ(gate.Admit(SignDeviceMessage("B", Body(1), b.sk), now, nullptr), Refused::kNone) << "B is not A";
  EXPECT_EQ(gate.Admit(SignDeviceMessage("A", Body(2), a.sk), now + 60000, nullptr), Refused::kNone) << "a new minute";
  const auto& c = gate.counts();
  EXPECT_EQ(c.accepted, 3u);
  EXPECT_EQ(c.replayed, 2u);
  EXPECT_EQ(c.bad_signature, 1u);
  EXPECT_EQ(c.unknown_device, 1u);
  EXPECT_EQ(c.malformed, 1u);
  EXPECT_EQ(c.flooding, 1u);
  EXPECT_EQ(gate.DeviceCounts("A")->replayed, 2u);
  EXPECT_EQ(gate.DeviceCounts("C"), nullptr);
  EXPECT_FALSE(gate.Flagged("B"));
}

// What the Traccar Client apps send (the OsmAnd protocol): a driver's phone as a tracker.
TEST(OsmAnd, ReadsWhatThePhoneAppsSend) {
  auto f = ParseOsmAnd("?id=PHONE-998877&timestamp=1764583200&lat=41.311081&lon=69.240562&speed=27.0&bearing=182.5"
                       "&altitude=455.0&accuracy=8.0&batt=64.0&charge=false");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->device, "PHONE-998877");
  EXPECT_EQ(f->time_ms, 1764583200000);
  EXPECT_DOUBLE_EQ(f->lat, 41.311081);
  EXPECT_NEAR(f->speed_kmh, 50.004, 1e-9) << "knots";
  EXPECT_DOUBLE_EQ(f->heading, 182.5);
  EXPECT_DOUBLE_EQ(f->battery, 64);
  auto form = ParseOsmAnd("id=TRK%2D1&location=41.3%2C69.2&timestamp=2026-12-01T10%3A00%3A00Z");
  ASSERT_TRUE(form.ok()) << form.status().ToString();
  EXPECT_EQ(form->device, "TRK-1");
  EXPECT_DOUBLE_EQ(form->lon, 69.2);
  EXPECT_EQ(form->time_ms, *ParseTimestamp("2026-12-01T10:00:00Z"));
  EXPECT_EQ(ParseOsmAnd("id=T&lat=1&lon=2&timestamp=1764583200123")->time_ms, 1764583200123) << "milliseconds";
  for (const char* bad : {"", "lat=1&lon=2&timestamp=1", "id=T&lat=1&timestamp=1", "id=T&lat=x&lon=2&timestamp=1",
                          "id=T&lat=1&lon=2", "id=T&lat=1&lon=2&timestamp=soon", "id=T&location=1&timestamp=1",
                          "id=T&lat=1&lon=2&timestamp=1&speed=fast"}) {
    auto r = ParseOsmAnd(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) EXPECT_EQ(r.status().code(), "bad_osmand") << bad;
  }
}

}  // namespace
}  // namespace oc::tracking
