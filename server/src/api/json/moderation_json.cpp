#include "api/json/moderation_json.hpp"

namespace tc::api {

boost::json::object chat_mode_json(const store::ChatModeRow& m) {
  return boost::json::object{{"slow_mode_seconds", m.slow_mode_seconds},
                             {"followers_only", m.followers_only},
                             {"subscribers_only", m.subscribers_only},
                             {"emote_only", m.emote_only}};
}

}  // namespace tc::api
