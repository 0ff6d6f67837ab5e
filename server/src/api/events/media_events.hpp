#pragma once
// Media events on the `/streaming` namespace: `media_state {stream_id, media_state}` to the stream's
// room whenever the media plane changes state (waiting → live ⇄ reconnecting → offline), so players
// show "starting…" / "reconnecting…" or (re)connect WHEP without polling.
#include <string>

#include "media/media_service.hpp"
#include "realtime/socketio/namespace.hpp"

namespace tc::api {

class DirectoryFeed;

class MediaEvents {
 public:
  // Wiring (app): the namespace whose rooms hear about media.
  void attach(realtime::socketio::Namespace& nsp) { nsp_ = &nsp; }
  // Optional: the live directory feed, told which stream's media state moved.
  void set_directory(DirectoryFeed* directory) { directory_ = directory; }
  // Any thread (Namespace::broadcast is thread-safe).
  void media_state(const std::string& stream_id, media::MediaState state);

 private:
  realtime::socketio::Namespace* nsp_ = nullptr;  // borrowed, set once by attach()
  DirectoryFeed* directory_ = nullptr;            // borrowed, optional
};

}  // namespace tc::api
