#include "media/hls_audience.hpp"

#include <functional>

namespace tc::media {

void HlsAudience::prune(Clients& c, int64_t now_ms) const {
  std::erase_if(c, [&](const auto& kv) { return now_ms - kv.second > window_ms_; });
}

void HlsAudience::seen(const std::string& stream_id, std::string_view client_key, int64_t now_ms) {
  const uint64_t key = std::hash<std::string_view>{}(client_key);
  std::lock_guard lk(mu_);
  auto& c = streams_[stream_id];
  if (auto it = c.find(key); it != c.end()) {
    it->second = now_ms;
    return;
  }
  if (c.size() >= max_clients_) prune(c, now_ms);
  if (c.size() < max_clients_) c.emplace(key, now_ms);
}

int HlsAudience::count(const std::string& stream_id, int64_t now_ms) {
  std::lock_guard lk(mu_);
  auto it = streams_.find(stream_id);
  if (it == streams_.end()) return 0;
  prune(it->second, now_ms);
  return static_cast<int>(it->second.size());
}

void HlsAudience::forget(const std::string& stream_id) {
  std::lock_guard lk(mu_);
  streams_.erase(stream_id);
}

}  // namespace tc::media
