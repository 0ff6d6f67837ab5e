#pragma once
// The `/streaming` namespace of the founding design: join and leave a stream's room, chat,
// reactions, WebRTC signalling relay, viewer counts and stream_ended. Decodes events, checks who may
// do what, calls the domain, answers. Identity comes from the token checked on CONNECT only.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <unordered_map>

#include "api/events/room_relay.hpp"
#include "api/context/api_context.hpp"
#include "domain/chat/chat_service.hpp"
#include "domain/moderation/moderation_service.hpp"
#include "domain/streams/stream_service.hpp"
#include "domain/viewers/viewer_sampler.hpp"
#include "domain/viewers/viewer_tracker.hpp"
#include "realtime/socketio/namespace.hpp"

namespace tc::domain {
class SubscriptionService;
}

namespace tc::api {

class TipEvents;
class DirectoryFeed;

class StreamingNamespace final : public realtime::socketio::NamespaceHandler,
                                 public domain::StreamListener,
                                 public RoomRelayListener {
 public:
  static constexpr const char* kName = "/streaming";
  // The room of a stream's viewers (also used by media events).
  static std::string room(const std::string& stream_id) { return "stream:" + stream_id; }

  // `relay` carries room events to and from other nodes (a no-op beyond this node with the in-process bus).
  StreamingNamespace(boost::asio::io_context& ioc, ApiContext& ctx, domain::ChatService& chat,
                     domain::ViewerTracker& viewers, RoomRelay& relay);
  ~StreamingNamespace() override;

  // Wiring (app): the namespace this handler serves; then start() begins the periodic work.
  void attach(realtime::socketio::Namespace& nsp) { nsp_ = &nsp; }
  // Money (issue 4), wired by app before start(): `send_tip` goes to `tips`; chat badges carry the
  // sender's subscriber tier from `subscriptions` (looked up once per join).
  void set_money(TipEvents* tips, domain::SubscriptionService* subscriptions) {
    tips_ = tips;
    subscriptions_ = subscriptions;
  }
  // The live directory feed (watch_directory joins its room; count changes go to it), and the viewer
  // sampler the ticker runs every --viewer-sample-interval on the DB pool. Wired by app before start().
  void set_directory(DirectoryFeed* directory, domain::ViewerSampler* sampler) {
    directory_ = directory;
    sampler_ = sampler;
  }
  // Channel moderation (appointed moderators, bans, chat modes, blocked terms), wired by app before
  // start(). Without it only the streamer moderates and no chat mode applies.
  void set_moderation(domain::ModerationService* moderation) { moderation_ = moderation; }
  void start();
  // Stops the periodic work. Then call flush_all() (blocking) once the I/O threads are gone.
  void stop();
  // Blocking: writes pending chat messages and watch sessions, closes every open watch session.
  void flush_all();

  // NamespaceHandler (socket strand)
  std::optional<boost::json::object> authorize(realtime::socketio::Socket& socket,
                                               const boost::json::value& auth) override;
  void on_connect(const std::shared_ptr<realtime::socketio::Socket>& socket, const boost::json::value& auth) override;
  void on_event(const std::shared_ptr<realtime::socketio::Socket>& socket, realtime::socketio::Event event) override;
  void on_disconnect(const std::shared_ptr<realtime::socketio::Socket>& socket, std::string_view reason) override;

  // StreamListener (any thread)
  void on_stream_ended(const store::StreamRow& stream) override;

  // RoomRelayListener (the bus's strand): another node's moderation, stream end and viewer counts.
  void on_remote(const std::string& stream_id, std::string_view origin, const boost::json::object& msg) override;
  void on_room_ready(const std::string& stream_id) override;

 public:
  struct SocketState;  // per connection, on its strand

 private:
  using SocketPtr = std::shared_ptr<realtime::socketio::Socket>;

  void join_stream(const SocketPtr& socket, realtime::socketio::Event event);
  boost::asio::awaitable<void> join_stream_async(SocketPtr socket, realtime::socketio::Event event,
                                                 std::string stream_id);
  void leave_stream(const SocketPtr& socket, SocketState& state);
  void send_message(const SocketPtr& socket, const realtime::socketio::Event& event);
  void send_reaction(const SocketPtr& socket, const realtime::socketio::Event& event);
  void relay_signal(const SocketPtr& socket, const realtime::socketio::Event& event);
  // Moderation by the streamer and the channel's moderators (streaming_moderation.cpp).
  core::Result<domain::RulesPtr> moderator_rules(const SocketState& state, const boost::json::object& payload);
  void delete_message(const SocketPtr& socket, realtime::socketio::Event event);
  void timeout_or_ban(const SocketPtr& socket, realtime::socketio::Event event, bool ban);
  void unban_user(const SocketPtr& socket, realtime::socketio::Event event);
  void set_chat_mode(const SocketPtr& socket, realtime::socketio::Event event);
  // Another node's ban / unban / mode change; false when `type` is not one of those.
  bool on_remote_moderation(const std::string& stream_id, std::string_view type, const boost::json::object& msg);
  // The channel's cached rules for the chat path; a stale or missing snapshot is reloaded in the
  // background (the message is checked against what is cached meanwhile).
  domain::RulesPtr chat_rules(const std::string& streamer_id);
  // A LIVE stream's row, from a short-lived cache (joins come in bursts). Blocking on a miss.
  core::Result<store::StreamRow> live_stream(const std::string& stream_id);

  // The stream ended (here, or on another node): tell the room, close its state. Ticker strand.
  void end_locally(const std::string& stream_id, int64_t duration);
  // This node's viewer count of a stream, to the other nodes; `sync` asks them for theirs.
  void tell_count(const std::string& stream_id, int count, bool sync = false);
  // The socket entered / left a stream's room (the relay subscribes per room).
  void enter_room(const SocketPtr& socket, const std::string& stream_id);
  void exit_room(const SocketPtr& socket, const std::string& stream_id);

  void tick();
  void persist();


  boost::asio::io_context& ioc_;
  ApiContext& ctx_;                        // borrowed, outlives us
  domain::ChatService& chat_;              // borrowed
  domain::ViewerTracker& viewers_;         // borrowed
  RoomRelay& relay_;                       // borrowed
  realtime::socketio::Namespace* nsp_ = nullptr;  // borrowed, set once by attach()
  TipEvents* tips_ = nullptr;                            // borrowed, optional, set once by set_money()
  domain::SubscriptionService* subscriptions_ = nullptr;  // borrowed, optional
  DirectoryFeed* directory_ = nullptr;                    // borrowed, optional, set once by set_directory()
  domain::ViewerSampler* sampler_ = nullptr;              // borrowed, optional
  domain::ModerationService* moderation_ = nullptr;       // borrowed, optional, set once by set_moderation()
  core::RateLimiter reaction_limiter_;     // per connection
  core::RateLimiter signal_limiter_;       // per connection
  core::Counter& samples_written_;         // owned by the metrics registry
  core::Counter& sampling_failed_;

  boost::asio::strand<boost::asio::io_context::executor_type> strand_;  // the ticker's
  boost::asio::steady_timer ticker_;
  // Ticker strand only:
  int tick_count_ = 0;
  std::map<std::string, std::pair<int, int>> pending_counts_;  // stream → (viewer_count, peak) to write
  std::vector<store::ViewerSessionRow> unsaved_sessions_;      // a failed write's sessions, retried first
  std::map<std::string, domain::ViewerCountChange> unsent_counts_;  // newest count not yet broadcast
  std::unordered_map<std::string, int64_t> last_count_sent_;        // stream → when its room last got one
  std::atomic<bool> persisting_{false};  // one background write at a time
  int64_t last_sampled_at_ = 0;          // ticker strand
  std::atomic<bool> sampling_{false};    // one sampling pass at a time
  std::atomic<bool> stopped_{false};

  std::mutex mutex_;
  struct CachedStream {
    store::StreamRow row;
    int64_t fetched_at = 0;
  };
  std::unordered_map<std::string, CachedStream> stream_cache_;              // guarded by mutex_
  std::map<std::string, std::map<std::string, int>> reactions_;            // stream → emoji → count; mutex_
  std::unordered_map<std::string, bool> reloading_rules_;                   // channels being reloaded; mutex_
};

}  // namespace tc::api
