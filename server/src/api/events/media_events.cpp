#include "api/events/media_events.hpp"

#include "api/events/directory_feed.hpp"

namespace tc::api {

void MediaEvents::media_state(const std::string& stream_id, media::MediaState state) {
  directory_.changed(stream_id);
  relay_.broadcast(stream_id, "media_state",
                   boost::json::array{
                       boost::json::object{{"stream_id", stream_id}, {"media_state", media::to_string(state)}}});
}

}  // namespace tc::api
