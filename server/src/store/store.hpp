#pragma once
#include <chrono>
#include <exception>
// The storage interfaces the domain is written against. Implementations: SQLite (embedded default)
// and MariaDB/MySQL, both checked by one contract suite (tests/contract). Every method blocks: call
// them from a BlockingPool, never from an I/O thread. Infrastructure failures throw StoreError.
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/alert_store.hpp"
#include "store/moderation_store.hpp"
#include "store/money_store.hpp"
#include "store/rows.hpp"

namespace tc::store {

struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class UserStore {
 public:
  virtual ~UserStore() = default;
  // False when the username (case-insensitively) or the id is taken; nothing is written then.
  virtual bool insert(const UserRow& user) = 0;
  virtual std::optional<UserRow> by_id(const std::string& id) = 0;
  virtual std::optional<UserRow> by_username_key(const std::string& username_key) = 0;
  // External identities (issue 12): the user an external issuer's subject maps to, if any.
  virtual std::optional<UserRow> by_external(const std::string& issuer, const std::string& subject) = 0;
  // Inserts `user` and maps (issuer, subject) to it, in one transaction. False when the id, the
  // username or the mapping is taken (a concurrent first sign-in, say); nothing is written then.
  virtual bool insert_external(const UserRow& user, const std::string& issuer, const std::string& subject) = 0;
};

class StreamStore {
 public:
  virtual ~StreamStore() = default;
  // Inserts `stream` unless its streamer already has `max_live` LIVE streams; checked and written in
  // one transaction so concurrent creates cannot pass the limit together.
  virtual bool insert_if_under_live_limit(const StreamRow& stream, int max_live) = 0;
  virtual std::optional<StreamRow> get(const std::string& stream_id) = 0;
  // LIVE → ENDED. False when the stream is not LIVE (already ended or unknown): nothing changes.
  virtual bool end(const std::string& stream_id, int64_t ended_at, int duration_seconds) = 0;
  virtual std::vector<StreamRow> list(const StreamQuery& query) = 0;
  // Media artefacts (issue 5). False when the stream does not exist.
  virtual bool set_thumbnail_url(const std::string& stream_id, const std::string& url) = 0;
  virtual bool set_recording_url(const std::string& stream_id, const std::string& url) = 0;
  // pending | stored | failed; false if no such stream.
  virtual bool set_recording_state(const std::string& stream_id, const std::string& state) = 0;
};

class ChatStore {
 public:
  virtual ~ChatStore() = default;
  // All or nothing, in one transaction (the chat writer's batches).
  virtual void insert_batch(const std::vector<MessageRow>& messages) = 0;
  // Marks a message deleted; false when the stream has no such message.
  virtual bool mark_deleted(const std::string& stream_id, const std::string& message_id, int64_t at) = 0;
  // Newest first, strictly before `before` when given; deleted messages left out.
  virtual std::vector<MessageRow> latest(const std::string& stream_id, int limit,
                                         const std::optional<MessageCursor>& before) = 0;
};

class ViewerStore {
 public:
  virtual ~ViewerStore() = default;
  // Opens (left_at empty) and closes watch sessions, in order, in one transaction.
  virtual void apply(const std::vector<ViewerSessionRow>& sessions) = 0;
  // Closes every open session of `stream_id` (all streams when empty) at `now`; returns how many.
  virtual int close_open(const std::string& stream_id, int64_t now) = 0;
  // streams.viewer_count = current; peak_viewers raised to `peak` if higher.
  virtual void update_counts(const std::string& stream_id, int current, int peak) = 0;
  virtual StreamStatsRow stats(const std::string& stream_id) = 0;
  // Viewers over time. Writes the samples in one transaction, leaving out a sample whose stream
  // already has `max_per_stream` (its cap) or does not exist; returns how many were written.
  virtual int add_samples(const std::vector<ViewerSampleRow>& samples, int max_per_stream) = 0;
  // A stream's samples, oldest first, at most `limit`.
  virtual std::vector<ViewerSampleRow> samples(const std::string& stream_id, int limit) = 0;

  // Several nodes (issue 12 §3; the rules are domain/viewers/node_liveness's). Records `node_id`'s
  // heartbeat at `now`; false when it had no row (its first beat, or it had been declared dead).
  virtual bool node_heartbeat(const std::string& node_id, int64_t now) = 0;
  // Nodes whose last heartbeat is older than `cutoff` (at most 100).
  virtual std::vector<NodeHeartbeatRow> stale_nodes(int64_t cutoff) = 0;
  // Declares a node still older than `cutoff` dead, in one transaction: its row goes, its open watch
  // sessions close at its last heartbeat, and each of their streams' viewer_count becomes the
  // sessions still open. The streams, or nullopt when it is not (or no longer) stale: another node
  // reaped it first, or it beat again.
  virtual std::optional<std::vector<std::string>> reap_node(const std::string& node_id, int64_t cutoff) = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual UserStore& users() = 0;
  virtual StreamStore& streams() = 0;
  virtual LedgerStore& ledger() = 0;
  virtual SubscriptionStore& subscriptions() = 0;
  virtual ChatStore& chat() = 0;
  virtual ViewerStore& viewers() = 0;
  virtual ModerationStore& moderation() = 0;
  virtual AlertStore& alerts() = 0;

  // Applies pending migrations under a lock shared by every process on this database.
  virtual void migrate() = 0;
  virtual int schema_version() = 0;
  // True when the database answers a trivial query. Never throws.
  virtual bool ping() noexcept = 0;
  virtual std::string dialect() const = 0;  // "sqlite" | "mariadb"
};

// Opens the store named by `url`: empty or "sqlite:PATH" for SQLite (default PATH
// data_dir/tradecast.db), "mysql://user:pass@host:port/db[?socket=/path]" for MariaDB/MySQL.
// `io_timeout` (MariaDB; 0: none) bounds connecting and every read and write on a connection, so a
// hung server costs a call at most that long (it then fails as StoreFailure::unavailable). Long
// operator work (migrations, ledger verify) opens its store without it.
std::unique_ptr<Store> open_store(const std::string& url, const std::string& data_dir, int pool_size,
                                  std::chrono::milliseconds io_timeout = {});

// When a store call failed because of the database itself rather than the query: it did not answer
// (connection refused, lost or timed out) or it has no space left. nullopt for anything else.
enum class StoreFailure { unavailable, full };
std::optional<StoreFailure> store_failure(const std::exception& e);

}  // namespace tc::store
