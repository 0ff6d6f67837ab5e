#include "core/dependency_gate.hpp"

#include <utility>

#include "core/logging.hpp"

namespace tc::core {
namespace {
int64_t ms_since(DependencyGate::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(DependencyGate::Clock::now() - t).count();
}
}  // namespace

DependencyGate::Ticket& DependencyGate::Ticket::operator=(Ticket&& o) noexcept {
  if (this == &o) return *this;
  if (gate_) gate_->end(*this);
  gate_ = std::exchange(o.gate_, nullptr);
  queued_at_ = o.queued_at_;
  probe_ = o.probe_;
  running_ = o.running_;
  started_ = o.started_;
  return *this;
}

DependencyGate::Ticket::~Ticket() {
  if (gate_) gate_->end(*this);
}

DependencyGate::DependencyGate(GateSettings settings, MetricsRegistry& metrics)
    : settings_(std::move(settings)),
      failures_(metrics.counter("tradecast_" + settings_.name + "_failures_total",
                                "Calls that failed because the " + settings_.name + " did not answer (or was full)")),
      refused_(metrics.counter("tradecast_" + settings_.name + "_refused_total",
                               "Calls refused without running: the " + settings_.name +
                                   " was down or the call waited longer than the timeout")) {
  const std::string p = "tradecast_" + settings_.name;
  metrics.gauge_fn(p + "_up", "1 while the " + settings_.name + " answers, 0 while calls are refused",
                   [this] { return snapshot().down ? 0.0 : 1.0; });
  metrics.gauge_fn(p + "_calls_running", "Calls running against the " + settings_.name,
                   [this] { return static_cast<double>(snapshot().running); });
  metrics.gauge_fn(p + "_oldest_call_seconds", "How long the oldest running call has been waiting for an answer",
                   [this] { return static_cast<double>(snapshot().oldest_call_ms) / 1000.0; });
}

DependencyGate::Ticket DependencyGate::admit() {
  Ticket t;
  {
    std::lock_guard lock(mutex_);
    if (down_) {
      if (probe_out_ || Clock::now() - last_try_ < kProbeSpacing) {
        refused_.inc();
        throw DependencyFailed(settings_.down_error);
      }
      probe_out_ = true;
      t.probe_ = true;
    }
  }
  t.gate_ = this;
  t.queued_at_ = Clock::now();
  return t;
}

void DependencyGate::begin(Ticket& ticket) {
  std::lock_guard lock(mutex_);
  const bool expired = settings_.max_wait.count() > 0 && Clock::now() - ticket.queued_at_ > settings_.max_wait;
  if (expired || (down_ && !ticket.probe_)) {
    refused_.inc();
    throw DependencyFailed(settings_.down_error);
  }
  ticket.started_ = running_.insert(Clock::now());
  ticket.running_ = true;
}

void DependencyGate::end(Ticket& ticket) {
  std::lock_guard lock(mutex_);
  if (ticket.running_) running_.erase(ticket.started_);
  if (ticket.probe_) {
    probe_out_ = false;
    last_try_ = Clock::now();
  }
  ticket.running_ = false;
  ticket.probe_ = false;
  ticket.gate_ = nullptr;
}

void DependencyGate::answered() {
  std::lock_guard lock(mutex_);
  if (down_) close();
}

std::exception_ptr DependencyGate::failed(std::exception_ptr e) {
  std::optional<DependencyVerdict> verdict;
  std::string what;
  try {
    std::rethrow_exception(e);
  } catch (const Refusal&) {
    return e;  // already a reply
  } catch (const std::exception& ex) {
    if (settings_.classify) verdict = settings_.classify(ex);
    what = ex.what();
  } catch (...) {
  }
  if (!verdict) {
    answered();  // the dependency answered; the call itself failed
    return e;
  }
  failures_.inc();
  {
    std::lock_guard lock(mutex_);
    if (verdict->down && !down_) open(what);
    if (!verdict->down && down_) close();
  }
  if (!verdict->down) core::logger("core.pool")->warn("msg=\"{} refused a write\" error=\"{}\"", settings_.name, what);
  return std::make_exception_ptr(DependencyFailed(verdict->error));
}

void DependencyGate::report(bool answered, const std::string& why) {
  std::lock_guard lock(mutex_);
  if (answered && down_) close();
  if (!answered && !down_) open(why);
}

DependencyGate::Snapshot DependencyGate::snapshot() const {
  std::lock_guard lock(mutex_);
  Snapshot s;
  s.down = down_;
  if (down_) s.down_for_ms = ms_since(down_since_);
  s.running = running_.size();
  if (!running_.empty()) s.oldest_call_ms = ms_since(*running_.begin());
  return s;
}

void DependencyGate::open(const std::string& why) {
  down_ = true;
  down_since_ = Clock::now();
  last_try_ = down_since_;
  core::logger("core.pool")
      ->error("msg=\"{} unavailable: refusing calls until it answers again\" error=\"{}\"", settings_.name, why);
}

void DependencyGate::close() {
  down_ = false;
  core::logger("core.pool")->warn("msg=\"{} answers again\" down_ms={}", settings_.name, ms_since(down_since_));
}

}  // namespace tc::core
