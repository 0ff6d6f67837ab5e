#include "domain/viewers/viewer_sampler.hpp"

#include <algorithm>
#include <unordered_set>

namespace tc::domain {

ViewerSampler::ViewerSampler(store::Store& store, const ViewerTracker& viewers, const core::Clock& clock,
                             ViewerSampleSettings settings)
    : store_(store), viewers_(viewers), clock_(clock), settings_(settings) {
  settings_.interval_ms = std::max<int64_t>(settings_.interval_ms, 100);
  settings_.max_per_stream = std::max(settings_.max_per_stream, 2);
}

int ViewerSampler::sample() {
  const int64_t now = clock_.now_ms();
  // The LIVE streams, in pages (the directory's order), up to a bound.
  std::vector<store::StreamRow> live;
  store::StreamQuery q;
  q.status = "LIVE";
  q.limit = 200;
  while (live.size() < static_cast<size_t>(kMaxLiveStreams)) {
    auto page = store_.streams().list(q);
    live.insert(live.end(), page.begin(), page.end());
    if (page.size() < static_cast<size_t>(q.limit)) break;
    q.after = store::StreamCursor{page.back().started_at, page.back().stream_id};
  }
  std::vector<store::ViewerSampleRow> rows;
  {
    std::lock_guard lock(mutex_);
    std::unordered_set<std::string> seen;
    const int64_t half_cap = settings_.max_per_stream / 2;
    for (const auto& s : live) {
      seen.insert(s.stream_id);
      // Spacing grows with age: a stream of age A has written at most about half_cap * (1 + ln(A/A0))
      // samples, and the store's cap stops the rest.
      const int64_t spacing = std::max(settings_.interval_ms, (now - s.started_at) / half_cap);
      const auto last = last_sample_.find(s.stream_id);
      // A little slack so a tick that lands a few ms early does not skip a whole interval.
      if (last != last_sample_.end() && now - last->second < spacing - settings_.interval_ms / 10) continue;
      int n = viewers_.count(s.stream_id);
      if (settings_.several_nodes && viewers_.local_count(s.stream_id) == 0) n = s.viewer_count;
      rows.push_back({s.stream_id, now, n});
      last_sample_[s.stream_id] = now;
    }
    std::erase_if(last_sample_, [&](const auto& kv) { return !seen.contains(kv.first); });
  }
  return store_.viewers().add_samples(rows, settings_.max_per_stream);
}

void ViewerSampler::final_sample(const std::string& stream_id, int viewers, int64_t at) {
  {
    std::lock_guard lock(mutex_);
    last_sample_.erase(stream_id);
  }
  store_.viewers().add_samples({{stream_id, at, viewers}}, settings_.max_per_stream + 1);
}

std::vector<ViewerPoint> ViewerSampler::series(const std::string& stream_id, int max_points) {
  return downsample(store_.viewers().samples(stream_id, settings_.max_per_stream + 1), max_points);
}

std::vector<ViewerPoint> ViewerSampler::downsample(const std::vector<store::ViewerSampleRow>& samples, int max_points) {
  max_points = std::clamp(max_points, 1, kMaxPoints);
  std::vector<ViewerPoint> out;
  if (samples.empty()) return out;
  if (samples.size() <= static_cast<size_t>(max_points)) {
    for (const auto& s : samples) out.push_back({s.t, s.viewers, s.viewers});
    return out;
  }
  // Equal-time buckets (samples are spaced unevenly); empty buckets are skipped.
  const int64_t first = samples.front().t;
  const int64_t span = std::max<int64_t>(1, samples.back().t - first + 1);
  int current = -1;
  int64_t sum = 0, n = 0;
  for (const auto& s : samples) {
    const int b = static_cast<int>((s.t - first) * max_points / span);
    if (b != current) {
      if (n > 0) out.back().viewers = static_cast<int>((sum + n / 2) / n);
      out.push_back({s.t, 0, s.viewers});
      current = b;
      sum = n = 0;
    }
    sum += s.viewers;
    ++n;
    out.back().peak = std::max(out.back().peak, s.viewers);
  }
  if (n > 0) out.back().viewers = static_cast<int>((sum + n / 2) / n);
  return out;
}

}  // namespace tc::domain
