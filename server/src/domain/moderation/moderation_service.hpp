#pragma once
// Channel moderation (a channel = a streamer's streams): appointed moderators, bans and timeouts,
// chat modes (slow, followers-only, subscribers-only, emote-only) and blocked terms.
//
// Each channel's rules are cached in memory as an immutable snapshot, so the chat path checks a
// message without touching the database. Snapshots are loaded on the DB pool (load(): on a join)
// and reloaded when older than kFreshMs, which is how another node's REST changes (moderators,
// terms) arrive here; bans, timeouts and modes changed over the socket reach other nodes at once
// through the room relay (apply_*). Thread-safe. Methods marked blocking run on the DB pool.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/accounts/identity.hpp"
#include "domain/moderation/moderation_rules.hpp"
#include "store/store.hpp"

namespace tc::domain {

enum class ChatRole { viewer, moderator, streamer };
const char* role_name(ChatRole r);

struct ChannelRules {
  std::string streamer_id;
  std::unordered_set<std::string> moderators;
  std::unordered_map<std::string, std::optional<int64_t>> bans;  // user → until (empty: banned until lifted)
  store::ChatModeRow mode;
  std::vector<std::string> terms;  // normalised
  int64_t loaded_at = 0;
};
using RulesPtr = std::shared_ptr<const ChannelRules>;

// A partial chat-mode change (absent fields keep their value).
struct ChatModeChange {
  std::optional<int> slow_mode_seconds;
  std::optional<bool> followers_only;
  std::optional<bool> subscribers_only;
  std::optional<bool> emote_only;
};

class ModerationService {
 public:
  static constexpr int64_t kFreshMs = 10'000;

  ModerationService(store::Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

  // Blocking: the channel's rules, loaded when not cached or older than kFreshMs.
  RulesPtr load(const std::string& streamer_id);
  // Non-blocking: the cached rules (null when none); *stale when older than kFreshMs.
  RulesPtr cached(const std::string& streamer_id, bool* stale = nullptr) const;

  static ChatRole role(const ChannelRules& rules, const std::string& user_id);

  // Non-blocking. May `user_id` (holding `tier` on the channel: FREE, BASIC, PREMIUM or none) send
  // `text` now? Streamer and moderators pass everything. Errors (all 403 but slow_mode, 429):
  // banned, timed_out, followers_only, subscribers_only, emote_only, blocked_term, slow_mode
  // (retry_after_ms). Call sent() once the message is accepted.
  core::Status check_message(const ChannelRules& rules, const std::string& user_id,
                             const std::optional<std::string>& tier, std::string_view text) const;
  void sent(const std::string& streamer_id, const std::string& user_id);

  // May `actor` ban or time out `target`? Errors: not_moderator, cannot_moderate (the streamer,
  // another moderator, yourself).
  static core::Status can_act_on(const ChannelRules& rules, const std::string& actor, const std::string& target);

  // Blocking. Moderators (the streamer changes them). Errors: forbidden, user_not_found,
  // cannot_moderate (yourself), too_many_moderators (409), moderator_not_found.
  std::vector<store::ModeratorRow> moderators(const std::string& streamer_id);
  core::Result<store::ModeratorRow> add_moderator(const Identity& who, const std::string& streamer_id,
                                                  const std::string& user_ref);
  core::Status remove_moderator(const Identity& who, const std::string& streamer_id, const std::string& user_ref);

  // Blocking. Bans (until empty) and timeouts; the caller checked can_act_on. Errors:
  // too_many_bans (409). unban: ban_not_found.
  core::Status ban(const std::string& streamer_id, const std::string& actor, const std::string& target,
                   std::optional<int64_t> until);
  core::Status unban(const std::string& streamer_id, const std::string& target);
  std::vector<store::BanRow> bans(const std::string& streamer_id, int limit);

  // Blocking. Errors: invalid_slow_mode.
  core::Result<store::ChatModeRow> set_mode(const std::string& streamer_id, const ChatModeChange& change);
  store::ChatModeRow mode(const std::string& streamer_id);

  // Blocking. The streamer or a moderator replaces the list. Errors: forbidden, invalid_term,
  // too_many_terms.
  core::Result<std::vector<std::string>> set_terms(const Identity& who, const std::string& streamer_id,
                                                   const std::vector<std::string>& terms);
  // Blocking. The streamer or a moderator reads the list. Errors: forbidden.
  core::Result<std::vector<std::string>> terms(const Identity& who, const std::string& streamer_id);

  // Memory only (another node's change, or after this node's write).
  void apply_ban(const std::string& streamer_id, const std::string& user_id, std::optional<int64_t> until);
  void apply_unban(const std::string& streamer_id, const std::string& user_id);
  void apply_mode(const store::ChatModeRow& mode);

 private:
  core::Result<store::UserRow> resolve_user(const std::string& user_ref);
  RulesPtr read(const std::string& streamer_id);
  // Copies the cached snapshot (if any), changes the copy, publishes it.
  template <class F>
  void update(const std::string& streamer_id, F&& change);

  store::Store& store_;       // borrowed
  const core::Clock& clock_;  // borrowed

  mutable std::mutex mutex_;
  std::unordered_map<std::string, RulesPtr> rules_;           // guarded by mutex_; bounded (kMaxChannels)
  std::unordered_map<std::string, int64_t> last_sent_;        // "streamer|user" → ms; guarded by mutex_
};

}  // namespace tc::domain
