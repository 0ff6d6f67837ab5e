#include "net/byte_range.hpp"

#include <gtest/gtest.h>

using namespace tc::net;
using Kind = RangeAnswer::Kind;

namespace {
std::string bytes(const RangeAnswer& a) { return std::to_string(a.range.first) + "-" + std::to_string(a.range.last); }
}  // namespace

TEST(ByteRange, OneRangeOfEachForm) {
  auto a = parse_range("bytes=0-99", 1000);
  ASSERT_EQ(a.kind, Kind::partial);
  EXPECT_EQ(bytes(a), "0-99");
  EXPECT_EQ(a.range.length(), 100u);
  EXPECT_EQ(bytes(parse_range("bytes=900-", 1000)), "900-999");
  EXPECT_EQ(bytes(parse_range("bytes=-100", 1000)), "900-999");
  // Past the end is clipped; a suffix longer than the file is the whole file.
  EXPECT_EQ(bytes(parse_range("bytes=990-5000", 1000)), "990-999");
  EXPECT_EQ(bytes(parse_range("bytes=-5000", 1000)), "0-999");
  EXPECT_EQ(content_range(parse_range("bytes=5-9", 10).range, 10), "bytes 5-9/10");
}

TEST(ByteRange, UnsatisfiableAnswers416) {
  EXPECT_EQ(parse_range("bytes=1000-", 1000).kind, Kind::unsatisfiable);
  EXPECT_EQ(parse_range("bytes=1000-1001", 1000).kind, Kind::unsatisfiable);
  EXPECT_EQ(parse_range("bytes=-0", 1000).kind, Kind::unsatisfiable);
  EXPECT_EQ(parse_range("bytes=-", 1000).kind, Kind::unsatisfiable);
  EXPECT_EQ(parse_range("bytes=-5", 0).kind, Kind::unsatisfiable);
  EXPECT_EQ(parse_range("bytes=0-", 0).kind, Kind::unsatisfiable);
}

TEST(ByteRange, WhatWeDoNotServeIsIgnored) {
  for (const char* h : {"", "bytes", "items=0-1", "bytes=0-1,5-6", "bytes=a-5", "bytes=5-1", "bytes=5-x", "bytes=1",
                        "bytes= 1-2", "bytes=99999999999999999999-"}) {
    EXPECT_EQ(parse_range(h, 1000).kind, Kind::whole) << h;
  }
}
