#include "store/soci/soci_money_tx.hpp"
#include "store/soci/soci_store.hpp"

namespace tc::store {
namespace {

constexpr const char* kCols =
    "s.subscription_id, s.follower_id, s.streamer_id, s.tier, s.price_cents, s.status, s.created_at, s.expires_at, "
    "s.pending_tier, s.cancelled_at, s.updated_at, u.username FROM stream_subscriptions s LEFT JOIN users u ON u.id = "
    "s.streamer_id ";

SubscriptionRow from_row(const soci::row& r) {
  SubscriptionRow s;
  read_row(r, s.subscription_id, s.follower_id, s.streamer_id, s.tier, s.price_cents, s.status, s.created_at,
           s.expires_at, s.pending_tier, s.cancelled_at, s.updated_at, EmptyIfNull{s.streamer_username});
  return s;
}

}  // namespace

std::vector<SubscriptionRow> SociSubscriptionStore::query(const std::string& where,
                                                          const std::vector<std::string>& params) {
  soci::session sql(db_.pool());
  SqlParams bound(params.begin(), params.end());
  std::vector<SubscriptionRow> out;
  for_rows(sql, std::string("SELECT ") + kCols + where, bound, [&](const soci::row& r) { out.push_back(from_row(r)); });
  return out;
}

std::optional<ChannelPricesRow> SociSubscriptionStore::prices(const std::string& streamer_id) {
  soci::session sql(db_.pool());
  soci::row r;
  sql << "SELECT streamer_id, basic_cents, premium_cents, updated_at FROM channel_prices WHERE streamer_id = :id",
      soci::use(streamer_id), soci::into(r);
  if (!sql.got_data()) return std::nullopt;
  ChannelPricesRow p;
  read_row(r, p.streamer_id, p.basic_cents, p.premium_cents, p.updated_at);
  return p;
}

void SociSubscriptionStore::set_prices(const ChannelPricesRow& p) {
  soci::session sql(db_.pool());
  WriteTx tx(db_, sql);
  Nullable basic(p.basic_cents), premium(p.premium_cents);
  long long at = p.updated_at;
  if (affected_rows((sql.prepare << "UPDATE channel_prices SET basic_cents = :b, premium_cents = :p, updated_at = "
                                    ":at WHERE streamer_id = :id",
                     basic.use(), premium.use(), soci::use(at), soci::use(p.streamer_id))) == 0) {
    sql << "INSERT INTO channel_prices (streamer_id, basic_cents, premium_cents, updated_at) VALUES (:id, :b, :p, :at)",
        soci::use(p.streamer_id), basic.use(), premium.use(), soci::use(at);
  }
  tx.commit();
}

std::optional<SubscriptionRow> SociSubscriptionStore::get(const std::string& follower_id,
                                                          const std::string& streamer_id) {
  auto rows = query("WHERE s.follower_id = :f AND s.streamer_id = :s", {follower_id, streamer_id});
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::optional<SubscriptionRow> SociSubscriptionStore::by_id(const std::string& subscription_id) {
  auto rows = query("WHERE s.subscription_id = :id", {subscription_id});
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<SubscriptionRow> SociSubscriptionStore::for_follower(const std::string& follower_id) {
  return query("WHERE s.follower_id = :f ORDER BY s.created_at DESC, s.subscription_id LIMIT 500", {follower_id});
}

std::vector<std::pair<std::string, std::string>> SociSubscriptionStore::paid_access(const std::string& streamer_id,
                                                                                    int64_t now, int limit) {
  soci::session sql(db_.pool());
  long long at = now;
  int lim = limit;
  std::vector<std::pair<std::string, std::string>> out;
  soci::row r;
  // The same access rule as counts() and SubscriptionService::has_paid_access.
  soci::statement st = (sql.prepare << "SELECT follower_id, tier FROM stream_subscriptions WHERE streamer_id = :s AND "
                                       "tier <> 'FREE' AND status IN ('ACTIVE', 'CANCELLED') AND expires_at > :now "
                                       "ORDER BY created_at DESC LIMIT :lim",
                        soci::use(streamer_id), soci::use(at), soci::use(lim), soci::into(r));
  if (st.execute(true)) {
    do {
      out.emplace_back(row_str(r, 0), row_str(r, 1));
    } while (st.fetch());
  }
  return out;
}

TierCounts SociSubscriptionStore::counts(const std::string& streamer_id, int64_t now) {
  soci::session sql(db_.pool());
  long long at = now;
  TierCounts c;
  soci::row r;
  soci::statement st = (sql.prepare << "SELECT tier, COUNT(*) FROM stream_subscriptions WHERE streamer_id = :s AND "
                                       "((tier = 'FREE' AND status = 'ACTIVE') OR (tier <> 'FREE' AND status IN "
                                       "('ACTIVE', 'CANCELLED') AND expires_at > :now)) GROUP BY tier",
                        soci::use(streamer_id), soci::use(at), soci::into(r));
  if (st.execute(true)) {
    do {
      const auto tier = row_str(r, 0);
      const auto n = row_i64(r, 1);
      if (tier == "FREE") c.free = n;
      if (tier == "BASIC") c.basic = n;
      if (tier == "PREMIUM") c.premium = n;
    } while (st.fetch());
  }
  return c;
}

std::vector<SubscriptionRow> SociSubscriptionStore::due(int64_t now, int limit) {
  // `now` is our own integer, safe to inline.
  return query("WHERE s.status IN ('ACTIVE', 'CANCELLED') AND s.tier <> 'FREE' AND s.expires_at <= " +
                   std::to_string(now) + " ORDER BY s.expires_at LIMIT " + std::to_string(limit),
               {});
}

PostStatus SociSubscriptionStore::save(const SubscriptionRow& n, std::optional<int64_t> expected_updated_at,
                                       const std::optional<TransferWrite>& charge) {
  return money_tx(db_, [&](soci::session& sql, WriteTx&) {
    Nullable price(n.price_cents), expires(n.expires_at), cancelled(n.cancelled_at);
    Nullable pending(n.pending_tier);
    long long created = n.created_at, updated = n.updated_at;
    if (expected_updated_at) {
      long long expected = *expected_updated_at;
      const auto changed = affected_rows(
          (sql.prepare << "UPDATE stream_subscriptions SET tier = :tier, price_cents = :price, status = :status, "
                          "expires_at = :exp, pending_tier = :pending, cancelled_at = :cancelled, updated_at = :upd "
                          "WHERE subscription_id = :id AND updated_at = :expected",
           soci::use(n.tier), price.use(), soci::use(n.status), expires.use(), pending.use(), cancelled.use(),
           soci::use(updated), soci::use(n.subscription_id), soci::use(expected)));
      if (changed != 1) return PostStatus::precondition_failed;
    } else {
      try {
        sql << "INSERT INTO stream_subscriptions (subscription_id, follower_id, streamer_id, tier, price_cents, "
               "status, "
               "created_at, expires_at, pending_tier, cancelled_at, updated_at) VALUES (:id, :f, :s, :tier, :price, "
               ":status, :created, :exp, :pending, :cancelled, :upd)",
            soci::use(n.subscription_id), soci::use(n.follower_id), soci::use(n.streamer_id), soci::use(n.tier),
            price.use(), soci::use(n.status), soci::use(created), expires.use(), pending.use(), cancelled.use(),
            soci::use(updated);
      } catch (const std::exception& e) {
        if (is_unique_violation(e)) return PostStatus::precondition_failed;
        throw;
      }
    }
    if (charge) return apply_transfer(sql, *charge);
    return PostStatus::posted;
  });
}

bool SociSubscriptionStore::remove_free(const std::string& follower_id, const std::string& streamer_id) {
  soci::session sql(db_.pool());
  return affected_rows((sql.prepare << "DELETE FROM stream_subscriptions WHERE follower_id = :f AND streamer_id = :s "
                                       "AND tier = 'FREE'",
                        soci::use(follower_id), soci::use(streamer_id))) > 0;
}

}  // namespace tc::store
