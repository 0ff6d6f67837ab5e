#pragma once
// Room membership on /streaming: join_stream and leave_stream, the short-lived cache of LIVE stream
// rows that joins read (they come in bursts), and the `joined_stream` payload.
//
// Threads: join / leave / gone on the socket's strand; a join's loading (stream row, recent chat,
// channel rules, subscriber tier) on the DB pool, through the event boundary; forget_stream and
// members_ended on the ticker strand. A socket's joins and leaves take effect one at a time in the order they came, and
// every one is answered (issue 12: twenty pipelined joins used to leave eighteen without an ack).
#include <mutex>
#include <string>
#include <unordered_map>

#include <boost/asio/awaitable.hpp>

#include "api/context/api_context.hpp"
#include "api/events/streaming/room_relay.hpp"
#include "api/events/streaming/socket_state.hpp"
#include "api/events/streaming/tier_release.hpp"
#include "domain/chat/chat_service.hpp"
#include "domain/moderation/moderation_service.hpp"
#include "domain/subscriptions/subscription_service.hpp"
#include "domain/viewers/viewer_tracker.hpp"

namespace tc::api {

class RoomMembership {
 public:
  static constexpr size_t kMaxQueued = 32;          // joins and leaves waiting per socket; beyond: too_many_joins
  static constexpr int64_t kStreamCacheMs = 5'000;  // a LIVE stream's row serves joins this long
  static constexpr size_t kMaxCachedStreams = 10'000;

  RoomMembership(ApiContext& ctx, domain::ChatService& chat, domain::ViewerTracker& viewers,
                 domain::ModerationService& moderation, domain::SubscriptionService& subscriptions, RoomRelay& relay,
                 TierRelease& release, realtime::socketio::Namespace& nsp);

  // Socket strand: the join_stream / leave_stream events.
  void join(const SocketPtr& socket, realtime::socketio::Event event);
  void leave(const SocketPtr& socket, realtime::socketio::Event event);
  // Socket strand: the socket went; what it joined is left now, waiting joins are dropped (no one
  // to answer).
  void gone(const SocketPtr& socket);
  // Ticker strand, when the stream ended here: its cached row goes (first, so no join gets in), then,
  // once the room has heard stream_ended, its members stay in the room (for the media plane's last
  // events) but count as joined to nothing.
  void forget_stream(const std::string& stream_id);
  void members_ended(const std::string& stream_id);

 private:
  void enqueue(const SocketPtr& socket, SocketState& state, SocketState::RoomOp op);
  boost::asio::awaitable<void> run_ops(SocketPtr socket);
  boost::asio::awaitable<void> join_one(const SocketPtr& socket, SocketState::RoomOp op);
  void leave_now(const SocketPtr& socket, SocketState& state);
  void enter_room(const SocketPtr& socket, const std::string& stream_id);
  void exit_room(const SocketPtr& socket, const std::string& stream_id);
  // DB pool: a LIVE stream's row, from the cache when fresh.
  core::Result<store::StreamRow> live_stream(const std::string& stream_id);

  ApiContext& ctx_;                             // borrowed, outlives us
  domain::ChatService& chat_;                   // borrowed
  domain::ViewerTracker& viewers_;              // borrowed
  domain::ModerationService& moderation_;       // borrowed
  domain::SubscriptionService& subscriptions_;  // borrowed
  RoomRelay& relay_;                            // borrowed
  TierRelease& release_;                        // borrowed
  realtime::socketio::Namespace& nsp_;          // borrowed

  struct CachedStream {
    store::StreamRow row;
    int64_t fetched_at = 0;
  };
  std::mutex cache_mutex_;
  std::unordered_map<std::string, CachedStream> cache_;  // guarded by cache_mutex_; bounded
};

}  // namespace tc::api
