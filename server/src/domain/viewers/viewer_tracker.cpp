#include "domain/viewers/viewer_tracker.hpp"

#include <algorithm>
#include <utility>

#include "core/ids.hpp"

namespace tc::domain {

int ViewerTracker::join(const std::string& stream_id, const std::string& key) {
  std::lock_guard lock(mutex_);
  auto& room = rooms_[stream_id];
  auto& v = room.viewers[key];
  if (v.connections++ == 0) {
    v.viewer_id = core::new_uuid();
    v.joined_at = clock_.now_ms();
    sessions_.push_back({v.viewer_id, stream_id, key, v.joined_at, std::nullopt});
    room.dirty = true;
    room.peak = std::max(room.peak, static_cast<int>(room.viewers.size()));
  }
  return static_cast<int>(room.viewers.size());
}

int ViewerTracker::leave(const std::string& stream_id, const std::string& key) {
  std::lock_guard lock(mutex_);
  const auto r = rooms_.find(stream_id);
  if (r == rooms_.end()) return 0;
  auto& room = r->second;
  const auto it = room.viewers.find(key);
  if (it == room.viewers.end()) return static_cast<int>(room.viewers.size());
  if (--it->second.connections == 0) {
    close_session(stream_id, key, it->second, clock_.now_ms());
    room.viewers.erase(it);
    room.dirty = true;
  }
  return static_cast<int>(room.viewers.size());
}

void ViewerTracker::close_session(const std::string& stream_id, const std::string& key, const Viewer& v, int64_t now) {
  sessions_.push_back({v.viewer_id, stream_id, key, v.joined_at, now});
}

int ViewerTracker::count(const std::string& stream_id) const {
  std::lock_guard lock(mutex_);
  const auto r = rooms_.find(stream_id);
  return r == rooms_.end() ? 0 : static_cast<int>(r->second.viewers.size());
}

int ViewerTracker::peak(const std::string& stream_id) const {
  std::lock_guard lock(mutex_);
  const auto r = rooms_.find(stream_id);
  return r == rooms_.end() ? 0 : r->second.peak;
}

void ViewerTracker::end_stream(const std::string& stream_id) {
  std::lock_guard lock(mutex_);
  const auto r = rooms_.find(stream_id);
  if (r == rooms_.end()) return;
  const auto now = clock_.now_ms();
  for (const auto& [key, v] : r->second.viewers) close_session(stream_id, key, v, now);
  rooms_.erase(r);
}

std::vector<ViewerCountChange> ViewerTracker::take_changes() {
  std::vector<ViewerCountChange> out;
  std::lock_guard lock(mutex_);
  for (auto it = rooms_.begin(); it != rooms_.end();) {
    auto& room = it->second;
    if (room.dirty) {
      const int now = static_cast<int>(room.viewers.size());
      out.push_back({it->first, now, room.peak, now >= room.reported});
      room.reported = now;
      room.dirty = false;
    }
    // An empty room is forgotten once its last change has been taken; peak lives on in the store.
    if (room.viewers.empty() && !room.dirty) {
      it = rooms_.erase(it);
    } else {
      ++it;
    }
  }
  return out;
}

std::vector<store::ViewerSessionRow> ViewerTracker::take_sessions() {
  std::lock_guard lock(mutex_);
  return std::exchange(sessions_, {});
}

size_t ViewerTracker::stream_count() const {
  std::lock_guard lock(mutex_);
  return rooms_.size();
}

}  // namespace tc::domain
