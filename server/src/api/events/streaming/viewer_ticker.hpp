#pragma once
// The viewer ticker of /streaming: every 250 ms on its own strand it coalesces viewer counts and
// reactions into a few room broadcasts, tells the other nodes this node's counts, hands writes to the
// watch-session writer, and starts a viewer-sampling pass every --viewer-sample-interval on the DB
// pool. It also ends a stream on this node (stream_ended to the room, its state closed), whether the
// end happened here or on another node.
//
// Threads: tick, end_locally and the writer on the ticker strand; add_reaction, on_stream_ended and
// end_here from any thread (they post or take reactions_mutex_); remote_count and room_ready on the
// bus strand; sampling on the DB pool.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

#include "api/context/api_context.hpp"
#include "api/events/directory_feed.hpp"
#include "api/events/streaming/node_command.hpp"
#include "api/events/streaming/room_membership.hpp"
#include "api/events/streaming/room_relay.hpp"
#include "api/events/streaming/watch_session_writer.hpp"
#include "domain/viewers/viewer_sampler.hpp"
#include "domain/viewers/viewer_tracker.hpp"

namespace tc::api {

class ViewerTicker {
 public:
  static constexpr auto kTick = std::chrono::milliseconds(250);  // counts and reactions reach rooms at most 4x/s
  static constexpr int kPersistEveryTicks = 2;                   // sessions and counts written every 500 ms
  static constexpr size_t kPersistChatBacklog = 500;             // or sooner when this much chat waits
  // This node's viewer counts go to the other nodes again every 4 s (they expire after
  // ViewerTracker::kRemoteTtlMs = 12 s).
  static constexpr int kRepeatCountsTicks = 16;

  ViewerTicker(boost::asio::io_context& ioc, ApiContext& ctx, domain::ChatService& chat, domain::ViewerTracker& viewers,
               domain::ViewerSampler& sampler, RoomRelay& relay, realtime::socketio::Namespace& nsp,
               DirectoryFeed& directory, RoomMembership& rooms);

  void start();
  // Stops the ticks. Then flush_all() (blocking) once the I/O threads are gone.
  void stop();
  void flush_all() { writer_.flush_all(); }

  // Any thread: one reaction in a joined stream; the next tick sends the sums.
  void add_reaction(const std::string& stream_id, const std::string& emoji);
  // Any thread (the DB worker that ended it): the stream ended on this node.
  void on_stream_ended(const store::StreamRow& stream);
  // Any thread: the stream ended (another node said so).
  void end_here(const std::string& stream_id, int64_t duration);
  // Bus strand: another node's viewer count; one that asks for ours (sync) gets it.
  void remote_count(const std::string& stream_id, std::string_view origin, const node::Count& count);
  // Bus strand: this node now hears the stream's topic; ask the others for their counts.
  void room_ready(const std::string& stream_id);

 private:
  void tick();
  void send_counts(int64_t now);
  void send_reactions();
  void sample(int64_t now);
  void end_locally(const std::string& stream_id, int64_t duration);
  void tell_count(const std::string& stream_id, int count, bool sync = false);

  ApiContext& ctx_;                     // borrowed, outlives us
  domain::ChatService& chat_;           // borrowed
  domain::ViewerTracker& viewers_;      // borrowed
  domain::ViewerSampler& sampler_;      // borrowed
  RoomRelay& relay_;                    // borrowed
  realtime::socketio::Namespace& nsp_;  // borrowed
  DirectoryFeed& directory_;            // borrowed
  RoomMembership& rooms_;               // borrowed
  core::Counter& samples_written_;      // owned by the metrics registry
  core::Counter& sampling_failed_;

  boost::asio::strand<boost::asio::io_context::executor_type> strand_;  // the ticker's
  boost::asio::steady_timer timer_;
  WatchSessionWriter writer_;  // on strand_
  // Ticker strand only:
  int tick_count_ = 0;
  std::map<std::string, domain::ViewerCountChange> unsent_counts_;  // newest count not yet broadcast
  std::unordered_map<std::string, int64_t> last_count_sent_;        // stream → when its room last got one
  int64_t last_sampled_at_ = 0;
  std::atomic<bool> sampling_{false};  // one sampling pass at a time
  std::atomic<bool> stopped_{false};

  std::mutex reactions_mutex_;
  std::map<std::string, std::map<std::string, int>> reactions_;  // stream → emoji → count; reactions_mutex_
};

}  // namespace tc::api
