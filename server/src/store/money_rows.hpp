#pragma once
// Rows of the money tables (migration 0003): ledger accounts, transfers and entries, tips,
// payouts, channel prices and subscriptions. Amounts are int64 cents; times epoch milliseconds.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tc::store {

// Well-known ledger accounts (created by the migration). User wallets are "user:<user id>".
inline constexpr const char* kPlatformRevenue = "platform:revenue";  // fees
inline constexpr const char* kPlatformPayouts = "platform:payouts";  // payouts requested, not yet decided
inline constexpr const char* kExternalFunding = "external:funding";  // the outside world: may go negative
inline std::string user_account(const std::string& user_id) { return "user:" + user_id; }

// One leg of a transfer: positive credits the account, negative debits it.
struct EntryWrite {
  std::string account_id;
  int64_t amount_cents = 0;
  std::string entry_kind;  // DEPOSIT, TIP, FEE, SUBSCRIPTION, PAYOUT_REQUEST, PAYOUT, REFUND, ADJUSTMENT
};

struct TransferRow {
  std::string transfer_id;
  std::string kind;  // DEPOSIT | TIP | SUBSCRIPTION | PAYOUT_REQUEST | PAYOUT | REFUND | ADJUSTMENT
  int64_t amount_cents = 0;
  std::string currency;
  std::optional<std::string> reference_id;  // tip_id, payout_id, subscription_id
  std::optional<std::string> stream_id;     // for tips
  std::string initiator;                    // user id, "operator" or "system"
  std::optional<std::string> idem_scope;    // idempotency: (scope, key) is unique
  std::optional<std::string> idem_key;
  std::optional<std::string> request_hash;  // what was asked with that key, to detect reuse
  int64_t created_at = 0;
};

struct TransferWrite {
  TransferRow transfer;
  std::vector<EntryWrite> entries;  // must sum to zero; zero-amount legs are skipped
};

// How a write went. Anything else (database gone) throws StoreError / soci errors.
enum class PostStatus {
  posted,
  insufficient_funds,  // a debit would take a non-external account below zero
  duplicate_key,       // the idempotency (scope, key) exists: read it back with transfer_by_key
  precondition_failed, // the row the write depends on is not in the expected state (stream not live,
                       // payout already decided, subscription changed meanwhile)
};

struct TipRow {
  std::string tip_id;
  std::string stream_id;
  std::string from_user_id;
  std::string to_user_id;
  int64_t amount_cents = 0;
  int64_t fee_cents = 0;
  std::string currency;
  std::optional<std::string> message;
  int64_t created_at = 0;
};

// The TIP line shown in chat, written with the tip.
struct TipMessageRow {
  std::string message_id;
  std::string username;
  std::string text;
};

// One line of an account statement: an entry joined with its transfer.
struct StatementLine {
  int64_t entry_id = 0;
  std::string transfer_id;
  std::string transfer_kind;
  std::string entry_kind;
  int64_t amount_cents = 0;
  std::optional<std::string> reference_id;
  std::optional<std::string> stream_id;
  int64_t created_at = 0;
};

struct TipTotals {
  int64_t total_cents = 0;
  int64_t fee_cents = 0;
  int64_t count = 0;
};

struct PayoutRow {
  std::string payout_id;
  std::string user_id;
  int64_t amount_cents = 0;
  std::string currency;
  std::string status = "REQUESTED";  // REQUESTED | PAID | REJECTED
  int64_t requested_at = 0;
  std::optional<int64_t> decided_at;
  std::optional<std::string> note;
};

// What `ledger verify` found: every broken invariant as a line, plus the totals it compared.
struct LedgerReport {
  std::vector<std::string> problems;
  int64_t transfers = 0;
  int64_t entries = 0;
  int64_t accounts = 0;
  int64_t internal_balance_cents = 0;  // every account except external:funding
  int64_t deposits_cents = 0;
  int64_t paid_payouts_cents = 0;
  bool ok() const { return problems.empty(); }
};

struct ChannelPricesRow {
  std::string streamer_id;
  std::optional<int64_t> basic_cents;
  std::optional<int64_t> premium_cents;
  int64_t updated_at = 0;
};

struct SubscriptionRow {
  std::string subscription_id;
  std::string follower_id;
  std::string streamer_id;
  std::string tier = "FREE";      // FREE | BASIC | PREMIUM
  std::optional<int64_t> price_cents;  // price of the current period
  std::string status = "ACTIVE";  // ACTIVE | CANCELLED | EXPIRED
  int64_t created_at = 0;
  std::optional<int64_t> expires_at;  // end of the paid period; none for FREE
  std::optional<std::string> pending_tier;  // downgrade applied at the next renewal
  std::optional<int64_t> cancelled_at;
  int64_t updated_at = 0;  // version for optimistic concurrency
  std::string streamer_username;  // joined on read
};

struct TierCounts {
  int64_t free = 0;
  int64_t basic = 0;
  int64_t premium = 0;
};

}  // namespace tc::store
