#pragma once
#include <boost/json/object.hpp>

#include <string>

#include "store/rows.hpp"

namespace tc::api {

struct ApiContext;

// The founding design's stream fields (times as epoch ms), plus streamer_username.
boost::json::object stream_json(const store::StreamRow& s);
boost::json::object user_json(const store::UserRow& u);
// A chat line as REST history and the `chat_message` event carry it (the event adds `badge`).
boost::json::object message_json(const store::MessageRow& m);
// "waiting" | "live" | "reconnecting" | "offline" for the stream JSON (REST and the directory feed).
std::string media_state_of(const ApiContext& ctx, const store::StreamRow& s);

}  // namespace tc::api
