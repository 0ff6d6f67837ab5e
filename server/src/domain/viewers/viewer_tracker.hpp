#pragma once
// Who watches which stream. One viewer is one user (several tabs count once) or one anonymous
// connection. Counts change in memory at once; what the database and the room are told is taken in
// batches (take_*), so 10,000 joins cost a few writes and a few broadcasts, not 10,000 of each.
// Thread-safe; never blocks on I/O.
//
// Several nodes: each node tracks its own viewers (local) and hears the other nodes' local counts
// per stream over the bus (set_remote). count() is the sum: this node's viewers plus each other
// node's latest count, an entry expiring when its node has not repeated it for kRemoteTtlMs (a node
// that died). A user watching on two nodes counts on both: "one viewer per user" holds per node.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "store/rows.hpp"

namespace tc::domain {

struct ViewerCountChange {
  std::string stream_id;
  int viewer_count = 0;
  int peak_viewers = 0;
  bool grew = false;           // since the last change taken: viewer_joined rather than viewer_left
  int local_count = 0;         // this node's viewers
  bool local_changed = false;  // ... changed since the last change taken (other nodes need telling)
};

class ViewerTracker {
 public:
  static constexpr int64_t kRemoteTtlMs = 12'000;  // other nodes repeat their counts every 4 s

  explicit ViewerTracker(const core::Clock& clock) : clock_(clock) {}

  // `key`: the user id, or "anon:<connection id>". Returns the viewer count after the change.
  int join(const std::string& stream_id, const std::string& key);
  int leave(const std::string& stream_id, const std::string& key);
  // Viewers on every node (this one's plus the latest non-expired count of each other node).
  int count(const std::string& stream_id) const;
  int local_count(const std::string& stream_id) const;
  // Another node's count of its own viewers of a stream (0 removes it).
  void set_remote(const std::string& stream_id, const std::string& node, int count);
  // This node stopped listening to a stream's room: other nodes' counts are no longer kept fresh.
  void forget_remote(const std::string& stream_id);
  // Drops other nodes' counts not repeated within kRemoteTtlMs.
  void expire_remote();
  // A node was declared dead (domain/viewers/node_liveness): its counts go at once.
  void forget_node(const std::string& node);
  // This node had been declared dead by the others, who closed its watch sessions: each viewer's
  // session is closed here too and a new one opened (queued for take_sessions()). Returns how many.
  int restart_sessions();
  // Streams with viewers on this node and their local counts (repeated to other nodes).
  std::vector<std::pair<std::string, int>> local_counts() const;
  int peak(const std::string& stream_id) const;
  // The stream ended: every watch session is closed and the stream forgotten.
  void end_stream(const std::string& stream_id);

  // Shutdown: every watch session on this node is closed (queued for take_sessions()).
  void close_all();
  // Streams whose count changed since the last call.
  std::vector<ViewerCountChange> take_changes();
  // Watch sessions opened or closed since the last call, in order.
  std::vector<store::ViewerSessionRow> take_sessions();
  size_t stream_count() const;

 private:
  struct Viewer {
    int connections = 0;
    std::string viewer_id;  // the stream_viewers row
    int64_t joined_at = 0;
  };
  struct Remote {
    int count = 0;
    int64_t seen_at = 0;
  };
  struct Room {
    std::unordered_map<std::string, Viewer> viewers;
    std::unordered_map<std::string, Remote> remote;  // node id → its latest count
    int peak = 0;
    int reported = 0;  // count when last taken
    bool dirty = false;
    bool local_dirty = false;
    int total() const;
  };
  void close_session(const std::string& stream_id, const std::string& key, const Viewer& v, int64_t now);

  const core::Clock& clock_;  // borrowed
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Room> rooms_;    // guarded by mutex_
  std::vector<store::ViewerSessionRow> sessions_;  // guarded by mutex_
};

}  // namespace tc::domain
