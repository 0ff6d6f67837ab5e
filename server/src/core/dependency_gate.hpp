#pragma once
// Whether the dependency behind a BlockingPool (the database) answers, and what a call gets when it
// does not. The pool consults it before queueing a call and before running it, and reports how each
// call ended:
//  - a call that waited in the queue longer than `max_wait` is not run: its client would have given
//    up by then, and running it would only hold a thread (refused with `down_error`);
//  - an exception that `classify` recognises as the dependency failing (connection refused, lost or
//    timed out; disk full) reaches the caller as DependencyFailed carrying the reply `classify` chose,
//    never as an unexplained error; a verdict marked `down` opens the gate;
//  - while the gate is open, calls are refused at once except one at a time, the probe, at most one
//    per kProbeSpacing: the first call that gets an answer from the dependency closes the gate. A hung database
//    therefore holds at most one pool thread beyond those already waiting on it when it stopped answering, and clients
//    get their 503 at once instead of queueing behind stuck calls.
// Thread-safe: any thread (the caller's strand, pool threads, /healthz).
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

#include "core/error.hpp"
#include "core/metrics.hpp"

namespace tc::core {

// A call refused with the reply its client should get (server_busy, db_unavailable, storage_full).
// Boundaries answer `error` as is: an expected outcome, not a bug.
struct Refusal : std::runtime_error {
  explicit Refusal(Error e) : std::runtime_error(e.code + ": " + e.message), error(std::move(e)) {}
  Error error;
};

// The dependency did not answer, or answered that it cannot (disk full).
struct DependencyFailed : Refusal {
  using Refusal::Refusal;
};

struct DependencyVerdict {
  Error error;  // what the client gets
  bool down;    // true: the dependency does not answer at all (opens the gate); false: disk full and the like
};

struct GateSettings {
  std::string name;                       // in logs and metric names: "db"
  std::chrono::milliseconds max_wait{0};  // longest a call may wait in the queue; 0: unbounded
  Error down_error;                       // the reply to a refused call
  // Which of a call's exceptions are the dependency failing; nullopt for everything else.
  std::function<std::optional<DependencyVerdict>(const std::exception&)> classify;
};

class DependencyGate {
 public:
  using Clock = std::chrono::steady_clock;
  // While down, a call may try the dependency this long after the previous try ended (or it failed).
  static constexpr auto kProbeSpacing = std::chrono::milliseconds(1000);

  // Registers tradecast_<name>_up, _calls_running, _oldest_call_seconds, _failures_total and
  // _refused_total on `metrics` (borrowed, outlives us).
  DependencyGate(GateSettings settings, MetricsRegistry& metrics);
  DependencyGate(const DependencyGate&) = delete;
  DependencyGate& operator=(const DependencyGate&) = delete;

  // An admitted call, from the queue to its end. Move-only; ending it (destruction) gives a probe's
  // turn back.
  class Ticket {
   public:
    Ticket() = default;
    Ticket(Ticket&& o) noexcept { *this = std::move(o); }
    Ticket& operator=(Ticket&& o) noexcept;
    ~Ticket();

   private:
    friend class DependencyGate;
    DependencyGate* gate_ = nullptr;
    Clock::time_point queued_at_{};
    bool probe_ = false;
    bool running_ = false;
    std::multiset<Clock::time_point>::iterator started_{};
  };

  // Before a call is queued (caller's thread). Throws DependencyFailed while the gate is open and
  // the probe is out.
  Ticket admit();
  // On the pool thread, before the call runs. Throws DependencyFailed when it waited too long, or
  // when the gate opened meanwhile and it is not the probe.
  void begin(Ticket& ticket);
  // After the call: it got an answer (a value, or an exception the dependency is not to blame for).
  void answered();
  // After the call threw: what its caller gets (DependencyFailed for a recognised failure, else `e`).
  std::exception_ptr failed(std::exception_ptr e);
  // Outside the pool (a health probe): whether the dependency answered.
  void report(bool answered, const std::string& why = "no answer");

  struct Snapshot {
    bool down = false;
    int64_t down_for_ms = 0;     // how long it has been open
    size_t running = 0;          // calls running now
    int64_t oldest_call_ms = 0;  // how long the oldest of them has been running
  };
  Snapshot snapshot() const;
  const Error& down_error() const { return settings_.down_error; }

 private:
  void open(const std::string& why);  // mutex_ held
  void close();                       // mutex_ held
  void end(Ticket& ticket);

  const GateSettings settings_;
  Counter& failures_;  // owned by the metrics registry
  Counter& refused_;

  mutable std::mutex mutex_;
  bool down_ = false;                         // guarded by mutex_
  bool probe_out_ = false;                    // guarded by mutex_
  Clock::time_point down_since_{};            // guarded by mutex_
  Clock::time_point last_try_{};              // when the last probe ended (or the gate opened); mutex_
  std::multiset<Clock::time_point> running_;  // start times of running calls; guarded by mutex_
};

}  // namespace tc::core
