#include "domain/wallet/tip_service.hpp"

#include "core/ids.hpp"
#include "core/logging.hpp"
#include "domain/wallet/transfers.hpp"
#include "core/text.hpp"

namespace tc::domain {
namespace {

core::Error stream_not_found() { return core::Error::not_found("stream_not_found", "No such stream"); }
core::Error stream_not_live() { return core::Error::conflict("stream_not_live", "Tips are only for live streams"); }
core::Error key_reused() {
  return core::Error::conflict("idempotency_key_reused",
                               "This idempotency_key was already used for a different tip; use a new key");
}

// The message as stored: absent or empty → none. Errors: invalid_message, message_too_long.
core::Result<std::optional<std::string>> normalize_message(const std::optional<std::string>& m) {
  if (!m) return std::optional<std::string>{};
  const auto t = core::trim(*m);
  const auto len = core::utf8_length(t);
  if (!len || core::has_control_chars(t)) {
    return core::Error::invalid("invalid_message", "message must be valid text without control characters");
  }
  if (*len > kTipMessageMax) return core::Error::invalid("message_too_long", "message must be at most 200 characters");
  if (t.empty()) return std::optional<std::string>{};
  return std::optional<std::string>(std::string(t));
}

}  // namespace

TipService::TipService(store::Store& store, const core::Clock& clock, MoneySettings settings)
    : store_(store), clock_(clock), settings_(std::move(settings)), limiter_(clock, settings_.tip_rate) {}

core::Result<TipOutcome> TipService::replay(const Identity& from, const store::TransferRow& first,
                                            const std::string& fingerprint) {
  if (first.request_hash.value_or("") != fingerprint || !first.reference_id) return key_reused();
  auto tip = store_.ledger().tip(*first.reference_id);
  if (!tip) throw store::StoreError("TIP transfer " + first.transfer_id + " has no stream_tips row");
  return TipOutcome{std::move(*tip), from.username, true};
}

core::Result<TipOutcome> TipService::send(const Identity& from, const TipInput& in) {
  if (auto s = check_amount(in.amount_cents, settings_.tip_max_cents); !s) return s.error();
  auto message = normalize_message(in.message);
  if (!message) return message.error();
  if (auto s = check_idempotency_key(in.idempotency_key); !s) return s.error();
  if (!core::is_uuid(in.stream_id)) return stream_not_found();

  const std::string scope = "tip:" + from.user_id;
  const auto fingerprint =
      request_fingerprint(in.stream_id + "\n" + std::to_string(in.amount_cents) + "\n" + message->value_or(""));
  // A retry with a key we have seen returns the first result, whatever happened since.
  if (auto first = store_.ledger().transfer_by_key(scope, in.idempotency_key)) return replay(from, *first, fingerprint);

  auto stream = store_.streams().get(in.stream_id);
  if (!stream) return stream_not_found();
  if (stream->streamer_id == from.user_id)
    return core::Error::invalid("cannot_tip_self", "You cannot tip your own stream");
  if (stream->status != "LIVE") return stream_not_live();
  if (limiter_.enabled()) {
    if (auto d = limiter_.acquire(from.user_id); !d.allowed) {
      return core::Error::rate_limited(static_cast<int>((d.retry_after_ms + 999) / 1000));
    }
  }

  const int64_t now = clock_.now_ms();
  store_.ledger().ensure_user_account(from.user_id, now);
  store_.ledger().ensure_user_account(stream->streamer_id, now);

  const auto split = split_fee(in.amount_cents, settings_.fee_bps);
  store::TipRow tip;
  tip.tip_id = core::new_uuid();
  tip.stream_id = in.stream_id;
  tip.from_user_id = from.user_id;
  tip.to_user_id = stream->streamer_id;
  tip.amount_cents = in.amount_cents;
  tip.fee_cents = split.fee_cents;
  tip.currency = settings_.currency;
  tip.message = *message;
  tip.created_at = now;

  auto w = new_transfer("TIP", in.amount_cents, settings_.currency, tip.tip_id, from.user_id, now);
  w.transfer.stream_id = in.stream_id;
  set_idempotency(w.transfer, scope, in.idempotency_key, fingerprint);
  w.entries = {{store::user_account(from.user_id), -in.amount_cents, "TIP"},
               {store::user_account(stream->streamer_id), split.credit_cents, "TIP"},
               {store::kPlatformRevenue, split.fee_cents, "FEE"}};

  const store::TipMessageRow chat{core::new_uuid(), from.username, message->value_or("")};
  switch (store_.ledger().post_tip(w, tip, chat)) {
    case store::PostStatus::posted: {
      TipOutcome out{std::move(tip), from.username, false};
      if (listener_) listener_->on_tip(out, chat.message_id);
      return out;
    }
    case store::PostStatus::insufficient_funds:
      return core::Error::conflict("insufficient_funds", "Your wallet balance is too low for this tip");
    case store::PostStatus::precondition_failed:
      return stream_not_live();
    case store::PostStatus::duplicate_key:
      // The same key raced us and won: answer with its result.
      if (auto first = store_.ledger().transfer_by_key(scope, in.idempotency_key)) {
        return replay(from, *first, fingerprint);
      }
      throw store::StoreError("duplicate idempotency key but no transfer found");
  }
  throw store::StoreError("unexpected post status");
}

store::TipTotals TipService::stream_totals(const std::string& stream_id) {
  if (!core::is_uuid(stream_id)) return {};
  return store_.ledger().stream_tips(stream_id);
}

}  // namespace tc::domain
