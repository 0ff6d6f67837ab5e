#pragma once
// Media events on the `/streaming` namespace: `media_state {stream_id, media_state}` to the stream's
// room whenever the media plane changes state (waiting → live ⇄ reconnecting → offline), so players
// show "starting…" / "reconnecting…" or (re)connect WHEP without polling.
#include <string>

#include "api/events/room_relay.hpp"
#include "media/media_service.hpp"

namespace tc::api {

class DirectoryFeed;

class MediaEvents {
 public:
  // Wiring (app): the relay to the rooms (here and on other nodes) that hear about media.
  void attach(RoomRelay& relay) { relay_ = &relay; }
  // Optional: the live directory feed, told which stream's media state moved.
  void set_directory(DirectoryFeed* directory) { directory_ = directory; }
  // Any thread (RoomRelay::broadcast is thread-safe).
  void media_state(const std::string& stream_id, media::MediaState state);

 private:
  RoomRelay* relay_ = nullptr;          // borrowed, set once by attach()
  DirectoryFeed* directory_ = nullptr;  // borrowed, optional
};

}  // namespace tc::api
