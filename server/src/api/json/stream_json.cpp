#include "api/json/stream_json.hpp"

#include <boost/json/value_from.hpp>

#include "api/context/api_context.hpp"

namespace tc::api {
namespace {
template <class T>
boost::json::value opt(const std::optional<T>& v) {
  if (!v) return nullptr;
  return boost::json::value_from(*v);
}
}  // namespace

boost::json::object stream_json(const store::StreamRow& s) {
  return {
      {"stream_id", s.stream_id},
      {"streamer_id", s.streamer_id},
      {"streamer_username", s.streamer_username},
      {"title", s.title},
      {"description", opt(s.description)},
      {"category", s.category},
      {"thumbnail_url", opt(s.thumbnail_url)},
      {"status", s.status},
      {"viewer_count", s.viewer_count},
      {"peak_viewers", s.peak_viewers},
      {"started_at", s.started_at},
      {"ended_at", opt(s.ended_at)},
      {"duration_seconds", opt(s.duration_seconds)},
      {"is_recording", s.is_recording},
      {"recording_url", opt(s.recording_url)},
      {"recording_state", opt(s.recording_state)},
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
  return o;
}

std::string media_state_of(const ApiContext& ctx, const store::StreamRow& s) {
  if (s.status != "LIVE") return "offline";
  if (!ctx.media) return "waiting";
  return media::to_string(ctx.media->state(s.stream_id));
}

}  // namespace tc::api
