#include "api/json/stream_json.hpp"

#include "api/context/api_context.hpp"
#include "api/json/json_values.hpp"

namespace tc::api {

boost::json::object stream_json(const store::StreamRow& s) {
  return {
      {"stream_id", s.stream_id},
      {"streamer_id", s.streamer_id},
      {"streamer_username", s.streamer_username},
      {"title", s.title},
      {"description", nullable(s.description)},
      {"category", s.category},
      {"thumbnail_url", nullable(s.thumbnail_url)},
      {"status", s.status},
      {"viewer_count", s.viewer_count},
      {"peak_viewers", s.peak_viewers},
      {"started_at", s.started_at},
      {"ended_at", nullable(s.ended_at)},
      {"duration_seconds", nullable(s.duration_seconds)},
      {"is_recording", s.is_recording},
      {"recording_url", nullable(s.recording_url)},
      {"recording_state", nullable(s.recording_state)},
      {"created_at", s.created_at},
  };
}

boost::json::object user_json(const store::UserRow& u) {
  return {{"id", u.id}, {"username", u.username}, {"created_at", u.created_at}};
}

boost::json::object message_json(const store::MessageRow& m) {
  boost::json::object o{{"message_id", m.message_id}, {"stream_id", m.stream_id}, {"user_id", m.user_id},
                        {"username", m.username},     {"message", m.message},     {"message_type", m.message_type},
                        {"created_at", m.created_at}};
  if (m.tip_amount_cents) o["tip_amount_cents"] = *m.tip_amount_cents;
  if (m.alert_id) o["alert_id"] = *m.alert_id;
  return o;
}

std::string media_state_of(const ApiContext& ctx, const store::StreamRow& s) {
  if (s.status != "LIVE") return "offline";
  if (!ctx.media) return "waiting";
  return media::to_string(ctx.media->state(s.stream_id));
}

}  // namespace tc::api
