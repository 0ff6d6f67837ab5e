#pragma once
// Estimates how many people watch a stream over HLS: the distinct clients (address + User-Agent)
// that fetched its playlist within the last window. A live player refreshes the playlist every
// target duration (2 s), so a 10 s window counts one who is watching and forgets one who left.
// Behind a CDN this counts edge servers, not people. Plain C++, thread-safe, bounded.
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tc::media {

class HlsAudience {
 public:
  explicit HlsAudience(int64_t window_ms = 10'000, size_t max_clients_per_stream = 100'000)
      : window_ms_(window_ms), max_clients_(max_clients_per_stream) {}

  // A playlist request. Beyond max_clients_per_stream live clients, new ones are not counted.
  void seen(const std::string& stream_id, std::string_view client_key, int64_t now_ms);
  // Clients seen within the window (drops the older ones).
  int count(const std::string& stream_id, int64_t now_ms);
  void forget(const std::string& stream_id);

 private:
  using Clients = std::unordered_map<uint64_t, int64_t>;  // hash(client key) → last request, ms
  void prune(Clients& c, int64_t now_ms) const;

  const int64_t window_ms_;
  const size_t max_clients_;
  std::mutex mu_;
  std::unordered_map<std::string, Clients> streams_;  // guarded by mu_
};

}  // namespace tc::media
