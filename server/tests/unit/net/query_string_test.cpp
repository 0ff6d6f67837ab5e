#include "net/query_string.hpp"

#include <gtest/gtest.h>

using namespace tc::net;

TEST(QueryString, DecodesPairsInOrderWithDuplicates) {
  const Fields q = parse_query("EIO=4&transport=polling&t=a%20b+c&EIO=3");
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[0], (std::pair<std::string, std::string>{"EIO", "4"}));
  EXPECT_EQ(q[2].second, "a b c");
  EXPECT_EQ(q[3], (std::pair<std::string, std::string>{"EIO", "3"}));
}

TEST(QueryString, EmptyPartsNoValuesAndBadEscapes) {
  const Fields q = parse_query("&&a&b=&c=%zz&%41=1&");
  ASSERT_EQ(q.size(), 3u);
  EXPECT_EQ(q[0], (std::pair<std::string, std::string>{"a", ""}));
  EXPECT_EQ(q[1], (std::pair<std::string, std::string>{"b", ""}));
  EXPECT_EQ(q[2], (std::pair<std::string, std::string>{"A", "1"}));  // c=%zz dropped
  EXPECT_TRUE(parse_query("").empty());
  EXPECT_TRUE(parse_query("%").empty());
}

TEST(QueryString, QueryOfATarget) {
  EXPECT_EQ(query_of("/socket.io/?EIO=4&x=?"), "EIO=4&x=?");
  EXPECT_EQ(query_of("/path"), "");
  EXPECT_EQ(query_of("/path?"), "");
}
