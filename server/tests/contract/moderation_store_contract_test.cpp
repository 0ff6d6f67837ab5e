// The ModerationStore contract (moderators, bans and timeouts, chat settings, blocked terms) on
// SQLite and MariaDB: same answers, limits checked inside the transaction, nothing written on refusal.
#include <soci/soci.h>

#include <gtest/gtest.h>

#include <cstdlib>

#include "core/ids.hpp"
#include "store/store.hpp"
#include "support/test_database.hpp"

using namespace tc::store;

namespace {

class ModerationContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (const auto missing = tc::test::database_missing(GetParam())) {
      if (tc::test::database_required()) FAIL() << *missing;
      GTEST_SKIP() << *missing;
    }
    db_ = std::make_unique<tc::test::TestDatabase>(GetParam(), "tc_modc_");
    store_ = open_store(db_->url(), db_->data_dir(), 4);
    store_->migrate();
  }
  void TearDown() override {
    store_.reset();
    db_.reset();
  }
  UserRow user(const std::string& name) {
    UserRow u;
    u.id = tc::core::new_uuid();
    u.username = name;
    u.username_key = name;
    u.created_at = 1'700'000'000'000;
    EXPECT_TRUE(store_->users().insert(u));
    return u;
  }
  ModerationStore& mod() { return store_->moderation(); }

  std::unique_ptr<tc::test::TestDatabase> db_;
  std::unique_ptr<Store> store_;
};

TEST_P(ModerationContract, ModeratorsAreAddedOnceUpToTheLimitAndRemoved) {
  const auto owner = user("owner"), a = user("mod_a"), b = user("mod_b"), c = user("mod_c");
  EXPECT_EQ(mod().add_moderator({owner.id, a.id, "", 10}, 2), AddModerator::added);
  EXPECT_EQ(mod().add_moderator({owner.id, a.id, "", 11}, 2), AddModerator::exists);
  EXPECT_EQ(mod().add_moderator({owner.id, b.id, "", 12}, 2), AddModerator::added);
  EXPECT_EQ(mod().add_moderator({owner.id, c.id, "", 13}, 2), AddModerator::full);
  auto list = mod().moderators(owner.id);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].user_id, a.id);
  EXPECT_EQ(list[0].username, "mod_a");
  EXPECT_EQ(list[0].created_at, 10);
  EXPECT_EQ(list[1].user_id, b.id);
  EXPECT_TRUE(mod().moderators(a.id).empty());  // per channel
  EXPECT_TRUE(mod().remove_moderator(owner.id, a.id));
  EXPECT_FALSE(mod().remove_moderator(owner.id, a.id));
  EXPECT_EQ(mod().add_moderator({owner.id, c.id, "", 14}, 2), AddModerator::added);
  EXPECT_EQ(mod().moderators(owner.id).size(), 2u);
}

TEST_P(ModerationContract, BansAndTimeoutsAreInForceUntilLiftedOrExpired) {
  const auto owner = user("owner"), x = user("x"), y = user("y"), z = user("z");
  ASSERT_TRUE(mod().put_ban({owner.id, x.id, "", std::nullopt, owner.id, 100}, 100, 2));
  ASSERT_TRUE(mod().put_ban({owner.id, y.id, "", int64_t{1'000}, owner.id, 200}, 200, 2));
  // Full: a new ban is refused and nothing changes; replacing an existing one is allowed.
  EXPECT_FALSE(mod().put_ban({owner.id, z.id, "", std::nullopt, owner.id, 300}, 300, 2));
  EXPECT_TRUE(mod().put_ban({owner.id, y.id, "", int64_t{2'000}, owner.id, 300}, 300, 2));
  auto in_force = mod().bans(owner.id, 500, 10);
  ASSERT_EQ(in_force.size(), 2u);
  EXPECT_EQ(in_force[0].user_id, y.id);  // newest first
  EXPECT_EQ(in_force[0].expires_at, std::optional<int64_t>(2'000));
  EXPECT_EQ(in_force[1].user_id, x.id);
  EXPECT_EQ(in_force[1].expires_at, std::nullopt);
  EXPECT_EQ(in_force[1].username, "x");
  // After the timeout ends only the ban is in force, and the expired row no longer counts.
  EXPECT_EQ(mod().bans(owner.id, 2'000, 10).size(), 1u);
  EXPECT_TRUE(mod().put_ban({owner.id, z.id, "", std::nullopt, owner.id, 2'500}, 2'500, 2));
  EXPECT_TRUE(mod().remove_ban(owner.id, x.id));
  EXPECT_FALSE(mod().remove_ban(owner.id, x.id));
  auto left = mod().bans(owner.id, 3'000, 10);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].user_id, z.id);
}

TEST_P(ModerationContract, ChatModeAndBlockedTermsRoundTrip) {
  const auto owner = user("owner");
  EXPECT_FALSE(mod().chat_mode(owner.id).has_value());
  mod().set_chat_mode({owner.id, 30, true, false, true, 5});
  mod().set_chat_mode({owner.id, 60, false, true, false, 6});
  auto m = mod().chat_mode(owner.id);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->slow_mode_seconds, 60);
  EXPECT_FALSE(m->followers_only);
  EXPECT_TRUE(m->subscribers_only);
  EXPECT_FALSE(m->emote_only);
  EXPECT_EQ(m->updated_at, 6);

  mod().set_blocked_terms(owner.id, {"scam", "pump and dump", "üble"}, 1);
  EXPECT_EQ(mod().blocked_terms(owner.id), (std::vector<std::string>{"pump and dump", "scam", "üble"}));
  mod().set_blocked_terms(owner.id, {"rug"}, 2);
  EXPECT_EQ(mod().blocked_terms(owner.id), (std::vector<std::string>{"rug"}));
  mod().set_blocked_terms(owner.id, {}, 3);
  EXPECT_TRUE(mod().blocked_terms(owner.id).empty());
}

INSTANTIATE_TEST_SUITE_P(Dialects, ModerationContract, ::testing::Values("sqlite", "mariadb"),
                         [](const auto& info) { return info.param; });

}  // namespace
