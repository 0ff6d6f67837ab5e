#include "api/events/directory_feed.hpp"

#include <boost/asio/post.hpp>
#include <boost/json/array.hpp>

#include "api/json/stream_json.hpp"

namespace tc::api {
namespace asio = boost::asio;
namespace json = boost::json;

DirectoryFeed::DirectoryFeed(asio::io_context& ioc, ApiContext& ctx, realtime::socketio::Namespace& nsp,
                             RoomRelay& relay)
    : ctx_(ctx), nsp_(nsp), relay_(relay), strand_(asio::make_strand(ioc)), ticker_(strand_) {
  relay_.listen(kRoom);
}

void DirectoryFeed::start() {
  asio::dispatch(strand_, [this] { tick(); });
}

void DirectoryFeed::stop() {
  stopped_ = true;
  asio::post(strand_, [this] { ticker_.cancel(); });
}

void DirectoryFeed::changed(const std::string& stream_id) {
  std::lock_guard lock(mutex_);
  dirty_.insert(stream_id);
}

void DirectoryFeed::on_stream_created(const store::StreamRow& stream) {
  auto o = stream_json(stream);
  o["viewer_count"] = 0;
  o["media_state"] = media_state_of(ctx_, stream);
  // Namespace::broadcast is thread-safe; stream creation is rate-bound by the live-stream limit.
  relay_.broadcast_to(kRoom, "stream_started", json::array{std::move(o)});
}

void DirectoryFeed::on_stream_ended(const store::StreamRow& stream) {
  {
    std::lock_guard lock(mutex_);
    dirty_.insert(stream.stream_id);
    ended_.insert(stream.stream_id);
  }
  relay_.broadcast_to(kRoom, "stream_ended",
                      json::array{json::object{{"stream_id", stream.stream_id},
                                               {"duration", stream.duration_seconds.value_or(0)}}});
}

void DirectoryFeed::tick() {
  if (stopped_) return;
  std::set<std::string> dirty, ended;
  {
    std::lock_guard lock(mutex_);
    if (dirty_.size() <= kMaxUpdates) {
      dirty.swap(dirty_);
      ended.swap(ended_);
    } else {
      // The first kMaxUpdates now, the rest on the next ticks.
      auto it = dirty_.begin();
      for (size_t i = 0; i < kMaxUpdates; ++i) {
        if (ended_.erase(*it)) ended.insert(*it);
        dirty.insert(dirty_.extract(it++));
      }
    }
  }
  // Nobody watching the directory: nothing to say (a page that starts watching loads the list by REST).
  // With several nodes the watchers may be on another node: each node reports the streams it saw
  // change, with the count it knows (the sum over nodes for a room it serves).
  if (!dirty.empty() && (nsp_.room_size(kRoom) > 0 || relay_.spans_nodes())) {
    json::array updates;
    for (const auto& id : dirty) {
      const bool over = ended.contains(id);
      store::StreamRow row;
      row.stream_id = id;
      row.status = over ? "ENDED" : "LIVE";
      updates.push_back(json::object{{"stream_id", id},
                                     {"viewer_count", over ? 0 : ctx_.viewers.count(id)},
                                     {"status", row.status},
                                     {"media_state", media_state_of(ctx_, row)}});
    }
    // Droppable: a client that falls behind gets a newer update a second later.
    relay_.broadcast_to(kRoom, "directory_update", json::array{json::object{{"updates", std::move(updates)}}},
                        /*droppable=*/true);
  }
  ticker_.expires_after(kInterval);
  ticker_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) tick();
  });
}

}  // namespace tc::api
