#pragma once
// How every money movement begins, for the ledger, tip and subscription services alike: a transfer
// with a fresh id; the service adds its legs, and an idempotency key where a client may repeat it.
#include <cstdint>
#include <optional>
#include <string>

#include "store/money_rows.hpp"

namespace tc::domain {

// A transfer of `kind` moving `amount_cents` in `currency`, about `reference_id` (the tip, payout,
// subscription or user it is for), started by `initiator` (a user id, "operator" or "system") at `now`.
store::TransferWrite new_transfer(std::string kind, int64_t amount_cents, std::string currency,
                                  std::string reference_id, std::string initiator, int64_t now);

// Makes `t` the one answer to (scope, key) when there is a key: a repeat finds it by transfer_by_key().
// `fingerprint` (request_fingerprint of what was asked) tells a replay from a reused key.
void set_idempotency(store::TransferRow& t, std::string scope, const std::optional<std::string>& key,
                     std::optional<std::string> fingerprint);

}  // namespace tc::domain
