// ModerationService over a real SQLite store with a manual clock: slow mode and timeouts end on time,
// who may act on whom, and a snapshot reloaded from the store after a restart keeps the ban.
#include "domain/moderation/moderation_service.hpp"

#include <gtest/gtest.h>

#include "unit/domain/service_fixture.hpp"

using namespace tc;

namespace {

struct ModerationFixture : test::ServiceFixture {
  domain::ModerationService mod{*store, clock};
  domain::Identity owner = user("owner1");
  domain::Identity helper = user("helper1");
  domain::Identity fan = user("fan1");
};

std::string code(const core::Status& s) { return s ? "" : s.error().code; }
// set_mode() payloads below spell out every field ({} = unchanged): g++ 12's -Wextra warns on a
// designated initializer that leaves members out (-Wmissing-field-initializers).

TEST(ModerationService, SlowModeCountsFromTheLastAcceptedMessageAndModeratorsAreExempt) {
  ModerationFixture f;
  ASSERT_TRUE(f.mod.add_moderator(f.owner, f.owner.user_id, "helper1"));
  f.mod.load(f.owner.user_id);
  ASSERT_TRUE(
      f.mod.set_mode(f.owner.user_id,
                     {.slow_mode_seconds = 10, .followers_only = {}, .subscribers_only = {}, .emote_only = {}}));
  auto rules = f.mod.cached(f.owner.user_id);
  ASSERT_TRUE(rules);
  EXPECT_EQ(code(f.mod.check_message(*rules, f.fan.user_id, std::nullopt, "hi")), "");
  f.mod.sent(f.owner.user_id, f.fan.user_id);
  f.clock.advance_ms(4'000);
  auto refused = f.mod.check_message(*rules, f.fan.user_id, std::nullopt, "again");
  ASSERT_EQ(code(refused), "slow_mode");
  EXPECT_EQ(refused.error().retry_after_ms, 6'000);
  f.mod.sent(f.owner.user_id, f.helper.user_id);
  EXPECT_EQ(code(f.mod.check_message(*rules, f.helper.user_id, std::nullopt, "mod")), "");
  f.clock.advance_ms(6'000);
  EXPECT_EQ(code(f.mod.check_message(*rules, f.fan.user_id, std::nullopt, "now")), "");
}

TEST(ModerationService, WhoMayActOnWhom) {
  ModerationFixture f;
  ASSERT_TRUE(f.mod.add_moderator(f.owner, f.owner.user_id, f.helper.user_id));
  EXPECT_EQ(f.mod.add_moderator(f.helper, f.owner.user_id, "fan1").error().code, "forbidden");
  auto rules = f.mod.load(f.owner.user_id);
  using S = domain::ModerationService;
  EXPECT_EQ(code(S::can_act_on(*rules, f.helper.user_id, f.fan.user_id)), "");
  EXPECT_EQ(code(S::can_act_on(*rules, f.helper.user_id, f.owner.user_id)), "cannot_moderate");
  EXPECT_EQ(code(S::can_act_on(*rules, f.owner.user_id, f.helper.user_id)), "cannot_moderate");
  EXPECT_EQ(code(S::can_act_on(*rules, f.fan.user_id, f.helper.user_id)), "not_moderator");
  EXPECT_EQ(code(S::can_act_on(*rules, f.owner.user_id, f.owner.user_id)), "cannot_moderate");
}

TEST(ModerationService, TimeoutsEndOnTimeAndBansSurviveAReload) {
  ModerationFixture f;
  f.mod.load(f.owner.user_id);
  const auto until = f.clock.now_ms() + 60'000;
  ASSERT_TRUE(f.mod.ban(f.owner.user_id, f.owner.user_id, f.fan.user_id, until));
  auto rules = f.mod.cached(f.owner.user_id);
  auto r = f.mod.check_message(*rules, f.fan.user_id, std::nullopt, "x");
  ASSERT_EQ(code(r), "timed_out");
  EXPECT_EQ(r.error().retry_after_s, 60);
  f.clock.advance_ms(60'000);
  EXPECT_EQ(code(f.mod.check_message(*rules, f.fan.user_id, std::nullopt, "x")), "");

  ASSERT_TRUE(f.mod.ban(f.owner.user_id, f.owner.user_id, f.fan.user_id, std::nullopt));
  domain::ModerationService restarted(*f.store, f.clock);  // a new process: nothing cached
  auto fresh = restarted.load(f.owner.user_id);
  EXPECT_EQ(code(restarted.check_message(*fresh, f.fan.user_id, std::string("PREMIUM"), "x")), "banned");
  ASSERT_TRUE(restarted.unban(f.owner.user_id, f.fan.user_id));
  EXPECT_EQ(code(restarted.check_message(*restarted.cached(f.owner.user_id), f.fan.user_id, std::nullopt, "x")), "");
  EXPECT_EQ(code(restarted.unban(f.owner.user_id, f.fan.user_id)), "ban_not_found");
}

TEST(ModerationService, ModesUseTheSubscriberTier) {
  ModerationFixture f;
  f.mod.load(f.owner.user_id);
  ASSERT_TRUE(
      f.mod.set_mode(f.owner.user_id,
                     {.slow_mode_seconds = {}, .followers_only = true, .subscribers_only = {}, .emote_only = {}}));
  auto rules = f.mod.cached(f.owner.user_id);
  EXPECT_EQ(code(f.mod.check_message(*rules, f.fan.user_id, std::nullopt, "x")), "followers_only");
  EXPECT_EQ(code(f.mod.check_message(*rules, f.fan.user_id, std::string("FREE"), "x")), "");
  ASSERT_TRUE(
      f.mod.set_mode(f.owner.user_id,
                     {.slow_mode_seconds = {}, .followers_only = false, .subscribers_only = true, .emote_only = {}}));
  rules = f.mod.cached(f.owner.user_id);
  EXPECT_EQ(code(f.mod.check_message(*rules, f.fan.user_id, std::string("FREE"), "x")), "subscribers_only");
  EXPECT_EQ(code(f.mod.check_message(*rules, f.fan.user_id, std::string("BASIC"), "x")), "");
  auto terms = f.mod.set_terms(f.owner, f.owner.user_id, {"Rug  Pull"});
  ASSERT_TRUE(terms);
  rules = f.mod.cached(f.owner.user_id);
  EXPECT_EQ(code(f.mod.check_message(*rules, f.fan.user_id, std::string("BASIC"), "a RUG pull!")), "blocked_term");
  EXPECT_EQ(f.mod.set_terms(f.fan, f.owner.user_id, {}).error().code, "forbidden");
}

}  // namespace
