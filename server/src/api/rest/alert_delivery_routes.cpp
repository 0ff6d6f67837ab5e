// GET /api/v1/alerts/:alert_id/delivery (issue 13, the fair-release audit): per event of the alert
// (its post, each update) and per tier, when it was due and when it went out, to how many sockets
// on how many nodes, and the spread between the first and the last send completing. The streamer
// only; the figures come from the release engines' log (realtime/release/delivery_log), which every
// node keeps for the recent alerts of every node.
#include <cmath>

#include "api/json/json_values.hpp"
#include "api/rest/authenticator.hpp"
#include "api/rest/replies.hpp"
#include "api/rest/routes.hpp"

namespace tc::api {
namespace {
namespace json = boost::json;
namespace rel = realtime::release;

// µs as ms with three decimals (a JSON number: a measurement, not money).
double ms_of(int64_t us) { return std::round(static_cast<double>(us)) / 1000.0; }

json::object group_json(const rel::GroupDelivery& g) {
  json::array nodes;
  for (const auto& p : g.passes) {
    nodes.push_back(json::object{{"node", p.node},
                                 {"released_at", p.released_at_ms},
                                 {"sockets", p.sockets},
                                 {"spread_ms", ms_of(p.spread_us)}});
  }
  return json::object{{"tier", g.group},
                      {"release_at", g.due_at_ms},
                      {"released", g.released()},
                      {"released_at", g.released() ? json::value(g.released_at_ms()) : nullptr},
                      {"sockets", g.sockets()},
                      {"spread_ms", ms_of(g.spread_us())},
                      {"nodes", std::move(nodes)}};
}

json::object delivery_json(const std::string& alert_id, const rel::SubjectDelivery& d) {
  json::array events;
  for (const auto& e : d.events) {
    events.push_back(json::object{{"event", e.event},
                                  {"seq", e.seq},
                                  {"posted_at", e.posted_at_ms},
                                  {"tiers", json_array(e.groups, group_json)}});
  }
  return json::object{{"alert_id", alert_id}, {"events", std::move(events)}};
}

}  // namespace

void add_alert_delivery_routes(net::Router& router, ApiContext& ctx, AlertOwnerLookup owner_of) {
  router.add(
      "GET", "/api/v1/alerts/:alert_id/delivery",
      boundary([&ctx, owner_of = std::move(owner_of)](HttpRequest& req) -> awaitable<HttpResponse> {
        auto who = co_await authenticate(req, ctx);
        if (!who) co_return error_reply(who.error());
        const std::string& id = req.param("alert_id");
        std::optional<rel::SubjectDelivery> d;
        if (ctx.deliveries) d = ctx.deliveries->get(id);
        std::optional<std::string> owner = d ? std::optional<std::string>(d->owner) : std::nullopt;
        // Not released here recently (an old alert, or this node restarted): the alert's own row
        // says whose it is, and its audit is empty.
        if (!owner && owner_of) owner = co_await ctx.db_pool.run([&] { return owner_of(id); });
        if (!owner) co_return error_reply(core::Error::not_found("alert_not_found", "No such alert"));
        if (*owner != who->user_id) {
          co_return error_reply(core::Error::forbidden("Only the alert's streamer sees its delivery"));
        }
        co_return json_reply(200, json::object{{"delivery", delivery_json(id, d.value_or(rel::SubjectDelivery{}))}});
      }));
}

}  // namespace tc::api
