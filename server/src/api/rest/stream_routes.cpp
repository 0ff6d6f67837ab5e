// The founding design's streaming REST API: create, end, get, and the directory listing.
#include <charconv>

#include "api/rest/authenticator.hpp"
#include "api/rest/json_body.hpp"
#include "api/rest/replies.hpp"
#include "api/rest/routes.hpp"
#include "api/json/stream_json.hpp"

namespace tc::api {
namespace {

boost::json::object stream_with_media(const ApiContext& ctx, const store::StreamRow& s) {
  auto o = stream_json(s);
  o["media_state"] = media_state_of(ctx, s);
  return o;
}

HttpResponse stream_reply(const ApiContext& ctx, int status, const store::StreamRow& s) {
  return json_reply(status, boost::json::object{{"stream", stream_with_media(ctx, s)}});
}

core::Result<domain::ListStreamsInput> list_input(const HttpRequest& req) {
  domain::ListStreamsInput in;
  auto copy = [&](const char* name, std::optional<std::string>& out) {
    if (const auto* v = req.query_param(name)) out = *v;
  };
  copy("status", in.status);
  copy("category", in.category);
  copy("streamer_id", in.streamer_id);
  copy("q", in.text);
  copy("cursor", in.cursor);
  if (const auto* l = req.query_param("limit")) {
    int v = 0;
    auto [p, ec] = std::from_chars(l->data(), l->data() + l->size(), v);
    if (ec != std::errc() || p != l->data() + l->size()) {
      return core::Error::invalid("invalid_limit", "limit must be 1 to 100");
    }
    in.limit = v;
  }
  return in;
}

}  // namespace

void add_stream_routes(net::Router& router, ApiContext& ctx) {
  router.add("POST", "/api/v1/streaming/create", boundary([&ctx](HttpRequest& req) -> awaitable<HttpResponse> {
               auto who = co_await authenticate(req, ctx);
               if (!who) co_return error_reply(who.error());
               auto body = parse_json_object(req);
               if (!body) co_return error_reply(body.error());
               // The streamer is the token's user: user_id / streamer_id in the body are ignored.
               domain::CreateStreamInput in;
               auto title = optional_string(*body, "title");
               auto description = optional_string(*body, "description");
               auto category = optional_string(*body, "category");
               for (const auto* f : {&title, &description, &category}) {
                 if (!*f) co_return error_reply(f->error());
               }
               in.title = title->value_or("");
               in.description = *description;
               in.category = *category;
               auto result = co_await ctx.db_pool.run([&]() -> core::Result<store::StreamRow> {
                 // An external issuer's user gets a local row before owning anything.
                 if (auto u = ctx.accounts.user_for(*who); !u) return u.error();
                 return ctx.streams.create(*who, in);
               });
               if (!result) co_return error_reply(result.error());
               co_return stream_reply(ctx, 201, *result);
             }));

  router.add("POST", "/api/v1/streaming/:id/end", boundary([&ctx](HttpRequest& req) -> awaitable<HttpResponse> {
               auto who = co_await authenticate(req, ctx);
               if (!who) co_return error_reply(who.error());
               auto result = co_await ctx.db_pool.run([&] { return ctx.streams.end(*who, req.param("id")); });
               if (!result) co_return error_reply(result.error());
               co_return stream_reply(ctx, 200, *result);
             }));

  router.add("GET", "/api/v1/streaming/:id", boundary([&ctx](HttpRequest& req) -> awaitable<HttpResponse> {
               auto result = co_await ctx.db_pool.run([&] { return ctx.streams.get(req.param("id")); });
               if (!result) co_return error_reply(result.error());
               co_return stream_reply(ctx, 200, *result);
             }));

  router.add("GET", "/api/v1/streaming", boundary([&ctx](HttpRequest& req) -> awaitable<HttpResponse> {
               auto in = list_input(req);
               if (!in) co_return error_reply(in.error());
               auto page = co_await ctx.db_pool.run([&] { return ctx.streams.list(*in); });
               if (!page) co_return error_reply(page.error());
               boost::json::array streams;
               for (const auto& s : page->streams) streams.push_back(stream_with_media(ctx, s));
               boost::json::value next = nullptr;
               if (page->next_cursor) next = *page->next_cursor;
               co_return json_reply(200, boost::json::object{{"streams", std::move(streams)}, {"next_cursor", next}});
             }));
}

}  // namespace tc::api
