#pragma once
#include <boost/json/object.hpp>

#include "store/rows.hpp"

namespace tc::api {

// The founding design's stream fields (times as epoch ms), plus streamer_username.
boost::json::object stream_json(const store::StreamRow& s);
boost::json::object user_json(const store::UserRow& u);
// A chat line as REST history and the `chat_message` event carry it (the event adds `badge`).
boost::json::object message_json(const store::MessageRow& m);

}  // namespace tc::api
