#include "api/events/streaming/release_audience.hpp"

namespace tc::api {

void ReleaseAudience::enter(const std::string& stream_id, const std::shared_ptr<realtime::socketio::Socket>& socket,
                            std::optional<std::string> user_id) {
  std::lock_guard lock(mutex_);
  auto& members = streams_[stream_id];
  // A socket entering again (a join repeated) keeps its serial: it stays reached by what reached it.
  auto [it, added] = members.try_emplace(socket.get(), Entry{0, socket, std::move(user_id)});
  if (added) it->second.serial = next_serial_++;
}

void ReleaseAudience::leave(const std::string& stream_id, const realtime::socketio::Socket& socket) {
  std::lock_guard lock(mutex_);
  const auto it = streams_.find(stream_id);
  if (it == streams_.end()) return;
  it->second.erase(&socket);
  if (it->second.empty()) streams_.erase(it);
}

std::vector<ReleaseAudience::Member> ReleaseAudience::snapshot(const std::string& stream_id) const {
  std::vector<Member> out;
  {
    std::lock_guard lock(mutex_);
    const auto it = streams_.find(stream_id);
    if (it == streams_.end()) return out;
    out.reserve(it->second.size());
    for (const auto& [_, e] : it->second) {
      if (auto s = e.socket.lock(); s && s->connected()) out.push_back({e.serial, std::move(s), e.user_id});
    }
  }
  return out;
}

size_t ReleaseAudience::size(const std::string& stream_id) const {
  std::lock_guard lock(mutex_);
  const auto it = streams_.find(stream_id);
  return it == streams_.end() ? 0 : it->second.size();
}

}  // namespace tc::api
