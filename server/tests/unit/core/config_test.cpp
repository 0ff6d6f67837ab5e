#include "core/config.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.hpp"

using namespace tc::core;

TEST(Config, DefaultsMatchTheFoundingDesign) {
  Config c;
  EXPECT_EQ(c.port, 3200);
  EXPECT_EQ(c.data_dir, "./data");
  EXPECT_TRUE(c.db.empty());
  EXPECT_EQ(c.auth_rate_limit.count, 20);
  EXPECT_EQ(c.auth_rate_limit.window_ms, 60'000);
  EXPECT_EQ(c.login_fail_limit.count, 5);
}

TEST(Config, FileThenEnvThenFlagsEachOverrideTheLast) {
  tc::test::TempDir dir;
  const auto file = dir.path() + "/tc.toml";
  std::ofstream(file) << "port = 4000\ndata_dir = \"/from/file\"\ndb-pool-size = 7\ncors_origin = [\"https://a\", \"https://b\"]\n";
  Config c;
  apply_toml_file(c, file);
  EXPECT_EQ(c.port, 4000);
  EXPECT_EQ(c.data_dir, "/from/file");
  EXPECT_EQ(c.db_pool_size, 7);
  EXPECT_EQ(c.cors_origins, (std::vector<std::string>{"https://a", "https://b"}));

  apply_env(c, {{"TRADECAST_PORT", "4001"}, {"TRADECAST_AUTH_RATE_LIMIT", "0"}, {"OTHER", "x"}});
  EXPECT_EQ(c.port, 4001);
  EXPECT_FALSE(c.auth_rate_limit.enabled());
  EXPECT_EQ(c.data_dir, "/from/file");

  apply_option(c, "port", "4002");
  EXPECT_EQ(c.port, 4002);
}

TEST(Config, UnknownKeysAndBadValuesAreErrors) {
  tc::test::TempDir dir;
  const auto file = dir.path() + "/tc.toml";
  std::ofstream(file) << "prot = 4000\n";
  Config c;
  EXPECT_THROW(apply_toml_file(c, file), ConfigError);
  EXPECT_THROW(apply_option(c, "port", "70000"), ConfigError);
  EXPECT_THROW(apply_option(c, "port", "12ab"), ConfigError);
  EXPECT_THROW(apply_option(c, "log-level", "loud"), ConfigError);
  EXPECT_THROW(apply_option(c, "nope", "1"), ConfigError);
  EXPECT_EQ(c.port, 3200);  // nothing applied
}

TEST(Config, DurationsAndRates) {
  EXPECT_EQ(parse_duration_ms("250ms"), 250);
  EXPECT_EQ(parse_duration_ms("60s"), 60'000);
  EXPECT_EQ(parse_duration_ms("10"), 10'000);
  EXPECT_EQ(parse_duration_ms("2h"), 7'200'000);
  EXPECT_EQ(parse_duration_ms("7d"), 604'800'000);
  EXPECT_THROW(parse_duration_ms("s"), ConfigError);
  EXPECT_THROW(parse_duration_ms("5y"), ConfigError);
  auto r = parse_rate("5/10s");
  EXPECT_EQ(r.count, 5);
  EXPECT_EQ(r.window_ms, 10'000);
  EXPECT_FALSE(parse_rate("0").enabled());
  EXPECT_THROW(parse_rate("5"), ConfigError);
  EXPECT_EQ(env_name("data-dir"), "TRADECAST_DATA_DIR");
}

TEST(Config, RedisIsAnOptionLikeEveryOther) {
  Config c;
  EXPECT_TRUE(c.redis.empty());  // one node, in-process bus
  apply_env(c, {{"TRADECAST_REDIS", "redis://127.0.0.1:6380"}});
  EXPECT_EQ(c.redis, "redis://127.0.0.1:6380");
  apply_option(c, "redis", "redis://10.0.0.3:6379");
  EXPECT_EQ(c.redis, "redis://10.0.0.3:6379");
  EXPECT_THROW(apply_option(c, "redis", "127.0.0.1:6379"), ConfigError);  // the scheme says what it is
}
