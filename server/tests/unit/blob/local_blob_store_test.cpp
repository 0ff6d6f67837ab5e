#include "blob/local/local_blob_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/temp_dir.hpp"

using namespace tc::blob;

namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}
}  // namespace

TEST(BlobKeys, OnlySafeRelativePaths) {
  EXPECT_TRUE(valid_key("5f0c1f7e-0000-4000-8000-000000000001/recording.mkv"));
  EXPECT_FALSE(valid_key("../x"));
  EXPECT_FALSE(valid_key("a/../b"));
  EXPECT_FALSE(valid_key("/abs"));
  EXPECT_FALSE(valid_key("a//b"));
  EXPECT_FALSE(valid_key("a b"));
  EXPECT_FALSE(valid_key(""));
}

TEST(LocalBlobStore, PutSliceGetRangeHeadListRemove) {
  tc::test::TempDir dir;
  LocalBlobStore store(dir.path() + "/blobs");
  const auto src = dir.path() + "/src.bin";
  std::ofstream(src, std::ios::binary) << "HEADER0123456789TRAILER";
  ASSERT_TRUE(store.put_file("s/upload-1.webm", FileSlice{src, 6, 10}, "video/webm"));
  EXPECT_EQ(slurp(dir.path() + "/blobs/s/upload-1.webm"), "0123456789");

  auto info = store.head("s/upload-1.webm");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->size, 10u);
  EXPECT_EQ(info->content_type, "video/webm");

  std::string got;
  auto r = store.get("s/upload-1.webm", ByteRange{2, 5}, [&](const char* d, size_t n) {
    got.append(d, n);
    return true;
  });
  ASSERT_TRUE(r);
  EXPECT_EQ(got, "2345");
  EXPECT_EQ(r->total_size, 10u);
  EXPECT_EQ(r->first, 2u);
  EXPECT_EQ(r->last, 5u);
  auto past = store.get("s/upload-1.webm", ByteRange{10, 12}, [](const char*, size_t) { return true; });
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().code, "range_not_satisfiable");

  auto keys = store.list("s/", 10);
  ASSERT_TRUE(keys);
  EXPECT_EQ(*keys, std::vector<std::string>{"s/upload-1.webm"});
  ASSERT_TRUE(store.remove("s/upload-1.webm"));
  EXPECT_FALSE(store.head("s/upload-1.webm"));
  EXPECT_TRUE(store.remove("s/upload-1.webm"));  // removing twice is fine
}

TEST(LocalBlobStore, MoveRenamesAndInPlaceIsANoOp) {
  tc::test::TempDir dir;
  LocalBlobStore store(dir.path());
  std::filesystem::create_directories(dir.path() + "/s");
  std::ofstream(dir.path() + "/s/recording.mkv") << "rec";
  ASSERT_TRUE(store.move_file("s/recording.mkv", dir.path() + "/s/recording.mkv", "video/x-matroska"));
  EXPECT_EQ(slurp(dir.path() + "/s/recording.mkv"), "rec");  // media wrote it in place
  std::ofstream(dir.path() + "/elsewhere.jpg") << "jpg";
  ASSERT_TRUE(store.move_file("s/thumbnail.jpg", dir.path() + "/elsewhere.jpg", "image/jpeg"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/elsewhere.jpg"));
  EXPECT_EQ(store.local_path("s/thumbnail.jpg"), dir.path() + "/s/thumbnail.jpg");
  EXPECT_FALSE(store.put_file("../evil", FileSlice{dir.path() + "/s/recording.mkv", 0, std::nullopt}, "x"));
}
