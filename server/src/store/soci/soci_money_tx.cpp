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

void bind_opt(soci::statement& st, const std::optional<std::string>& v, std::string& holder,
              soci::indicator& ind) {
  holder = v.value_or("");
  ind = v ? soci::i_ok : soci::i_null;
  st.exchange(soci::use(holder, ind));
}

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
    std::string ref, stream, scope, key, hash;
    soci::indicator ref_i, stream_i, scope_i, key_i, hash_i;
    long long amount = t.amount_cents, at = t.created_at;
    std::string id = t.transfer_id, kind = t.kind, currency = t.currency, initiator = t.initiator;
    soci::statement st(sql);
    st.exchange(soci::use(id));
    st.exchange(soci::use(kind));
    st.exchange(soci::use(amount));
    st.exchange(soci::use(currency));
    bind_opt(st, t.reference_id, ref, ref_i);
    bind_opt(st, t.stream_id, stream, stream_i);
    st.exchange(soci::use(initiator));
    bind_opt(st, t.idem_scope, scope, scope_i);
    bind_opt(st, t.idem_key, key, key_i);
    bind_opt(st, t.request_hash, hash, hash_i);
    st.exchange(soci::use(at));
    st.alloc();
    st.prepare(
        "INSERT INTO ledger_transfers (transfer_id, kind, amount_cents, currency, reference_id, stream_id, initiator, "
        "idem_scope, idem_key, request_hash, created_at) VALUES (:id, :kind, :amount, :currency, :ref, :stream, "
        ":initiator, :scope, :key, :hash, :at)");
    st.define_and_bind();
    try {
      st.execute(true);
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
      soci::statement st = (sql.prepare << "UPDATE ledger_accounts SET balance_cents = balance_cents - :d WHERE "
                                           "account_id = :id AND (kind = 'EXTERNAL' OR balance_cents >= :d2)",
                            soci::use(debit), soci::use(acc), soci::use(debit));
      st.execute(true);
      if (st.get_affected_rows() != 1) {
        int exists = 0;
        sql << "SELECT COUNT(*) FROM ledger_accounts WHERE account_id = :id", soci::use(acc), soci::into(exists);
        if (exists == 0) throw StoreError("ledger account " + acc + " does not exist");
        return PostStatus::insufficient_funds;
      }
    } else {
      soci::statement st = (sql.prepare << "UPDATE ledger_accounts SET balance_cents = balance_cents + :a WHERE "
                                           "account_id = :id",
                            soci::use(a), soci::use(acc));
      st.execute(true);
      if (st.get_affected_rows() != 1) throw StoreError("ledger account " + acc + " does not exist");
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
