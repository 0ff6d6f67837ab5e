#pragma once
// Who watches which stream. One viewer is one user (several tabs count once) or one anonymous
// connection. Counts change in memory at once; what the database and the room are told is taken in
// batches (take_*), so 10,000 joins cost a few writes and a few broadcasts, not 10,000 of each.
// Thread-safe; never blocks on I/O.
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
  bool grew = false;  // since the last change taken: viewer_joined rather than viewer_left
};

class ViewerTracker {
 public:
  explicit ViewerTracker(const core::Clock& clock) : clock_(clock) {}

  // `key`: the user id, or "anon:<connection id>". Returns the viewer count after the change.
  int join(const std::string& stream_id, const std::string& key);
  int leave(const std::string& stream_id, const std::string& key);
  int count(const std::string& stream_id) const;
  int peak(const std::string& stream_id) const;
  // The stream ended: every watch session is closed and the stream forgotten.
  void end_stream(const std::string& stream_id);

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
  struct Room {
    std::unordered_map<std::string, Viewer> viewers;
    int peak = 0;
    int reported = 0;  // count when last taken
    bool dirty = false;
  };
  void close_session(const std::string& stream_id, const std::string& key, const Viewer& v, int64_t now);

  const core::Clock& clock_;  // borrowed
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Room> rooms_;   // guarded by mutex_
  std::vector<store::ViewerSessionRow> sessions_;  // guarded by mutex_
};

}  // namespace tc::domain
