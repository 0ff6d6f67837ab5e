#pragma once
// The live directory over Socket.IO: sockets on `/streaming` that sent `watch_directory` are in the
// "directory" room and hear `stream_started` / `stream_ended` at once, and a coalesced
// `directory_update {updates:[{stream_id, viewer_count, status, media_state}]}` at most once a
// second for the streams whose count or media state changed (bounded per message; the rest follow
// on the next ticks). Directory pages then need no polling. Protocol: docs/realtime.md.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <string>

#include "api/events/streaming/room_names.hpp"
#include "api/events/streaming/room_relay.hpp"
#include "api/context/api_context.hpp"
#include "domain/streams/stream_service.hpp"
#include "realtime/socketio/namespace.hpp"

namespace tc::api {

class DirectoryFeed final : public domain::StreamListener {
 public:
  static constexpr const char* kRoom = kDirectoryRoom;
  static constexpr auto kInterval = std::chrono::milliseconds(1000);  // directory_update at most this often
  static constexpr size_t kMaxUpdates = 200;                          // entries per directory_update

  // `nsp`'s "directory" room hears the feed; `relay` carries it to the other nodes' directory rooms
  // (several nodes). Then start().
  DirectoryFeed(boost::asio::io_context& ioc, ApiContext& ctx, realtime::socketio::Namespace& nsp, RoomRelay& relay);
  void start();
  void stop();

  // Any thread: this stream's viewer count or media state moved; the next update carries it.
  void changed(const std::string& stream_id);

  // StreamListener (any thread)
  void on_stream_created(const store::StreamRow& stream) override;
  void on_stream_ended(const store::StreamRow& stream) override;

 private:
  void tick();

  ApiContext& ctx_;                                                     // borrowed, outlives us
  realtime::socketio::Namespace& nsp_;                                  // borrowed
  RoomRelay& relay_;                                                    // borrowed
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;  // the ticker's
  boost::asio::steady_timer ticker_;
  std::atomic<bool> stopped_{false};
  std::mutex mutex_;
  // Streams to report next, and those of them that ended; bounded by the LIVE streams (plus the ones
  // that ended within a tick). Guarded by mutex_.
  std::set<std::string> dirty_;
  std::set<std::string> ended_;
};

}  // namespace tc::api
