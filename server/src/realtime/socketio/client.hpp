#pragma once
// Internal to socketio: the Socket.IO side of one Engine.IO session. Decodes packets, reassembles
// binary ones, connects namespaces and dispatches events. Runs on the session's strand.
#include <boost/asio/steady_timer.hpp>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "realtime/engineio/session.hpp"
#include "realtime/socketio/packet.hpp"
#include "realtime/socketio/socket.hpp"

namespace tc::realtime::socketio {

class Server;

class Client final : public engineio::SessionHandler, public std::enable_shared_from_this<Client> {
 public:
  Client(Server& server, std::shared_ptr<engineio::Session> session);

  void on_open() override;
  void on_message(std::string_view data, bool binary) override;
  void on_close(std::string_view reason) override;

 private:
  void dispatch(Packet packet, std::vector<std::string> attachments);
  void connect(const Packet& packet);
  // The handler's answer to a CONNECT (on the session's strand).
  void finish_connect(const std::shared_ptr<Socket>& socket, const boost::json::value& auth,
                      std::optional<boost::json::object> refusal);
  void protocol_error(std::string_view what);
  // Answers a refused CONNECT with CONNECT_ERROR, or closes the session past the limit of refusals.
  void refuse_connect(std::string_view nsp, const boost::json::value& error);

  Server& server_;                              // borrowed, outlives every client
  std::shared_ptr<engineio::Session> session_;  // released on close (breaks the session ↔ client cycle)
  std::map<std::string, std::shared_ptr<Socket>, std::less<>> sockets_;  // by namespace
  std::set<std::string, std::less<>> connecting_;                        // namespaces whose CONNECT awaits its handler
  std::optional<Packet> partial_;                                        // a binary packet waiting for its attachments
  std::vector<std::string> attachments_;
  boost::asio::steady_timer connect_timer_;
  size_t refused_connects_ = 0;
};

}  // namespace tc::realtime::socketio
