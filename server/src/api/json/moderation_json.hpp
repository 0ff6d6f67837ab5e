#pragma once
// The chat mode as clients see it (joined_stream, chat_mode_changed, GET chat-settings).
#include <boost/json/object.hpp>

#include "store/moderation_store.hpp"

namespace tc::api {
boost::json::object chat_mode_json(const store::ChatModeRow& m);
}
