#pragma once
// Which nodes of a cluster are alive, so that a node killed outright (SIGKILL, a lost host) does not
// leave ghost viewers (issue 12 §3). Every node writes a heartbeat to the shared database every
// `interval`; a node not heard of for `ttl` is declared dead by the first survivor that notices,
// which closes its watch sessions (at its last heartbeat) and sets the counts of its streams to the
// sessions still open, in one transaction. Every survivor drops the dead node's viewer counts from
// memory (ViewerTracker::forget_node), so rooms are told the corrected count.
//
// Two guards keep a live node from being declared dead by mistake:
//  - a node reaps others only after its own heartbeats have succeeded without a break for one ttl,
//    so when the database comes back after an outage (everyone's heartbeat old) every node has had
//    time to beat again first;
//  - a node that finds its own row gone (it was paused, or cut off from the database, for longer
//    than ttl and declared dead) says so, and its caller opens its viewers' sessions again.
//
// Blocking (SQL): beat() runs on the DB pool, one at a time.
#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "store/store.hpp"

namespace tc::domain {

struct LivenessSettings {
  int64_t interval_ms = 2000;  // --node-heartbeat
  int64_t ttl_ms = 10'000;     // --node-ttl: silent this long = dead
};

struct BeatOutcome {
  bool declared_dead = false;           // our row was gone: others closed our sessions
  std::vector<std::string> dead_nodes;  // nodes found silent for ttl (reaped by us or another)
  std::vector<std::string> streams;     // the streams whose sessions we closed
};

class NodeLiveness {
 public:
  NodeLiveness(store::ViewerStore& store, const core::Clock& clock, std::string node_id, LivenessSettings settings);

  // One heartbeat, then the reaping of silent nodes when we may. Throws what the store throws (the
  // database is down: the next beat tries again, and the series of good beats starts over).
  BeatOutcome beat();
  const LivenessSettings& settings() const { return settings_; }

 private:
  store::ViewerStore& store_;  // borrowed
  const core::Clock& clock_;   // borrowed
  const std::string node_id_;
  const LivenessSettings settings_;
  // DB pool, one beat at a time:
  bool beaten_ = false;       // a heartbeat of ours is in the table
  int64_t steady_since_ = 0;  // start of the current series of good beats
  int64_t last_good_ = 0;     // the last good beat
};

}  // namespace tc::domain
