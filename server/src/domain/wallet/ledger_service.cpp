#include "domain/wallet/ledger_service.hpp"

#include <charconv>

#include "core/ids.hpp"
#include "core/text.hpp"
#include "domain/wallet/transfers.hpp"

namespace tc::domain {
namespace {
constexpr int kStatementDefault = 20;
constexpr int kPayoutList = 100;

core::Error key_reused() {
  return core::Error::conflict("idempotency_key_reused", "This idempotency_key was already used for another request");
}
core::Error insufficient() { return core::Error::conflict("insufficient_funds", "Your wallet balance is too low"); }
}  // namespace

LedgerService::LedgerService(store::Store& store, const core::Clock& clock, MoneySettings settings)
    : store_(store), clock_(clock), settings_(std::move(settings)) {}

core::Result<DepositOutcome> LedgerService::deposit(const DepositInput& in, bool by_name_too) {
  if (auto s = check_amount(in.amount_cents, kMaxTransferCents); !s) return s.error();
  if (in.idempotency_key) {
    if (auto s = check_idempotency_key(*in.idempotency_key); !s) return s.error();
  }
  auto user = store_.users().by_id(in.user);
  if (!user && by_name_too) user = store_.users().by_username_key(core::to_lower_ascii(in.user));
  if (!user) return core::Error::not_found("user_not_found", "No such user");

  const std::string scope = "deposit";
  const auto fingerprint = request_fingerprint(user->id + "\n" + std::to_string(in.amount_cents));
  auto replay = [&](const store::TransferRow& first) -> core::Result<DepositOutcome> {
    if (first.request_hash.value_or("") != fingerprint) return key_reused();
    return DepositOutcome{first, user->id, store_.ledger().balance(store::user_account(user->id)), true};
  };
  if (in.idempotency_key) {
    if (auto first = store_.ledger().transfer_by_key(scope, *in.idempotency_key)) return replay(*first);
  }

  const int64_t now = clock_.now_ms();
  store_.ledger().ensure_user_account(user->id, now);
  auto w = new_transfer("DEPOSIT", in.amount_cents, settings_.currency, user->id, in.initiator, now);
  set_idempotency(w.transfer, scope, in.idempotency_key, fingerprint);
  w.entries = {{store::kExternalFunding, -in.amount_cents, "DEPOSIT"},
               {store::user_account(user->id), in.amount_cents, "DEPOSIT"}};
  switch (store_.ledger().post(w)) {
    case store::PostStatus::posted:
      return DepositOutcome{w.transfer, user->id, store_.ledger().balance(store::user_account(user->id)), false};
    case store::PostStatus::duplicate_key:
      if (auto first = store_.ledger().transfer_by_key(scope, *in.idempotency_key)) return replay(*first);
      [[fallthrough]];
    default:
      throw store::StoreError("deposit could not be posted");
  }
}

WalletView LedgerService::wallet(const Identity& who) {
  const auto account = store::user_account(who.user_id);
  WalletView v;
  v.balance_cents = store_.ledger().balance(account);
  v.currency = settings_.currency;
  v.tips_earned_cents = store_.ledger().earnings(account, "TIP");
  v.subscriptions_earned_cents = store_.ledger().earnings(account, "SUBSCRIPTION");
  return v;
}

core::Result<StatementPage> LedgerService::transactions(const Identity& who, std::optional<int> limit,
                                                        const std::optional<std::string>& cursor) {
  const int n = limit.value_or(kStatementDefault);
  if (n < 1 || n > kStatementMax)
    return core::Error::invalid("invalid_limit", "limit must be 1 to " + std::to_string(kStatementMax));
  std::optional<int64_t> before;
  if (cursor) {
    int64_t v = 0;
    auto [p, ec] = std::from_chars(cursor->data(), cursor->data() + cursor->size(), v);
    if (ec != std::errc() || p != cursor->data() + cursor->size() || v < 1) {
      return core::Error::invalid("invalid_cursor", "cursor is not one this server issued");
    }
    before = v;
  }
  StatementPage page;
  page.lines = store_.ledger().statement(store::user_account(who.user_id), before, n + 1);
  if (static_cast<int>(page.lines.size()) > n) {
    page.lines.resize(n);
    page.next_cursor = std::to_string(page.lines.back().entry_id);
  }
  return page;
}

core::Result<store::PayoutRow> LedgerService::request_payout(const Identity& who, int64_t amount_cents,
                                                             const std::optional<std::string>& idempotency_key) {
  if (auto s = check_amount(amount_cents, kMaxTransferCents); !s) return s.error();
  if (idempotency_key) {
    if (auto s = check_idempotency_key(*idempotency_key); !s) return s.error();
  }
  const std::string scope = "payout:" + who.user_id;
  const auto fingerprint = request_fingerprint(std::to_string(amount_cents));
  auto replay = [&](const store::TransferRow& first) -> core::Result<store::PayoutRow> {
    if (first.request_hash.value_or("") != fingerprint || !first.reference_id) return key_reused();
    if (auto p = store_.ledger().payout(*first.reference_id)) return *p;
    throw store::StoreError("PAYOUT_REQUEST transfer without its payout row");
  };
  if (idempotency_key) {
    if (auto first = store_.ledger().transfer_by_key(scope, *idempotency_key)) return replay(*first);
  }
  const int64_t now = clock_.now_ms();
  store_.ledger().ensure_user_account(who.user_id, now);
  store::PayoutRow p;
  p.payout_id = core::new_uuid();
  p.user_id = who.user_id;
  p.amount_cents = amount_cents;
  p.currency = settings_.currency;
  p.requested_at = now;
  auto w = new_transfer("PAYOUT_REQUEST", amount_cents, settings_.currency, p.payout_id, who.user_id, now);
  set_idempotency(w.transfer, scope, idempotency_key, fingerprint);
  w.entries = {{store::user_account(who.user_id), -amount_cents, "PAYOUT_REQUEST"},
               {store::kPlatformPayouts, amount_cents, "PAYOUT_REQUEST"}};
  switch (store_.ledger().request_payout(w, p)) {
    case store::PostStatus::posted:
      return p;
    case store::PostStatus::insufficient_funds:
      return insufficient();
    case store::PostStatus::duplicate_key:
      if (auto first = store_.ledger().transfer_by_key(scope, *idempotency_key)) return replay(*first);
      [[fallthrough]];
    default:
      throw store::StoreError("payout could not be posted");
  }
}

core::Result<store::PayoutRow> LedgerService::decide_payout(const std::string& payout_id, const std::string& status) {
  if (status != "PAID" && status != "REJECTED")
    return core::Error::invalid("invalid_status", "status must be PAID or REJECTED");
  if (!core::is_uuid(payout_id)) return core::Error::not_found("payout_not_found", "No such payout");
  auto p = store_.ledger().payout(payout_id);
  if (!p) return core::Error::not_found("payout_not_found", "No such payout");
  auto decided = [] {
    return core::Error::conflict("payout_already_decided", "This payout was already paid or rejected");
  };
  if (p->status != "REQUESTED") return decided();

  const int64_t now = clock_.now_ms();
  auto w =
      new_transfer(status == "PAID" ? "PAYOUT" : "REFUND", p->amount_cents, p->currency, p->payout_id, "operator", now);
  const std::string to = status == "PAID" ? store::kExternalFunding : store::user_account(p->user_id);
  w.entries = {{store::kPlatformPayouts, -p->amount_cents, w.transfer.kind}, {to, p->amount_cents, w.transfer.kind}};
  switch (store_.ledger().decide_payout(payout_id, status, now, w)) {
    case store::PostStatus::posted:
      p->status = status;
      p->decided_at = now;
      return *p;
    case store::PostStatus::precondition_failed:
      return decided();
    default:
      throw store::StoreError("payout decision could not be posted");
  }
}

std::vector<store::PayoutRow> LedgerService::payouts_of(const Identity& who) {
  return store_.ledger().payouts(who.user_id, std::nullopt, kPayoutList);
}

core::Result<std::vector<store::PayoutRow>> LedgerService::payouts_with_status(
    const std::optional<std::string>& status) {
  if (status && *status != "REQUESTED" && *status != "PAID" && *status != "REJECTED") {
    return core::Error::invalid("invalid_status", "status must be REQUESTED, PAID or REJECTED");
  }
  return store_.ledger().payouts(std::nullopt, status, kPayoutList);
}

store::LedgerReport LedgerService::verify() { return store_.ledger().verify(); }

core::Status LedgerService::check_currency() {
  for (const auto& c : store_.ledger().currencies()) {
    if (c != settings_.currency) {
      return core::Error{core::ErrorKind::conflict, "currency_mismatch",
                         "the ledger holds " + c + " transfers but --currency is " + settings_.currency};
    }
  }
  return core::ok_status();
}

}  // namespace tc::domain
