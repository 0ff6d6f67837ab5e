#pragma once
// Channel moderation storage: appointed moderators, bans and timeouts, chat settings and blocked
// terms, all per streamer (a channel), across the streamer's streams. Every method blocks (DB pool).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tc::store {

struct ModeratorRow {
  std::string streamer_id;
  std::string user_id;
  std::string username;  // read only (joined from users)
  int64_t created_at = 0;
};

// A ban (expires_at empty: until lifted) or a timeout (expires_at set).
struct BanRow {
  std::string streamer_id;
  std::string user_id;
  std::string username;  // read only (joined from users)
  std::optional<int64_t> expires_at;
  std::string created_by;
  int64_t created_at = 0;
};

struct ChatModeRow {
  std::string streamer_id;
  int slow_mode_seconds = 0;  // 0 = off
  bool followers_only = false;
  bool subscribers_only = false;
  bool emote_only = false;
  int64_t updated_at = 0;
};

enum class AddModerator { added, exists, full };

class ModerationStore {
 public:
  virtual ~ModerationStore() = default;
  // Oldest first.
  virtual std::vector<ModeratorRow> moderators(const std::string& streamer_id) = 0;
  // Checked and written in one transaction: `full` when the channel already has `max`.
  virtual AddModerator add_moderator(const ModeratorRow& row, int max) = 0;
  virtual bool remove_moderator(const std::string& streamer_id, const std::string& user_id) = 0;
  // Inserts or replaces the user's ban/timeout; expired timeouts of the channel are purged first.
  // False (nothing written) when the channel already has `max` bans in force and this is a new one.
  virtual bool put_ban(const BanRow& row, int64_t now, int max) = 0;
  virtual bool remove_ban(const std::string& streamer_id, const std::string& user_id) = 0;
  // Bans and timeouts in force at `now`, newest first, at most `limit`.
  virtual std::vector<BanRow> bans(const std::string& streamer_id, int64_t now, int limit) = 0;
  virtual std::optional<ChatModeRow> chat_mode(const std::string& streamer_id) = 0;
  virtual void set_chat_mode(const ChatModeRow& row) = 0;
  // Sorted.
  virtual std::vector<std::string> blocked_terms(const std::string& streamer_id) = 0;
  // Replaces the channel's list in one transaction.
  virtual void set_blocked_terms(const std::string& streamer_id, const std::vector<std::string>& terms,
                                 int64_t now) = 0;
};

}  // namespace tc::store
