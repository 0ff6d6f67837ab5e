#pragma once
// A small Prometheus registry. Families are named tradecast_<subsystem>_<name>. Lookups take a
// mutex, so hot paths keep the returned reference (stable for the registry's lifetime); updates are
// lock-free atomics.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace tc::core {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void inc(uint64_t n = 1) { v_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> v_{0};
};

class Gauge {
 public:
  void set(int64_t v) { v_.store(v, std::memory_order_relaxed); }
  void add(int64_t d) { v_.fetch_add(d, std::memory_order_relaxed); }
  int64_t value() const { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> v_{0};
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void observe(double v);
  struct Snapshot {
    std::vector<double> bounds;
    std::vector<uint64_t> cumulative;  // one per bound, then +Inf
    double sum = 0;
  };
  Snapshot snapshot() const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // per bucket, +Inf last
  std::atomic<uint64_t> sum_micro_{0};                // sum in millionths, to stay lock-free
};

class MetricsRegistry {
 public:
  Counter& counter(const std::string& name, const std::string& help, const Labels& labels = {});
  Gauge& gauge(const std::string& name, const std::string& help, const Labels& labels = {});
  Histogram& histogram(const std::string& name, const std::string& help, const std::vector<double>& bounds,
                       const Labels& labels = {});
  // A gauge computed when scraped (queue depths, pool sizes).
  void gauge_fn(const std::string& name, const std::string& help, std::function<double()> fn);
  // A labelled gauge whose series are computed when scraped: one line per returned sample, so a
  // series disappears when its subject does (per-stream media figures). The callback bounds the
  // cardinality; it runs under the registry's mutex, so it must be quick and never re-enter it.
  using Samples = std::vector<std::pair<Labels, double>>;
  void gauge_set_fn(const std::string& name, const std::string& help, std::function<Samples()> fn);

  // Prometheus text exposition format 0.0.4.
  std::string render() const;

 private:
  struct Family {
    std::string type;
    std::string help;
    std::map<std::string, std::unique_ptr<Counter>> counters;
    std::map<std::string, std::unique_ptr<Gauge>> gauges;
    std::map<std::string, std::unique_ptr<Histogram>> histograms;
    std::function<double()> fn;
    std::function<Samples()> set_fn;
  };
  Family& family(const std::string& name, const std::string& type, const std::string& help);

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;  // guarded by mutex_
};

// Latency buckets in seconds shared by request-duration histograms.
const std::vector<double>& latency_buckets();

}  // namespace tc::core
