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
  EXPECT_EQ(who->subject, "user-1");
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

  TokenService with(clock,
                    {kSecret, 3'600'000, slurp(TC_TEST_DATA "/external_rs256_public.pem"), "https://platform.example"});
  auto who = with.verify(tok);
  ASSERT_TRUE(who) << who.error().code;
  EXPECT_EQ(who->subject, "ext-42");
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

namespace {
std::string sign_hs256_at(int64_t iat_s, int64_t exp_s, std::optional<int64_t> nbf_s = std::nullopt) {
  jwt::jwt_object obj{jwt::params::algorithm("HS256"), jwt::params::secret(kSecret)};
  obj.add_claim("iss", "tradecast").add_claim("sub", "user-1").add_claim("name", "alice");
  obj.payload().add_claim("iat", iat_s);
  obj.payload().add_claim("exp", exp_s);
  if (nbf_s) obj.payload().add_claim("nbf", *nbf_s);
  return obj.signature();
}
}  // namespace

// Issue 12: a token dated in the future is refused beyond the allowed clock skew (60 s by default),
// by our clock, for our own and for external tokens; within the skew it is fine.
TEST(TokenService, TokensFromTheFutureOnlyWithinTheClockSkew) {
  tc::core::ManualClock clock(real_now_ms());
  TokenService tokens(clock, {kSecret, 3'600'000, slurp(TC_TEST_DATA "/external_rs256_public.pem"), ""});
  const int64_t now_s = clock.now_ms() / 1000;
  EXPECT_TRUE(tokens.verify(sign_hs256_at(now_s + 59, now_s + 600)));
  EXPECT_EQ(tokens.verify(sign_hs256_at(now_s + 120, now_s + 600)).error().code, "token_not_yet_valid");
  EXPECT_EQ(tokens.verify(sign_hs256_at(now_s + 86'400, now_s + 90'000)).error().code, "token_not_yet_valid");
  EXPECT_EQ(tokens.verify(sign_hs256_at(now_s, now_s + 600, now_s + 300)).error().code, "token_not_yet_valid");
  EXPECT_TRUE(tokens.verify(sign_hs256_at(now_s, now_s + 600, now_s + 30)));

  // The same token becomes valid once our clock reaches it (the skew is measured on our clock).
  const auto later = sign_hs256_at(now_s + 120, now_s + 600);
  clock.advance_ms(61'000);
  EXPECT_TRUE(tokens.verify(later));

  jwt::jwt_object ext{jwt::params::algorithm("RS256"),
                      jwt::params::secret(slurp(TC_TEST_DATA "/external_rs256_private.pem"))};
  ext.add_claim("iss", "https://platform.example").add_claim("sub", "ext-1");
  ext.payload().add_claim("iat", clock.now_ms() / 1000 + 3600);
  ext.payload().add_claim("exp", clock.now_ms() / 1000 + 7200);
  EXPECT_EQ(tokens.verify(ext.signature()).error().code, "token_not_yet_valid");

  // A tighter skew is honoured, and the issuer of an external token is kept in its claims.
  TokenService strict(clock, {kSecret, 3'600'000, slurp(TC_TEST_DATA "/external_rs256_public.pem"), "", 5'000});
  const int64_t t = clock.now_ms() / 1000;
  EXPECT_EQ(strict.verify(sign_hs256_at(t + 10, t + 600)).error().code, "token_not_yet_valid");
  auto claims = strict.verify(sign_rs256("https://platform.example", t + 600, "ext-7"));
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->issuer, "https://platform.example");
}
