#include "store/soci/soci_money_tx.hpp"

#include <soci/mysql/soci-mysql.h>

#include <algorithm>
#include <map>

#include "store/store.hpp"

namespace tc::store {
namespace {

bool is_retryable(const std::exception& e) {
  if (const auto* m = dynamic_cast<const soci::mysql_soci_error*>(&e)) {
    return m->err_num_ == 1213 /* ER_LOCK_DEADLOCK */ || m->err_num_ == 1205 /* ER_LOCK_WAIT_TIMEOUT */;
  }
  return false;
}

// Restores the pooled connection's synchronous=NORMAL however the transaction ends.
struct FullSync {
  soci::session& sql;
  bool on;
  FullSync(soci::session& s, bool sqlite) : sql(s), on(sqlite) {
    if (on) sql << "PRAGMA synchronous = FULL";
  }
  ~FullSync() {
    if (!on) return;
    try {
      sql << "PRAGMA synchronous = NORMAL";
    } catch (...) {
      // Broken connection: nothing to restore.
    }
  }
};

}  // namespace

PostStatus money_tx(SociDb& db, const std::function<PostStatus(soci::session&, WriteTx&)>& body) {
  for (int attempt = 1;; ++attempt) {
    try {
      soci::session sql(db.pool());
      FullSync sync(sql, db.dialect() == Dialect::sqlite);
      WriteTx tx(db, sql);
      const auto status = body(sql, tx);
      if (status == PostStatus::posted) tx.commit();
      return status;
    } catch (const std::exception& e) {
      if (attempt < 5 && is_retryable(e)) continue;
      throw;
    }
  }
}

PostStatus apply_transfer(soci::session& sql, const TransferWrite& w) {
  const auto& t = w.transfer;
  {
    Nullable ref(t.reference_id), stream(t.stream_id), scope(t.idem_scope), key(t.idem_key), hash(t.request_hash);
    long long amount = t.amount_cents, at = t.created_at;
    try {
      sql << "INSERT INTO ledger_transfers (transfer_id, kind, amount_cents, currency, reference_id, stream_id, "
             "initiator, idem_scope, idem_key, request_hash, created_at) VALUES (:id, :kind, :amount, :currency, :ref, "
             ":stream, :initiator, :scope, :key, :hash, :at)",
          soci::use(t.transfer_id), soci::use(t.kind), soci::use(amount), soci::use(t.currency), ref.use(),
          stream.use(), soci::use(t.initiator), scope.use(), key.use(), hash.use(), soci::use(at);
    } catch (const std::exception& e) {
      if (is_unique_violation(e)) return PostStatus::duplicate_key;
      throw;
    }
  }

  // Net amount per account, applied in account order.
  std::map<std::string, long long> net;
  int64_t sum = 0;
  for (const auto& e : w.entries) {
    net[e.account_id] += e.amount_cents;
    sum += e.amount_cents;
  }
  if (sum != 0) throw StoreError("transfer " + t.transfer_id + " does not sum to zero");
  for (auto& [account, amount] : net) {
    if (amount == 0) continue;
    std::string acc = account;
    long long a = amount;
    if (amount < 0) {
      long long debit = -amount;
      if (affected_rows((sql.prepare << "UPDATE ledger_accounts SET balance_cents = balance_cents - :d WHERE "
                                        "account_id = :id AND (kind = 'EXTERNAL' OR balance_cents >= :d2)",
                         soci::use(debit), soci::use(acc), soci::use(debit))) != 1) {
        int exists = 0;
        sql << "SELECT COUNT(*) FROM ledger_accounts WHERE account_id = :id", soci::use(acc), soci::into(exists);
        if (exists == 0) throw StoreError("ledger account " + acc + " does not exist");
        return PostStatus::insufficient_funds;
      }
    } else {
      if (affected_rows((sql.prepare << "UPDATE ledger_accounts SET balance_cents = balance_cents + :a WHERE "
                                        "account_id = :id",
                         soci::use(a), soci::use(acc))) != 1) {
        throw StoreError("ledger account " + acc + " does not exist");
      }
    }
  }
  for (const auto& e : w.entries) {
    if (e.amount_cents == 0) continue;
    std::string id = t.transfer_id, acc = e.account_id, kind = e.entry_kind;
    long long a = e.amount_cents, at = t.created_at;
    sql << "INSERT INTO ledger_entries (transfer_id, account_id, entry_kind, amount_cents, created_at) VALUES "
           "(:t, :acc, :kind, :a, :at)",
        soci::use(id), soci::use(acc), soci::use(kind), soci::use(a), soci::use(at);
  }
  return PostStatus::posted;
}

}  // namespace tc::store
