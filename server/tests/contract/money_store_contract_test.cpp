// The money store on every implementation (SQLite always; MariaDB when TC_TEST_MYSQL_URL is set):
// concurrent debits never overdraw, idempotency keys are unique, a tip writes its three rows in
// one transaction, and verify() notices a tampered ledger.
#include <soci/soci.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <thread>

#include "core/ids.hpp"
#include "store/store.hpp"
#include "support/test_database.hpp"

using namespace tc::store;

namespace {

class MoneyContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (const auto missing = tc::test::database_missing(GetParam())) {
      if (tc::test::database_required()) FAIL() << *missing;
      GTEST_SKIP() << *missing;
    }
    db_ = std::make_unique<tc::test::TestDatabase>(GetParam(), "tc_money_");
    store_ = open_store(db_->url(), db_->data_dir(), 8);
    raw_ = db_->raw_session();
    store_->migrate();
  }

  void TearDown() override {
    raw_.reset();
    store_.reset();
    db_.reset();
  }

  std::string user(const std::string& name) {
    UserRow u;
    u.id = tc::core::new_uuid();
    u.username = u.username_key = name;
    u.created_at = 1'700'000'000'000;
    EXPECT_TRUE(store_->users().insert(u));
    store_->ledger().ensure_user_account(u.id, 1);
    return u.id;
  }

  TransferWrite transfer(const std::string& kind, int64_t amount, std::vector<EntryWrite> entries,
                         std::optional<std::string> key = std::nullopt) {
    TransferWrite w;
    w.transfer.transfer_id = tc::core::new_uuid();
    w.transfer.kind = kind;
    w.transfer.amount_cents = amount;
    w.transfer.currency = "USD";
    w.transfer.initiator = "test";
    if (key) {
      w.transfer.idem_scope = "test";
      w.transfer.idem_key = key;
    }
    w.transfer.created_at = 1'800'000'000'000;
    w.entries = std::move(entries);
    return w;
  }

  void fund(const std::string& user_id, int64_t amount) {
    ASSERT_EQ(store_->ledger().post(transfer("DEPOSIT", amount, {{kExternalFunding, -amount, "DEPOSIT"},
                                                                 {user_account(user_id), amount, "DEPOSIT"}})),
              PostStatus::posted);
  }

  std::unique_ptr<tc::test::TestDatabase> db_;
  std::unique_ptr<soci::session> raw_;  // direct SQL to look at rows and to tamper
  std::unique_ptr<Store> store_;
};

TEST_P(MoneyContract, ConcurrentDebitsNeverOverdraw) {
  const auto payer = user("payer");
  const auto payee = user("payee");
  fund(payer, 50 * 7);
  std::atomic<int> posted{0}, refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 12; ++i) {
        // Eight threads race on one payer: the balance check must hold inside each transaction.
        const auto s = store_->ledger().post(
            transfer("ADJUSTMENT", 7, {{user_account(payer), -7, "TIP"}, {user_account(payee), 6, "TIP"}, {kPlatformRevenue, 1, "FEE"}}));
        (s == PostStatus::posted ? posted : refused)++;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(posted.load(), 50);
  EXPECT_EQ(refused.load(), 8 * 12 - 50);
  EXPECT_EQ(store_->ledger().balance(user_account(payer)), 0);
  EXPECT_EQ(store_->ledger().balance(user_account(payee)), 300);
  EXPECT_EQ(store_->ledger().balance(kPlatformRevenue), 50);
  EXPECT_TRUE(store_->ledger().verify().ok());
}

TEST_P(MoneyContract, IdempotencyKeysAreUniqueAndAFailedPostLeavesNoTrace) {
  const auto u = user("u1");
  const auto w = transfer("DEPOSIT", 10, {{kExternalFunding, -10, "DEPOSIT"}, {user_account(u), 10, "DEPOSIT"}}, "k1");
  ASSERT_EQ(store_->ledger().post(w), PostStatus::posted);
  auto again = w;
  again.transfer.transfer_id = tc::core::new_uuid();
  EXPECT_EQ(store_->ledger().post(again), PostStatus::duplicate_key);
  auto found = store_->ledger().transfer_by_key("test", "k1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->transfer_id, w.transfer.transfer_id);
  EXPECT_EQ(found->created_at, 1'800'000'000'000);
  EXPECT_EQ(store_->ledger().balance(user_account(u)), 10);
  // Overdraw: refused, and neither the transfer nor any entry remains.
  const auto over = transfer("TIP", 11, {{user_account(u), -11, "TIP"}, {kPlatformRevenue, 11, "FEE"}}, "k2");
  EXPECT_EQ(store_->ledger().post(over), PostStatus::insufficient_funds);
  EXPECT_FALSE(store_->ledger().transfer_by_key("test", "k2"));
  EXPECT_EQ(store_->ledger().statement(user_account(u), std::nullopt, 10).size(), 1u);
  EXPECT_TRUE(store_->ledger().verify().ok());
}

TEST_P(MoneyContract, ATipWritesTransferTipAndChatLineTogetherOnlyWhileLive) {
  const auto streamer = user("streamer");
  const auto viewer = user("viewer");
  fund(viewer, 1000);
  StreamRow s;
  s.stream_id = tc::core::new_uuid();
  s.streamer_id = streamer;
  s.title = "live";
  s.started_at = s.created_at = 1;
  ASSERT_TRUE(store_->streams().insert_if_under_live_limit(s, 3));
  auto make = [&](int64_t amount) {
    TipRow tip{tc::core::new_uuid(), s.stream_id, viewer, streamer, amount, 5, "USD", std::string("gm 🚀"), 2};
    auto w = transfer("TIP", amount, {{user_account(viewer), -amount, "TIP"}, {user_account(streamer), amount - 5, "TIP"},
                                      {kPlatformRevenue, 5, "FEE"}});
    w.transfer.reference_id = tip.tip_id;
    w.transfer.stream_id = s.stream_id;
    return std::pair{w, tip};
  };
  auto [w, tip] = make(100);
  ASSERT_EQ(store_->ledger().post_tip(w, tip, {tc::core::new_uuid(), "viewer", "gm 🚀"}), PostStatus::posted);
  auto got = store_->ledger().tip(tip.tip_id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->message, "gm 🚀");
  long long tip_amount = 0;
  std::string type;
  *raw_ << "SELECT message_type, tip_amount_cents FROM stream_messages WHERE stream_id = :s", soci::use(s.stream_id),
      soci::into(type), soci::into(tip_amount);
  EXPECT_EQ(type, "TIP");
  EXPECT_EQ(tip_amount, 100);
  const auto totals = store_->ledger().stream_tips(s.stream_id);
  EXPECT_EQ(totals.total_cents, 100);
  EXPECT_EQ(totals.fee_cents, 5);
  EXPECT_EQ(totals.count, 1);

  // Too much: nothing of the three is written.
  auto [w2, tip2] = make(5000);
  EXPECT_EQ(store_->ledger().post_tip(w2, tip2, {tc::core::new_uuid(), "viewer", ""}), PostStatus::insufficient_funds);
  EXPECT_FALSE(store_->ledger().tip(tip2.tip_id));
  int messages = 0;
  *raw_ << "SELECT COUNT(*) FROM stream_messages WHERE stream_id = :s", soci::use(s.stream_id), soci::into(messages);
  EXPECT_EQ(messages, 1);
  // Ended: refused.
  ASSERT_TRUE(store_->streams().end(s.stream_id, 3, 1));
  auto [w3, tip3] = make(10);
  EXPECT_EQ(store_->ledger().post_tip(w3, tip3, {tc::core::new_uuid(), "viewer", ""}), PostStatus::precondition_failed);
  EXPECT_EQ(store_->ledger().balance(user_account(viewer)), 900);
  EXPECT_TRUE(store_->ledger().verify().ok());
}

TEST_P(MoneyContract, VerifyReportsATamperedLedger) {
  const auto u = user("u1");
  fund(u, 100);
  ASSERT_TRUE(store_->ledger().verify().ok());
  // A balance changed behind the ledger's back, and an entry that does not balance.
  const std::string account = user_account(u);  // SOCI binds by reference: no temporaries
  *raw_ << "UPDATE ledger_accounts SET balance_cents = balance_cents + 1 WHERE account_id = :a", soci::use(account);
  auto rep = store_->ledger().verify();
  EXPECT_FALSE(rep.ok());
  EXPECT_GE(rep.problems.size(), 2u);  // balance ≠ entries, total ≠ deposits
  *raw_ << "UPDATE ledger_accounts SET balance_cents = balance_cents - 1 WHERE account_id = :a", soci::use(account);
  EXPECT_TRUE(store_->ledger().verify().ok());
  *raw_ << "UPDATE ledger_entries SET amount_cents = 99 WHERE account_id = :a", soci::use(account);
  rep = store_->ledger().verify();
  EXPECT_FALSE(rep.ok());
  bool saw_transfer = false;
  for (const auto& p : rep.problems) saw_transfer |= p.find("transfer") == 0;
  EXPECT_TRUE(saw_transfer);
}

INSTANTIATE_TEST_SUITE_P(Dialects, MoneyContract, ::testing::Values("sqlite", "mariadb"),
                         [](const auto& info) { return info.param; });

}  // namespace
