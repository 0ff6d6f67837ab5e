#include "realtime/socketio/client.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/ids.hpp"
#include "realtime/socketio/server.hpp"

namespace tc::realtime::socketio {
namespace asio = boost::asio;
namespace json = boost::json;

Client::Client(Server& server, std::shared_ptr<engineio::Session> session)
    : server_(server), session_(std::move(session)), connect_timer_(session_->strand()) {}

void Client::on_open() {
  connect_timer_.expires_after(server_.options().connect_timeout);
  connect_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (!ec && self->sockets_.empty() && self->session_) self->session_->close("connect timeout");
  });
}

void Client::protocol_error(std::string_view what) {
  server_.protocol_errors().inc();
  if (session_) session_->close(std::string("parse error: ") + std::string(what));
}

void Client::on_message(std::string_view data, bool binary) {
  if (!session_) return;
  if (binary) {
    if (!partial_) return protocol_error("unexpected binary message");
    attachments_.emplace_back(data);
    if (attachments_.size() == partial_->attachments) {
      auto p = std::move(*partial_);
      partial_.reset();
      dispatch(std::move(p), std::move(attachments_));
      attachments_.clear();
    }
    return;
  }
  if (partial_) return protocol_error("text message while attachments were expected");
  auto packet = decode(data, server_.options().limits);
  if (!packet) return protocol_error("malformed packet");
  if (packet->attachments > 0) {
    partial_ = std::move(*packet);
    attachments_.clear();
    return;
  }
  dispatch(std::move(*packet), {});
}

void Client::dispatch(Packet packet, std::vector<std::string> attachments) {
  if (packet.type == PacketType::connect) {
    connect(packet);
    return;
  }
  auto it = sockets_.find(packet.nsp);
  if (it != sockets_.end() && !it->second->connected()) {
    sockets_.erase(it);  // disconnected by the server since
    it = sockets_.end();
  }
  if (it == sockets_.end()) return protocol_error("packet for a namespace not connected");
  const auto& socket = it->second;
  switch (packet.type) {
    case PacketType::event:
    case PacketType::binary_event: {
      auto& args = packet.data->as_array();
      Event ev;
      if (args[0].is_string()) {
        ev.name = std::string(args[0].as_string());
      } else {
        append_json(ev.name, args[0]);  // a number as the event name
      }
      args.erase(args.begin());
      ev.args = std::move(args);
      ev.attachments = std::move(attachments);
      ev.ack_id = packet.id;
      server_.events_in().inc();
      socket->nsp().handler().on_event(socket, std::move(ev));
      return;
    }
    case PacketType::ack:
    case PacketType::binary_ack:
      return;  // the server never asks clients for acks
    case PacketType::disconnect: {
      auto s = socket;
      sockets_.erase(it);
      if (s->mark_disconnected()) {
        s->nsp().remove(*s);
        s->nsp().handler().on_disconnect(s, "client namespace disconnect");
      }
      return;
    }
    default:
      return protocol_error("unexpected packet type");
  }
}

void Client::connect(const Packet& packet) {
  Namespace* nsp = server_.find(packet.nsp);
  if (!nsp) return refuse_connect(packet.nsp, json::object{{"message", "Invalid namespace"}});
  if (auto existing = sockets_.find(packet.nsp); existing != sockets_.end() && existing->second->connected()) {
    return protocol_error("CONNECT to a namespace already connected");
  }
  if (connecting_.count(packet.nsp)) return protocol_error("CONNECT to a namespace already connecting");
  const json::value auth = packet.data ? *packet.data : json::value(json::object{});
  auto socket = std::make_shared<Socket>(core::random_hex(10), *nsp, session_);
  connecting_.insert(packet.nsp);
  // The handler may answer later from another thread; the answer comes back to this session's strand
  // (at once, inline, when it answers synchronously).
  nsp->handler().authorize_async(socket, auth,
                                 [self = shared_from_this(), socket, auth](std::optional<json::object> refusal) {
                                   asio::dispatch(socket->strand(),
                                                  [self, socket, auth, refusal = std::move(refusal)]() mutable {
                                                    self->finish_connect(socket, auth, std::move(refusal));
                                                  });
                                 });
}

void Client::finish_connect(const std::shared_ptr<Socket>& socket, const json::value& auth,
                            std::optional<json::object> refusal) {
  const std::string& name = socket->nsp().name();
  connecting_.erase(name);
  if (!session_) return;  // closed while the handler decided
  if (refusal) return refuse_connect(name, std::move(*refusal));
  connect_timer_.cancel();
  sockets_[name] = socket;
  socket->nsp().add(socket);
  const json::value ok = json::object{{"sid", socket->id()}};
  session_->send(std::make_shared<const std::string>(encode(PacketType::connect, name, std::nullopt, &ok)), false);
  socket->nsp().handler().on_connect(socket, auth);
}

void Client::refuse_connect(std::string_view nsp, const json::value& error) {
  if (++refused_connects_ > server_.options().max_refused_connects) return protocol_error("too many refused CONNECTs");
  session_->send(std::make_shared<const std::string>(encode(PacketType::connect_error, nsp, std::nullopt, &error)),
                 false);
}

void Client::on_close(std::string_view reason) {
  connect_timer_.cancel();
  auto sockets = std::move(sockets_);
  sockets_.clear();
  for (auto& [name, s] : sockets) {
    if (!s->mark_disconnected()) continue;
    s->nsp().remove(*s);
    s->nsp().handler().on_disconnect(s, reason);
  }
  session_.reset();
}

}  // namespace tc::realtime::socketio
