#include "api/events/streaming/watch_session_writer.hpp"

#include <boost/asio/post.hpp>

#include <cassert>
#include <memory>

#include "core/module_logger.hpp"

namespace tc::api {
namespace asio = boost::asio;

namespace {
const core::ModuleLogger log("api.events");
}  // namespace

void WatchSessionWriter::close_left_open() {
  if (spans_nodes_) return;
  const int closed = ctx_.store.viewers().close_open("", ctx_.clock.now_ms());
  if (closed > 0) log()->info("msg=\"closed watch sessions left open\" count={}", closed);
}

std::vector<store::ViewerSessionRow> WatchSessionWriter::take_sessions() {
  auto sessions = viewers_.take_sessions();
  for (auto& s : sessions) s.node_id = node_id_;
  return sessions;
}

void WatchSessionWriter::set_counts(const std::string& stream_id, int viewer_count, int peak) {
  assert(strand_.running_in_this_thread());
  pending_counts_[stream_id] = {viewer_count, peak};
}

void WatchSessionWriter::persist() {
  assert(strand_.running_in_this_thread());
  if (persisting_.exchange(true)) return;  // the previous write is still running
  auto sessions = std::make_shared<std::vector<store::ViewerSessionRow>>(std::move(unsaved_sessions_));
  unsaved_sessions_.clear();
  auto newer = take_sessions();
  sessions->insert(sessions->end(), newer.begin(), newer.end());
  auto counts = std::make_shared<std::map<std::string, std::pair<int, int>>>(std::move(pending_counts_));
  pending_counts_.clear();
  ctx_.db_pool.post([this, sessions, counts] {
    try {
      chat_.flush();
      // Counts before sessions: a reader that sees the closed sessions of an ended stream (stats
      // after the end) then also sees its final peak, which the tracker has forgotten by then.
      for (const auto& [id, c] : *counts) ctx_.store.viewers().update_counts(id, c.first, c.second);
      ctx_.store.viewers().apply(*sessions);
      persisting_ = false;
    } catch (const std::exception& e) {
      // Chat stays queued inside ChatService; sessions and counts go back for the next attempt, ahead
      // of (sessions) or behind (counts: newer wins) what came meanwhile.
      log()->warn("msg=\"persist failed, will retry\" error=\"{}\"", e.what());
      asio::post(strand_, [this, sessions, counts] {
        sessions->insert(sessions->end(), unsaved_sessions_.begin(), unsaved_sessions_.end());
        unsaved_sessions_ = std::move(*sessions);
        for (const auto& [id, c] : *counts) pending_counts_.try_emplace(id, c);
        persisting_ = false;
      });
    }
  });
}

void WatchSessionWriter::flush_all() {
  chat_.flush();
  viewers_.close_all();  // this node's viewers stop now; a restart starts their sessions anew
  auto sessions = std::move(unsaved_sessions_);
  auto newer = take_sessions();
  sessions.insert(sessions.end(), newer.begin(), newer.end());
  for (const auto& [id, c] : pending_counts_) ctx_.store.viewers().update_counts(id, c.first, c.second);
  ctx_.store.viewers().apply(sessions);
  // One node: anything still open is ours (a write that failed earlier). Several: the rest are others'.
  if (!spans_nodes_) ctx_.store.viewers().close_open("", ctx_.clock.now_ms());
}

}  // namespace tc::api
