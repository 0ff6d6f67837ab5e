#pragma once
// Latency histogram: 10 µs buckets below 10 ms, 1 ms buckets up to 60 s. Fixed memory, cheap to add
// to on every delivered message, and easy to send between processes as "index:count" pairs.
#include <algorithm>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace loadgen {

class Histogram {
 public:
  static constexpr int64_t kFineLimitUs = 10'000;
  static constexpr size_t kFine = kFineLimitUs / 10;
  static constexpr size_t kCoarse = 60'000 - 10;
  Histogram() : counts_(kFine + kCoarse, 0) {}

  void add(int64_t us) {
    if (us < 0) us = 0;
    size_t i = us < kFineLimitUs ? static_cast<size_t>(us / 10)
                                 : kFine + std::min<size_t>(kCoarse - 1, static_cast<size_t>((us - kFineLimitUs) / 1000));
    ++counts_[i];
    ++total_;
    max_us_ = std::max(max_us_, us);
  }
  void add_bucket(size_t i, uint64_t n) {
    if (i >= counts_.size()) return;
    counts_[i] += n;
    total_ += n;
    max_us_ = std::max(max_us_, upper_us(i));
  }
  uint64_t total() const { return total_; }
  // Upper edge of the bucket holding quantile q, in milliseconds.
  double quantile_ms(double q) const {
    if (total_ == 0) return -1;
    const auto want = static_cast<uint64_t>(q * static_cast<double>(total_));
    uint64_t seen = 0;
    for (size_t i = 0; i < counts_.size(); ++i) {
      seen += counts_[i];
      if (seen > want) return static_cast<double>(upper_us(i)) / 1000.0;
    }
    return static_cast<double>(max_us_) / 1000.0;
  }
  double max_ms() const { return static_cast<double>(max_us_) / 1000.0; }
  std::string serialize() const {
    std::ostringstream o;
    for (size_t i = 0; i < counts_.size(); ++i) {
      if (counts_[i]) o << ' ' << i << ':' << counts_[i];
    }
    return o.str();
  }
  void merge_serialized(const std::string& s) {
    std::istringstream in(s);
    std::string tok;
    while (in >> tok) {
      const auto c = tok.find(':');
      if (c == std::string::npos) continue;
      add_bucket(std::stoul(tok.substr(0, c)), std::stoull(tok.substr(c + 1)));
    }
  }

 private:
  static int64_t upper_us(size_t i) {
    return i < kFine ? static_cast<int64_t>(i + 1) * 10 : kFineLimitUs + static_cast<int64_t>(i - kFine + 1) * 1000;
  }
  std::vector<uint64_t> counts_;
  uint64_t total_ = 0;
  int64_t max_us_ = 0;
};

}  // namespace loadgen
