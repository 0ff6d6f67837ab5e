#pragma once
// The /streaming side of node liveness (domain/viewers/node_liveness.hpp), on when the bus spans
// nodes: every --node-heartbeat a beat on the DB pool (heartbeat, then reaping nodes silent for
// --node-ttl); its outcome back on our strand: a dead node's counts leave the tracker (rooms get the
// corrected count on the next viewer tick), and when the others had declared this node dead (paused
// or cut off for longer than the ttl) its viewers' watch sessions start again.
//
// Threads: the timer and outcomes on its own strand; the beat on the DB pool, one at a time.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>

#include "api/context/api_context.hpp"
#include "domain/viewers/node_liveness.hpp"
#include "domain/viewers/viewer_tracker.hpp"

namespace tc::api {

class NodeHeartbeat {
 public:
  NodeHeartbeat(boost::asio::io_context& ioc, ApiContext& ctx, domain::ViewerTracker& viewers,
                const std::string& node_id);

  void start();  // the first beat at once
  void stop();

 private:
  void tick();
  void apply(const domain::BeatOutcome& outcome);

  ApiContext& ctx_;                 // borrowed, outlives us
  domain::ViewerTracker& viewers_;  // borrowed
  domain::NodeLiveness liveness_;   // used on the DB pool only
  core::Counter& reaped_;           // owned by the metrics registry
  core::Counter& failures_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::steady_timer timer_;   // on strand_
  std::atomic<bool> beating_{false};  // one beat at a time
  std::atomic<bool> stopped_{false};
};

}  // namespace tc::api
