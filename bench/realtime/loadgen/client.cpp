#include "client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>

#include <netinet/in.h>

namespace loadgen {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ws = beast::websocket;
using asio::ip::tcp;

namespace {
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
}

Client::Client(asio::io_context& io, const Target& target, std::string source_ip, std::string auth_json,
               std::string join_json, const Hooks& hooks)
    : ws_(io), target_(target), source_ip_(std::move(source_ip)), auth_json_(std::move(auth_json)),
      join_json_(std::move(join_json)), hooks_(hooks), started_(std::chrono::steady_clock::now()) {}

asio::awaitable<void> Client::run() {
  auto& sock = ws_.next_layer();
  const tcp::endpoint to(asio::ip::make_address(target_.host), target_.port);
  boost::system::error_code ec;
  sock.open(to.protocol(), ec);
  if (!ec && !source_ip_.empty()) {
    // Several loopback source addresses give more than the ~28k ephemeral ports of one address;
    // IP_BIND_ADDRESS_NO_PORT lets the kernel pick the port at connect time, per destination.
    int one = 1;
    ::setsockopt(sock.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    sock.bind(tcp::endpoint(asio::ip::make_address(source_ip_), 0), ec);
  }
  if (ec) {
    fail("socket: " + ec.message());
    co_return;
  }
  std::tie(ec) = co_await sock.async_connect(to, kTuple);
  if (ec) {
    fail("connect: " + ec.message());
    co_return;
  }
  sock.set_option(tcp::no_delay(true), ec);
  ws_.set_option(ws::stream_base::decorator([](ws::request_type& req) { req.set("User-Agent", "tc-loadgen"); }));
  ws_.read_message_max(1 << 20);
  const auto host = target_.host + ":" + std::to_string(target_.port);
  std::tie(ec) = co_await ws_.async_handshake(host, "/socket.io/?EIO=4&transport=websocket", kTuple);
  if (ec) {
    fail("handshake: " + ec.message());
    co_return;
  }
  for (;;) {
    auto [rec, n] = co_await ws_.async_read(buf_, kTuple);
    if (rec) break;
    const auto data = buf_.cdata();
    on_frame(std::string_view(static_cast<const char*>(data.data()), data.size()));
    buf_.consume(buf_.size());
    if (state_ == ClientState::failed || state_ == ClientState::closed) co_return;
  }
  if (state_ == ClientState::joined) {
    state_ = ClientState::closed;
    if (hooks_.on_closed) hooks_.on_closed(*this);
  } else if (state_ != ClientState::closed) {
    fail("closed before joining");
  }
}

void Client::on_frame(std::string_view f) {
  if (f.empty()) return;
  switch (f[0]) {
    case '2':  // Engine.IO ping: answer at once, whatever the state
      send("3");
      return;
    case '0':  // Engine.IO open
      if (state_ == ClientState::connecting) {
        state_ = ClientState::opened;
        send("40" + target_.nsp + "," + auth_json_);
      }
      return;
    case '1':
      fail("engine.io close");
      return;
    case '4':
      break;
    default:
      return;
  }
  // Socket.IO packet "4<type><nsp>,<rest>"
  if (f.size() < 2) return;
  const char type = f[1];
  auto rest = f.substr(2);
  if (rest.substr(0, target_.nsp.size()) != target_.nsp || rest.size() <= target_.nsp.size() ||
      rest[target_.nsp.size()] != ',') {
    return;  // another namespace
  }
  rest.remove_prefix(target_.nsp.size() + 1);
  if (type == '0') {
    if (state_ == ClientState::opened) {
      state_ = ClientState::connected;
      emit("\"join_stream\"," + join_json_);
    }
    return;
  }
  if (type == '4') {
    fail("connect_error");
    return;
  }
  if (type == '1') {
    fail("server disconnect");
    return;
  }
  if (type != '2') return;
  while (!rest.empty() && rest[0] >= '0' && rest[0] <= '9') rest.remove_prefix(1);  // ack id
  if (rest.size() < 3 || rest[0] != '[' || rest[1] != '"') return;
  const auto end = rest.find('"', 2);
  if (end == std::string_view::npos) return;
  const auto event = rest.substr(2, end - 2);
  if (state_ == ClientState::connected) {
    if (event == "joined_stream") {
      state_ = ClientState::joined;
      if (hooks_.on_joined) hooks_.on_joined(*this);
    } else if (event == "error") {
      fail(f);
    }
    return;
  }
  if (state_ == ClientState::joined && hooks_.on_event) hooks_.on_event(*this, event, f);
}

void Client::emit(std::string_view args_json) {
  std::string frame = "42" + target_.nsp + ",[";
  frame += args_json;
  frame += ']';
  send(std::move(frame));
}

void Client::send(std::string frame) {
  outbox_.push_back(std::move(frame));
  if (!writing_) do_write();
}

void Client::do_write() {
  writing_ = true;
  ws_.text(true);
  ws_.async_write(asio::buffer(outbox_.front()), [this](boost::system::error_code ec, size_t) {
    outbox_.pop_front();
    if (ec || outbox_.empty()) {
      writing_ = false;
      if (ec) outbox_.clear();
      return;
    }
    do_write();
  });
}

void Client::fail(std::string_view why) {
  if (state_ == ClientState::failed || state_ == ClientState::closed || state_ == ClientState::joined) {
    if (state_ == ClientState::joined) {
      state_ = ClientState::closed;
      if (hooks_.on_closed) hooks_.on_closed(*this);
    }
    return;
  }
  state_ = ClientState::failed;
  boost::system::error_code ec;
  ws_.next_layer().close(ec);
  if (hooks_.on_failed) hooks_.on_failed(*this, why);
}

bool Client::give_up() {
  if (state_ != ClientState::connecting && state_ != ClientState::opened && state_ != ClientState::connected) {
    return false;
  }
  state_ = ClientState::failed;
  boost::system::error_code ec;
  ws_.next_layer().close(ec);
  return true;
}

void Client::close() {
  if (state_ == ClientState::joined) state_ = ClientState::closed;
  boost::system::error_code ec;
  ws_.next_layer().close(ec);
}

}  // namespace loadgen
