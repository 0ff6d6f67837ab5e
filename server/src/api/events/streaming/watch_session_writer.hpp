#pragma once
// Writes what the viewer ticker gathers: chat messages accepted but not yet stored, watch sessions
// (opened and closed by joins and leaves) and each stream's viewer count and peak. One background
// write at a time on the DB pool; a failed write's sessions and counts go back for the next one.
//
// Threads: set_counts and persist on the ticker strand (the strand given here); the write on the DB
// pool, whose failure comes back on the ticker strand; close_left_open and flush_all block and run
// before the I/O threads start and after they stopped.
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "api/context/api_context.hpp"
#include "domain/chat/chat_service.hpp"
#include "domain/viewers/viewer_tracker.hpp"

namespace tc::api {

class WatchSessionWriter {
 public:
  using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;

  // `spans_nodes`: other nodes' viewers share the table, so open sessions are not all ours; each
  // session is written with `node_id`, so the others can close them if this node dies.
  WatchSessionWriter(Strand ticker, ApiContext& ctx, domain::ChatService& chat, domain::ViewerTracker& viewers,
                     bool spans_nodes, std::string node_id)
      : strand_(std::move(ticker)),
        ctx_(ctx),
        chat_(chat),
        viewers_(viewers),
        spans_nodes_(spans_nodes),
        node_id_(std::move(node_id)) {}

  // Blocking, at start: watch sessions left open by a previous run (crash, kill -9) end now. Not
  // with several nodes: the open sessions are the other nodes' viewers (docs/realtime.md).
  void close_left_open();
  // Ticker strand: the count and peak to write for a stream (the newest wins).
  void set_counts(const std::string& stream_id, int viewer_count, int peak);
  // Ticker strand: hands chat, sessions and counts to the DB pool unless a write is running.
  void persist();
  // Blocking, after the I/O threads: writes everything pending and closes this node's sessions.
  void flush_all();

 private:
  // This node's new sessions from the tracker, stamped with its id.
  std::vector<store::ViewerSessionRow> take_sessions();

  Strand strand_;                   // the ticker's
  ApiContext& ctx_;                 // borrowed, outlives us
  domain::ChatService& chat_;       // borrowed
  domain::ViewerTracker& viewers_;  // borrowed
  const bool spans_nodes_;
  const std::string node_id_;
  // Ticker strand only:
  std::map<std::string, std::pair<int, int>> pending_counts_;  // stream → (viewer_count, peak) to write
  std::vector<store::ViewerSessionRow> unsaved_sessions_;      // a failed write's sessions, retried first
  std::atomic<bool> persisting_{false};                        // one background write at a time
};

}  // namespace tc::api
