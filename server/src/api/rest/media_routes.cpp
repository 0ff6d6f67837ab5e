// WHIP ingest and WHEP playback (RFC 9725 and the WHEP draft: POST an SDP offer, get 201 + the
// answer + a Location to DELETE), per-stream media stats, and the files media produces: HLS
// playlists and segments, recordings (Range) and thumbnails.
#include <sys/stat.h>

#include <regex>

#include "api/rest/authenticator.hpp"
#include "api/rest/replies.hpp"
#include "api/rest/routes.hpp"
#include "core/ids.hpp"
#include "core/media_files.hpp"

namespace tc::api {
namespace {

core::Error media_off() {
  return {core::ErrorKind::unavailable, "media_disabled", "This server does not serve media (--media=false)"};
}

bool is_sdp(const HttpRequest& req) {
  const auto* ct = req.header("content-type");
  return ct && ct->rfind("application/sdp", 0) == 0;
}

HttpResponse sdp_created(const media::SessionAnswer& a, const std::string& location) {
  return HttpResponse::text(201, a.answer_sdp, "application/sdp")
      .with_header("Location", location)
      .with_header("Cache-Control", "no-store");
}

// The stream if it exists and is LIVE; the reply otherwise.
core::Result<store::StreamRow> live_stream(ApiContext& ctx, const store::StreamRow& s) {
  if (s.status != "LIVE") return core::Error::conflict("stream_ended", "The stream has ended");
  return s;
}

HttpResponse file_reply(const std::string& path, const char* type, const char* cache) {
  return HttpResponse::send_file({path, type, cache});
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace

awaitable<boost::json::value> media_stats_json(ApiContext& ctx, const store::StreamRow& stream) {
  if (!ctx.media || stream.status != "LIVE") co_return nullptr;
  const auto& id = stream.stream_id;
  auto st = co_await ctx.media_pool->run([&] { return ctx.media->stats(id); });
  if (!st) co_return nullptr;
  co_return boost::json::object{
      {"video_codec", st->video_codec},
      {"audio_codec", st->audio_codec},
      {"width", st->width},
      {"height", st->height},
      {"fps", st->fps},
      {"video_bitrate_bps", st->video_bitrate_bps},
      {"audio_bitrate_bps", st->audio_bitrate_bps},
      {"frames", st->frames},
      {"keyframes", st->keyframes},
      {"lost_packets", st->lost_packets},
      {"dropped_frames", st->dropped_frames},
      {"live_since", st->live_since_ms},
      // Where media_time_ms 0 and the HLS playlist's first EXT-X-PROGRAM-DATE-TIME are (epoch ms).
      {"timeline_origin", st->timeline_origin_ms ? boost::json::value(st->timeline_origin_ms) : nullptr},
      {"viewers", boost::json::object{{"whep", st->viewers_whep}, {"hls", st->viewers_hls}}},
      {"hls_segments", st->hls_segments},
      {"recording", st->recording},
      {"hls_transcode", st->hls_transcode},
  };
}

void add_media_routes(net::Router& router, ApiContext& ctx) {
  // WHIP: only the stream's owner publishes; a second publisher gets 409.
  router.add("POST", "/api/v1/streaming/:id/whip", boundary([&ctx](HttpRequest& req) -> awaitable<HttpResponse> {
               if (!ctx.media) co_return error_reply(media_off());
               auto who = co_await authenticate(req, ctx);
               if (!who) co_return error_reply(who.error());
               if (!is_sdp(req)) {
                 co_return error_reply(
                     {core::ErrorKind::invalid, "unsupported_media_type", "Content-Type must be application/sdp"});
               }
               auto stream = co_await ctx.db_pool.run([&] { return ctx.streams.get(req.param("id")); });
               if (!stream) co_return error_reply(stream.error());
               if (stream->streamer_id != who->user_id) {
                 co_return error_reply(core::Error::forbidden("Only the streamer can publish to this stream"));
               }
               if (auto live = live_stream(ctx, *stream); !live) co_return error_reply(live.error());
               auto answer =
                   co_await ctx.media_pool->run([&] { return ctx.media->publish(req.param("id"), req.body); });
               if (!answer) co_return error_reply(answer.error());
               co_return sdp_created(*answer, "/api/v1/streaming/" + req.param("id") + "/whip/" + answer->session_id);
             }));

  router.add("DELETE", "/api/v1/streaming/:id/whip/:session",
             boundary([&ctx](HttpRequest& req) -> awaitable<HttpResponse> {
               if (!ctx.media) co_return error_reply(media_off());
               auto who = co_await authenticate(req, ctx);
               if (!who) co_return error_reply(who.error());
               auto stream = co_await ctx.db_pool.run([&] { return ctx.streams.get(req.param("id")); });
               if (!stream) co_return error_reply(stream.error());
               if (stream->streamer_id != who->user_id) {
                 co_return error_reply(core::Error::forbidden("Only the streamer can stop this stream"));
               }
               const bool found = co_await ctx.media_pool->run(
                   [&] { return ctx.media->unpublish(req.param("id"), req.param("session")); });
               if (!found) co_return error_reply(core::Error::not_found("session_not_found", "No such WHIP session"));
               // DELETE stops the broadcast: end the stream now, which finalises the recording.
               auto ended = co_await ctx.db_pool.run([&] { return ctx.streams.end(*who, req.param("id")); });
               if (!ended) co_return error_reply(ended.error());
               co_return HttpResponse::text(200, "");
             }));

  // WHEP: anyone may watch a live stream.
  router.add("POST", "/api/v1/streaming/:id/whep", boundary([&ctx](HttpRequest& req) -> awaitable<HttpResponse> {
               if (!ctx.media) co_return error_reply(media_off());
               if (!is_sdp(req)) {
                 co_return error_reply(
                     {core::ErrorKind::invalid, "unsupported_media_type", "Content-Type must be application/sdp"});
               }
               auto stream = co_await ctx.db_pool.run([&] { return ctx.streams.get(req.param("id")); });
               if (!stream) co_return error_reply(stream.error());
               if (auto live = live_stream(ctx, *stream); !live) co_return error_reply(live.error());
               auto answer = co_await ctx.media_pool->run([&] { return ctx.media->play(req.param("id"), req.body); });
               if (!answer) co_return error_reply(answer.error());
               co_return sdp_created(*answer, "/api/v1/streaming/" + req.param("id") + "/whep/" + answer->session_id);
             }));

  router.add("DELETE", "/api/v1/streaming/:id/whep/:session",
             boundary([&ctx](HttpRequest& req) -> awaitable<HttpResponse> {
               if (!ctx.media) co_return error_reply(media_off());
               const bool found = co_await ctx.media_pool->run(
                   [&] { return ctx.media->stop_playing(req.param("id"), req.param("session")); });
               if (!found) co_return error_reply(core::Error::not_found("session_not_found", "No such WHEP session"));
               co_return HttpResponse::text(200, "");
             }));

  // Files. Stream ids are UUIDs and file names come from a fixed set, so no path can escape.
  router.add("GET", "/hls/:id/:file", boundary([&ctx](HttpRequest& req) -> awaitable<HttpResponse> {
               static const std::regex kSegment("seg[0-9]{5}\\.ts");
               const auto& id = req.param("id");
               const auto& file = req.param("file");
               if (!ctx.media || !core::is_uuid(id))
                 co_return error_reply(core::Error::not_found("not_found", "No such file"));
               const auto path = ctx.media->stream_dir(id) + "/" + std::string(core::media_files::kHlsDir) + "/" + file;
               if (file == core::media_files::kHlsPlaylist && exists(path)) {
                 const auto* ua = req.header("user-agent");
                 ctx.media->hls_playlist_fetched(id, req.remote_ip + "\n" + (ua ? *ua : std::string()));
                 // The live playlist changes every segment: clients and CDNs revalidate it.
                 co_return file_reply(path, "application/vnd.apple.mpegurl", "no-cache");
               }
               if (std::regex_match(file, kSegment) && exists(path)) {
                 co_return file_reply(path, "video/mp2t", "public, max-age=86400, immutable");
               }
               co_return error_reply(core::Error::not_found("not_found", "No such file"));
             }));

  // Recordings, uploads and thumbnails (docs/api.md "Recordings"). While a stream is live its
  // thumbnail is a local file media rewrites; afterwards everything is in the blob store: served
  // from disk (local store, Range-aware) or answered with 302 to a presigned URL (S3), which the
  // browser follows with its Range requests, so seeking works and the bytes never pass through us.
  router.add("GET", "/media/:id/:file", boundary([&ctx](HttpRequest& req) -> awaitable<HttpResponse> {
               const auto& id = req.param("id");
               const auto& file = req.param("file");
               if (!core::is_uuid(id)) co_return error_reply(core::Error::not_found("not_found", "No such file"));
               if (file == core::media_files::kThumbnail && ctx.media) {
                 if (const auto live = ctx.media->stream_dir(id) + "/" + file; exists(live)) {
                   co_return file_reply(live, "image/jpeg", "public, max-age=5");
                 }
               }
               if (!ctx.recordings) co_return error_reply(core::Error::not_found("not_found", "No such file"));
               auto where = co_await ctx.blob_pool->run([&] { return ctx.recordings->locate(id, file); });
               if (!where) co_return error_reply(where.error());
               const char* cache = file == core::media_files::kThumbnail ? "public, max-age=5" : "public, max-age=3600";
               if (where->local_path) co_return file_reply(*where->local_path, where->content_type.c_str(), cache);
               // The presigned URL expires (--s3-url-ttl): the redirect itself must not be cached longer.
               co_return HttpResponse::text(302, "", "text/plain; charset=utf-8")
                   .with_header("Location", *where->redirect_url)
                   .with_header("Cache-Control", "private, max-age=60");
             }));
}

}  // namespace tc::api
