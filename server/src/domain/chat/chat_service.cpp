#include "domain/chat/chat_service.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdio>

#include "core/ids.hpp"
#include "domain/chat/chat_rules.hpp"

namespace tc::domain {
namespace {

core::RateSpec times(core::RateSpec r, int k) {
  r.count *= k;
  return r;
}

bool older(const store::MessageRow& a, const store::MessageRow& b) {
  return a.created_at != b.created_at ? a.created_at < b.created_at : a.message_id < b.message_id;
}

// "<created_at>_<message_id>": opaque to clients.
std::string encode_cursor(const store::MessageRow& m) { return std::to_string(m.created_at) + "_" + m.message_id; }

std::optional<store::MessageCursor> decode_cursor(const std::string& c) {
  const auto sep = c.find('_');
  if (sep == std::string::npos || sep == 0 || c.size() - sep - 1 > 64) return std::nullopt;
  store::MessageCursor out;
  auto [p, ec] = std::from_chars(c.data(), c.data() + sep, out.created_at);
  if (ec != std::errc() || p != c.data() + sep) return std::nullopt;
  out.message_id = c.substr(sep + 1);
  return out;
}

// A UUID (version 7 layout) that sorts by time and, within one millisecond, by acceptance order in
// this process: history is ordered by (created_at, message_id), and chat must read in the order sent.
std::string ordered_message_id(int64_t now_ms) {
  static std::atomic<uint32_t> counter{0};
  const uint32_t c = counter.fetch_add(1) & 0x3ffffff;  // 26 bits
  const auto ms = static_cast<uint64_t>(now_ms) & 0xffffffffffffULL;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-7%03x-%04x-", static_cast<unsigned long long>(ms >> 16),
                static_cast<unsigned long long>(ms & 0xffff), (c >> 14) & 0xfff, 0x8000 | (c & 0x3fff));
  return buf + core::random_hex(6);
}

}  // namespace

ChatService::ChatService(store::Store& store, const core::Clock& clock, ChatSettings settings)
    : store_(store),
      clock_(clock),
      settings_(settings),
      limiter_(clock, settings.rate),
      privileged_limiter_(clock, times(settings.rate, 4)) {}

core::Result<store::MessageRow> ChatService::accept(const Identity& who, const std::string& stream_id,
                                                    std::string_view text, std::string_view type, bool privileged) {
  auto body = normalize_chat_text(text);
  if (!body) return body.error();
  auto kind = chat_message_type(type);
  if (!kind) return kind.error();
  if (!privileged) {
    std::lock_guard lock(mutex_);
    const auto t = timeouts_.find(stream_id + "|" + who.user_id);
    if (t != timeouts_.end() && t->second > clock_.now_ms()) {
      core::Error e{core::ErrorKind::forbidden, "timed_out", "The streamer has timed you out of this chat for now"};
      e.retry_after_s = static_cast<int>((t->second - clock_.now_ms() + 999) / 1000);
      return e;
    }
  }
  auto& limiter = privileged ? privileged_limiter_ : limiter_;
  if (limiter.enabled()) {
    const auto d = limiter.acquire(who.user_id + "|" + stream_id);
    if (!d.allowed) {
      auto e = core::Error::rate_limited(static_cast<int>((d.retry_after_ms + 999) / 1000));
      e.message = "You are sending messages too fast; wait a moment";
      return e;
    }
  }
  store::MessageRow m;
  m.created_at = clock_.now_ms();
  m.message_id = ordered_message_id(m.created_at);
  m.stream_id = stream_id;
  m.user_id = who.user_id;
  m.username = who.username;
  m.message = std::move(*body);
  m.message_type = std::move(*kind);
  std::lock_guard lock(mutex_);
  if (pending_.size() >= settings_.max_pending) return core::Error::busy();
  pending_.push_back(m);
  remember_locked(m);
  return m;
}

void ChatService::remember(const store::MessageRow& message) {
  std::lock_guard lock(mutex_);
  remember_locked(message);
}

void ChatService::remember_locked(const store::MessageRow& m) {
  if (settings_.history <= 0) return;
  auto& r = recent_[m.stream_id];
  r.messages.push_back(m);
  while (r.messages.size() > static_cast<size_t>(settings_.history)) r.messages.pop_front();
}

core::Status ChatService::remove(const std::string& stream_id, const std::string& message_id) {
  std::lock_guard one(flush_mutex_);  // no batch in flight: the message is either queued or stored
  const auto now = clock_.now_ms();
  bool found = false;
  {
    std::lock_guard lock(mutex_);
    for (auto& m : pending_) {
      if (m.message_id == message_id && m.stream_id == stream_id && !m.deleted_at) {
        m.deleted_at = now;  // written as deleted
        found = true;
      }
    }
    if (auto r = recent_.find(stream_id); r != recent_.end()) {
      auto& q = r->second.messages;
      for (auto it = q.begin(); it != q.end(); ++it) {
        if (it->message_id == message_id) {
          q.erase(it);
          found = true;
          break;
        }
      }
    }
  }
  if (store_.chat().mark_deleted(stream_id, message_id, now)) found = true;
  if (!found) return core::Error::not_found("message_not_found", "No such message in this stream");
  return core::ok_status();
}

std::optional<std::string> ChatService::author_of(const std::string& stream_id, const std::string& message_id) const {
  std::lock_guard lock(mutex_);
  if (auto r = recent_.find(stream_id); r != recent_.end()) {
    for (const auto& m : r->second.messages) {
      if (m.message_id == message_id) return m.user_id;
    }
  }
  for (const auto& m : pending_) {
    if (m.message_id == message_id && m.stream_id == stream_id) return m.user_id;
  }
  return std::nullopt;
}

void ChatService::time_out(const std::string& stream_id, const std::string& user_id, int64_t until_ms) {
  std::lock_guard lock(mutex_);
  if (timeouts_.size() > 100'000) {
    const auto now = clock_.now_ms();
    std::erase_if(timeouts_, [now](const auto& kv) { return kv.second <= now; });
  }
  timeouts_[stream_id + "|" + user_id] = until_ms;
}

size_t ChatService::flush() {
  std::lock_guard one(flush_mutex_);
  std::vector<store::MessageRow> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(pending_);
  }
  if (batch.empty()) return 0;
  try {
    store_.chat().insert_batch(batch);
  } catch (...) {
    // Keep them, ahead of what arrived meanwhile, for the next attempt.
    std::lock_guard lock(mutex_);
    pending_.insert(pending_.begin(), std::make_move_iterator(batch.begin()), std::make_move_iterator(batch.end()));
    throw;
  }
  return batch.size();
}

size_t ChatService::pending() const {
  std::lock_guard lock(mutex_);
  return pending_.size();
}

std::vector<store::MessageRow> ChatService::recent(const std::string& stream_id) {
  if (settings_.history <= 0) return {};
  {
    std::lock_guard lock(mutex_);
    const auto it = recent_.find(stream_id);
    if (it != recent_.end() && it->second.loaded) return {it->second.messages.begin(), it->second.messages.end()};
  }
  // First joiner since start-up: what the store holds, merged with what arrived since (by id), so a
  // message written or accepted in between is neither lost nor doubled.
  auto stored = store_.chat().latest(stream_id, settings_.history, std::nullopt);
  std::lock_guard lock(mutex_);
  auto& r = recent_[stream_id];
  if (!r.loaded) {
    std::vector<store::MessageRow> all(stored.begin(), stored.end());
    for (const auto& m : r.messages) {
      if (std::none_of(all.begin(), all.end(), [&](const auto& s) { return s.message_id == m.message_id; })) {
        all.push_back(m);
      }
    }
    std::sort(all.begin(), all.end(), older);
    if (all.size() > static_cast<size_t>(settings_.history)) all.erase(all.begin(), all.end() - settings_.history);
    r.messages.assign(all.begin(), all.end());
    r.loaded = true;
  }
  return {r.messages.begin(), r.messages.end()};
}

core::Result<HistoryPage> ChatService::history(const std::string& stream_id, const std::optional<std::string>& before,
                                               int limit) {
  if (limit < 1 || limit > 200) return core::Error::invalid("invalid_limit", "limit must be 1 to 200");
  std::optional<store::MessageCursor> cursor;
  if (before) {
    cursor = decode_cursor(*before);
    if (!cursor) return core::Error::invalid("invalid_cursor", "before is not a cursor this server gave out");
  }
  flush();  // history includes everything acknowledged so far
  HistoryPage page;
  page.messages = store_.chat().latest(stream_id, limit + 1, cursor);
  if (page.messages.size() > static_cast<size_t>(limit)) {
    page.messages.pop_back();
    page.next_cursor = encode_cursor(page.messages.back());
  }
  return page;
}

void ChatService::forget_message(const std::string& stream_id, const std::string& message_id) {
  const auto now = clock_.now_ms();
  std::lock_guard lock(mutex_);
  for (auto& m : pending_) {
    if (m.message_id == message_id && m.stream_id == stream_id && !m.deleted_at) m.deleted_at = now;
  }
  if (auto r = recent_.find(stream_id); r != recent_.end()) {
    std::erase_if(r->second.messages, [&](const store::MessageRow& m) { return m.message_id == message_id; });
  }
}

void ChatService::forget(const std::string& stream_id) {
  std::lock_guard lock(mutex_);
  recent_.erase(stream_id);
}

}  // namespace tc::domain
