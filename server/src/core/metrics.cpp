#include "core/metrics.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace tc::core {
namespace {

std::string label_key(const Labels& labels) {
  std::string out;
  for (const auto& [k, v] : labels) {
    if (!out.empty()) out += ',';
    out += k;
    out += "=\"";
    for (char c : v) {
      if (c == '\\' || c == '"') out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      out += c;
    }
    out += '"';
  }
  return out;
}

std::string with_labels(const std::string& name, const std::string& key, const std::string& extra = {}) {
  std::string all = key;
  if (!extra.empty()) all = all.empty() ? extra : all + "," + extra;
  return all.empty() ? name : name + "{" + all + "}";
}

std::string num(double v) {
  if (v == static_cast<double>(static_cast<int64_t>(v))) return std::to_string(static_cast<int64_t>(v));
  return fmt::format("{}", v);
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i] = 0;
}

void Histogram::observe(double v) {
  size_t i = 0;
  while (i < bounds_.size() && v > bounds_[i]) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  sum_micro_.fetch_add(static_cast<uint64_t>(v * 1e6), std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot s;
  s.bounds = bounds_;
  uint64_t acc = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    acc += counts_[i].load(std::memory_order_relaxed);
    s.cumulative.push_back(acc);
  }
  s.sum = static_cast<double>(sum_micro_.load(std::memory_order_relaxed)) / 1e6;
  return s;
}

MetricsRegistry::Family& MetricsRegistry::family(const std::string& name, const std::string& type,
                                                 const std::string& help) {
  auto [it, inserted] = families_.try_emplace(name);
  if (inserted) {
    it->second.type = type;
    it->second.help = help;
  } else if (it->second.type != type) {
    throw std::logic_error("metric " + name + " registered as " + it->second.type + " and " + type);
  }
  return it->second;
}

Counter& MetricsRegistry::counter(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, "counter", help).counters[label_key(labels)];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& MetricsRegistry::gauge(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, "gauge", help).gauges[label_key(labels)];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& MetricsRegistry::histogram(const std::string& name, const std::string& help,
                                      const std::vector<double>& bounds, const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, "histogram", help).histograms[label_key(labels)];
  if (!slot) slot = std::make_unique<Histogram>(bounds);
  return *slot;
}

void MetricsRegistry::gauge_fn(const std::string& name, const std::string& help, std::function<double()> fn) {
  std::lock_guard lock(mutex_);
  family(name, "gauge", help).fn = std::move(fn);
}

void MetricsRegistry::gauge_set_fn(const std::string& name, const std::string& help, std::function<Samples()> fn) {
  std::lock_guard lock(mutex_);
  family(name, "gauge", help).set_fn = std::move(fn);
}

std::string MetricsRegistry::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, f] : families_) {
    out += "# HELP " + name + " " + f.help + "\n# TYPE " + name + " " + f.type + "\n";
    for (const auto& [key, c] : f.counters) out += with_labels(name, key) + " " + std::to_string(c->value()) + "\n";
    for (const auto& [key, g] : f.gauges) out += with_labels(name, key) + " " + std::to_string(g->value()) + "\n";
    if (f.fn) out += name + " " + num(f.fn()) + "\n";
    if (f.set_fn) {
      for (const auto& [labels, v] : f.set_fn()) out += with_labels(name, label_key(labels)) + " " + num(v) + "\n";
    }
    for (const auto& [key, h] : f.histograms) {
      const auto s = h->snapshot();
      for (size_t i = 0; i < s.bounds.size(); ++i) {
        out += with_labels(name + "_bucket", key, "le=\"" + num(s.bounds[i]) + "\"") + " " +
               std::to_string(s.cumulative[i]) + "\n";
      }
      out += with_labels(name + "_bucket", key, "le=\"+Inf\"") + " " + std::to_string(s.cumulative.back()) + "\n";
      out += with_labels(name + "_sum", key) + " " + fmt::format("{:.6f}", s.sum) + "\n";
      out += with_labels(name + "_count", key) + " " + std::to_string(s.cumulative.back()) + "\n";
    }
  }
  return out;
}

const std::vector<double>& latency_buckets() {
  static const std::vector<double> b = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                        0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  return b;
}

}  // namespace tc::core
