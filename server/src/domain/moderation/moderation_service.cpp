#include "domain/moderation/moderation_service.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace tc::domain {
namespace {
constexpr size_t kMaxChannels = 10'000;     // cached snapshots; beyond, the cache starts over
constexpr size_t kMaxSlowEntries = 200'000;  // slow-mode clocks; old ones dropped when over

core::Error forbidden(std::string code, std::string message) {
  return {core::ErrorKind::forbidden, std::move(code), std::move(message)};
}
}  // namespace

const char* role_name(ChatRole r) {
  switch (r) {
    case ChatRole::streamer: return "streamer";
    case ChatRole::moderator: return "moderator";
    default: return "viewer";
  }
}

RulesPtr ModerationService::read(const std::string& streamer_id) {
  auto r = std::make_shared<ChannelRules>();
  r->streamer_id = streamer_id;
  r->loaded_at = clock_.now_ms();
  auto& db = store_.moderation();
  for (auto& m : db.moderators(streamer_id)) r->moderators.insert(m.user_id);
  for (auto& b : db.bans(streamer_id, r->loaded_at, kMaxBans)) r->bans[b.user_id] = b.expires_at;
  r->mode = db.chat_mode(streamer_id).value_or(store::ChatModeRow{streamer_id});
  r->terms = db.blocked_terms(streamer_id);
  return r;
}

RulesPtr ModerationService::load(const std::string& streamer_id) {
  bool stale = false;
  if (auto r = cached(streamer_id, &stale); r && !stale) return r;
  auto fresh = read(streamer_id);
  std::lock_guard lock(mutex_);
  if (rules_.size() >= kMaxChannels) rules_.clear();
  auto& slot = rules_[streamer_id];
  // A change applied meanwhile (newer snapshot) wins over what was read before it.
  if (!slot || slot->loaded_at <= fresh->loaded_at) slot = fresh;
  return slot;
}

RulesPtr ModerationService::cached(const std::string& streamer_id, bool* stale) const {
  std::lock_guard lock(mutex_);
  const auto it = rules_.find(streamer_id);
  if (it == rules_.end()) return nullptr;
  if (stale) *stale = clock_.now_ms() - it->second->loaded_at >= kFreshMs;
  return it->second;
}

template <class F>
void ModerationService::update(const std::string& streamer_id, F&& change) {
  std::lock_guard lock(mutex_);
  const auto it = rules_.find(streamer_id);
  if (it == rules_.end()) return;  // not cached here: the next load reads the store
  auto next = std::make_shared<ChannelRules>(*it->second);
  change(*next);
  it->second = std::move(next);
}

ChatRole ModerationService::role(const ChannelRules& rules, const std::string& user_id) {
  if (user_id == rules.streamer_id) return ChatRole::streamer;
  if (rules.moderators.contains(user_id)) return ChatRole::moderator;
  return ChatRole::viewer;
}

core::Status ModerationService::check_message(const ChannelRules& rules, const std::string& user_id,
                                              const std::optional<std::string>& tier, std::string_view text) const {
  if (role(rules, user_id) != ChatRole::viewer) return core::ok_status();
  const auto now = clock_.now_ms();
  if (const auto b = rules.bans.find(user_id); b != rules.bans.end()) {
    if (!b->second) return forbidden("banned", "You are banned from this channel's chat");
    if (*b->second > now) {
      auto e = forbidden("timed_out", "You are timed out of this channel's chat for now");
      e.retry_after_s = static_cast<int>((*b->second - now + 999) / 1000);
      e.retry_after_ms = *b->second - now;
      return e;
    }
  }
  const auto& m = rules.mode;
  if (m.subscribers_only && (!tier || *tier == "FREE")) {
    return forbidden("subscribers_only", "Only subscribers can chat right now");
  }
  if (m.followers_only && !tier) return forbidden("followers_only", "Only followers can chat right now; follow to chat");
  if (m.emote_only && !is_emote_only(text)) return forbidden("emote_only", "Only emotes are allowed right now");
  if (!rules.terms.empty() && !find_blocked_term(normalize_for_match(text), rules.terms).empty()) {
    // The term is not named: the sender should not learn the list by probing it.
    return forbidden("blocked_term", "Your message contains a term this channel does not allow");
  }
  if (m.slow_mode_seconds > 0) {
    std::lock_guard lock(mutex_);
    const auto it = last_sent_.find(rules.streamer_id + "|" + user_id);
    const int64_t wait_until = it == last_sent_.end() ? 0 : it->second + m.slow_mode_seconds * 1000LL;
    if (wait_until > now) {
      core::Error e{core::ErrorKind::rate_limited, "slow_mode",
                    "Slow mode: one message every " + std::to_string(m.slow_mode_seconds) + " s"};
      e.retry_after_ms = wait_until - now;
      e.retry_after_s = static_cast<int>((e.retry_after_ms + 999) / 1000);
      return e;
    }
  }
  return core::ok_status();
}

void ModerationService::sent(const std::string& streamer_id, const std::string& user_id) {
  const auto now = clock_.now_ms();
  std::lock_guard lock(mutex_);
  if (last_sent_.size() >= kMaxSlowEntries) {
    std::erase_if(last_sent_, [now](const auto& kv) { return now - kv.second > kMaxSlowModeSeconds * 1000LL; });
    if (last_sent_.size() >= kMaxSlowEntries) last_sent_.clear();
  }
  last_sent_[streamer_id + "|" + user_id] = now;
}

core::Status ModerationService::can_act_on(const ChannelRules& rules, const std::string& actor,
                                           const std::string& target) {
  const auto who = role(rules, actor);
  if (who == ChatRole::viewer) return forbidden("not_moderator", "Only the streamer and their moderators moderate");
  if (actor == target) return core::Error::invalid("cannot_moderate", "You cannot moderate yourself");
  const auto whom = role(rules, target);
  if (whom == ChatRole::streamer) return forbidden("cannot_moderate", "Nobody moderates the streamer");
  if (whom == ChatRole::moderator) {
    return forbidden("cannot_moderate", "Moderators cannot be moderated; the streamer can remove them first");
  }
  return core::ok_status();
}

core::Result<store::UserRow> ModerationService::resolve_user(const std::string& user_ref) {
  if (user_ref.empty() || user_ref.size() > 128) return core::Error::not_found("user_not_found", "No such user");
  if (auto u = store_.users().by_id(user_ref)) return *u;
  if (auto u = store_.users().by_username_key(core::to_lower_ascii(user_ref))) return *u;
  return core::Error::not_found("user_not_found", "No such user");
}

std::vector<store::ModeratorRow> ModerationService::moderators(const std::string& streamer_id) {
  return store_.moderation().moderators(streamer_id);
}

core::Result<store::ModeratorRow> ModerationService::add_moderator(const Identity& who, const std::string& streamer_id,
                                                                   const std::string& user_ref) {
  if (who.user_id != streamer_id) return core::Error::forbidden("Only the channel's owner appoints moderators");
  auto user = resolve_user(user_ref);
  if (!user) return user.error();
  if (user->id == streamer_id) return core::Error::invalid("cannot_moderate", "You already own this channel");
  store::ModeratorRow row{streamer_id, user->id, user->username, clock_.now_ms()};
  const auto r = store_.moderation().add_moderator(row, kMaxModerators);
  if (r == store::AddModerator::full) {
    return core::Error::conflict("too_many_moderators",
                                 "A channel has at most " + std::to_string(kMaxModerators) + " moderators");
  }
  update(streamer_id, [&](ChannelRules& c) { c.moderators.insert(row.user_id); });
  return row;
}

core::Status ModerationService::remove_moderator(const Identity& who, const std::string& streamer_id,
                                                 const std::string& user_ref) {
  if (who.user_id != streamer_id) return core::Error::forbidden("Only the channel's owner removes moderators");
  auto user = resolve_user(user_ref);
  if (!user) return user.error();
  if (!store_.moderation().remove_moderator(streamer_id, user->id)) {
    return core::Error::not_found("moderator_not_found", "This user is not a moderator of the channel");
  }
  update(streamer_id, [&](ChannelRules& c) { c.moderators.erase(user->id); });
  return core::ok_status();
}

core::Status ModerationService::ban(const std::string& streamer_id, const std::string& actor, const std::string& target,
                                    std::optional<int64_t> until) {
  const auto now = clock_.now_ms();
  store::BanRow row{streamer_id, target, "", until, actor, now};
  if (!store_.moderation().put_ban(row, now, kMaxBans)) {
    return core::Error::conflict("too_many_bans", "This channel has too many bans in force");
  }
  apply_ban(streamer_id, target, until);
  return core::ok_status();
}

core::Status ModerationService::unban(const std::string& streamer_id, const std::string& target) {
  if (!store_.moderation().remove_ban(streamer_id, target)) {
    return core::Error::not_found("ban_not_found", "This user is not banned or timed out here");
  }
  apply_unban(streamer_id, target);
  return core::ok_status();
}

std::vector<store::BanRow> ModerationService::bans(const std::string& streamer_id, int limit) {
  return store_.moderation().bans(streamer_id, clock_.now_ms(), limit);
}

core::Result<store::ChatModeRow> ModerationService::set_mode(const std::string& streamer_id,
                                                             const ChatModeChange& change) {
  if (change.slow_mode_seconds && (*change.slow_mode_seconds < 0 || *change.slow_mode_seconds > kMaxSlowModeSeconds)) {
    return core::Error::invalid("invalid_slow_mode",
                                "slow_mode_seconds must be 0 to " + std::to_string(kMaxSlowModeSeconds));
  }
  auto m = store_.moderation().chat_mode(streamer_id).value_or(store::ChatModeRow{streamer_id});
  if (change.slow_mode_seconds) m.slow_mode_seconds = *change.slow_mode_seconds;
  if (change.followers_only) m.followers_only = *change.followers_only;
  if (change.subscribers_only) m.subscribers_only = *change.subscribers_only;
  if (change.emote_only) m.emote_only = *change.emote_only;
  m.updated_at = std::max(clock_.now_ms(), m.updated_at + 1);
  store_.moderation().set_chat_mode(m);
  apply_mode(m);
  return m;
}

store::ChatModeRow ModerationService::mode(const std::string& streamer_id) {
  return store_.moderation().chat_mode(streamer_id).value_or(store::ChatModeRow{streamer_id});
}

core::Result<std::vector<std::string>> ModerationService::set_terms(const Identity& who, const std::string& streamer_id,
                                                                    const std::vector<std::string>& terms) {
  auto rules = load(streamer_id);
  if (role(*rules, who.user_id) == ChatRole::viewer) {
    return core::Error::forbidden("Only the streamer and their moderators manage blocked terms");
  }
  if (terms.size() > static_cast<size_t>(kMaxBlockedTerms)) {
    return core::Error::invalid("too_many_terms",
                                "A channel has at most " + std::to_string(kMaxBlockedTerms) + " blocked terms");
  }
  std::vector<std::string> out;
  for (const auto& t : terms) {
    if (t.size() > 4 * kMaxBlockedTermChars) return core::Error::invalid("invalid_term", "A blocked term is too long");
    auto n = normalize_blocked_term(t);
    if (!n) return n.error();
    out.push_back(std::move(*n));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  store_.moderation().set_blocked_terms(streamer_id, out, clock_.now_ms());
  update(streamer_id, [&](ChannelRules& c) { c.terms = out; });
  return out;
}

core::Result<std::vector<std::string>> ModerationService::terms(const Identity& who, const std::string& streamer_id) {
  auto rules = load(streamer_id);
  if (role(*rules, who.user_id) == ChatRole::viewer) {
    return core::Error::forbidden("Only the streamer and their moderators see blocked terms");
  }
  return store_.moderation().blocked_terms(streamer_id);
}

void ModerationService::apply_ban(const std::string& streamer_id, const std::string& user_id,
                                  std::optional<int64_t> until) {
  update(streamer_id, [&](ChannelRules& c) { c.bans[user_id] = until; });
}

void ModerationService::apply_unban(const std::string& streamer_id, const std::string& user_id) {
  update(streamer_id, [&](ChannelRules& c) { c.bans.erase(user_id); });
}

void ModerationService::apply_mode(const store::ChatModeRow& mode) {
  update(mode.streamer_id, [&](ChannelRules& c) {
    if (mode.updated_at >= c.mode.updated_at) c.mode = mode;
  });
}

}  // namespace tc::domain
