// Channel moderation over REST: appointed moderators (the owner changes them), the chat mode (read;
// set over the socket with set_chat_mode so the room hears of it), blocked terms and bans (the
// owner and moderators). Identity from the Bearer token only.
#include <boost/json/value_from.hpp>

#include "api/json/json_values.hpp"
#include "api/json/moderation_json.hpp"
#include "api/rest/authenticator.hpp"
#include "api/rest/replies.hpp"
#include "api/rest/routes.hpp"
#include "api/rest/signed_in.hpp"

namespace tc::api {
namespace {
namespace json = boost::json;

json::object moderator_json(const store::ModeratorRow& m) {
  return json::object{{"user_id", m.user_id}, {"username", m.username}, {"created_at", m.created_at}};
}

}  // namespace

void add_moderation_routes(net::Router& router, ApiContext& ctx, domain::ModerationService& mod) {
  router.add("GET", "/api/v1/channels/:streamer_id/moderators",
             boundary([&ctx, &mod](HttpRequest& req) -> awaitable<HttpResponse> {
               auto rows = co_await ctx.db_pool.run([&] { return mod.moderators(req.param("streamer_id")); });
               co_return json_reply(200, json::object{{"moderators", json_array(rows, moderator_json)}});
             }));

  // :user is a user id or a username.
  router.add("PUT", "/api/v1/channels/:streamer_id/moderators/:user",
             boundary([&ctx, &mod](HttpRequest& req) -> awaitable<HttpResponse> {
               auto who = co_await authenticate(req, ctx);
               if (!who) co_return error_reply(who.error());
               auto r = co_await ctx.db_pool.run(
                   [&] { return mod.add_moderator(*who, req.param("streamer_id"), req.param("user")); });
               if (!r) co_return error_reply(r.error());
               co_return json_reply(200, json::object{{"moderator", moderator_json(*r)}});
             }));

  router.add("DELETE", "/api/v1/channels/:streamer_id/moderators/:user",
             boundary([&ctx, &mod](HttpRequest& req) -> awaitable<HttpResponse> {
               auto who = co_await authenticate(req, ctx);
               if (!who) co_return error_reply(who.error());
               auto r = co_await ctx.db_pool.run(
                   [&] { return mod.remove_moderator(*who, req.param("streamer_id"), req.param("user")); });
               if (!r) co_return error_reply(r.error());
               co_return json_reply(200, json::object{{"removed", true}});
             }));

  router.add("GET", "/api/v1/channels/:streamer_id/chat-settings",
             boundary([&ctx, &mod](HttpRequest& req) -> awaitable<HttpResponse> {
               auto m = co_await ctx.db_pool.run([&] { return mod.mode(req.param("streamer_id")); });
               co_return json_reply(200, json::object{{"chat_mode", chat_mode_json(m)}});
             }));

  router.add("GET", "/api/v1/channels/:streamer_id/blocked-terms",
             boundary([&ctx, &mod](HttpRequest& req) -> awaitable<HttpResponse> {
               auto who = co_await authenticate(req, ctx);
               if (!who) co_return error_reply(who.error());
               auto r = co_await ctx.db_pool.run([&] { return mod.terms(*who, req.param("streamer_id")); });
               if (!r) co_return error_reply(r.error());
               co_return json_reply(200, json::object{{"terms", json::value_from(*r)}});
             }));

  // Replaces the whole list: {"terms": ["…", …]} (at most 100, each 1 to 50 characters).
  router.add("PUT", "/api/v1/channels/:streamer_id/blocked-terms",
             boundary([&ctx, &mod](HttpRequest& req) -> awaitable<HttpResponse> {
               auto call = co_await signed_in_body(req, ctx);
               if (!call) co_return error_reply(call.error());
               const auto* list = call->body.if_contains("terms");
               if (!list || !list->is_array()) {
                 co_return error_reply(core::Error::invalid("invalid_terms", "terms must be an array of strings"));
               }
               if (list->get_array().size() > static_cast<size_t>(domain::kMaxBlockedTerms)) {
                 co_return error_reply(
                     core::Error::invalid("too_many_terms", "A channel has at most 100 blocked terms"));
               }
               std::vector<std::string> in;
               for (const auto& t : list->get_array()) {
                 if (!t.is_string()) {
                   co_return error_reply(core::Error::invalid("invalid_terms", "terms must be an array of strings"));
                 }
                 in.emplace_back(t.get_string());
               }
               auto r =
                   co_await ctx.db_pool.run([&] { return mod.set_terms(call->who, req.param("streamer_id"), in); });
               if (!r) co_return error_reply(r.error());
               co_return json_reply(200, json::object{{"terms", json::value_from(*r)}});
             }));

  // Bans and timeouts in force (newest first, at most 200), for the owner and moderators.
  router.add("GET", "/api/v1/channels/:streamer_id/bans",
             boundary([&ctx, &mod](HttpRequest& req) -> awaitable<HttpResponse> {
               auto who = co_await authenticate(req, ctx);
               if (!who) co_return error_reply(who.error());
               auto r = co_await ctx.db_pool.run([&]() -> core::Result<std::vector<store::BanRow>> {
                 auto rules = mod.load(req.param("streamer_id"));
                 if (domain::ModerationService::role(*rules, who->user_id) == domain::ChatRole::viewer) {
                   return core::Error::forbidden("Only the streamer and their moderators see bans");
                 }
                 return mod.bans(req.param("streamer_id"), 200);
               });
               if (!r) co_return error_reply(r.error());
               auto bans = json_array(*r, [](const store::BanRow& b) {
                 return json::object{{"user_id", b.user_id},
                                     {"username", b.username},
                                     {"until", nullable(b.expires_at)},
                                     {"created_by", b.created_by},
                                     {"created_at", b.created_at}};
               });
               co_return json_reply(200, json::object{{"bans", std::move(bans)}});
             }));
}

}  // namespace tc::api
