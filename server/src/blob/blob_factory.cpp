#include "blob/blob_factory.hpp"

#include "blob/local/local_blob_store.hpp"
#include "blob/s3/s3_blob_store.hpp"

namespace tc::blob {

std::unique_ptr<BlobStore> open_blob_store(const core::Config& cfg) {
  if (cfg.blob_store != "s3") return std::make_unique<LocalBlobStore>(cfg.data_dir + "/media");
  auto need = [](const std::string& v, const char* flag) {
    if (v.empty()) throw core::ConfigError(std::string("--blob-store s3 needs --") + flag);
  };
  need(cfg.s3_endpoint, "s3-endpoint");
  need(cfg.s3_bucket, "s3-bucket");
  need(cfg.s3_access_key, "s3-access-key");
  need(cfg.s3_secret_key, "s3-secret-key");
  if (!cfg.s3_endpoint.starts_with("http://") && !cfg.s3_endpoint.starts_with("https://")) {
    throw core::ConfigError("--s3-endpoint must start with http:// or https://");
  }
  if (cfg.s3_url_ttl_ms < 1000 || cfg.s3_url_ttl_ms > 7LL * 86'400'000) {
    throw core::ConfigError("--s3-url-ttl must be between 1s and 7d");
  }
  S3Options o;
  o.endpoint = cfg.s3_endpoint;
  o.public_endpoint = cfg.s3_public_endpoint;
  o.bucket = cfg.s3_bucket;
  o.region = cfg.s3_region;
  o.access_key = cfg.s3_access_key;
  o.secret_key = cfg.s3_secret_key;
  o.part_size = cfg.s3_part_size;
  o.url_ttl_s = cfg.s3_url_ttl_ms / 1000;
  return std::make_unique<S3BlobStore>(std::move(o));
}

}  // namespace tc::blob
