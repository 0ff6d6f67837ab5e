#include "domain/viewers/viewer_tracker.hpp"

#include <algorithm>
#include <utility>

#include "core/ids.hpp"

namespace tc::domain {

int ViewerTracker::Room::total() const {
  int n = static_cast<int>(viewers.size());
  for (const auto& [_, r] : remote) n += r.count;
  return n;
}

int ViewerTracker::join(const std::string& stream_id, const std::string& key) {
  std::lock_guard lock(mutex_);
  auto& room = rooms_[stream_id];
  auto& v = room.viewers[key];
  if (v.connections++ == 0) {
    v.viewer_id = core::new_uuid();
    v.joined_at = clock_.now_ms();
    sessions_.push_back({v.viewer_id, stream_id, key, v.joined_at, std::nullopt, {}});
    room.dirty = true;
    room.local_dirty = true;
    room.peak = std::max(room.peak, room.total());
  }
  return room.total();
}

int ViewerTracker::leave(const std::string& stream_id, const std::string& key) {
  std::lock_guard lock(mutex_);
  const auto r = rooms_.find(stream_id);
  if (r == rooms_.end()) return 0;
  auto& room = r->second;
  const auto it = room.viewers.find(key);
  if (it == room.viewers.end()) return room.total();
  if (--it->second.connections == 0) {
    close_session(stream_id, key, it->second, clock_.now_ms());
    room.viewers.erase(it);
    room.dirty = true;
    room.local_dirty = true;
  }
  return room.total();
}

void ViewerTracker::close_session(const std::string& stream_id, const std::string& key, const Viewer& v, int64_t now) {
  sessions_.push_back({v.viewer_id, stream_id, key, v.joined_at, now, {}});
}

int ViewerTracker::count(const std::string& stream_id) const {
  std::lock_guard lock(mutex_);
  const auto r = rooms_.find(stream_id);
  return r == rooms_.end() ? 0 : r->second.total();
}

int ViewerTracker::local_count(const std::string& stream_id) const {
  std::lock_guard lock(mutex_);
  const auto r = rooms_.find(stream_id);
  return r == rooms_.end() ? 0 : static_cast<int>(r->second.viewers.size());
}

void ViewerTracker::set_remote(const std::string& stream_id, const std::string& node, int count) {
  std::lock_guard lock(mutex_);
  if (count <= 0) {
    const auto r = rooms_.find(stream_id);
    if (r == rooms_.end() || r->second.remote.erase(node) == 0) return;
    r->second.dirty = true;
    return;
  }
  auto& room = rooms_[stream_id];
  auto& e = room.remote[node];
  if (e.count != count) room.dirty = true;
  e = {count, clock_.now_ms()};
  room.peak = std::max(room.peak, room.total());
}

void ViewerTracker::forget_remote(const std::string& stream_id) {
  std::lock_guard lock(mutex_);
  const auto r = rooms_.find(stream_id);
  if (r == rooms_.end() || r->second.remote.empty()) return;
  r->second.remote.clear();
  r->second.dirty = true;
}

void ViewerTracker::expire_remote() {
  std::lock_guard lock(mutex_);
  const auto cutoff = clock_.now_ms() - kRemoteTtlMs;
  for (auto& [_, room] : rooms_) {
    if (std::erase_if(room.remote, [cutoff](const auto& e) { return e.second.seen_at < cutoff; }) > 0) {
      room.dirty = true;
    }
  }
}

void ViewerTracker::forget_node(const std::string& node) {
  std::lock_guard lock(mutex_);
  for (auto& [_, room] : rooms_) {
    if (room.remote.erase(node) > 0) room.dirty = true;
  }
}

int ViewerTracker::restart_sessions() {
  std::lock_guard lock(mutex_);
  const auto now = clock_.now_ms();
  int n = 0;
  for (auto& [stream_id, room] : rooms_) {
    for (auto& [key, v] : room.viewers) {
      // The close goes after a still-unwritten open of the old session, so no row is left open.
      close_session(stream_id, key, v, now);
      v.viewer_id = core::new_uuid();
      v.joined_at = now;
      sessions_.push_back({v.viewer_id, stream_id, key, v.joined_at, std::nullopt, {}});
      ++n;
    }
  }
  return n;
}

std::vector<std::pair<std::string, int>> ViewerTracker::local_counts() const {
  std::vector<std::pair<std::string, int>> out;
  std::lock_guard lock(mutex_);
  for (const auto& [id, room] : rooms_) {
    if (!room.viewers.empty()) out.emplace_back(id, static_cast<int>(room.viewers.size()));
  }
  return out;
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

void ViewerTracker::close_all() {
  std::lock_guard lock(mutex_);
  const auto now = clock_.now_ms();
  for (auto& [stream_id, room] : rooms_) {
    for (const auto& [key, v] : room.viewers) close_session(stream_id, key, v, now);
    room.viewers.clear();
  }
}

std::vector<ViewerCountChange> ViewerTracker::take_changes() {
  std::vector<ViewerCountChange> out;
  std::lock_guard lock(mutex_);
  for (auto it = rooms_.begin(); it != rooms_.end();) {
    auto& room = it->second;
    if (room.dirty) {
      const int now = room.total();
      out.push_back(
          {it->first, now, room.peak, now >= room.reported, static_cast<int>(room.viewers.size()), room.local_dirty});
      room.reported = now;
      room.dirty = false;
      room.local_dirty = false;
    }
    // An empty room is forgotten once its last change has been taken; peak lives on in the store.
    if (room.viewers.empty() && room.remote.empty() && !room.dirty) {
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
