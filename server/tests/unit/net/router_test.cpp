#include "net/router.hpp"

#include <gtest/gtest.h>

using namespace tc::net;

namespace {
HttpHandler noop() {
  return [](HttpRequest&) -> boost::asio::awaitable<HttpResponse> { co_return HttpResponse::json(200, "{}"); };
}
}  // namespace

TEST(Router, MatchesLiteralsAndParameters) {
  Router r;
  r.add("POST", "/api/v1/streaming/create", noop());
  r.add("POST", "/api/v1/streaming/:id/end", noop());
  r.add("GET", "/api/v1/streaming/:id", noop());

  auto m = r.match("POST", "/api/v1/streaming/create");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.route->pattern, "/api/v1/streaming/create");

  m = r.match("POST", "/api/v1/streaming/abc/end");
  ASSERT_TRUE(m.route);
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0], (std::pair<std::string, std::string>{"id", "abc"}));

  m = r.match("HEAD", "/api/v1/streaming/abc");
  EXPECT_TRUE(m.route);  // HEAD is served by GET routes

  m = r.match("DELETE", "/api/v1/streaming/abc");
  EXPECT_FALSE(m.route);
  EXPECT_EQ(m.allow, "GET");

  m = r.match("GET", "/api/v1/streaming/abc/end/more");
  EXPECT_FALSE(m.route);
  EXPECT_TRUE(m.allow.empty());
}

TEST(Http, PercentDecoding) {
  EXPECT_EQ(percent_decode("a%20b%2Fc"), "a b/c");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("a+b"), "a+b");
  EXPECT_FALSE(percent_decode("%2"));
  EXPECT_FALSE(percent_decode("%zz"));
  EXPECT_FALSE(percent_decode("abc%"));
}
