#include "domain/wallet/transfers.hpp"

#include "core/ids.hpp"

namespace tc::domain {

store::TransferWrite new_transfer(std::string kind, int64_t amount_cents, std::string currency,
                                  std::string reference_id, std::string initiator, int64_t now) {
  store::TransferWrite w;
  auto& t = w.transfer;
  t.transfer_id = core::new_uuid();
  t.kind = std::move(kind);
  t.amount_cents = amount_cents;
  t.currency = std::move(currency);
  t.reference_id = std::move(reference_id);
  t.initiator = std::move(initiator);
  t.created_at = now;
  return w;
}

void set_idempotency(store::TransferRow& t, std::string scope, const std::optional<std::string>& key,
                     std::optional<std::string> fingerprint) {
  if (key) {
    t.idem_scope = std::move(scope);
    t.idem_key = *key;
  }
  t.request_hash = std::move(fingerprint);
}

}  // namespace tc::domain
