#include "realtime/socketio/server.hpp"

#include "realtime/socketio/client.hpp"

namespace tc::realtime::socketio {

Server::Server(Options options, core::MetricsRegistry& metrics)
    : options_(options),
      events_in_(metrics.counter("tradecast_realtime_events_in_total", "Socket.IO events received")),
      protocol_errors_(metrics.counter("tradecast_realtime_protocol_errors_total",
                                       "Connections closed for a malformed or unexpected Socket.IO packet")) {}

Server::~Server() = default;

Namespace& Server::add_namespace(const std::string& name, NamespaceHandler& handler) {
  auto& slot = namespaces_[name];
  slot = std::make_unique<Namespace>(name, handler);
  return *slot;
}

Namespace* Server::find(std::string_view name) {
  const auto it = namespaces_.find(name);
  return it == namespaces_.end() ? nullptr : it->second.get();
}

std::shared_ptr<engineio::SessionHandler> Server::make_client(const std::shared_ptr<engineio::Session>& session) {
  return std::make_shared<Client>(*this, session);
}

}  // namespace tc::realtime::socketio
