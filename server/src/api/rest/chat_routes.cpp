// Chat history (for late joiners and VOD chat replay), the founding design's stream stats and the
// viewers-over-time series.
#include <charconv>

#include "api/rest/replies.hpp"
#include "api/rest/routes.hpp"
#include "api/json/stream_json.hpp"

namespace tc::api {
namespace {
using boost::asio::awaitable;
using net::HttpRequest;
using net::HttpResponse;
namespace json = boost::json;

core::Result<int> limit_param(const HttpRequest& req, int fallback) {
  const auto* l = req.query_param("limit");
  if (!l) return fallback;
  int v = 0;
  auto [p, ec] = std::from_chars(l->data(), l->data() + l->size(), v);
  if (ec != std::errc() || p != l->data() + l->size() || v < 1 || v > 200) {
    return core::Error::invalid("invalid_limit", "limit must be 1 to 200");
  }
  return v;
}

core::Result<int> points_param(const HttpRequest& req) {
  const auto* l = req.query_param("points");
  if (!l) return 200;
  int v = 0;
  auto [p, ec] = std::from_chars(l->data(), l->data() + l->size(), v);
  if (ec != std::errc() || p != l->data() + l->size() || v < 1 || v > domain::ViewerSampler::kMaxPoints) {
    return core::Error::invalid("invalid_points", "points must be 1 to 1000");
  }
  return v;
}

}  // namespace

void add_chat_routes(net::Router& router, ApiContext& ctx) {
  router.add("GET", "/api/v1/streaming/:id/messages", boundary([&ctx](HttpRequest& req) -> awaitable<HttpResponse> {
               auto limit = limit_param(req, 50);
               if (!limit) co_return error_reply(limit.error());
               std::optional<std::string> before;
               if (const auto* b = req.query_param("before")) before = *b;
               auto page = co_await ctx.db_pool.run([&]() -> core::Result<domain::HistoryPage> {
                 if (auto s = ctx.streams.get(req.param("id")); !s) return s.error();
                 return ctx.chat.history(req.param("id"), before, *limit);
               });
               if (!page) co_return error_reply(page.error());
               json::array messages;
               for (const auto& m : page->messages) messages.push_back(message_json(m));
               json::value next = nullptr;
               if (page->next_cursor) next = *page->next_cursor;
               co_return json_reply(200, json::object{{"messages", std::move(messages)}, {"next_cursor", next}});
             }));

  router.add("GET", "/api/v1/streaming/:id/stats", boundary([&ctx](HttpRequest& req) -> awaitable<HttpResponse> {
               struct Out {
                 store::StreamRow stream;
                 store::StreamStatsRow stats;
               };
               auto out = co_await ctx.db_pool.run([&]() -> core::Result<Out> {
                 auto s = ctx.streams.get(req.param("id"));
                 if (!s) return s.error();
                 ctx.chat.flush();  // every acknowledged message counts
                 return Out{*s, ctx.store.viewers().stats(req.param("id"))};
               });
               if (!out) co_return error_reply(out.error());
               const auto& id = out->stream.stream_id;
               int current = out->stream.status == "LIVE" ? ctx.viewers.count(id) : 0;
               // Several nodes: one no viewer of this stream is connected to knows only the sum the
               // serving nodes write to the stream row (every 500 ms).
               if (current == 0 && !ctx.config.redis.empty() && ctx.viewers.local_count(id) == 0 &&
                   out->stream.status == "LIVE") {
                 current = out->stream.viewer_count;
               }
               const int peak = std::max(out->stream.peak_viewers, ctx.viewers.peak(id));
               // Media (issue 5): state and, while live, codec/size/bitrate/fps and viewers by protocol.
               auto media = co_await media_stats_json(ctx, out->stream);
               co_return json_reply(
                   200, json::object{{"stats", json::object{{"stream_id", id},
                                                            {"total_tips_cents", out->stats.total_tips_cents},
                                                            {"message_count", out->stats.message_count},
                                                            {"avg_watch_time", out->stats.avg_watch_seconds},
                                                            {"viewer_sessions", out->stats.viewer_sessions},
                                                            {"peak_viewers", peak},
                                                            {"current_viewers", current},
                                                            {"media_state", media_state_of(ctx, out->stream)},
                                                            {"media", std::move(media)}}}});
             }));

  // Public, like the counts the directory shows: the stream's viewer count over time.
  router.add("GET", "/api/v1/streaming/:id/viewers", boundary([&ctx](HttpRequest& req) -> awaitable<HttpResponse> {
               auto points = points_param(req);
               if (!points) co_return error_reply(points.error());
               if (!ctx.viewer_samples) co_return error_reply(core::Error::not_found("not_found", "No viewer samples"));
               struct Out {
                 store::StreamRow stream;
                 std::vector<domain::ViewerPoint> series;
               };
               auto out = co_await ctx.db_pool.run([&]() -> core::Result<Out> {
                 auto s = ctx.streams.get(req.param("id"));
                 if (!s) return s.error();
                 return Out{*s, ctx.viewer_samples->series(s->stream_id, *points)};
               });
               if (!out) co_return error_reply(out.error());
               json::array samples;
               for (const auto& p : out->series) {
                 samples.push_back(json::object{{"t", p.t}, {"viewers", p.viewers}, {"peak", p.peak}});
               }
               co_return json_reply(200, json::object{{"stream_id", out->stream.stream_id},
                                                      {"status", out->stream.status},
                                                      {"interval_ms", ctx.viewer_samples->settings().interval_ms},
                                                      {"samples", std::move(samples)}});
             }));
}

}  // namespace tc::api
