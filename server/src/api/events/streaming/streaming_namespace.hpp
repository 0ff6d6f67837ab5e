#pragma once
// The `/streaming` namespace of the founding design, thin: it authorizes a CONNECT, dispatches each
// event through a table of handlers to the part that owns its family, and is the only catch for
// synchronous handlers (work on a pool has the event boundary, api/events/event_boundary.hpp). The
// parts, each naming its thread context:
//   room_membership   join / leave, the live-stream cache, joined_stream        socket strand, DB pool
//   chat_events       send_message, send_reaction                              socket strand
//   signal_relay      webrtc_offer / answer / ice_candidate                    socket strand
//   moderation_events delete_message, timeout / ban / unban, set_chat_mode     socket strand, DB pool
//   tip_events        send_tip, tip_received                                   socket strand, DB pool
//   alert_events      post_alert, update_alert; alert / alert_updated through    socket strand, DB pool
//                     the AlertPublisher (alert_publisher.hpp)
//   viewer_ticker     counts, reactions, sampling, a stream's end here         ticker strand
//   watch_session_writer  chat, watch sessions and counts to the store        ticker strand, DB pool
//   room_relay + node_command  other nodes' room events and commands          bus strand
//   node_heartbeat    several nodes: this node's heartbeat, dead nodes' viewers  own strand, DB pool
//   tier_release      alerts released tier by tier, on every node               release strand, DB pool
// It owns them, and the directory feed and media events that share its rooms, built in the order
// they depend on one another; every collaborator comes in through the constructor.
#include <boost/asio/io_context.hpp>

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>

#include "api/context/api_context.hpp"
#include "api/events/directory_feed.hpp"
#include "api/events/media_events.hpp"
#include "api/events/streaming/alert_events.hpp"
#include "api/events/streaming/chat_events.hpp"
#include "api/events/streaming/moderation_events.hpp"
#include "api/events/streaming/node_heartbeat.hpp"
#include "api/events/streaming/room_membership.hpp"
#include "api/events/streaming/room_relay.hpp"
#include "api/events/streaming/room_sink.hpp"
#include "api/events/streaming/signal_relay.hpp"
#include "api/events/streaming/tier_alert_publisher.hpp"
#include "api/events/streaming/tier_release.hpp"
#include "api/events/streaming/tip_events.hpp"
#include "api/events/streaming/viewer_ticker.hpp"
#include "domain/moderation/moderation_service.hpp"
#include "domain/streams/stream_service.hpp"
#include "domain/subscriptions/subscription_service.hpp"
#include "domain/viewers/viewer_sampler.hpp"
#include "domain/wallet/tip_service.hpp"
#include "realtime/bus/event_bus.hpp"
#include "realtime/socketio/server.hpp"

namespace tc::api {

// Everything /streaming uses, borrowed; all outlive the namespace.
struct StreamingServices {
  ApiContext& ctx;
  domain::ChatService& chat;
  domain::ViewerTracker& viewers;
  domain::ModerationService& moderation;
  domain::SubscriptionService& subscriptions;  // chat badges: the sender's tier, looked up per join
  domain::TipService& tips;
  domain::AlertService& alerts;                // trade alerts (issue 13)
  domain::ViewerSampler& sampler;              // viewers over time, every --viewer-sample-interval
  realtime::bus::EventBus& bus;                // room events to and from other nodes
  realtime::release::DeliveryLog& deliveries;  // the timed releases' audit (REST reads it too)
};

class StreamingNamespace final : public realtime::socketio::NamespaceHandler,
                                 public domain::StreamListener,
                                 public RoomRelayListener {
 public:
  static constexpr const char* kName = "/streaming";

  // Registers the namespace with `sio`; no socket reaches it before the I/O threads run.
  StreamingNamespace(boost::asio::io_context& ioc, realtime::socketio::Server& sio, const StreamingServices& s);

  // The periodic work (viewer ticker, directory feed). stop() ends it; then flush_all() (blocking)
  // once the I/O threads are gone writes pending chat and watch sessions.
  void start();
  void stop();
  void flush_all() { ticker_.flush_all(); }

  // For app to plug in: every paid tip's announcement, the media plane's state changes, and the
  // directory feed's view of stream starts and ends.
  domain::TipListener& tip_listener() { return tips_; }
  domain::AlertListener& alert_listener() { return alerts_; }
  MediaEvents& media_events() { return media_events_; }
  domain::StreamListener& directory() { return directory_; }
  // Timed releases by tier (issue 13): what the alert publisher sends alert / alert_updated through.
  TierRelease& release() { return release_; }

  // NamespaceHandler (socket strand)
  void authorize_async(const SocketPtr& socket, const boost::json::value& auth, AuthorizeDone done) override;
  void on_connect(const SocketPtr& socket, const boost::json::value& auth) override;
  void on_event(const SocketPtr& socket, realtime::socketio::Event event) override;
  void on_disconnect(const SocketPtr& socket, std::string_view reason) override;

  // StreamListener (any thread)
  void on_stream_ended(const store::StreamRow& stream) override { ticker_.on_stream_ended(stream); }

  // RoomRelayListener (bus strand): another node's moderation, stream end and viewer counts.
  void on_command(const std::string& stream_id, std::string_view origin, const node::Command& command) override;
  void on_room_ready(const std::string& stream_id) override { ticker_.room_ready(stream_id); }

 private:
  // An event's handler; it answers the event (synchronously, or through the event boundary).
  using Handler = std::function<void(const SocketPtr&, realtime::socketio::Event&)>;
  void add_handlers();

  ApiContext& ctx_;                     // borrowed, outlives us
  realtime::socketio::Namespace& nsp_;  // owned by the Socket.IO server, outlives us
  NamespaceRoomSink room_sink_;
  ModerationTargets targets_;
  RoomRelay relay_;
  DirectoryFeed directory_;
  MediaEvents media_events_;
  TierRelease release_;
  RoomMembership rooms_;
  ViewerTicker ticker_;
  ChatEvents chat_;
  SignalRelay signals_;
  ModerationEvents moderation_;
  TipEvents tips_;
  // The immediate room emit; the per-tier timed release replaces this member (same interface).
  TierAlertPublisher alert_publisher_;  // alert / alert_updated by tier, through release_
  AlertEvents alerts_;
  std::optional<NodeHeartbeat> heartbeat_;             // with several nodes only
  std::unordered_map<std::string, Handler> handlers_;  // event name → handler; filled once, read-only after
};

}  // namespace tc::api
