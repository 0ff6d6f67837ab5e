#include "realtime/testing/protocol_test_mode.hpp"

namespace tc::realtime::testing {
namespace json = boost::json;

engineio::Options conformance_engine_options(std::string path) {
  engineio::Options o;
  o.path = std::move(path);
  o.ping_interval = std::chrono::milliseconds(300);
  o.ping_timeout = std::chrono::milliseconds(200);
  o.max_payload = 1'000'000;
  return o;
}

namespace {

class EchoHandler final : public engineio::SessionHandler {
 public:
  explicit EchoHandler(std::weak_ptr<engineio::Session> s) : session_(std::move(s)) {}
  void on_open() override {}
  void on_message(std::string_view data, bool binary) override {
    auto s = session_.lock();
    if (!s) return;
    s->send(std::make_shared<const std::string>(binary ? std::string(data) : "4" + std::string(data)), binary);
  }
  void on_close(std::string_view) override {}

 private:
  std::weak_ptr<engineio::Session> session_;
};

}  // namespace

std::shared_ptr<engineio::SessionHandler> make_echo_handler(const std::shared_ptr<engineio::Session>& session) {
  return std::make_shared<EchoHandler>(session);
}

void EchoNamespaceHandler::on_connect(const std::shared_ptr<socketio::Socket>& socket, const json::value& auth) {
  socket->emit("auth", json::array{auth});
}

void EchoNamespaceHandler::on_event(const std::shared_ptr<socketio::Socket>& socket, socketio::Event event) {
  if (event.name == "message") {
    if (event.attachments.empty()) {
      socket->emit("message-back", std::move(event.args));
    } else {
      socket->emit_binary("message-back", std::move(event.args), event.attachments);
    }
  } else if (event.name == "message-with-ack" && event.ack_id) {
    socket->ack(*event.ack_id, std::move(event.args), event.attachments);
  }
}

}  // namespace tc::realtime::testing
