#pragma once
// The pending timed releases of one node, as plain data (no timers, no sockets), unit-tested: each
// release is an event for a stream's room that groups of its members (subscriber tiers) get at their
// own instants. The book turns a release's instants into steps (distinct instants, ascending; groups
// sharing an instant are one step), hands out the steps that are due in instant order (two releases
// due at the same instant come out in the order they were added, so an update never overtakes its
// alert), enforces the limits on pending releases, and remembers which members a release has reached
// so that a member whose group changed in between (a viewer who subscribed) gets it once, at the first
// step it is entitled to, and never before its group's instant.
//
// Threads: none of its own; the engine (api/events/streaming/tier_release) uses it on its release strand.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace tc::realtime::release {

struct Limits {
  size_t max_releases = 10'000;       // pending on this node; beyond: refused (and counted)
  size_t max_releases_per_key = 256;  // pending per stream
};

struct DueStep {
  uint64_t release = 0;
  int64_t at_ms = 0;
  std::vector<size_t> groups;  // indices of the groups released at this instant
  bool last = false;           // the release's final step: the book forgets it afterwards
};

class ReleaseBook {
 public:
  explicit ReleaseBook(Limits limits = {}) : limits_(limits) {}

  // A release for `key` (a stream) whose group i is due at at_ms[i]. Its id, or nullopt when a limit
  // is reached or there are no groups (nothing is kept then).
  std::optional<uint64_t> add(const std::string& key, const std::vector<int64_t>& at_ms);
  // Every step due at `now_ms`, in instant order, then in the order the releases were added. After a
  // release's last step is taken the release is gone (entitled() and mark() then answer false).
  std::vector<DueStep> take_due(int64_t now_ms);
  // The earliest instant still pending.
  std::optional<int64_t> next_at() const;

  // Whether a member of group `group` may get release `id` at step instant `step_at_ms` (its group's
  // instant has come), and has not got it yet. mark() records that it has, and is true the first time.
  bool entitled(uint64_t id, size_t group, int64_t step_at_ms, uint64_t member) const;
  bool mark(uint64_t id, uint64_t member);
  // Forgets the members a release reached (after its last step; the engine calls it when done).
  void finish(uint64_t id);

  size_t size() const { return releases_.size(); }
  size_t size(const std::string& key) const;

 private:
  struct Release {
    std::string key;
    std::vector<int64_t> at_ms;            // per group
    std::unordered_set<uint64_t> reached;  // members who got it
    size_t steps_left = 0;
  };
  const Limits limits_;
  uint64_t next_id_ = 1;
  std::unordered_map<uint64_t, Release> releases_;
  std::unordered_map<std::string, size_t> per_key_;
  // (instant, release id) → the groups of that step; ids grow, so ties come out in the order added.
  std::map<std::pair<int64_t, uint64_t>, std::vector<size_t>> steps_;
};

}  // namespace tc::realtime::release
