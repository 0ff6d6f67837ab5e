#pragma once
// Tips on the `/streaming` namespace: the `send_tip` event (ack {ok:true, tip} or {ok:false, error})
// and, for every paid tip whichever way it came in (Socket.IO or REST), `tip_received` and the TIP
// `chat_message` to the stream's room. The tipper's socket also gets `tip_sent {tip}`.
#include <memory>
#include <optional>

#include "api/events/streaming/room_relay.hpp"
#include "api/context/api_context.hpp"
#include "domain/accounts/identity.hpp"
#include "domain/chat/chat_service.hpp"
#include "domain/wallet/tip_service.hpp"
#include "realtime/socketio/namespace.hpp"

namespace tc::api {

class TipEvents final : public domain::TipListener {
 public:
  // `relay` carries tip_received and the TIP chat line to the rooms here and on other nodes.
  TipEvents(ApiContext& ctx, domain::TipService& tips, domain::ChatService& chat, RoomRelay& relay)
      : ctx_(ctx), tips_(tips), chat_(chat), relay_(relay) {}

  // Socket strand. `who` is the socket's identity (from CONNECT); `streamer_id` of the joined stream
  // is only used for the badge.
  void send_tip(const std::shared_ptr<realtime::socketio::Socket>& socket, realtime::socketio::Event event,
                const std::optional<domain::Identity>& who);

  // TipListener: the DB pool thread, right after the tip committed.
  void on_tip(const domain::TipOutcome& tip, const std::string& chat_message_id) override;

 private:
  ApiContext& ctx_;            // borrowed, outlives us
  domain::TipService& tips_;   // borrowed
  domain::ChatService& chat_;  // borrowed
  RoomRelay& relay_;           // borrowed
};

}  // namespace tc::api
