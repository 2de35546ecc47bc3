#include "devices/mqtt.h"

#include <mosquitto.h>

#include <atomic>
#include <cstdlib>
#include <condition_variable>
#include <mutex>

namespace oc::devices {
namespace {

// mosquitto_lib_init is process-wide and not thread-safe: once.
void InitLibrary() {
  static std::once_flag once;
  std::call_once(once, [] { mosquitto_lib_init(); });
}

struct Client {
  mosquitto* m = nullptr;
  std::mutex mu;
  std::condition_variable cv;
  bool connected = false, subscribed = false;
  std::atomic<bool> live{false};  // connected now (the subscriber's, for readiness checks)
  int refused = 0;  // the broker's CONNACK code when it refused us

  ~Client() {
    if (!m) return;
    mosquitto_disconnect(m);
    mosquitto_loop_stop(m, false);
    mosquitto_destroy(m);
  }
  Status Open(const MqttOptions& o, void* self) {
    InitLibrary();
    m = mosquitto_new(o.client_id.empty() ? nullptr : o.client_id.c_str(), true, self);
    if (!m) return Status::Internal("mqtt: cannot create a client");
    if (!o.username.empty())
      mosquitto_username_pw_set(m, o.username.c_str(), o.password.empty() ? nullptr : o.password.c_str());
    return Status::Ok();
  }
  Status Connect(const MqttOptions& o) {
    int rc = mosquitto_connect_async(m, o.host.c_str(), o.port, o.keepalive_s);
    if (rc != MOSQ_ERR_SUCCESS)
      return Status::Unavailable("mqtt: cannot connect to " + o.host + ":" + std::to_string(o.port) + ": " +
                                 mosquitto_strerror(rc));
    rc = mosquitto_loop_start(m);
    if (rc != MOSQ_ERR_SUCCESS) return Status::Internal(std::string("mqtt: ") + mosquitto_strerror(rc));
    return Status::Ok();
  }
  Status Await(bool Client::*flag, std::chrono::milliseconds timeout, const std::string& what) {
    std::unique_lock lk(mu);
    if (!cv.wait_for(lk, timeout, [&] { return this->*flag || refused != 0; }))
      return Status::Unavailable("mqtt: no " + what + " from the broker in time");
    if (refused) return Status::Unavailable(std::string("mqtt: the broker refused: ") + mosquitto_connack_string(refused));
    return Status::Ok();
  }
};

}  // namespace

struct MqttSubscriber::Impl {
  std::string topic;
  Handler handler;
  Client client;  // last: destroyed first, so its thread stops before the handler goes
};

Result<std::unique_ptr<MqttSubscriber>> MqttSubscriber::Start(const MqttOptions& options, std::string topic,
                                                              Handler handler, std::chrono::milliseconds timeout) {
  auto impl = std::make_unique<Impl>();
  impl->topic = std::move(topic);
  impl->handler = std::move(handler);
  if (Status st = impl->client.Open(options, impl.get()); !st.ok()) return st;
  mosquitto_connect_callback_set(impl->client.m, [](mosquitto* m, void* obj, int rc) {
    auto* self = static_cast<Impl*>(obj);
    if (rc != 0) {
      std::lock_guard lk(self->client.mu);
      self->client.refused = rc;
      self->client.cv.notify_all();
      return;
    }
    self->client.live = true;
    mosquitto_subscribe(m, nullptr, self->topic.c_str(), 1);  // again after every reconnection
  });
  mosquitto_disconnect_callback_set(impl->client.m, [](mosquitto*, void* obj, int) {
    static_cast<Impl*>(obj)->client.live = false;
  });
  mosquitto_subscribe_callback_set(impl->client.m, [](mosquitto*, void* obj, int, int, const int*) {
    auto* self = static_cast<Impl*>(obj);
    std::lock_guard lk(self->client.mu);
    self->client.subscribed = true;
    self->client.cv.notify_all();
  });
  mosquitto_message_callback_set(impl->client.m, [](mosquitto*, void* obj, const mosquitto_message* msg) {
    auto* self = static_cast<Impl*>(obj);
    self->handler(msg->topic ? msg->topic : "",
                  std::string_view(static_cast<const char*>(msg->payload), static_cast<size_t>(msg->payloadlen)));
  });
  if (Status st = impl->client.Connect(options); !st.ok()) return st;
  if (Status st = impl->client.Await(&Client::subscribed, timeout, "subscription"); !st.ok()) return st;
  return std::unique_ptr<MqttSubscriber>(new MqttSubscriber(std::move(impl)));
}

MqttSubscriber::MqttSubscriber(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
bool MqttSubscriber::Connected() const { return impl_->client.live.load(); }

Result<MqttOptions> ParseMqttUrl(std::string_view url) {
  constexpr std::string_view kScheme = "mqtt://";
  MqttOptions o;
  if (url.substr(0, kScheme.size()) != kScheme)
    return Status::Invalid("bad_mqtt_url", "the broker's URL is mqtt://host[:port], not '" + std::string(url) + "'");
  std::string_view rest = url.substr(kScheme.size());
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  size_t colon = rest.rfind(':');
  std::string_view host = colon == std::string_view::npos ? rest : rest.substr(0, colon);
  if (host.empty() || host.find('/') != std::string_view::npos)
    return Status::Invalid("bad_mqtt_url", "no host in the broker's URL '" + std::string(url) + "'");
  o.host = std::string(host);
  if (colon != std::string_view::npos) {
    std::string port(rest.substr(colon + 1));
    char* end = nullptr;
    long p = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end != '\0' || p < 1 || p > 65535)
      return Status::Invalid("bad_mqtt_url", "bad port in the broker's URL '" + std::string(url) + "'");
    o.port = static_cast<int>(p);
  }
  return o;
}
MqttSubscriber::~MqttSubscriber() = default;

struct MqttPublisher::Impl {
  std::atomic<int64_t> queued{0}, acknowledged{0};
  Client client;  // last: destroyed first
};

Result<std::unique_ptr<MqttPublisher>> MqttPublisher::Connect(const MqttOptions& options,
                                                              std::chrono::milliseconds timeout) {
  auto impl = std::make_unique<Impl>();
  if (Status st = impl->client.Open(options, impl.get()); !st.ok()) return st;
  mosquitto_connect_callback_set(impl->client.m, [](mosquitto*, void* obj, int rc) {
    auto* self = static_cast<Impl*>(obj);
    std::lock_guard lk(self->client.mu);
    if (rc == 0) self->client.connected = true;
    else self->client.refused = rc;
    self->client.cv.notify_all();
  });
  mosquitto_publish_callback_set(impl->client.m, [](mosquitto*, void* obj, int) {
    auto* self = static_cast<Impl*>(obj);
    ++self->acknowledged;
    std::lock_guard lk(self->client.mu);
    self->client.cv.notify_all();
  });
  if (Status st = impl->client.Connect(options); !st.ok()) return st;
  if (Status st = impl->client.Await(&Client::connected, timeout, "connection"); !st.ok()) return st;
  return std::unique_ptr<MqttPublisher>(new MqttPublisher(std::move(impl)));
}

MqttPublisher::MqttPublisher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MqttPublisher::~MqttPublisher() = default;

Status MqttPublisher::Publish(const std::string& topic, std::string_view payload) {
  int rc = mosquitto_publish(impl_->client.m, nullptr, topic.c_str(), static_cast<int>(payload.size()), payload.data(), 1,
                             false);
  if (rc != MOSQ_ERR_SUCCESS) return Status::Internal(std::string("mqtt publish: ") + mosquitto_strerror(rc));
  ++impl_->queued;
  return Status::Ok();
}

bool MqttPublisher::Flush(std::chrono::milliseconds timeout) {
  std::unique_lock lk(impl_->client.mu);
  return impl_->client.cv.wait_for(lk, timeout, [&] { return impl_->acknowledged.load() >= impl_->queued.load(); });
}

}  // namespace oc::devices
