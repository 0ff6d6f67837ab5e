#pragma once
// Storage of money: the ledger (transfers that sum to zero, balances that never go negative),
// tips, payouts, channel prices and subscriptions. Every write that moves money is one database
// transaction that checks balances inside it (SQLite BEGIN IMMEDIATE; MariaDB conditional UPDATE on
// row locks taken in account order) and commits durably (SQLite synchronous=FULL for that
// transaction). Blocking: call from a BlockingPool.
#include <optional>
#include <string>
#include <vector>

#include "store/money_rows.hpp"

namespace tc::store {

class LedgerStore {
 public:
  virtual ~LedgerStore() = default;

  // Creates the user's wallet account (balance 0) if missing. Idempotent.
  virtual void ensure_user_account(const std::string& user_id, int64_t now) = 0;
  virtual int64_t balance(const std::string& account_id) = 0;  // 0 for an unknown account
  virtual std::optional<TransferRow> transfer_by_key(const std::string& scope, const std::string& key) = 0;

  // Posts a transfer (deposit, …). Accounts must exist.
  virtual PostStatus post(const TransferWrite& t) = 0;
  // A tip: the transfer, the stream_tips row and the TIP chat line in one transaction; fails with
  // precondition_failed when the stream is not LIVE at that moment.
  virtual PostStatus post_tip(const TransferWrite& t, const TipRow& tip, const TipMessageRow& msg) = 0;
  virtual std::optional<TipRow> tip(const std::string& tip_id) = 0;
  // Sums of TIP transfers for a stream, from the ledger.
  virtual TipTotals stream_tips(const std::string& stream_id) = 0;
  // Newest first; entries with entry_id < before when given.
  virtual std::vector<StatementLine> statement(const std::string& account_id, std::optional<int64_t> before,
                                               int limit) = 0;
  // Credits to the account by transfer kind TIP and SUBSCRIPTION (what a streamer earned).
  virtual int64_t earnings(const std::string& account_id, const std::string& transfer_kind) = 0;

  // Payouts: the request moves the money to platform:payouts; deciding moves it on to
  // external:funding (PAID) or back to the user (REJECTED) — conditional on the payout still
  // being REQUESTED (precondition_failed otherwise).
  virtual PostStatus request_payout(const TransferWrite& t, const PayoutRow& payout) = 0;
  virtual PostStatus decide_payout(const std::string& payout_id, const std::string& status, int64_t decided_at,
                                   const TransferWrite& t) = 0;
  virtual std::optional<PayoutRow> payout(const std::string& payout_id) = 0;
  // A user's payouts (user_id set) or every payout with `status` (operator view); newest first.
  virtual std::vector<PayoutRow> payouts(const std::optional<std::string>& user_id,
                                         const std::optional<std::string>& status, int limit) = 0;

  // Currencies the ledger's transfers are in (one, or none on a new database).
  virtual std::vector<std::string> currencies() = 0;

  // Checks every invariant over the whole ledger (read-only).
  virtual LedgerReport verify() = 0;
};

class SubscriptionStore {
 public:
  virtual ~SubscriptionStore() = default;
  virtual std::optional<ChannelPricesRow> prices(const std::string& streamer_id) = 0;
  virtual void set_prices(const ChannelPricesRow& row) = 0;
  virtual std::optional<SubscriptionRow> get(const std::string& follower_id, const std::string& streamer_id) = 0;
  virtual std::optional<SubscriptionRow> by_id(const std::string& subscription_id) = 0;
  virtual std::vector<SubscriptionRow> for_follower(const std::string& follower_id) = 0;
  // Subscribers with access at `now`: FREE follows, and paid tiers not yet expired.
  virtual TierCounts counts(const std::string& streamer_id, int64_t now) = 0;
  // (follower_id, tier) of the paid subscriptions (BASIC, PREMIUM) with access at `now`, at most
  // `limit` (the most recently created first beyond it): who is in which tier for timed releases.
  virtual std::vector<std::pair<std::string, std::string>> paid_access(const std::string& streamer_id, int64_t now,
                                                                       int limit) = 0;
  // Paid subscriptions (ACTIVE or CANCELLED) whose period ended at or before `now`.
  virtual std::vector<SubscriptionRow> due(int64_t now, int limit) = 0;
  // Writes `next` in one transaction with an optional charge. When `expected_updated_at` is set,
  // the row must still carry that version (else precondition_failed); when it is not, the row
  // must not exist yet (else precondition_failed).
  virtual PostStatus save(const SubscriptionRow& next, std::optional<int64_t> expected_updated_at,
                          const std::optional<TransferWrite>& charge) = 0;
  // Removes a FREE follow. False when there was none.
  virtual bool remove_free(const std::string& follower_id, const std::string& streamer_id) = 0;
};

}  // namespace tc::store
