// One suite, every BlobStore: local disk (always) and S3 (when TC_TEST_S3_URL names an endpoint with
// a bucket TC_TEST_S3_BUCKET, credentials S3RVER/S3RVER; the integration test
// blob_contract_s3.test.mjs starts s3rver and runs this binary against it).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <memory>

#include "blob/local/local_blob_store.hpp"
#include "blob/s3/s3_blob_store.hpp"
#include "core/ids.hpp"
#include "support/temp_dir.hpp"

using namespace tc::blob;

namespace {

constexpr uint64_t kPart = 5ull << 20;

class BlobContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "local") {
      store_ = std::make_unique<LocalBlobStore>(dir_.path() + "/blobs");
    } else {
      const char* url = std::getenv("TC_TEST_S3_URL");
      if (!url || !*url) GTEST_SKIP() << "set TC_TEST_S3_URL (and TC_TEST_S3_BUCKET) to run on S3";
      S3Options o;
      o.endpoint = url;
      const char* bucket = std::getenv("TC_TEST_S3_BUCKET");
      o.bucket = bucket && *bucket ? bucket : "vod";
      o.access_key = o.secret_key = "S3RVER";
      o.part_size = kPart;
      store_ = std::make_unique<S3BlobStore>(o);
    }
    prefix_ = "c" + tc::core::random_hex(6) + "/";
  }

  std::string file(const std::string& name, const std::string& content) {
    const auto p = dir_.path() + "/" + name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  std::string read_all(const std::string& key, std::optional<ByteRange> range = std::nullopt) {
    std::string out;
    auto r = store_->get(key, range, [&](const char* d, size_t n) {
      out.append(d, n);
      return true;
    });
    EXPECT_TRUE(r) << (r ? "" : r.error().code + ": " + r.error().message);
    return out;
  }

  tc::test::TempDir dir_;
  std::unique_ptr<BlobStore> store_;
  std::string prefix_;  // keys of this test only: the S3 bucket is shared by the cases
};

TEST_P(BlobContract, PutHeadGetWithRangesAndTotals) {
  const auto key = prefix_ + "upload-1.webm";
  const std::string content = "0123456789abcdefghij";
  ASSERT_TRUE(store_->put_file(key, FileSlice{file("a", "HEAD" + content + "TAIL"), 4, content.size()}, "video/webm"));
  auto info = store_->head(key);
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->size, content.size());
  EXPECT_EQ(info->content_type, "video/webm");
  EXPECT_EQ(read_all(key), content);
  std::string part;
  auto r = store_->get(key, ByteRange{5, 9}, [&](const char* d, size_t n) {
    part.append(d, n);
    return true;
  });
  ASSERT_TRUE(r);
  EXPECT_EQ(part, "56789");
  EXPECT_EQ(r->total_size, content.size());
  EXPECT_EQ(r->first, 5u);
  EXPECT_EQ(r->last, 9u);
  // A range running past the end is cut to it; one starting past the end is refused.
  EXPECT_EQ(read_all(key, ByteRange{15, 100}), "fghij");
  auto past = store_->get(key, ByteRange{20, 30}, [](const char*, size_t) { return true; });
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().code, "range_not_satisfiable");
}

TEST_P(BlobContract, APutReplacesTheObjectWhole) {
  const auto key = prefix_ + "thumbnail.jpg";
  ASSERT_TRUE(store_->put_file(key, FileSlice{file("one", "first version"), 0, std::nullopt}, "image/jpeg"));
  ASSERT_TRUE(store_->put_file(key, FileSlice{file("two", "second"), 0, std::nullopt}, "image/jpeg"));
  EXPECT_EQ(read_all(key), "second");
}

TEST_P(BlobContract, LargeObjectsRoundTripByteForByte) {
  // Above the S3 part size: a multipart upload with a short last part.
  std::string big(2 * kPart + 4321, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 31 + (i >> 12)) & 0xff);
  const auto key = prefix_ + "recording.mkv";
  ASSERT_TRUE(store_->put_file(key, FileSlice{file("big", big), 0, std::nullopt}, "video/x-matroska"));
  EXPECT_EQ(store_->head(key)->size, big.size());
  const auto got = read_all(key);
  ASSERT_EQ(got.size(), big.size());
  EXPECT_TRUE(got == big);
  EXPECT_EQ(read_all(key, ByteRange{kPart - 3, kPart + 2}), big.substr(kPart - 3, 6));
}

TEST_P(BlobContract, MoveRemovesTheSourceFile) {
  const auto src = file("moved.jpg", "jpeg bytes");
  ASSERT_TRUE(store_->move_file(prefix_ + "thumbnail.jpg", src, "image/jpeg"));
  EXPECT_FALSE(std::ifstream(src).good());
  EXPECT_EQ(read_all(prefix_ + "thumbnail.jpg"), "jpeg bytes");
}

TEST_P(BlobContract, MissingKeysListAndRemove) {
  auto h = store_->head(prefix_ + "nothing.mkv");
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().code, "not_found");
  auto g = store_->get(prefix_ + "nothing.mkv", std::nullopt, [](const char*, size_t) { return true; });
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().code, "not_found");
  EXPECT_TRUE(store_->remove(prefix_ + "nothing.mkv"));

  for (const char* name : {"b/upload-2.mp4", "a/upload-1.mp4", "a/thumbnail.jpg"}) {
    ASSERT_TRUE(store_->put_file(prefix_ + name, FileSlice{file("x", name), 0, std::nullopt}, "video/mp4"));
  }
  auto keys = store_->list(prefix_ + "a/", 10);
  ASSERT_TRUE(keys) << keys.error().message;
  EXPECT_EQ(*keys, (std::vector<std::string>{prefix_ + "a/thumbnail.jpg", prefix_ + "a/upload-1.mp4"}));
  ASSERT_TRUE(store_->remove(prefix_ + "a/upload-1.mp4"));
  auto after = store_->list(prefix_ + "a/", 10);
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(*after, std::vector<std::string>{prefix_ + "a/thumbnail.jpg"});
  auto one = store_->list(prefix_, 1);
  ASSERT_TRUE(one) << one.error().message;
  EXPECT_EQ(one->size(), 1u);  // the limit holds
}

TEST_P(BlobContract, UnsafeKeysAreRefused) {
  const auto src = file("s", "x");
  for (const char* key : {"../escape", "/abs", "a//b", "a/./b", "sp ace"}) {
    auto r = store_->put_file(key, FileSlice{src, 0, std::nullopt}, "video/mp4");
    ASSERT_FALSE(r) << key;
    EXPECT_EQ(r.error().code, "invalid_key");
  }
}

INSTANTIATE_TEST_SUITE_P(Stores, BlobContract, ::testing::Values("local", "s3"),
                         [](const auto& info) { return info.param; });

}  // namespace
