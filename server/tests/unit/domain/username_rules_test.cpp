#include "domain/accounts/username_rules.hpp"

#include <gtest/gtest.h>

using namespace tc::domain;

namespace {
std::string code_of(const tc::core::Status& s) { return s ? "ok" : s.error().code; }
}  // namespace

TEST(UsernameRules, EachViolationHasItsOwnCode) {
  EXPECT_EQ(code_of(validate_username("alice")), "ok");
  EXPECT_EQ(code_of(validate_username("Trader_Joe.99")), "ok");
  EXPECT_EQ(code_of(validate_username("ab")), "username_too_short");
  EXPECT_EQ(code_of(validate_username(std::string(33, 'a'))), "username_too_long");
  EXPECT_EQ(code_of(validate_username("bad name")), "username_invalid_chars");
  EXPECT_EQ(code_of(validate_username("émile")), "username_invalid_chars");
  EXPECT_EQ(code_of(validate_username("_alice")), "username_invalid_start");
  EXPECT_EQ(code_of(validate_username("9lives")), "username_invalid_start");
  EXPECT_EQ(code_of(validate_username("Admin")), "username_reserved");
}

TEST(UsernameRules, Passwords) {
  EXPECT_EQ(code_of(validate_password("longenough")), "ok");
  EXPECT_EQ(code_of(validate_password("short")), "password_too_short");
  EXPECT_EQ(code_of(validate_password(std::string(129, 'x'))), "password_too_long");
  EXPECT_EQ(code_of(validate_password("\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8")), "password_invalid");
}
