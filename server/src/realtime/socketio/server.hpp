#pragma once
// The Socket.IO v5 server over Engine.IO: one Client per Engine.IO session, namespaces registered at
// start-up. Knows nothing of chat or tips: the namespace handlers do.
#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "core/metrics.hpp"
#include "realtime/engineio/session.hpp"
#include "realtime/socketio/namespace.hpp"
#include "realtime/socketio/packet.hpp"

namespace tc::realtime::socketio {

struct Options {
  std::chrono::milliseconds connect_timeout{45'000};  // a session that joins no namespace is closed after
  // CONNECTs refused (unknown namespace, bad credentials) one session may send; the next one closes it.
  // A real client sends one per namespace it wants; a loop of them only costs us token checks.
  size_t max_refused_connects = 10;
  Limits limits;
};

class Server {
 public:
  Server(Options options, core::MetricsRegistry& metrics);
  ~Server();

  // Call before serving; the namespace lives as long as the server.
  Namespace& add_namespace(const std::string& name, NamespaceHandler& handler);
  Namespace* find(std::string_view name);
  // The Engine.IO server's factory: the Socket.IO side of a new session.
  std::shared_ptr<engineio::SessionHandler> make_client(const std::shared_ptr<engineio::Session>& session);
  const Options& options() const { return options_; }
  core::Counter& events_in() { return events_in_; }
  core::Counter& protocol_errors() { return protocol_errors_; }

 private:
  Options options_;
  std::map<std::string, std::unique_ptr<Namespace>, std::less<>> namespaces_;
  core::Counter& events_in_;
  core::Counter& protocol_errors_;
};

}  // namespace tc::realtime::socketio
