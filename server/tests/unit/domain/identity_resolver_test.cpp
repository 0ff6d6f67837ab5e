// IdentityResolver (issue 12): the check REST and the socket's CONNECT share. Real SQLite store.
#include "domain/accounts/identity_resolver.hpp"

#include <gtest/gtest.h>

#include "unit/domain/service_fixture.hpp"

using tc::domain::TokenClaims;
using tc::test::ServiceFixture;

TEST(IdentityResolver, LocalTokensNeedAnExistingLocalUser) {
  ServiceFixture f;
  auto alice = f.user("alice");
  auto& ids = f.accounts.identities();
  auto who = ids.resolve_identity({alice.user_id, "whatever the token says", false, "tradecast"});
  ASSERT_TRUE(who);
  EXPECT_EQ(who->user_id, alice.user_id);
  EXPECT_EQ(who->username, "alice");  // the stored name, not the token's
  EXPECT_FALSE(who->external);
  EXPECT_EQ(ids.resolve({"no-such-user", "ghost", false, "tradecast"}).error().code, "user_not_found");
  EXPECT_FALSE(ids.cached({"no-such-user", "ghost", false, "tradecast"}));  // refusals are not remembered
}

TEST(IdentityResolver, AnExternalSubjectEqualToALocalIdIsAUserOfItsOwn) {
  ServiceFixture f;
  auto alice = f.user("alice");
  auto& ids = f.accounts.identities();
  TokenClaims impostor{alice.user_id, "alice", true, "https://platform.example"};
  auto ext = ids.resolve(impostor);
  ASSERT_TRUE(ext);
  EXPECT_NE(ext->id, alice.user_id);
  EXPECT_NE(ext->username_key, "alice");
  EXPECT_EQ(ext->origin, "external");
  // Same issuer + subject: the same user again (from the store, and from the cache).
  auto again = ids.resolve(impostor);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, ext->id);
  auto hit = ids.cached(impostor);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->user_id, ext->id);
  EXPECT_TRUE(hit->external);
  // Another issuer with the same subject: another user.
  auto other = ids.resolve({alice.user_id, "alice", true, "https://other.example"});
  ASSERT_TRUE(other);
  EXPECT_NE(other->id, ext->id);
  EXPECT_NE(other->id, alice.user_id);
  // A local token can never name an external user (we never issue those).
  EXPECT_EQ(ids.resolve({ext->id, "x", false, "tradecast"}).error().code, "user_not_found");
  // The local user is untouched.
  EXPECT_EQ(f.store->users().by_id(alice.user_id)->origin, "local");
}

TEST(IdentityResolver, AFreeSubjectKeepsItsIdAndLegacyUsersAreFound) {
  ServiceFixture f;
  auto& ids = f.accounts.identities();
  auto u = ids.resolve({"platform-9", "desk", true, "https://platform.example"});
  ASSERT_TRUE(u);
  EXPECT_EQ(u->id, "platform-9");
  // A user provisioned before migration 0012 is mapped under the issuer '' and found by any issuer.
  tc::store::UserRow legacy{"platform-old", "oldtimer", "oldtimer", std::nullopt, "external", 1};
  ASSERT_TRUE(f.store->users().insert_external(legacy, "", "platform-old"));
  auto found = ids.resolve({"platform-old", "renamed", true, "https://platform.example"});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, "platform-old");
  EXPECT_EQ(found->username, "oldtimer");
}

TEST(IdentityResolver, CachedIdentitiesExpire) {
  ServiceFixture f;
  auto bob = f.user("bob");
  auto& ids = f.accounts.identities();
  TokenClaims c{bob.user_id, "bob", false, "tradecast"};
  EXPECT_FALSE(ids.cached(c));
  ASSERT_TRUE(ids.resolve(c));
  EXPECT_TRUE(ids.cached(c));
  f.clock.advance_ms(tc::domain::IdentityResolver::kCacheTtlMs + 1);
  EXPECT_FALSE(ids.cached(c));
}
