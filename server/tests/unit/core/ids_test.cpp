#include "core/ids.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace tc::core;

TEST(Ids, UuidsAreCanonicalVersion4AndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const auto id = new_uuid();
    ASSERT_TRUE(is_uuid(id)) << id;
    ASSERT_EQ(id[14], '4');
    ASSERT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b');
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_FALSE(is_uuid("not-a-uuid"));
  EXPECT_FALSE(is_uuid("0123456789012345678901234567890123456"));
  EXPECT_EQ(random_hex(16).size(), 32u);
}
