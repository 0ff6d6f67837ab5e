#include "api/events/streaming/viewer_ticker.hpp"

#include <boost/asio/post.hpp>
#include <boost/json/array.hpp>

#include <cassert>

#include "api/events/streaming/room_names.hpp"
#include "core/module_logger.hpp"

namespace tc::api {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {
const core::ModuleLogger log("api.events");
}  // namespace

ViewerTicker::ViewerTicker(asio::io_context& ioc, ApiContext& ctx, domain::ChatService& chat,
                           domain::ViewerTracker& viewers, domain::ViewerSampler& sampler, RoomRelay& relay,
                           realtime::socketio::Namespace& nsp, DirectoryFeed& directory, RoomMembership& rooms)
    : ctx_(ctx),
      chat_(chat),
      viewers_(viewers),
      sampler_(sampler),
      relay_(relay),
      nsp_(nsp),
      directory_(directory),
      rooms_(rooms),
      samples_written_(ctx.metrics.counter("tradecast_viewer_samples_written_total",
                                           "Viewer-count samples written (viewers over time)")),
      sampling_failed_(ctx.metrics.counter("tradecast_viewer_sampling_failures_total",
                                           "Viewer sampling passes that failed (the next interval retries)")),
      strand_(asio::make_strand(ioc)),
      timer_(strand_),
      writer_(strand_, ctx, chat, viewers, relay.spans_nodes(), relay.node_id()) {}

void ViewerTicker::start() {
  writer_.close_left_open();
  asio::dispatch(strand_, [this] { tick(); });
}

void ViewerTicker::stop() {
  stopped_ = true;
  asio::post(strand_, [this] { timer_.cancel(); });
}

void ViewerTicker::add_reaction(const std::string& stream_id, const std::string& emoji) {
  std::lock_guard lock(reactions_mutex_);
  ++reactions_[stream_id][emoji];
}

void ViewerTicker::tick() {
  assert(strand_.running_in_this_thread());
  if (stopped_) return;
  const auto now = ctx_.clock.now_ms();
  send_counts(now);
  send_reactions();
  if (++tick_count_ % kPersistEveryTicks == 0 || chat_.pending() > kPersistChatBacklog) writer_.persist();
  sample(now);
  timer_.expires_after(kTick);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) tick();
  });
}

void ViewerTicker::send_counts(int64_t now) {
  // A count update goes to the whole room, so big rooms get fewer of them: every tick up to 1,000
  // viewers, then one interval more per 1,000 (a 20,000-viewer room: one update every ~5 s), keeping
  // count sends per second roughly flat while a room fills.
  const bool nodes = relay_.spans_nodes();
  if (nodes) viewers_.expire_remote();
  for (auto& c : viewers_.take_changes()) {
    if (nodes && c.local_changed) tell_count(c.stream_id, c.local_count);
    writer_.set_counts(c.stream_id, c.viewer_count, c.peak_viewers);
    directory_.changed(c.stream_id);
    unsent_counts_[c.stream_id] = std::move(c);
  }
  if (nodes && tick_count_ % kRepeatCountsTicks == 0) {
    for (const auto& [stream_id, n] : viewers_.local_counts()) tell_count(stream_id, n);
  }
  for (auto it = unsent_counts_.begin(); it != unsent_counts_.end();) {
    const auto& c = it->second;
    auto& last = last_count_sent_[c.stream_id];
    const int64_t interval = kTick.count() * (1 + c.viewer_count / 1000);
    if (now - last < interval) {
      ++it;
      continue;
    }
    last = now;
    nsp_.broadcast(stream_room(c.stream_id), c.grew ? "viewer_joined" : "viewer_left",
                   json::array{json::object{{"stream_id", c.stream_id}, {"viewer_count", c.viewer_count}}},
                   /*droppable=*/true);
    if (c.viewer_count == 0) last_count_sent_.erase(c.stream_id);
    it = unsent_counts_.erase(it);
  }
}

void ViewerTicker::send_reactions() {
  std::map<std::string, std::map<std::string, int>> reactions;
  {
    std::lock_guard lock(reactions_mutex_);
    reactions.swap(reactions_);
  }
  for (const auto& [stream_id, by_emoji] : reactions) {
    for (const auto& [emoji, count] : by_emoji) {
      relay_.broadcast(stream_id, "reaction",
                       json::array{json::object{{"stream_id", stream_id}, {"emoji", emoji}, {"count", count}}}, true);
    }
  }
}

void ViewerTicker::sample(int64_t now) {
  if (now - last_sampled_at_ < sampler_.settings().interval_ms || sampling_.exchange(true)) return;
  last_sampled_at_ = now;
  ctx_.db_pool.post([this] {
    try {
      samples_written_.inc(static_cast<uint64_t>(sampler_.sample()));
    } catch (const std::exception& e) {
      sampling_failed_.inc();
      log()->warn("msg=\"viewer sampling failed, next interval retries\" error=\"{}\"", e.what());
    }
    sampling_ = false;
  });
}

void ViewerTicker::on_stream_ended(const store::StreamRow& stream) {
  // Called on the thread that ended it (a DB worker): everything else happens on the ticker strand.
  const auto duration = stream.duration_seconds.value_or(0);
  relay_.tell_others(stream.stream_id, node::Ended{duration});
  asio::post(strand_,
             [this, id = stream.stream_id, duration, ended_at = stream.ended_at.value_or(ctx_.clock.now_ms())] {
               // The last point of the series: who was still watching at the end. Written by the node that
               // ended the stream only (the count is the sum over nodes when it serves the room).
               ctx_.db_pool.post([this, id, viewers = viewers_.count(id), at = ended_at] {
                 try {
                   sampler_.final_sample(id, viewers, at);
                 } catch (const std::exception& e) {
                   log()->warn("msg=\"final viewer sample failed\" stream={} error=\"{}\"", id, e.what());
                 }
               });
               end_locally(id, duration);
             });
}

void ViewerTicker::end_here(const std::string& stream_id, int64_t duration) {
  asio::post(strand_, [this, stream_id, duration] { end_locally(stream_id, duration); });
}

void ViewerTicker::end_locally(const std::string& id, int64_t duration) {
  assert(strand_.running_in_this_thread());
  rooms_.forget_stream(id);
  {
    std::lock_guard lock(reactions_mutex_);
    reactions_.erase(id);
  }
  nsp_.broadcast(stream_room(id), "stream_ended", json::array{json::object{{"stream_id", id}, {"duration", duration}}});
  rooms_.members_ended(id);
  writer_.set_counts(id, 0, viewers_.peak(id));
  unsent_counts_.erase(id);
  last_count_sent_.erase(id);
  viewers_.end_stream(id);
  chat_.forget(id);
}

void ViewerTicker::remote_count(const std::string& stream_id, std::string_view origin, const node::Count& count) {
  viewers_.set_remote(stream_id, std::string(origin), count.n);
  // A node that just started listening (or subscribed again after Redis came back) asks for everyone's
  // count; answer with ours, 0 too, so a count it kept from before an outage is corrected at once.
  if (count.sync) tell_count(stream_id, viewers_.local_count(stream_id));
}

void ViewerTicker::room_ready(const std::string& stream_id) {
  tell_count(stream_id, viewers_.local_count(stream_id), /*sync=*/true);
}

void ViewerTicker::tell_count(const std::string& stream_id, int count, bool sync) {
  relay_.tell_others(stream_id, node::Count{count, sync});
}

}  // namespace tc::api
