#pragma once
#include <boost/json/object.hpp>

#include "store/rows.hpp"

namespace tc::api {

// The founding design's stream fields (times as epoch ms), plus streamer_username.
boost::json::object stream_json(const store::StreamRow& s);
boost::json::object user_json(const store::UserRow& u);

}  // namespace tc::api
