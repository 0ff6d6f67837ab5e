#pragma once
// Chat on /streaming: send_message (checked against the channel's cached rules, accepted by the
// chat service, relayed to the room here and on other nodes) and send_reaction (counted; the viewer
// ticker sends the sums). Threads: the socket's strand; a stale channel snapshot is reloaded on the
// DB pool in the background (the message is checked against what is cached meanwhile).
#include <boost/json/object.hpp>

#include <mutex>
#include <string>
#include <unordered_set>

#include "api/context/api_context.hpp"
#include "api/events/streaming/room_relay.hpp"
#include "api/events/streaming/socket_state.hpp"
#include "core/rate_limiter.hpp"
#include "domain/chat/chat_service.hpp"
#include "domain/moderation/moderation_service.hpp"

namespace tc::api {

class ViewerTicker;

// A chat line with its sender's badge as far as the row tells it: the streamer's; subscriber tiers
// and the moderator badge are added by send_message from the sender's state.
boost::json::object chat_line(const store::MessageRow& m, const std::string& streamer_id);

class ChatEvents {
 public:
  static constexpr size_t kMaxEmojiBytes = 32;
  static constexpr size_t kMaxReloading = 10'000;  // channels whose rules are being reloaded at once

  ChatEvents(ApiContext& ctx, domain::ChatService& chat, domain::ModerationService& moderation, RoomRelay& relay,
             ViewerTicker& ticker);

  // Socket strand.
  void send_message(const SocketPtr& socket, const realtime::socketio::Event& event);
  void send_reaction(const SocketPtr& socket, const realtime::socketio::Event& event);

 private:
  // The channel's cached rules; a stale or missing snapshot is reloaded in the background.
  domain::RulesPtr chat_rules(const std::string& streamer_id);

  ApiContext& ctx_;                        // borrowed, outlives us
  domain::ChatService& chat_;              // borrowed
  domain::ModerationService& moderation_;  // borrowed
  RoomRelay& relay_;                       // borrowed
  ViewerTicker& ticker_;                   // borrowed
  core::RateLimiter reaction_limiter_;     // per connection

  std::mutex reload_mutex_;
  std::unordered_set<std::string> reloading_;  // channels being reloaded; guarded by reload_mutex_
};

}  // namespace tc::api
