#pragma once
// The Store over SOCI. SQL here is portable between SQLite 3.40 and MariaDB 10.11; where they
// differ, SociDb says how (write locks, migrations).
#include <memory>

#include "store/soci/soci_db.hpp"
#include "store/store.hpp"

namespace tc::store {

class SociUserStore final : public UserStore {
 public:
  explicit SociUserStore(SociDb& db) : db_(db) {}
  bool insert(const UserRow& user) override;
  std::optional<UserRow> by_id(const std::string& id) override;
  std::optional<UserRow> by_username_key(const std::string& username_key) override;
  std::optional<UserRow> by_external(const std::string& issuer, const std::string& subject) override;
  bool insert_external(const UserRow& user, const std::string& issuer, const std::string& subject) override;

 private:
  std::optional<UserRow> one(const char* where, const std::string& value);
  SociDb& db_;  // borrowed, owned by SociStore
};

class SociStreamStore final : public StreamStore {
 public:
  explicit SociStreamStore(SociDb& db) : db_(db) {}
  bool insert_if_under_live_limit(const StreamRow& stream, int max_live) override;
  std::optional<StreamRow> get(const std::string& stream_id) override;
  bool end(const std::string& stream_id, int64_t ended_at, int duration_seconds) override;
  std::vector<StreamRow> list(const StreamQuery& query) override;
  bool set_thumbnail_url(const std::string& stream_id, const std::string& url) override;
  bool set_recording_url(const std::string& stream_id, const std::string& url) override;
  bool set_recording_state(const std::string& stream_id, const std::string& state) override;

 private:
  SociDb& db_;  // borrowed, owned by SociStore
};

class SociLedgerStore final : public LedgerStore {
 public:
  explicit SociLedgerStore(SociDb& db) : db_(db) {}
  void ensure_user_account(const std::string& user_id, int64_t now) override;
  int64_t balance(const std::string& account_id) override;
  std::optional<TransferRow> transfer_by_key(const std::string& scope, const std::string& key) override;
  PostStatus post(const TransferWrite& t) override;
  PostStatus post_tip(const TransferWrite& t, const TipRow& tip, const TipMessageRow& msg) override;
  std::optional<TipRow> tip(const std::string& tip_id) override;
  TipTotals stream_tips(const std::string& stream_id) override;
  std::vector<StatementLine> statement(const std::string& account_id, std::optional<int64_t> before,
                                       int limit) override;
  int64_t earnings(const std::string& account_id, const std::string& transfer_kind) override;
  PostStatus request_payout(const TransferWrite& t, const PayoutRow& payout) override;
  PostStatus decide_payout(const std::string& payout_id, const std::string& status, int64_t decided_at,
                           const TransferWrite& t) override;
  std::optional<PayoutRow> payout(const std::string& payout_id) override;
  std::vector<PayoutRow> payouts(const std::optional<std::string>& user_id, const std::optional<std::string>& status,
                                 int limit) override;
  std::vector<std::string> currencies() override;
  LedgerReport verify() override;

 private:
  SociDb& db_;  // borrowed, owned by SociStore
};

class SociSubscriptionStore final : public SubscriptionStore {
 public:
  explicit SociSubscriptionStore(SociDb& db) : db_(db) {}
  std::optional<ChannelPricesRow> prices(const std::string& streamer_id) override;
  void set_prices(const ChannelPricesRow& row) override;
  std::optional<SubscriptionRow> get(const std::string& follower_id, const std::string& streamer_id) override;
  std::optional<SubscriptionRow> by_id(const std::string& subscription_id) override;
  std::vector<SubscriptionRow> for_follower(const std::string& follower_id) override;
  TierCounts counts(const std::string& streamer_id, int64_t now) override;
  std::vector<std::pair<std::string, std::string>> paid_access(const std::string& streamer_id, int64_t now,
                                                               int limit) override;
  std::vector<SubscriptionRow> due(int64_t now, int limit) override;
  PostStatus save(const SubscriptionRow& next, std::optional<int64_t> expected_updated_at,
                  const std::optional<TransferWrite>& charge) override;
  bool remove_free(const std::string& follower_id, const std::string& streamer_id) override;

 private:
  std::vector<SubscriptionRow> query(const std::string& where, const std::vector<std::string>& params);
  SociDb& db_;  // borrowed, owned by SociStore
};

class SociChatStore final : public ChatStore {
 public:
  explicit SociChatStore(SociDb& db) : db_(db) {}
  void insert_batch(const std::vector<MessageRow>& messages) override;
  bool mark_deleted(const std::string& stream_id, const std::string& message_id, int64_t at) override;
  std::vector<MessageRow> latest(const std::string& stream_id, int limit,
                                 const std::optional<MessageCursor>& before) override;

 private:
  SociDb& db_;  // borrowed, owned by SociStore
};

class SociViewerStore final : public ViewerStore {
 public:
  explicit SociViewerStore(SociDb& db) : db_(db) {}
  void apply(const std::vector<ViewerSessionRow>& sessions) override;
  int add_samples(const std::vector<ViewerSampleRow>& samples, int max_per_stream) override;
  std::vector<ViewerSampleRow> samples(const std::string& stream_id, int limit) override;
  int close_open(const std::string& stream_id, int64_t now) override;
  void update_counts(const std::string& stream_id, int current, int peak) override;
  StreamStatsRow stats(const std::string& stream_id) override;
  // soci_node_heartbeats.cpp
  bool node_heartbeat(const std::string& node_id, int64_t now) override;
  std::vector<NodeHeartbeatRow> stale_nodes(int64_t cutoff) override;
  std::optional<std::vector<std::string>> reap_node(const std::string& node_id, int64_t cutoff) override;

 private:
  SociDb& db_;  // borrowed, owned by SociStore
};

class SociModerationStore final : public ModerationStore {
 public:
  explicit SociModerationStore(SociDb& db) : db_(db) {}
  std::vector<ModeratorRow> moderators(const std::string& streamer_id) override;
  AddModerator add_moderator(const ModeratorRow& row, int max) override;
  bool remove_moderator(const std::string& streamer_id, const std::string& user_id) override;
  bool put_ban(const BanRow& row, int64_t now, int max) override;
  bool remove_ban(const std::string& streamer_id, const std::string& user_id) override;
  std::vector<BanRow> bans(const std::string& streamer_id, int64_t now, int limit) override;
  std::optional<ChatModeRow> chat_mode(const std::string& streamer_id) override;
  void set_chat_mode(const ChatModeRow& row) override;
  std::vector<std::string> blocked_terms(const std::string& streamer_id) override;
  void set_blocked_terms(const std::string& streamer_id, const std::vector<std::string>& terms, int64_t now) override;

 private:
  SociDb& db_;  // borrowed, owned by SociStore
};

class SociAlertStore final : public AlertStore {
 public:
  explicit SociAlertStore(SociDb& db) : db_(db) {}
  AppendResult append(const std::string& streamer_id, const std::string& alert_id, const AlertSealer& seal) override;
  std::optional<AlertRow> alert(const std::string& alert_id) override;
  std::vector<AlertRow> alerts_by_id(const std::vector<std::string>& alert_ids) override;
  std::optional<AlertRow> alert_by_key(const std::string& streamer_id, const std::string& key) override;
  std::vector<AlertRow> alerts(const AlertQuery& query) override;
  std::vector<AlertEventRow> events_of(const std::vector<std::string>& alert_ids) override;
  std::optional<AlertEventRow> update_by_key(const std::string& alert_id, const std::string& key) override;
  std::vector<AlertEventRow> log(const std::string& streamer_id, int64_t after_seq, int limit) override;
  std::vector<std::string> channels() override;
  std::optional<AlertSettingsRow> settings(const std::string& streamer_id) override;
  AlertSettingsRow add_settings(const AlertSettingsRow& row) override;

 private:
  SociDb& db_;  // borrowed, owned by SociStore
};

class SociStore final : public Store {
 public:
  explicit SociStore(std::unique_ptr<SociDb> db)
      : db_(std::move(db)),
        users_(*db_),
        streams_(*db_),
        ledger_(*db_),
        subscriptions_(*db_),
        chat_(*db_),
        viewers_(*db_),
        moderation_(*db_),
        alerts_(*db_) {}

  UserStore& users() override { return users_; }
  StreamStore& streams() override { return streams_; }
  LedgerStore& ledger() override { return ledger_; }
  SubscriptionStore& subscriptions() override { return subscriptions_; }
  ChatStore& chat() override { return chat_; }
  ViewerStore& viewers() override { return viewers_; }
  ModerationStore& moderation() override { return moderation_; }
  AlertStore& alerts() override { return alerts_; }
  void migrate() override { db_->migrate(); }
  int schema_version() override { return db_->schema_version(); }
  bool ping() noexcept override { return db_->ping(); }
  std::string dialect() const override { return db_->dialect_name(); }

 private:
  std::unique_ptr<SociDb> db_;  // owned
  SociUserStore users_;
  SociStreamStore streams_;
  SociLedgerStore ledger_;
  SociSubscriptionStore subscriptions_;
  SociChatStore chat_;
  SociViewerStore viewers_;
  SociModerationStore moderation_;
  SociAlertStore alerts_;
};

}  // namespace tc::store
