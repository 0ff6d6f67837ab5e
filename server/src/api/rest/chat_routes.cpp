// Chat history (for late joiners and VOD chat replay), the founding design's stream stats and the
// viewers-over-time series.
#include "api/json/json_values.hpp"
#include "api/json/stream_json.hpp"
#include "api/rest/authenticator.hpp"
#include "api/rest/replies.hpp"
#include "api/rest/request_params.hpp"
#include "api/rest/routes.hpp"

namespace tc::api {
namespace {
namespace json = boost::json;

constexpr int kHistoryMax = 200;  // messages in one page of history, at most
constexpr int kHistoryDefault = 50;
constexpr int kSeriesDefault = 200;  // points of the viewers-over-time series unless ?points= says
}  // namespace

void add_chat_routes(net::Router& router, ApiContext& ctx) {
  router.add("GET", "/api/v1/streaming/:id/messages", boundary([&ctx](HttpRequest& req) -> awaitable<HttpResponse> {
               auto limit = int_query(req, "limit", 1, kHistoryMax);
               if (!limit) co_return error_reply(limit.error());
               const auto before = string_query(req, "before");
               auto who = co_await authenticate_optional(req, ctx);  // the tier alert lines are released to
               if (!who) co_return error_reply(who.error());
               auto page = co_await ctx.db_pool.run([&]() -> core::Result<domain::HistoryPage> {
                 auto s = ctx.streams.get(req.param("id"));
                 if (!s) return s.error();
                 auto page = ctx.chat.history(req.param("id"), before, limit->value_or(kHistoryDefault));
                 if (page && ctx.alerts) ctx.alerts->drop_unreleased(*who, s->streamer_id, page->messages);
                 return page;
               });
               if (!page) co_return error_reply(page.error());
               co_return json_reply(200, json::object{{"messages", json_array(page->messages, message_json)},
                                                      {"next_cursor", nullable(page->next_cursor)}});
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
               co_return json_reply(200, json::object{
                                             {"stats", json::object{{"stream_id", id},
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
               auto points = int_query(req, "points", 1, domain::ViewerSampler::kMaxPoints);
               if (!points) co_return error_reply(points.error());
               if (!ctx.viewer_samples) co_return error_reply(core::Error::not_found("not_found", "No viewer samples"));
               struct Out {
                 store::StreamRow stream;
                 std::vector<domain::ViewerPoint> series;
               };
               auto out = co_await ctx.db_pool.run([&]() -> core::Result<Out> {
                 auto s = ctx.streams.get(req.param("id"));
                 if (!s) return s.error();
                 return Out{*s, ctx.viewer_samples->series(s->stream_id, points->value_or(kSeriesDefault))};
               });
               if (!out) co_return error_reply(out.error());
               auto samples = json_array(out->series, [](const domain::ViewerPoint& p) {
                 return json::object{{"t", p.t}, {"viewers", p.viewers}, {"peak", p.peak}};
               });
               co_return json_reply(200, json::object{{"stream_id", out->stream.stream_id},
                                                      {"status", out->stream.status},
                                                      {"interval_ms", ctx.viewer_samples->settings().interval_ms},
                                                      {"samples", std::move(samples)}});
             }));
}

}  // namespace tc::api
