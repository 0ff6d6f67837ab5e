#include "store/soci/soci_money_tx.hpp"
#include "store/soci/soci_store.hpp"

namespace tc::store {
namespace {

constexpr const char* kTransferCols =
    "transfer_id, kind, amount_cents, currency, reference_id, stream_id, initiator, idem_scope, idem_key, "
    "request_hash, created_at";

TransferRow transfer_from(const soci::row& r) {
  TransferRow t;
  read_row(r, t.transfer_id, t.kind, t.amount_cents, t.currency, t.reference_id, t.stream_id, t.initiator, t.idem_scope,
           t.idem_key, t.request_hash, t.created_at);
  return t;
}

constexpr const char* kTipCols =
    "tip_id, stream_id, from_user_id, to_user_id, amount_cents, fee_cents, currency, message, created_at";

TipRow tip_from(const soci::row& r) {
  TipRow t;
  read_row(r, t.tip_id, t.stream_id, t.from_user_id, t.to_user_id, t.amount_cents, t.fee_cents, t.currency, t.message,
           t.created_at);
  return t;
}

constexpr const char* kPayoutCols =
    "payout_id, user_id, amount_cents, currency, status, requested_at, decided_at, note";

PayoutRow payout_from(const soci::row& r) {
  PayoutRow p;
  read_row(r, p.payout_id, p.user_id, p.amount_cents, p.currency, p.status, p.requested_at, p.decided_at, p.note);
  return p;
}

int64_t scalar(soci::session& sql, const std::string& query) {
  soci::row r;
  sql << query, soci::into(r);
  if (!sql.got_data() || r.get_indicator(0) == soci::i_null) return 0;
  return row_i64(r, 0);
}

}  // namespace

void SociLedgerStore::ensure_user_account(const std::string& user_id, int64_t now) {
  soci::session sql(db_.pool());
  const auto account = user_account(user_id);
  int exists = 0;
  sql << "SELECT COUNT(*) FROM ledger_accounts WHERE account_id = :id", soci::use(account), soci::into(exists);
  if (exists) return;
  long long at = now;
  try {
    sql << "INSERT INTO ledger_accounts (account_id, kind, user_id, balance_cents, created_at) VALUES (:id, 'USER', "
           ":user, 0, :at)",
        soci::use(account), soci::use(user_id), soci::use(at);
  } catch (const std::exception& e) {
    if (!is_unique_violation(e)) throw;  // created by a concurrent call: fine
  }
}

int64_t SociLedgerStore::balance(const std::string& account_id) {
  soci::session sql(db_.pool());
  long long b = 0;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT balance_cents FROM ledger_accounts WHERE account_id = :id", soci::use(account_id), soci::into(b, ind);
  return sql.got_data() && ind == soci::i_ok ? b : 0;
}

std::optional<TransferRow> SociLedgerStore::transfer_by_key(const std::string& scope, const std::string& key) {
  soci::session sql(db_.pool());
  soci::row r;
  sql << std::string("SELECT ") + kTransferCols + " FROM ledger_transfers WHERE idem_scope = :s AND idem_key = :k",
      soci::use(scope), soci::use(key), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return transfer_from(r);
}

PostStatus SociLedgerStore::post(const TransferWrite& t) {
  return money_tx(db_, [&](soci::session& sql, WriteTx&) { return apply_transfer(sql, t); });
}

PostStatus SociLedgerStore::post_tip(const TransferWrite& t, const TipRow& tip, const TipMessageRow& msg) {
  return money_tx(db_, [&](soci::session& sql, WriteTx& tx) {
    // The stream row is share-locked on MariaDB so it cannot end between this check and COMMIT.
    std::string status;
    const char* lock = db_.dialect() == Dialect::mariadb ? " LOCK IN SHARE MODE" : "";
    sql << std::string("SELECT status FROM streams WHERE stream_id = :id") + lock, soci::use(tip.stream_id),
        soci::into(status);
    (void)tx;
    if (!sql.got_data() || status != "LIVE") return PostStatus::precondition_failed;
    const auto applied = apply_transfer(sql, t);
    if (applied != PostStatus::posted) return applied;

    long long amount = tip.amount_cents, fee = tip.fee_cents, at = tip.created_at;
    Nullable message(tip.message);
    sql << "INSERT INTO stream_tips (tip_id, stream_id, from_user_id, to_user_id, amount_cents, fee_cents, currency, "
           "message, created_at) VALUES (:id, :stream, :from, :to, :amount, :fee, :currency, :message, :at)",
        soci::use(tip.tip_id), soci::use(tip.stream_id), soci::use(tip.from_user_id), soci::use(tip.to_user_id),
        soci::use(amount), soci::use(fee), soci::use(tip.currency), message.use(), soci::use(at);
    sql << "INSERT INTO stream_messages (message_id, stream_id, user_id, username, message, message_type, "
           "tip_amount_cents, created_at) VALUES (:id, :stream, :user, :name, :text, 'TIP', :amount, :at)",
        soci::use(msg.message_id), soci::use(tip.stream_id), soci::use(tip.from_user_id), soci::use(msg.username),
        soci::use(msg.text), soci::use(amount), soci::use(at);
    return PostStatus::posted;
  });
}

std::optional<TipRow> SociLedgerStore::tip(const std::string& tip_id) {
  soci::session sql(db_.pool());
  soci::row r;
  sql << std::string("SELECT ") + kTipCols + " FROM stream_tips WHERE tip_id = :id", soci::use(tip_id), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return tip_from(r);
}

TipTotals SociLedgerStore::stream_tips(const std::string& stream_id) {
  soci::session sql(db_.pool());
  TipTotals out;
  SqlParams params{stream_id};
  for_rows(
      sql,
      "SELECT COUNT(*), COALESCE(SUM(t.amount_cents), 0), COALESCE(SUM(CASE WHEN e.account_id = 'platform:revenue' "
      "THEN e.amount_cents ELSE 0 END), 0) FROM ledger_transfers t LEFT JOIN ledger_entries e ON e.transfer_id = "
      "t.transfer_id AND e.account_id = 'platform:revenue' WHERE t.stream_id = :s AND t.kind = 'TIP'",
      params, [&](const soci::row& r) { read_row(r, out.count, out.total_cents, out.fee_cents); });
  return out;
}

std::vector<StatementLine> SociLedgerStore::statement(const std::string& account_id, std::optional<int64_t> before,
                                                      int limit) {
  soci::session sql(db_.pool());
  SqlParams params{account_id};
  std::string q =
      "SELECT e.entry_id, e.transfer_id, t.kind, e.entry_kind, e.amount_cents, t.reference_id, t.stream_id, "
      "e.created_at FROM ledger_entries e JOIN ledger_transfers t ON t.transfer_id = e.transfer_id WHERE "
      "e.account_id = :acc";
  if (before) {
    q += " AND e.entry_id < :before";
    params.emplace_back(static_cast<long long>(*before));
  }
  q += " ORDER BY e.entry_id DESC LIMIT " + std::to_string(limit);
  std::vector<StatementLine> out;
  for_rows(sql, q, params, [&](const soci::row& r) {
    auto& l = out.emplace_back();
    read_row(r, l.entry_id, l.transfer_id, l.transfer_kind, l.entry_kind, l.amount_cents, l.reference_id, l.stream_id,
             l.created_at);
  });
  return out;
}

int64_t SociLedgerStore::earnings(const std::string& account_id, const std::string& transfer_kind) {
  soci::session sql(db_.pool());
  int64_t out = 0;
  SqlParams params{account_id, transfer_kind};
  for_rows(sql,
           "SELECT COALESCE(SUM(e.amount_cents), 0) FROM ledger_entries e JOIN ledger_transfers t ON t.transfer_id = "
           "e.transfer_id WHERE e.account_id = :acc AND t.kind = :kind AND e.amount_cents > 0",
           params, [&](const soci::row& r) { out = row_i64(r, 0); });
  return out;
}

PostStatus SociLedgerStore::request_payout(const TransferWrite& t, const PayoutRow& p) {
  return money_tx(db_, [&](soci::session& sql, WriteTx&) {
    const auto applied = apply_transfer(sql, t);
    if (applied != PostStatus::posted) return applied;
    long long amount = p.amount_cents, at = p.requested_at;
    sql << "INSERT INTO wallet_payouts (payout_id, user_id, amount_cents, currency, status, requested_at) VALUES "
           "(:id, :user, :amount, :currency, 'REQUESTED', :at)",
        soci::use(p.payout_id), soci::use(p.user_id), soci::use(amount), soci::use(p.currency), soci::use(at);
    return PostStatus::posted;
  });
}

PostStatus SociLedgerStore::decide_payout(const std::string& payout_id, const std::string& status, int64_t decided_at,
                                          const TransferWrite& t) {
  return money_tx(db_, [&](soci::session& sql, WriteTx&) {
    long long at = decided_at;
    std::string st_value = status, id = payout_id;
    if (affected_rows((sql.prepare << "UPDATE wallet_payouts SET status = :st, decided_at = :at WHERE payout_id = "
                                      ":id AND status = 'REQUESTED'",
                       soci::use(st_value), soci::use(at), soci::use(id))) != 1) {
      return PostStatus::precondition_failed;
    }
    return apply_transfer(sql, t);
  });
}

std::optional<PayoutRow> SociLedgerStore::payout(const std::string& payout_id) {
  soci::session sql(db_.pool());
  soci::row r;
  sql << std::string("SELECT ") + kPayoutCols + " FROM wallet_payouts WHERE payout_id = :id", soci::use(payout_id),
      soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  return payout_from(r);
}

std::vector<PayoutRow> SociLedgerStore::payouts(const std::optional<std::string>& user_id,
                                                const std::optional<std::string>& status, int limit) {
  soci::session sql(db_.pool());
  SqlParams params;
  std::string where;
  if (user_id) {
    where += " WHERE user_id = :u";
    params.emplace_back(*user_id);
  }
  if (status) {
    where += where.empty() ? " WHERE status = :s" : " AND status = :s";
    params.emplace_back(*status);
  }
  std::vector<PayoutRow> out;
  for_rows(sql,
           std::string("SELECT ") + kPayoutCols + " FROM wallet_payouts" + where +
               " ORDER BY requested_at DESC, payout_id DESC LIMIT " + std::to_string(limit),
           params, [&](const soci::row& r) { out.push_back(payout_from(r)); });
  return out;
}

std::vector<std::string> SociLedgerStore::currencies() {
  soci::session sql(db_.pool());
  SqlParams none;
  std::vector<std::string> out;
  for_rows(sql, "SELECT DISTINCT currency FROM ledger_transfers", none,
           [&](const soci::row& r) { out.push_back(row_str(r, 0)); });
  return out;
}

LedgerReport SociLedgerStore::verify() {
  soci::session sql(db_.pool());
  // One snapshot for every check, so a server writing meanwhile cannot make them disagree.
  sql << (db_.dialect() == Dialect::sqlite ? "BEGIN" : "START TRANSACTION WITH CONSISTENT SNAPSHOT");
  LedgerReport rep;
  auto problem = [&](std::string p) {
    if (rep.problems.size() < 200) rep.problems.push_back(std::move(p));
  };
  try {
    SqlParams none;
    rep.transfers = scalar(sql, "SELECT COUNT(*) FROM ledger_transfers");
    rep.entries = scalar(sql, "SELECT COUNT(*) FROM ledger_entries");

    // 1. Every transfer has at least two legs that sum to zero, and its amount is what moved.
    for_rows(sql,
             "SELECT t.transfer_id, t.kind, t.amount_cents, COUNT(e.entry_id), COALESCE(SUM(e.amount_cents), 0), "
             "COALESCE(SUM(CASE WHEN e.amount_cents > 0 THEN e.amount_cents ELSE 0 END), 0) FROM ledger_transfers t "
             "LEFT JOIN ledger_entries e ON e.transfer_id = t.transfer_id GROUP BY t.transfer_id, t.kind, "
             "t.amount_cents HAVING COUNT(e.entry_id) < 2 OR COALESCE(SUM(e.amount_cents), 0) <> 0 OR "
             "COALESCE(SUM(CASE WHEN e.amount_cents > 0 THEN e.amount_cents ELSE 0 END), 0) <> t.amount_cents",
             none, [&](const soci::row& r) {
               problem("transfer " + row_str(r, 0) + " (" + row_str(r, 1) + ", amount " + row_str(r, 2) +
                       "): " + row_str(r, 3) + " entries summing to " + row_str(r, 4) + ", credits " + row_str(r, 5));
             });
    // 2. Entries point at transfers and accounts that exist.
    if (auto orphans = scalar(sql,
                              "SELECT COUNT(*) FROM ledger_entries e LEFT JOIN ledger_transfers t ON t.transfer_id = "
                              "e.transfer_id LEFT JOIN ledger_accounts a ON a.account_id = e.account_id WHERE "
                              "t.transfer_id IS NULL OR a.account_id IS NULL")) {
      problem(std::to_string(orphans) + " entries without their transfer or account");
    }
    // 3. Every balance equals the sum of its entries; none but the external account is negative.
    int64_t external = 0;
    for_rows(sql,
             "SELECT a.account_id, a.kind, a.balance_cents, COALESCE(s.total, 0) FROM ledger_accounts a LEFT JOIN "
             "(SELECT account_id, SUM(amount_cents) AS total FROM ledger_entries GROUP BY account_id) s ON "
             "s.account_id = a.account_id",
             none, [&](const soci::row& r) {
               ++rep.accounts;
               const auto id = row_str(r, 0);
               const auto kind = row_str(r, 1);
               const auto balance = row_i64(r, 2);
               const auto sum = row_i64(r, 3);
               if (balance != sum) {
                 problem("account " + id + ": balance " + std::to_string(balance) + " but its entries sum to " +
                         std::to_string(sum));
               }
               if (kind != "EXTERNAL" && balance < 0)
                 problem("account " + id + " is negative: " + std::to_string(balance));
               if (kind == "EXTERNAL") {
                 external += balance;
               } else {
                 rep.internal_balance_cents += balance;
               }
             });
    // 4. Money inside = deposits − paid payouts, and it mirrors the external account.
    rep.deposits_cents =
        scalar(sql, "SELECT COALESCE(SUM(amount_cents), 0) FROM ledger_transfers WHERE kind = 'DEPOSIT'");
    rep.paid_payouts_cents =
        scalar(sql, "SELECT COALESCE(SUM(amount_cents), 0) FROM ledger_transfers WHERE kind = 'PAYOUT'");
    if (rep.internal_balance_cents != rep.deposits_cents - rep.paid_payouts_cents) {
      problem("balances total " + std::to_string(rep.internal_balance_cents) +
              " but deposits − paid payouts = " + std::to_string(rep.deposits_cents - rep.paid_payouts_cents));
    }
    if (rep.internal_balance_cents != -external) {
      problem("balances total " + std::to_string(rep.internal_balance_cents) + " but external:funding is " +
              std::to_string(external));
    }
    // 5. Tips and their transfers match one to one.
    for_rows(
        sql,
        "SELECT s.tip_id FROM stream_tips s LEFT JOIN ledger_transfers t ON t.reference_id = s.tip_id AND t.kind = "
        "'TIP' WHERE t.transfer_id IS NULL OR t.amount_cents <> s.amount_cents",
        none, [&](const soci::row& r) { problem("tip " + row_str(r, 0) + " has no matching TIP transfer"); });
    for_rows(sql,
             "SELECT t.transfer_id FROM ledger_transfers t LEFT JOIN stream_tips s ON s.tip_id = t.reference_id WHERE "
             "t.kind = 'TIP' AND s.tip_id IS NULL",
             none, [&](const soci::row& r) { problem("TIP transfer " + row_str(r, 0) + " has no stream_tips row"); });
    // 6. Money held for payouts = payouts still REQUESTED.
    const auto held = scalar(sql, "SELECT balance_cents FROM ledger_accounts WHERE account_id = 'platform:payouts'");
    const auto requested =
        scalar(sql, "SELECT COALESCE(SUM(amount_cents), 0) FROM wallet_payouts WHERE status = 'REQUESTED'");
    if (held != requested) {
      problem("platform:payouts holds " + std::to_string(held) + " but requested payouts total " +
              std::to_string(requested));
    }
  } catch (...) {
    sql << "ROLLBACK";
    throw;
  }
  sql << "ROLLBACK";
  return rep;
}

}  // namespace tc::store
