// The AlertStore contract (issue 13) on SQLite and MariaDB: each channel's log is one gap-free hash
// chain, appends are serialised per channel (also under concurrent posts), a refused or duplicate
// append writes nothing, the tables refuse UPDATE and DELETE, and a row tampered with underneath
// (the triggers dropped first, as only a DBA could) is found by verification.
#include <soci/soci.h>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "core/ids.hpp"
#include "domain/alerts/alert_chain.hpp"
#include "domain/alerts/alert_entry.hpp"
#include "domain/alerts/canonical_json.hpp"
#include "store/store.hpp"
#include "support/test_database.hpp"

using namespace tc::store;
namespace json = boost::json;

namespace {

class AlertContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (const auto missing = tc::test::database_missing(GetParam())) {
      if (tc::test::database_required()) FAIL() << *missing;
      GTEST_SKIP() << *missing;
    }
    db_ = std::make_unique<tc::test::TestDatabase>(GetParam(), "tc_alertc_");
    store_ = open_store(db_->url(), db_->data_dir(), 8);
    store_->migrate();
    raw_ = db_->raw_session();
  }
  void TearDown() override {
    raw_.reset();
    store_.reset();
    db_.reset();
  }
  AlertStore& alerts() { return store_->alerts(); }

  // A sealer for a minimal entry of `kind` (a post carries its alerts row).
  static AlertSealer sealer(const std::string& streamer, const std::string& alert_id, const std::string& kind,
                            const std::string& key, int64_t at) {
    return [=](const ChainHead& head, const std::vector<AlertEventRow>&) -> tc::core::Result<AlertAppend> {
      const json::object entry{{"kind", kind}, {"seq", head.seq + 1}, {"alert_id", alert_id}, {"streamer_id", streamer},
                               {"at", at},     {"note", "é \"q\""}};
      AlertAppend a;
      a.event = tc::domain::seal_entry(entry, head, streamer, alert_id, at);
      if (kind == "post") {
        a.alert = AlertRow{alert_id, streamer, "stream-1", "AAPL", at, head.seq + 1, key, "fp", 0, 5, 60};
      } else {
        a.event.idempotency_key = key;
      }
      return a;
    };
  }
  AppendResult post(const std::string& streamer, const std::string& alert_id, const std::string& key, int64_t at) {
    return alerts().append(streamer, "", sealer(streamer, alert_id, "post", key, at));
  }
  tc::domain::ChainReport verify(const std::string& streamer) {
    tc::domain::ChainVerifier v(streamer);
    for (const auto& r : alerts().log(streamer, 0, 100000)) v.check(r);
    return v.report();
  }

  std::unique_ptr<tc::test::TestDatabase> db_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<soci::session> raw_;
};

TEST_P(AlertContract, AppendsFormOneChainPerChannel) {
  const auto a1 = tc::core::new_uuid(), a2 = tc::core::new_uuid(), b1 = tc::core::new_uuid();
  auto r = post("chan-a", a1, "k1", 100);
  ASSERT_EQ(r.status, AppendStatus::appended);
  EXPECT_EQ(r.event->seq, 1);
  EXPECT_EQ(r.event->prev_hash, std::string(64, '0'));
  ASSERT_EQ(post("chan-b", b1, "k1", 101).status, AppendStatus::appended);  // keys are per channel
  std::vector<std::string> seen_alert_events;
  auto upd = alerts().append("chan-a", a1, [&](const ChainHead& head, const std::vector<AlertEventRow>& mine) {
    for (const auto& e : mine) seen_alert_events.push_back(e.kind);
    return sealer("chan-a", a1, "filled", "u1", 102)(head, mine);
  });
  ASSERT_EQ(upd.status, AppendStatus::appended);
  EXPECT_EQ(seen_alert_events, std::vector<std::string>{"post"});
  ASSERT_EQ(post("chan-a", a2, "k2", 103).status, AppendStatus::appended);

  const auto log = alerts().log("chan-a", 0, 10);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[1].seq, 2);
  EXPECT_EQ(log[1].prev_hash, log[0].hash);
  EXPECT_EQ(log[1].idempotency_key, "u1");
  EXPECT_EQ(log[2].prev_hash, log[1].hash);
  EXPECT_EQ(log[0].body, tc::domain::canonical_json(json::parse(log[0].body)));  // stored canonical, UTF-8 kept
  EXPECT_EQ(alerts().log("chan-a", 1, 1).at(0).seq, 2);
  EXPECT_EQ(alerts().log("chan-b", 0, 10).size(), 1u);
  EXPECT_TRUE(verify("chan-a").ok());
  EXPECT_TRUE(verify("chan-b").ok());
  EXPECT_EQ(alerts().channels(), (std::vector<std::string>{"chan-a", "chan-b"}));

  EXPECT_EQ(alerts().alert(a1)->symbol, "AAPL");
  EXPECT_EQ(alerts().alert(a1)->delay_free_s, 60);
  EXPECT_EQ(alerts().alert_by_key("chan-a", "k2")->alert_id, a2);
  EXPECT_FALSE(alerts().alert_by_key("chan-b", "k2"));
  EXPECT_EQ(alerts().update_by_key(a1, "u1")->seq, 2);
  EXPECT_EQ(alerts().events_of({a1, a2}).size(), 3u);
  EXPECT_EQ(alerts().alerts_by_id({a1, a2, b1}).size(), 3u);
}

TEST_P(AlertContract, RefusedAndDuplicateAppendsWriteNothing) {
  const auto a1 = tc::core::new_uuid();
  ASSERT_EQ(post("chan", a1, "k1", 100).status, AppendStatus::appended);
  auto refused =
      alerts().append("chan", a1,
                      [](const ChainHead&, const std::vector<AlertEventRow>&) -> tc::core::Result<AlertAppend> {
                        return tc::core::Error::conflict("alert_closed", "closed");
                      });
  EXPECT_EQ(refused.status, AppendStatus::refused);
  EXPECT_EQ(refused.error->code, "alert_closed");
  // The same post key again (a concurrent retry): duplicate, and neither row of it is written.
  EXPECT_EQ(post("chan", tc::core::new_uuid(), "k1", 101).status, AppendStatus::duplicate_key);
  ASSERT_EQ(alerts().append("chan", a1, sealer("chan", a1, "filled", "u1", 102)).status, AppendStatus::appended);
  EXPECT_EQ(alerts().append("chan", a1, sealer("chan", a1, "close", "u1", 103)).status, AppendStatus::duplicate_key);
  EXPECT_EQ(alerts().log("chan", 0, 10).size(), 2u);
  AlertQuery q;
  q.streamer_id = "chan";
  EXPECT_EQ(alerts().alerts(q).size(), 1u);
  EXPECT_TRUE(verify("chan").ok());
}

TEST_P(AlertContract, TheTablesRefuseUpdateAndDelete) {
  const auto a1 = tc::core::new_uuid();
  ASSERT_EQ(post("chan", a1, "k1", 100).status, AppendStatus::appended);
  AlertSettingsRow s;
  s.streamer_id = "chan";
  s.disclaimer = "Not financial advice.";
  alerts().add_settings(s);
  for (const char* sql : {"UPDATE alert_events SET body = '{}'", "DELETE FROM alert_events",
                          "UPDATE alerts SET symbol = 'TSLA'", "DELETE FROM alerts",
                          "UPDATE channel_alert_settings SET delay_free_s = 0", "DELETE FROM channel_alert_settings"}) {
    EXPECT_ANY_THROW(*raw_ << sql) << sql;
  }
  EXPECT_EQ(alerts().log("chan", 0, 10).size(), 1u);
  EXPECT_EQ(alerts().alert(a1)->symbol, "AAPL");
  EXPECT_EQ(alerts().settings("chan")->delay_free_s, 60);
  EXPECT_TRUE(verify("chan").ok());
}

TEST_P(AlertContract, ATamperedRowIsFoundByVerification) {
  const auto a1 = tc::core::new_uuid();
  ASSERT_EQ(post("chan", a1, "k1", 100).status, AppendStatus::appended);
  ASSERT_EQ(alerts().append("chan", a1, sealer("chan", a1, "filled", "u1", 101)).status, AppendStatus::appended);
  ASSERT_EQ(alerts().append("chan", a1, sealer("chan", a1, "close", "u2", 102)).status, AppendStatus::appended);
  ASSERT_TRUE(verify("chan").ok());
  *raw_ << "DROP TRIGGER alert_events_no_update";  // what only someone with the database could do
  const auto row = alerts().log("chan", 1, 1).at(0);
  std::string forged = row.body;
  forged.replace(forged.find("filled"), 6, "closed");
  *raw_ << "UPDATE alert_events SET body = :b WHERE streamer_id = 'chan' AND seq = 2", soci::use(forged);
  auto report = verify("chan");
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.breaks.at(0).seq, 2);
  EXPECT_EQ(report.entries, 3);
  // Re-hashing the forged entry breaks the link to the next one instead.
  const auto rehash = tc::domain::chain_hash(row.prev_hash, forged);
  *raw_ << "UPDATE alert_events SET hash = :h WHERE streamer_id = 'chan' AND seq = 2", soci::use(rehash);
  report = verify("chan");
  ASSERT_FALSE(report.ok());
  bool seq3 = false;
  for (const auto& b : report.breaks) seq3 = seq3 || b.seq == 3;
  EXPECT_TRUE(seq3);
}

TEST_P(AlertContract, ConcurrentPostsKeepTheChainContinuous) {
  constexpr int kThreads = 6, kEach = 15;
  std::atomic<int> appended{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const auto key = "t" + std::to_string(t) + "-" + std::to_string(i);
        if (post("busy", tc::core::new_uuid(), key, 1000 + i).status == AppendStatus::appended) ++appended;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(appended.load(), kThreads * kEach);
  const auto report = verify("busy");
  EXPECT_TRUE(report.ok()) << (report.breaks.empty() ? "" : report.breaks[0].problem);
  EXPECT_EQ(report.entries, kThreads * kEach);
}

TEST_P(AlertContract, QueriesFilterPageAndRelease) {
  for (int i = 0; i < 5; ++i) {
    const auto id = tc::core::new_uuid();
    ASSERT_EQ(alerts()
                  .append("chan", "",
                          [&](const ChainHead& head,
                              const std::vector<AlertEventRow>&) -> tc::core::Result<AlertAppend> {
                            const json::object entry{{"kind", "post"},
                                                     {"seq", head.seq + 1},
                                                     {"alert_id", id},
                                                     {"streamer_id", "chan"}};
                            AlertAppend a;
                            a.event = tc::domain::seal_entry(entry, head, "chan", id, 1000 * (i + 1));
                            a.alert = AlertRow{id,
                                               "chan",
                                               "s",
                                               i % 2 ? "TSLA" : "AAPL",
                                               1000 * (i + 1),
                                               head.seq + 1,
                                               "k" + std::to_string(i),
                                               "fp",
                                               0,
                                               2,
                                               10};
                            return a;
                          })
                  .status,
              AppendStatus::appended);
  }
  AlertQuery q;
  q.streamer_id = "chan";
  auto all = alerts().alerts(q);
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[0].posted_at, 5000);  // newest first
  q.symbol = "TSLA";
  EXPECT_EQ(alerts().alerts(q).size(), 2u);
  q.symbol.reset();
  q.from = 2000;
  q.to = 4000;
  EXPECT_EQ(alerts().alerts(q).size(), 2u);
  q.from.reset();
  q.to.reset();
  q.before = AlertCursor{all[1].posted_at, all[1].alert_id};
  q.limit = 2;
  auto page = alerts().alerts(q);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].posted_at, 3000);
  q.before.reset();
  q.limit = 50;
  q.released_for = "FREE";  // 10 s delay: at 13 000 only those posted by 3000
  q.now = 13'000;
  EXPECT_EQ(alerts().alerts(q).size(), 3u);
  q.released_for = "BASIC";  // 2 s
  EXPECT_EQ(alerts().alerts(q).size(), 5u);
  q.released_for = "PREMIUM";
  q.now = 2000;
  EXPECT_EQ(alerts().alerts(q).size(), 2u);
}

TEST_P(AlertContract, SettingsKeepEveryVersion) {
  EXPECT_FALSE(alerts().settings("chan"));
  AlertSettingsRow s;
  s.streamer_id = "chan";
  s.created_at = 10;
  EXPECT_EQ(alerts().add_settings(s).version, 1);
  s.disclaimer = "Not financial advice.";
  s.delay_free_s = 120;
  s.created_at = 20;
  EXPECT_EQ(alerts().add_settings(s).version, 2);
  const auto now = alerts().settings("chan");
  ASSERT_TRUE(now);
  EXPECT_EQ(now->version, 2);
  EXPECT_EQ(now->disclaimer, "Not financial advice.");
  EXPECT_EQ(now->delay_free_s, 120);
  int versions = 0;
  *raw_ << "SELECT COUNT(*) FROM channel_alert_settings WHERE streamer_id = 'chan'", soci::into(versions);
  EXPECT_EQ(versions, 2);
}

INSTANTIATE_TEST_SUITE_P(Dialects, AlertContract, ::testing::Values("sqlite", "mariadb"),
                         [](const auto& info) { return info.param; });

}  // namespace
