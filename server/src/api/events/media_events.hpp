#pragma once
// Media events on the `/streaming` namespace: `media_state {stream_id, media_state}` to the stream's
// room whenever the media plane changes state (waiting → live ⇄ reconnecting → offline), so players
// show "starting…" / "reconnecting…" or (re)connect WHEP without polling.
#include <string>

#include "api/events/streaming/room_relay.hpp"
#include "media/media_service.hpp"

namespace tc::api {

class DirectoryFeed;

class MediaEvents {
 public:
  // `relay` reaches the rooms (here and on other nodes) that hear about media; `directory` is told
  // which stream's media state moved.
  MediaEvents(RoomRelay& relay, DirectoryFeed& directory) : relay_(relay), directory_(directory) {}
  // Any thread (RoomRelay::broadcast is thread-safe).
  void media_state(const std::string& stream_id, media::MediaState state);

 private:
  RoomRelay& relay_;          // borrowed, outlives us
  DirectoryFeed& directory_;  // borrowed
};

}  // namespace tc::api
