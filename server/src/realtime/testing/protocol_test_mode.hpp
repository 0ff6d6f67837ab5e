#pragma once
// `--protocol-test-mode`: the endpoints the Engine.IO and Socket.IO conformance suites expect, on the
// same port as everything else. /engine.io/ echoes every message; the Socket.IO namespaces "/" and
// "/custom" emit `auth` with the CONNECT payload, echo `message` as `message-back` and ack
// `message-with-ack` with its arguments.
#include <memory>

#include "realtime/engineio/server.hpp"
#include "realtime/socketio/namespace.hpp"

namespace tc::realtime::testing {

// Engine.IO timings of the conformance suites.
engineio::Options conformance_engine_options(std::string path);

std::shared_ptr<engineio::SessionHandler> make_echo_handler(const std::shared_ptr<engineio::Session>& session);

class EchoNamespaceHandler final : public socketio::NamespaceHandler {
 public:
  std::optional<boost::json::object> authorize(socketio::Socket&, const boost::json::value&) override {
    return std::nullopt;
  }
  void on_connect(const std::shared_ptr<socketio::Socket>& socket, const boost::json::value& auth) override;
  void on_event(const std::shared_ptr<socketio::Socket>& socket, socketio::Event event) override;
  void on_disconnect(const std::shared_ptr<socketio::Socket>&, std::string_view) override {}
};

}  // namespace tc::realtime::testing
