#pragma once
// The one way money is written: a durable write transaction that applies a transfer's entries with
// the balance check inside it. Shared by the ledger and subscription stores.
#include <functional>

#include "store/money_rows.hpp"
#include "store/soci/soci_db.hpp"

namespace tc::store {

// Runs `body` in a write transaction and commits when it returns `posted` (else rolls back).
// SQLite: synchronous=FULL for this transaction (the WAL is fsynced before COMMIT returns), then
// back to the pool's NORMAL. MariaDB: durable when innodb_flush_log_at_trx_commit=1; a deadlock or
// lock-wait timeout (1213/1205) rolls back and runs `body` again, at most 5 times.
PostStatus money_tx(SociDb& db, const std::function<PostStatus(soci::session&, WriteTx&)>& body);

// Inside money_tx: inserts the transfer (its idempotency key is unique: duplicate_key when taken),
// then updates balances in account order (so two transfers never wait on each other in a cycle)
// with the debit condition `balance >= amount` in the UPDATE itself, then writes the entries.
PostStatus apply_transfer(soci::session& sql, const TransferWrite& t);

}  // namespace tc::store
