#include "api/events/streaming/tier_release.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>
#include <cassert>
#include <chrono>
#include <random>

#include "api/events/streaming/release_wire.hpp"
#include "core/module_logger.hpp"
#include "realtime/release/tracked_fanout.hpp"

namespace tc::api {
namespace asio = boost::asio;
namespace rel = realtime::release;

namespace {
const core::ModuleLogger log("api.events.release");

// A fresh random order for every pass, so that no socket of a tier is systematically first.
void shuffle(std::vector<rel::Recipient>& v) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::shuffle(v.begin(), v.end(), rng);
}
}  // namespace

TierRelease::TierRelease(asio::io_context& ioc, ApiContext& ctx, domain::SubscriptionService& subscriptions,
                         realtime::bus::EventBus& bus, realtime::socketio::Namespace& nsp, rel::DeliveryLog& log,
                         rel::Limits limits)
    : ctx_(ctx),
      subscriptions_(subscriptions),
      bus_(bus),
      nsp_(nsp),
      log_(log),
      refused_(ctx.metrics.counter("tradecast_release_refused_total",
                                   "Timed releases (alerts by tier) refused: too many pending on this node or stream")),
      sent_(ctx.metrics.counter("tradecast_release_sends_total", "Sockets a timed release reached (every tier)")),
      tier_load_failures_(ctx.metrics.counter("tradecast_release_tier_load_failures_total",
                                              "Reads of a channel's subscribers for a release that failed")),
      strand_(asio::make_strand(ioc)),
      timer_(strand_),
      book_(limits) {
  ctx.metrics.gauge_fn("tradecast_release_pending", "Timed releases waiting for a tier's instant on this node",
                       [this] { return static_cast<double>(pending_count_.load()); });
}

TierRelease::~TierRelease() {
  if (subscription_) bus_.unsubscribe(subscription_);
}

void TierRelease::start() {
  if (!bus_.spans_nodes()) return;
  subscription_ = bus_.subscribe(release_wire::kReleaseTopic, [this](const realtime::bus::BusMessage& m) {
    // Our own publishes come back through the local table: accepted already.
    if (m.origin != bus_.node_id()) on_bus(m.origin, m.data);
  });
}

void TierRelease::stop() {
  stopped_ = true;
  asio::post(strand_, [this] { timer_.cancel(); });
}

core::Status TierRelease::publish(TimedEvent e) {
  if (auto ok = release_wire::check(e); !ok) return ok;
  if (bus_.spans_nodes()) bus_.publish(release_wire::kReleaseTopic, release_wire::encode(e));
  asio::dispatch(strand_, [this, e = std::move(e)]() mutable { accept(std::move(e), true); });
  return core::ok_status();
}

void TierRelease::on_bus(std::string_view origin, std::string_view data) {
  // Bus strand: decode here, act on the release strand.
  if (data.empty()) return;
  const auto body = data.substr(1);
  if (data[0] == 'P') {
    auto e = release_wire::decode_event(body);
    if (!e) {
      log()->warn("msg=\"malformed timed event from the bus\" origin={} error=\"{}\"", origin, e.error().message);
      return;
    }
    asio::post(strand_, [this, e = std::move(*e)]() mutable { accept(std::move(e), false); });
  } else if (data[0] == 'D') {
    auto p = release_wire::decode_pass(body);
    if (!p) {
      log()->warn("msg=\"malformed release report from the bus\" origin={} error=\"{}\"", origin, p.error().message);
      return;
    }
    log_.record(p->subject, p->seq, p->tier, p->pass);
  }
}

void TierRelease::accept(TimedEvent e, bool origin) {
  assert(strand_.running_in_this_thread());
  if (stopped_) return;
  std::vector<std::pair<std::string, int64_t>> due;
  std::vector<int64_t> at;
  for (size_t i = 0; i < e.tiers.size(); ++i) {
    due.emplace_back(e.tiers[i].tier, e.due_at(i));
    at.push_back(e.due_at(i));
  }
  log_.expect(e.subject, e.streamer_id, e.event, e.seq, e.posted_at_ms, due);

  // The streamer sees their own event at once, on every node they are connected to.
  std::vector<rel::Recipient> own;
  for (auto& m : audience_.snapshot(e.stream_id)) {
    if (m.user_id == e.streamer_id) own.push_back({std::move(m.socket), 0});
  }
  if (!own.empty()) rel::tracked_fanout(own, {packets(e, e.streamer_args)}, [](auto) {});

  const auto id = book_.add(e.stream_id, at);
  if (!id) {
    refused_.inc();
    log()->warn("msg=\"timed release refused: too many pending\" stream={} subject={} pending={} on_stream={}",
                e.stream_id, e.subject, book_.size(), book_.size(e.stream_id));
    return;
  }
  pending_count_ = static_cast<int64_t>(book_.size());
  pending_.emplace(*id, Pending{std::move(e), origin});
  run_due();
}

bool TierRelease::tiers_ready(const std::string& streamer_id) {
  const int64_t now = ctx_.clock.now_ms();
  auto& t = tiers_[streamer_id];
  if (t.loaded_at_ms > 0 && now - t.loaded_at_ms < kTierFreshMs) return true;
  if (t.loading) return false;
  t.loading = true;
  // Straight onto the pool (like the node heartbeat): background work with no client waiting; the
  // steps of this channel wait for it, in order.
  ctx_.db_pool.post([this, streamer_id] {
    std::optional<std::unordered_map<std::string, std::string>> paid;
    try {
      paid = subscriptions_.paid_tiers(streamer_id);
    } catch (const std::exception& e) {
      tier_load_failures_.inc();
      log()->warn(
          "msg=\"reading a channel's subscribers failed; its release goes by the last copy (unknown users "
          "count as FREE)\" streamer={} error=\"{}\"",
          streamer_id, e.what());
    }
    asio::post(strand_, [this, streamer_id, paid = std::move(paid)]() mutable {
      auto& t = tiers_[streamer_id];
      if (paid) t.paid = std::move(*paid);
      t.loaded_at_ms = ctx_.clock.now_ms();
      t.loading = false;
      run_due();
    });
  });
  return false;
}

void TierRelease::run_due() {
  assert(strand_.running_in_this_thread());
  if (stopped_) return;
  for (auto& s : book_.take_due(ctx_.clock.now_ms())) due_.push_back(std::move(s));
  // In order: an update never overtakes its alert, whichever channel's tiers are being read.
  while (!due_.empty()) {
    const auto& step = due_.front();
    const auto it = pending_.find(step.release);
    if (it == pending_.end()) {
      due_.pop_front();
      continue;
    }
    if (!tiers_ready(it->second.event.streamer_id)) return;  // the read's completion comes back here
    release_step(step.release, it->second, step);
    if (step.last) {
      book_.finish(step.release);
      pending_.erase(it);
      pending_count_ = static_cast<int64_t>(book_.size());
    }
    due_.pop_front();
  }
  if (tiers_.size() > kMaxChannelsCached) {
    for (auto t = tiers_.begin(); t != tiers_.end();) t = t->second.loading ? std::next(t) : tiers_.erase(t);
  }
  arm();
}

void TierRelease::release_step(uint64_t id, const Pending& p, const rel::DueStep& step) {
  const auto& e = p.event;
  const auto& paid = tiers_[e.streamer_id].paid;
  // The step's tiers, and for each tier index of the event where it lands in this pass.
  std::vector<int> slot(e.tiers.size(), -1);
  for (size_t k = 0; k < step.groups.size(); ++k) slot[step.groups[k]] = static_cast<int>(k);
  std::vector<rel::Recipient> recipients;
  for (auto& m : audience_.snapshot(e.stream_id)) {
    if (m.user_id == e.streamer_id) continue;  // had it at once
    std::string_view tier = "FREE";
    if (m.user_id) {
      if (const auto t = paid.find(*m.user_id); t != paid.end()) tier = t->second;
    }
    const auto g = std::find_if(e.tiers.begin(), e.tiers.end(), [&](const TierEvent& t) { return t.tier == tier; });
    if (g == e.tiers.end()) continue;  // a tier the event is not for
    const auto gi = static_cast<size_t>(g - e.tiers.begin());
    if (!book_.entitled(id, gi, step.at_ms, m.serial) || !book_.mark(id, m.serial)) continue;
    // A socket whose tier came due at an earlier step (it subscribed since) gets this step's first tier's view.
    recipients.push_back({std::move(m.socket), static_cast<size_t>(std::max(slot[gi], 0))});
  }
  std::vector<rel::Packets> bytes;
  std::vector<std::string> tiers;
  for (const size_t g : step.groups) {
    bytes.push_back(packets(e, e.tiers[g].args));
    tiers.push_back(e.tiers[g].tier);
  }
  shuffle(recipients);
  const int64_t released_at = ctx_.clock.now_ms();
  const bool publish = p.origin || !recipients.empty();
  // The pass's report: the event's identity is copied, the Pending may be gone when the last send completes.
  rel::tracked_fanout(
      recipients, std::move(bytes),
      [this, ev = TimedEvent{e.stream_id, e.streamer_id, e.subject, e.seq, e.event, e.posted_at_ms, {}, {}, {}},
       tiers = std::move(tiers), released_at, publish](std::vector<rel::GroupResult> results) {
        for (size_t k = 0; k < results.size(); ++k) {
          const auto& r = results[k];
          sent_.inc(static_cast<uint64_t>(r.sockets));
          report(ev, tiers[k], {bus_.node_id(), released_at, r.sockets, r.first_us, r.last_us, r.spread_us}, publish);
        }
      });
}

rel::Packets TierRelease::packets(const TimedEvent& e, const boost::json::array& args) const {
  rel::Packets out{nsp_.encode_event(e.event, args)};
  if (e.chat_line) out.push_back(nsp_.encode_event("chat_message", boost::json::array{*e.chat_line}));
  return out;
}

void TierRelease::report(const TimedEvent& e, const std::string& tier, const rel::NodePass& pass, bool publish) {
  log_.record(e.subject, e.seq, tier, pass);
  if (publish && bus_.spans_nodes()) {
    bus_.publish(release_wire::kReleaseTopic, release_wire::encode(release_wire::Pass{e.subject, e.seq, tier, pass}));
  }
}

void TierRelease::arm() {
  const auto next = book_.next_at();
  if (!next) return;
  const auto wait = std::max<int64_t>(0, *next - ctx_.clock.now_ms());
  timer_.expires_after(std::chrono::milliseconds(wait));
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) run_due();
  });
}

}  // namespace tc::api
