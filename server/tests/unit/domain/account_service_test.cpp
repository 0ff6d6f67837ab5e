#include <gtest/gtest.h>

#include "unit/domain/service_fixture.hpp"

using tc::test::ServiceFixture;

TEST(AccountService, RegisterThenLoginCaseInsensitively) {
  ServiceFixture f;
  auto reg = f.accounts.register_user("Alice", "password123");
  ASSERT_TRUE(reg);
  EXPECT_EQ(reg->user.username, "Alice");
  ASSERT_TRUE(reg->user.password_hash);
  EXPECT_TRUE(reg->user.password_hash->starts_with("$argon2id$"));
  EXPECT_TRUE(f.tokens.verify(reg->token.token));

  auto login = f.accounts.login("alice", "password123");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->user.id, reg->user.id);
}

TEST(AccountService, DuplicateNamesAndBadCredentials) {
  ServiceFixture f;
  ASSERT_TRUE(f.accounts.register_user("bob", "password123"));
  EXPECT_EQ(f.accounts.register_user("BOB", "password456").error().code, "username_taken");
  EXPECT_EQ(f.accounts.login("bob", "wrong-password").error().code, "invalid_credentials");
  EXPECT_EQ(f.accounts.login("nobody", "password123").error().code, "invalid_credentials");
  EXPECT_EQ(f.accounts.register_user("x", "password123").error().code, "username_too_short");
  EXPECT_FALSE(f.store->users().by_username_key("x"));
}

TEST(AccountService, ExternalUsersAreProvisionedOnceAndLocalGhostsRefused) {
  ServiceFixture f;
  tc::domain::TokenClaims ext{"platform-user-7", "Jane Doe!", true, "https://platform.example"};
  auto u = f.accounts.identities().resolve(ext);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->origin, "external");
  EXPECT_EQ(u->username, "JaneDoe");
  EXPECT_FALSE(u->password_hash);
  auto again = f.accounts.identities().resolve(ext);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->created_at, u->created_at);
  // A local token naming a user that does not exist.
  EXPECT_EQ(f.accounts.identities().resolve({"gone", "ghost", false, "tradecast"}).error().code, "user_not_found");
  // An external user cannot log in with a password.
  EXPECT_EQ(f.accounts.login("JaneDoe", "anything123").error().code, "invalid_credentials");
}
