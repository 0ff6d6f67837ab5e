#pragma once
// Plain rows as stored. Times are epoch milliseconds; ids are UUID strings (external users keep
// their issuer's subject).
#include <cstdint>
#include <optional>
#include <string>

namespace tc::store {

struct UserRow {
  std::string id;
  std::string username;                      // as the user typed it
  std::string username_key;                  // lower-cased: uniqueness and look-up are case-insensitive
  std::optional<std::string> password_hash;  // argon2id string; none for external users
  std::string origin = "local";              // local | external
  int64_t created_at = 0;
};

struct StreamRow {
  std::string stream_id;
  std::string streamer_id;
  std::string streamer_username;  // joined from users on read
  std::string title;
  std::optional<std::string> description;
  std::optional<std::string> thumbnail_url;
  std::string status = "LIVE";  // LIVE | ENDED | SCHEDULED
  int viewer_count = 0;
  int peak_viewers = 0;
  int64_t started_at = 0;
  std::optional<int64_t> ended_at;
  std::optional<int> duration_seconds;
  std::string category = "trading";
  bool is_recording = true;
  std::optional<std::string> recording_url;
  std::optional<std::string> recording_state;  // pending | stored | failed (the server recording's upload)
  int64_t created_at = 0;
};

// Keyset pagination position in the directory's order (started_at desc, stream_id desc).
struct StreamCursor {
  int64_t started_at = 0;
  std::string stream_id;
};

struct StreamQuery {
  std::optional<std::string> status;
  std::optional<std::string> category;
  std::optional<std::string> streamer_id;
  std::optional<std::string> text;  // matched case-insensitively against title and streamer name
  std::optional<StreamCursor> after;
  int limit = 24;
};

// One chat message as stored (stream_messages).
struct MessageRow {
  std::string message_id;
  std::string stream_id;
  std::string user_id;
  std::string username;
  std::string message;
  std::string message_type = "TEXT";  // TEXT | EMOJI | TIP | ALERT
  std::optional<int64_t> tip_amount_cents;
  int64_t created_at = 0;
  std::optional<int64_t> deleted_at;    // removed by the streamer: out of history and replay
  std::optional<std::string> alert_id;  // an ALERT line: the alert it announces (issue 13)
};

// Keyset position in a stream's history (created_at, message_id), newest first.
struct MessageCursor {
  int64_t created_at = 0;
  std::string message_id;
};

// A viewer's watch session (stream_viewers): opened on the first join, closed on the last leave.
struct ViewerSessionRow {
  std::string viewer_id;
  std::string stream_id;
  std::string user_id;  // "anon:<socket id>" for anonymous viewers
  int64_t joined_at = 0;
  std::optional<int64_t> left_at;
  std::string node_id;  // the node serving the viewer (its bus id), so others can close it if it dies
};

// A node's last heartbeat (node_heartbeats), for declaring a silent node dead.
struct NodeHeartbeatRow {
  std::string node_id;
  int64_t heartbeat_at = 0;
};

// One sample of a stream's viewer count (stream_viewer_samples), for "viewers over time".
struct ViewerSampleRow {
  std::string stream_id;
  int64_t t = 0;
  int viewers = 0;
};

struct StreamStatsRow {
  int64_t total_tips_cents = 0;
  int64_t message_count = 0;
  double avg_watch_seconds = 0;  // over closed watch sessions
  int64_t viewer_sessions = 0;
};

}  // namespace tc::store
