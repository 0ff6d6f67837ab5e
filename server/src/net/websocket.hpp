#pragma once
// A server-side WebSocket after the HTTP upgrade, as the layers above see it: messages come in through a
// Listener, immutable shared buffers go out through a queue. Beast stays inside websocket.cpp.
#include <boost/asio/any_io_executor.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace tc::net {

// Bytes shared by every recipient of a broadcast: encoded once, never modified after.
using SharedBytes = std::shared_ptr<const std::string>;

class WebSocket {
 public:
  class Listener {
   public:
    virtual ~Listener() = default;
    // On executor(). `data` is valid for the duration of the call only.
    virtual void on_ws_message(std::string_view data, bool binary) = 0;
    // Once, on executor(), when the connection is gone (peer close, error, close(), oversize message).
    virtual void on_ws_closed() = 0;
  };

  virtual ~WebSocket() = default;
  // The connection's strand: listener calls run here.
  virtual boost::asio::any_io_executor executor() const = 0;
  // Starts the read loop; call once. The listener is held until on_ws_closed.
  virtual void start(std::shared_ptr<Listener> listener) = 0;
  // Thread-safe. Queues one message; ignored once closing.
  virtual void send(SharedBytes data, bool binary) = 0;
  // Thread-safe. Sends what is queued, then a close frame.
  virtual void close(uint16_t code, std::string reason) = 0;
  // Thread-safe snapshot of bytes queued and not yet written (backpressure).
  virtual size_t queued_bytes() const = 0;
  virtual const std::string& remote_ip() const = 0;
};

}  // namespace tc::net
