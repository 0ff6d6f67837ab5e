#include "net/cors.hpp"

#include <gtest/gtest.h>

using namespace tc::net;

TEST(Cors, EchoesOnlyAllowedOrigins) {
  const CorsPolicy listed({"https://a.example"});
  const std::string a = "https://a.example", b = "https://b.example";
  EXPECT_EQ(listed.allowed_origin(&a), a);
  EXPECT_EQ(listed.allowed_origin(&b), "");
  EXPECT_EQ(listed.allowed_origin(nullptr), "");
  EXPECT_EQ(CorsPolicy({"*"}).allowed_origin(&b), b);
  EXPECT_EQ(CorsPolicy({}).allowed_origin(&a), "");
}

TEST(Cors, HeadersOnlyForAnAllowedOrigin) {
  const CorsPolicy p({"*"});
  EXPECT_TRUE(p.response_headers("").empty());
  EXPECT_TRUE(p.preflight_headers("").empty());
  const auto r = p.response_headers("https://a.example");
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r[0], (std::pair<std::string, std::string>{"Access-Control-Allow-Origin", "https://a.example"}));
  bool methods = false;
  for (const auto& [k, v] : p.preflight_headers("https://a.example")) methods |= k == "Access-Control-Allow-Methods";
  EXPECT_TRUE(methods);
}
