#pragma once
// The delivery audit of timed releases (issue 13: GET /api/v1/alerts/:alert_id/delivery): per
// release subject (an alert), per event (its post, each update) and per group (tier), when it was
// due, when it went out, to how many sockets, and the spread between the first and the last send
// completing — summed over the nodes that reported (every node reports its own pass on the bus,
// tier_release.cpp). Kept in memory, for the most recent kMaxSubjects subjects (the oldest go first):
// an audit of recent releases, not a record that outlives the process.
//
// Threads: thread-safe (one mutex); record() from the release strand and the bus strand, get() from
// REST handlers.
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace tc::realtime::release {

// One node's pass for one group of one event.
struct NodePass {
  std::string node;
  int64_t released_at_ms = 0;  // when the pass started (wall clock)
  int64_t sockets = 0;
  int64_t first_us = 0, last_us = 0;  // wall clock, epoch µs; 0 when no socket
  int64_t spread_us = 0;              // on that node's steady clock
};

struct GroupDelivery {
  std::string group;
  int64_t due_at_ms = 0;
  std::vector<NodePass> passes;  // one per node that released it, in the order they reported

  bool released() const { return !passes.empty(); }
  int64_t sockets() const;
  // Over every node: the latest last send − the earliest first send (wall clocks; on one node that
  // node's own steady-clock spread).
  int64_t spread_us() const;
  int64_t released_at_ms() const;  // the earliest pass start; 0 while none
};

struct EventDelivery {
  std::string event;  // "alert" | "alert_updated"
  int64_t seq = 0;    // the event's place in the subject's history (the log seq)
  int64_t posted_at_ms = 0;
  std::vector<GroupDelivery> groups;
};

struct SubjectDelivery {
  std::string owner;                  // who may read it (the streamer)
  std::vector<EventDelivery> events;  // in seq order
};

class DeliveryLog {
 public:
  static constexpr size_t kMaxSubjects = 10'000;
  static constexpr size_t kMaxEventsPerSubject = 64;  // an alert's post and its updates
  static constexpr size_t kMaxPassesPerGroup = 64;    // nodes

  // An event was scheduled: its groups and their instants (idempotent: every node expects it).
  void expect(const std::string& subject, const std::string& owner, const std::string& event, int64_t seq,
              int64_t posted_at_ms, const std::vector<std::pair<std::string, int64_t>>& due_at_ms);
  // A node's pass for one group (a repeat from the same node replaces its earlier report).
  void record(const std::string& subject, int64_t seq, const std::string& group, const NodePass& pass);
  std::optional<SubjectDelivery> get(const std::string& subject) const;

 private:
  EventDelivery* find_event(SubjectDelivery& s, int64_t seq);
  mutable std::mutex mutex_;
  std::unordered_map<std::string, SubjectDelivery> subjects_;  // guarded by mutex_
  std::deque<std::string> order_;                              // guarded by mutex_: oldest first
};

}  // namespace tc::realtime::release
