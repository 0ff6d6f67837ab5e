#pragma once
// Viewers over time: writes each LIVE stream's viewer count to the store every `interval_ms`, and
// reads a stream's series back downsampled for charts. Samples of a stream are spaced wider as it
// ages (never closer than its age / (max_per_stream / 2)) and the store refuses more than
// `max_per_stream`, so a stream that runs for weeks still has a bounded, evenly spread series.
// Blocking (SQL): call from the DB pool, never from an I/O thread.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "domain/viewers/viewer_tracker.hpp"
#include "store/store.hpp"

namespace tc::domain {

struct ViewerSampleSettings {
  int64_t interval_ms = 15'000;  // the closest two samples of one stream may be
  int max_per_stream = 2'000;    // rows per stream, at most (store-enforced)
  // Several nodes (--redis): every node samples, and one that no viewer of a stream is connected to
  // takes the count the serving nodes wrote to the stream row (their sum over nodes) instead of 0.
  bool several_nodes = false;
};

// One point of a downsampled series: the time of the bucket's first sample, the mean and the
// highest count of the samples in it.
struct ViewerPoint {
  int64_t t = 0;
  int viewers = 0;
  int peak = 0;
};

class ViewerSampler {
 public:
  static constexpr int kMaxPoints = 1'000;  // a series handed out, at most
  static constexpr int kMaxLiveStreams = 10'000;  // streams one pass samples (a pass lists them in pages)

  ViewerSampler(store::Store& store, const ViewerTracker& viewers, const core::Clock& clock,
                ViewerSampleSettings settings);

  // One pass: a sample for every LIVE stream that is due. Returns how many were written.
  int sample();
  // A stream ended with `viewers` still watching: its last sample, at `at`.
  void final_sample(const std::string& stream_id, int viewers, int64_t at);
  // At most `max_points` (1..kMaxPoints) points, oldest first; empty when the stream has no samples.
  std::vector<ViewerPoint> series(const std::string& stream_id, int max_points);

  const ViewerSampleSettings& settings() const { return settings_; }

  // Pure: `samples` (oldest first) into at most `max_points` equal-time buckets.
  static std::vector<ViewerPoint> downsample(const std::vector<store::ViewerSampleRow>& samples, int max_points);

 private:
  store::Store& store_;            // borrowed, outlives us
  const ViewerTracker& viewers_;   // borrowed
  const core::Clock& clock_;       // borrowed
  ViewerSampleSettings settings_;
  std::mutex mutex_;
  std::unordered_map<std::string, int64_t> last_sample_;  // stream → when last sampled; guarded by mutex_
};

}  // namespace tc::domain
