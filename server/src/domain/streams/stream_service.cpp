#include "domain/streams/stream_service.hpp"

#include "core/ids.hpp"
#include "core/text.hpp"
#include "domain/streams/stream_rules.hpp"

namespace tc::domain {
namespace {
core::Error stream_not_found() { return core::Error::not_found("stream_not_found", "No such stream"); }
}  // namespace

StreamService::StreamService(store::Store& store, const core::Clock& clock, int max_live_per_user)
    : store_(store), clock_(clock), max_live_per_user_(max_live_per_user) {}

core::Result<store::StreamRow> StreamService::create(const Identity& streamer, const CreateStreamInput& in) {
  auto title = normalize_title(in.title);
  if (!title) return title.error();
  auto description = normalize_description(in.description.value_or(""));
  if (!description) return description.error();
  auto category = normalize_category(in.category.value_or(""));
  if (!category) return category.error();

  store::StreamRow s;
  s.stream_id = core::new_uuid();
  s.streamer_id = streamer.user_id;
  s.streamer_username = streamer.username;
  s.title = std::move(*title);
  s.description = std::move(*description);
  s.category = std::move(*category);
  s.status = "LIVE";
  s.started_at = s.created_at = clock_.now_ms();
  if (!store_.streams().insert_if_under_live_limit(s, max_live_per_user_)) {
    return core::Error::conflict("too_many_live_streams", "End one of your live streams before starting another (at most " +
                                                              std::to_string(max_live_per_user_) + ")");
  }
  if (auto stored = store_.streams().get(s.stream_id)) s = std::move(*stored);
  for (auto* l : listeners_) l->on_stream_created(s);
  return s;
}

core::Result<store::StreamRow> StreamService::end(const Identity& caller, const std::string& stream_id) {
  if (!core::is_uuid(stream_id)) return stream_not_found();
  auto s = store_.streams().get(stream_id);
  if (!s) return stream_not_found();
  if (s->streamer_id != caller.user_id) return core::Error::forbidden("Only the streamer can end this stream");
  return end_checked(std::move(*s));
}

core::Result<store::StreamRow> StreamService::end_unattended(const std::string& stream_id) {
  if (!core::is_uuid(stream_id)) return stream_not_found();
  auto s = store_.streams().get(stream_id);
  if (!s) return stream_not_found();
  return end_checked(std::move(*s));
}

core::Result<store::StreamRow> StreamService::end_checked(store::StreamRow s) {
  if (s.status != "LIVE") return s;  // idempotent: already ended
  const int64_t now = clock_.now_ms();
  const int duration = static_cast<int>(std::max<int64_t>(0, now - s.started_at) / 1000);
  const bool changed = store_.streams().end(s.stream_id, now, duration);
  if (changed) {
    auto ended = store_.streams().get(s.stream_id);
    if (!ended) return stream_not_found();
    for (auto* l : listeners_) l->on_stream_ended(*ended);
  }
  // Listeners may have attached artefacts (recording_url): read again.
  auto latest = store_.streams().get(s.stream_id);
  if (!latest) return stream_not_found();
  return *latest;
}

core::Result<store::StreamRow> StreamService::get(const std::string& stream_id) {
  if (!core::is_uuid(stream_id)) return stream_not_found();
  if (auto s = store_.streams().get(stream_id)) return *s;
  return stream_not_found();
}

core::Result<StreamPage> StreamService::list(const ListStreamsInput& in) {
  store::StreamQuery q;
  if (in.status) {
    if (!is_stream_status(*in.status)) {
      return core::Error::invalid("invalid_status", "status must be LIVE, ENDED or SCHEDULED");
    }
    q.status = in.status;
  }
  if (in.category) {
    auto c = normalize_category(*in.category);
    if (!c) return c.error();
    q.category = *c;
  }
  q.streamer_id = in.streamer_id;
  if (in.text) {
    const auto t = core::trim(*in.text);
    const auto len = core::utf8_length(t);
    if (!len || core::has_control_chars(t)) return core::Error::invalid("invalid_text", "q must be valid text");
    if (*len > kSearchMax) return core::Error::invalid("query_too_long", "q must be at most 100 characters");
    if (!t.empty()) q.text = std::string(t);
  }
  if (in.cursor) {
    auto c = decode_cursor(*in.cursor);
    if (!c) return core::Error::invalid("invalid_cursor", "cursor is not one this server issued");
    q.after = std::move(*c);
  }
  q.limit = in.limit.value_or(kPageDefault);
  if (q.limit < 1 || q.limit > kPageMax) return core::Error::invalid("invalid_limit", "limit must be 1 to 100");

  // Fetch one extra row to know whether another page exists.
  const int wanted = q.limit;
  q.limit = wanted + 1;
  StreamPage page;
  page.streams = store_.streams().list(q);
  if (static_cast<int>(page.streams.size()) > wanted) {
    page.streams.resize(wanted);
    const auto& last = page.streams.back();
    page.next_cursor = encode_cursor({last.started_at, last.stream_id});
  }
  return page;
}

}  // namespace tc::domain
