#include "blob/blob_factory.hpp"

#include <gtest/gtest.h>

#include "core/config.hpp"
#include "support/temp_dir.hpp"

using namespace tc;

TEST(BlobFactory, LocalByDefaultUnderTheDataDir) {
  test::TempDir dir;
  core::Config cfg;
  cfg.data_dir = dir.path();
  auto store = blob::open_blob_store(cfg);
  EXPECT_EQ(store->kind(), "local");
  EXPECT_EQ(store->presigned_get_url("a/recording.mkv"), std::nullopt);
}

TEST(BlobFactory, S3OptionsComeFromFileEnvAndFlagsLikeEveryOption) {
  core::Config cfg;
  core::apply_option(cfg, "blob-store", "s3");
  core::apply_env(cfg, {{"TRADECAST_S3_SECRET_KEY", "from-env"}, {"TRADECAST_S3_ENDPOINT", "http://127.0.0.1:9"}});
  core::apply_option(cfg, "s3-bucket", "vod");
  core::apply_option(cfg, "s3-access-key", "AK");
  EXPECT_EQ(cfg.s3_secret_key, "from-env");
  auto store = blob::open_blob_store(cfg);
  EXPECT_EQ(store->kind(), "s3");
  const auto url = store->presigned_get_url("a/recording.mkv");
  ASSERT_TRUE(url);
  EXPECT_TRUE(url->starts_with("http://127.0.0.1:9/vod/a/recording.mkv?X-Amz-Algorithm=AWS4-HMAC-SHA256")) << *url;
  EXPECT_NE(url->find("X-Amz-Expires=3600"), std::string::npos);

  core::apply_option(cfg, "s3-public-endpoint", "https://cdn.example.com");
  EXPECT_TRUE(blob::open_blob_store(cfg)->presigned_get_url("a/b.mp4")->starts_with("https://cdn.example.com/vod/a/b.mp4?"));
}

TEST(BlobFactory, MisconfiguredS3IsAStartUpError) {
  core::Config cfg;
  EXPECT_THROW(core::apply_option(cfg, "blob-store", "ftp"), core::ConfigError);
  EXPECT_THROW(core::apply_option(cfg, "s3-part-size", "1048576"), core::ConfigError);  // below S3's 5 MiB
  cfg.blob_store = "s3";
  EXPECT_THROW(blob::open_blob_store(cfg), core::ConfigError);  // no endpoint
  cfg.s3_endpoint = "127.0.0.1:9000";
  cfg.s3_bucket = "vod";
  cfg.s3_access_key = cfg.s3_secret_key = "k";
  EXPECT_THROW(blob::open_blob_store(cfg), core::ConfigError);  // no scheme
  cfg.s3_endpoint = "http://127.0.0.1:9000";
  cfg.s3_url_ttl_ms = 8LL * 86'400'000;
  EXPECT_THROW(blob::open_blob_store(cfg), core::ConfigError);  // S3 allows 7 days at most
}
