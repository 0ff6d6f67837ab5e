#pragma once
// Chat: accepts messages (rules, per-user rate limits), keeps each live stream's recent messages in
// memory for joiners, and writes messages to the store in batches off the I/O threads, so the
// database is never in the broadcast path. accept() is non-blocking and thread-safe; flush(),
// recent() on first use of a stream, and history() block on the database (call them on the DB pool).
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/error.hpp"
#include "core/rate_limiter.hpp"
#include "domain/accounts/identity.hpp"
#include "store/store.hpp"

namespace tc::domain {

struct ChatSettings {
  core::RateSpec rate{5, 10'000};  // per user per stream; streamer and moderators get 4x
  int history = 50;                // messages a joiner receives
  size_t max_pending = 20'000;     // accepted but not yet written; beyond: server_busy
};

struct HistoryPage {
  std::vector<store::MessageRow> messages;  // newest first
  std::optional<std::string> next_cursor;   // pass as `before` for the previous page
};

class ChatService {
 public:
  ChatService(store::Store& store, const core::Clock& clock, ChatSettings settings);

  // A message from `who` to a stream's chat. `privileged`: the streamer or a moderator. Errors:
  // invalid_message, message_too_long, invalid_message_type, rate_limited, server_busy.
  core::Result<store::MessageRow> accept(const Identity& who, const std::string& stream_id, std::string_view text,
                                         std::string_view type, bool privileged);
  // Adds a message written elsewhere (a TIP message stored with its tip) to the recent cache.
  void remember(const store::MessageRow& message);

  // Moderation (the caller checked who may). Deletes a message from history, the recent cache and the
  // write queue; error not_found (message_not_found). Blocking when the message is already stored.
  core::Status remove(const std::string& stream_id, const std::string& message_id);
  // Another node deleted a message: drop it from this node's recent cache, and mark it deleted if it
  // is still waiting to be written here. Memory only, never blocks.
  void forget_message(const std::string& stream_id, const std::string& message_id);
  // Who wrote a message still in the recent cache or the write queue (nullopt when older). Memory only.
  std::optional<std::string> author_of(const std::string& stream_id, const std::string& message_id) const;
  // `user_id` may not chat in `stream_id` until `until_ms` (refused with timed_out).
  void time_out(const std::string& stream_id, const std::string& user_id, int64_t until_ms);

  // Writes every accepted message not yet stored, in one transaction. On failure they stay queued
  // (in order) and the exception propagates. Returns how many were written.
  size_t flush();
  size_t pending() const;

  // The last `history` messages of a stream, oldest first, including ones not yet written.
  std::vector<store::MessageRow> recent(const std::string& stream_id);
  // Older messages, newest first. Errors: invalid_cursor, invalid_limit.
  core::Result<HistoryPage> history(const std::string& stream_id, const std::optional<std::string>& before, int limit);
  // The stream ended: its recent cache is dropped (history stays in the store).
  void forget(const std::string& stream_id);

 private:
  struct Recent {
    std::deque<store::MessageRow> messages;  // oldest first, at most settings_.history
    bool loaded = false;                     // merged with what the store had
  };
  void remember_locked(const store::MessageRow& m);

  store::Store& store_;       // borrowed
  const core::Clock& clock_;  // borrowed
  ChatSettings settings_;
  core::RateLimiter limiter_;
  core::RateLimiter privileged_limiter_;

  mutable std::mutex mutex_;
  std::vector<store::MessageRow> pending_;          // guarded by mutex_
  std::unordered_map<std::string, Recent> recent_;  // guarded by mutex_
  std::unordered_map<std::string, int64_t> timeouts_;  // "stream|user" → until; guarded by mutex_
  std::mutex flush_mutex_;                          // one flush at a time keeps batches in order
};

}  // namespace tc::domain
