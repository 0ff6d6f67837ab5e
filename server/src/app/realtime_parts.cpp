#include "app/realtime_parts.hpp"

#include "core/ids.hpp"
#include "core/logging.hpp"
#include "realtime/bus/local_event_bus.hpp"

namespace tc::app {
namespace eio = realtime::engineio;
namespace sio = realtime::socketio;

namespace {

// In protocol test mode the conformance suites' short timers apply.
sio::Options socketio_options(const core::Config& cfg) {
  sio::Options o;
  if (cfg.protocol_test_mode) o.connect_timeout = std::chrono::milliseconds(1000);
  return o;
}

eio::Options engineio_options(const core::Config& cfg, unsigned io_threads) {
  eio::Options o;
  if (cfg.protocol_test_mode) {
    o = realtime::testing::conformance_engine_options("/socket.io/");
  } else {
    o.ping_interval = std::chrono::milliseconds(cfg.ping_interval_ms);
    o.ping_timeout = std::chrono::milliseconds(cfg.ping_timeout_ms);
    o.max_payload = cfg.max_payload;
  }
  o.max_sessions = static_cast<size_t>(cfg.max_connections);
  o.max_sessions_per_ip = static_cast<size_t>(cfg.max_connections_per_ip);
  o.handshake_rate = cfg.handshake_rate;
  o.io_threads = io_threads;
  return o;
}

// The event bus between nodes: Redis pub/sub with --redis, else in-process (one node).
std::unique_ptr<realtime::bus::EventBus> open_bus(boost::asio::io_context& ioc, const core::Config& cfg,
                                                  core::MetricsRegistry& metrics) {
  const auto node_id = core::random_hex(8);
  if (cfg.redis.empty()) return std::make_unique<realtime::bus::LocalEventBus>(node_id);
  realtime::bus::RedisAddress address;
  try {
    address = realtime::bus::parse_redis_url(cfg.redis);
  } catch (const std::invalid_argument& e) {
    throw core::ConfigError(std::string("--redis: ") + e.what());
  }
  core::logger("app")->info("msg=\"event bus: redis\" addr={}:{} node={}", address.ip, address.port, node_id);
  return std::make_unique<realtime::bus::RedisEventBus>(ioc, address, node_id, metrics);
}

}  // namespace

RealtimeParts::RealtimeParts(boost::asio::io_context& ioc, const core::Config& cfg, const core::Clock& clock,
                             core::MetricsRegistry& metrics, unsigned io_threads, api::ApiContext& ctx,
                             DomainParts& domain, MediaParts& media, net::Router& router)
    : socketio(socketio_options(cfg), metrics),
      engineio(ioc, engineio_options(cfg, io_threads), clock, metrics,
               [this](const std::shared_ptr<eio::Session>& s) { return socketio.make_client(s); }),
      bus(open_bus(ioc, cfg, metrics)),
      redis_bus(dynamic_cast<realtime::bus::RedisEventBus*>(bus.get())),
      // /streaming with its parts (room relay, tips, media state, the live directory); it registers
      // itself with socketio. Room events go through its relay, which delivers locally and, with
      // Redis, to the other nodes' members.
      streaming(ioc, socketio,
                {ctx, domain.chat, domain.viewers, domain.moderation, domain.subscriptions, domain.tips, domain.alerts,
                 domain.viewer_samples, *bus, deliveries}) {
  engineio.install(router);
  ctx.bus = bus.get();  // /healthz reports its state
  ctx.deliveries = &deliveries;
  // Every paid tip (REST too) announced to its room; media state to rooms and the directory.
  domain.tips.set_listener(&streaming.tip_listener());
  domain.alerts.set_listener(&streaming.alert_listener());  // alerts posted over REST too
  media.bridge.set_events(&streaming.media_events());
  domain.streams.add_listener(&streaming);
  domain.streams.add_listener(&streaming.directory());
  if (cfg.protocol_test_mode) {
    socketio.add_namespace("/", echo_namespace);
    socketio.add_namespace("/custom", echo_namespace);
    echo_engine.emplace(ioc, realtime::testing::conformance_engine_options("/engine.io/"), clock, metrics,
                        realtime::testing::make_echo_handler);
    echo_engine->install(router);
  }
}

void RealtimeParts::start() {
  if (redis_bus) redis_bus->start();
  streaming.start();  // its viewer ticker and the directory feed
}

void RealtimeParts::stop() {
  streaming.stop();
  bus->stop();
  engineio.shutdown();
  if (echo_engine) echo_engine->shutdown();
}

}  // namespace tc::app
