#pragma once
// Wiring step 6: Socket.IO over Engine.IO at /socket.io/, the event bus between nodes, and the
// /streaming namespace, which builds its own parts (room relay, tips, media state, the live
// directory). This is the one place that builds the StreamingNamespace; the services it borrows are
// built before it and handed to its constructor.
//
// Threads: built on the start-up thread before the io_context runs; start() arms timers and the
// Redis connection, whose handlers run once the I/O threads do.
#include <boost/asio/io_context.hpp>

#include <memory>
#include <optional>

#include "api/events/streaming/streaming_namespace.hpp"
#include "api/context/api_context.hpp"
#include "app/domain_parts.hpp"
#include "app/media_parts.hpp"
#include "net/router.hpp"
#include "realtime/bus/event_bus.hpp"
#include "realtime/bus/redis_event_bus.hpp"
#include "realtime/engineio/server.hpp"
#include "realtime/socketio/server.hpp"
#include "realtime/testing/protocol_test_mode.hpp"

namespace tc::app {

struct RealtimeParts {
  // Installs /socket.io/ (and, in protocol test mode, /engine.io/) into `router`. Everything passed
  // in is borrowed and outlives this part.
  RealtimeParts(boost::asio::io_context& ioc, const core::Config& cfg, const core::Clock& clock,
                core::MetricsRegistry& metrics, unsigned io_threads, api::ApiContext& ctx, DomainParts& domain,
                MediaParts& media, net::Router& router);

  // Before the io_context runs: connects the bus, starts the namespace's ticker and the directory feed.
  void start();
  // Graceful stop, step one (on an I/O thread): periodic work ends, the bus disconnects, sessions close.
  void stop();

  // All owned, in build order.
  realtime::socketio::Server socketio;
  realtime::engineio::Server engineio;
  std::unique_ptr<realtime::bus::EventBus> bus;       // Redis with --redis, else in-process
  realtime::bus::RedisEventBus* redis_bus = nullptr;  // = bus when it is Redis
  realtime::release::DeliveryLog deliveries;          // timed releases' audit; read by REST through ctx
  api::StreamingNamespace streaming;                  // with its relay, tips, media events and directory feed
  // Protocol test mode only: the conformance suites' echo namespaces and plain Engine.IO endpoint.
  realtime::testing::EchoNamespaceHandler echo_namespace;
  std::optional<realtime::engineio::Server> echo_engine;
};

}  // namespace tc::app
