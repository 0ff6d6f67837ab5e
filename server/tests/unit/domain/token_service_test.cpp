#include "domain/accounts/token_service.hpp"

#include <gtest/gtest.h>
#include <jwt/jwt.hpp>

#include <chrono>
#include <fstream>

using namespace tc::domain;

namespace {
std::string slurp(const std::string& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), {}};
}
// cpp-jwt also checks `exp` against the system clock, so test clocks start at real time.
int64_t real_now_ms() { return tc::core::SystemClock().now_ms(); }
const std::string kSecret(64, 'k');

std::string sign_rs256(const std::string& iss, int64_t exp_s, const std::string& sub) {
  jwt::jwt_object obj{jwt::params::algorithm("RS256"),
                      jwt::params::secret(slurp(TC_TEST_DATA "/external_rs256_private.pem"))};
  obj.add_claim("iss", iss).add_claim("sub", sub).add_claim("preferred_username", "ext trader");
  obj.payload().add_claim("exp", exp_s);
  return obj.signature();
}
}  // namespace

TEST(TokenService, IssuedTokensVerifyToTheSameIdentity) {
  tc::core::ManualClock clock(real_now_ms());
  TokenService tokens(clock, {kSecret, 3'600'000, std::nullopt, ""});
  auto issued = tokens.issue({"user-1", "alice", false});
  EXPECT_EQ(issued.expires_at / 1000, clock.now_ms() / 1000 + 3600);
  auto who = tokens.verify(issued.token);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->user_id, "user-1");
  EXPECT_EQ(who->username, "alice");
  EXPECT_FALSE(who->external);
}

TEST(TokenService, RejectsTamperedForeignAndExpiredTokens) {
  tc::core::ManualClock clock(real_now_ms());
  TokenService tokens(clock, {kSecret, 3'600'000, std::nullopt, ""});
  auto t = tokens.issue({"user-1", "alice", false}).token;

  auto tampered = t;
  tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(tokens.verify(tampered).error().code, "invalid_token");

  TokenService other(clock, {std::string(64, 'o'), 3'600'000, std::nullopt, ""});
  EXPECT_EQ(other.verify(t).error().code, "invalid_token");

  // alg:none with a valid-looking payload.
  const auto dot = t.find('.');
  const std::string none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0" + t.substr(dot, t.rfind('.') - dot) + ".";
  EXPECT_EQ(tokens.verify(none).error().code, "invalid_token");

  EXPECT_EQ(tokens.verify("").error().code, "invalid_token");
  EXPECT_EQ(tokens.verify("garbage").error().code, "invalid_token");
  EXPECT_EQ(tokens.verify(std::string(10'000, 'a')).error().code, "invalid_token");

  clock.advance_ms(3'600'001);
  EXPECT_EQ(tokens.verify(t).error().code, "token_expired");
}

TEST(TokenService, ExternalRs256TokensOnlyWhenConfigured) {
  tc::core::ManualClock clock(real_now_ms());
  const auto tok = sign_rs256("https://platform.example", clock.now_ms() / 1000 + 600, "ext-42");

  TokenService without(clock, {kSecret, 3'600'000, std::nullopt, ""});
  EXPECT_FALSE(without.verify(tok));

  TokenService with(clock, {kSecret, 3'600'000, slurp(TC_TEST_DATA "/external_rs256_public.pem"),
                            "https://platform.example"});
  auto who = with.verify(tok);
  ASSERT_TRUE(who) << who.error().code;
  EXPECT_EQ(who->user_id, "ext-42");
  EXPECT_EQ(who->username, "ext trader");
  EXPECT_TRUE(who->external);

  EXPECT_FALSE(with.verify(sign_rs256("https://evil.example", clock.now_ms() / 1000 + 600, "ext-42")));
  EXPECT_EQ(with.verify(sign_rs256("https://platform.example", clock.now_ms() / 1000 - 10, "ext-42")).error().code,
            "token_expired");

  // HS256 signed with the RSA public key as the secret (key confusion) is refused.
  jwt::jwt_object forged{jwt::params::algorithm("HS256"),
                         jwt::params::secret(slurp(TC_TEST_DATA "/external_rs256_public.pem"))};
  forged.add_claim("iss", "https://platform.example").add_claim("sub", "ext-42").add_claim("name", "x");
  forged.payload().add_claim("exp", clock.now_ms() / 1000 + 600);
  EXPECT_FALSE(with.verify(forged.signature()));
}
