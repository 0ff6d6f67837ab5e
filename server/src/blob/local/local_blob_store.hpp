#pragma once
// Blobs as plain files under a root directory (the default store: data-dir/media, so a key
// "<stream_id>/recording.mkv" is the file media has always written there). Writes go to a temp file
// in the same directory and are renamed into place, so readers never see half an object. Content
// types are not stored: they follow the key's extension.
#include <string>

#include "blob/blob_store.hpp"

namespace tc::blob {

class LocalBlobStore final : public BlobStore {
 public:
  explicit LocalBlobStore(std::string root);

  std::string_view kind() const override { return "local"; }
  core::Status put_file(const std::string& key, const FileSlice& src, const std::string& content_type) override;
  core::Status move_file(const std::string& key, const std::string& path, const std::string& content_type) override;
  core::Result<BlobInfo> head(const std::string& key) override;
  core::Result<GetResult> get(const std::string& key, std::optional<ByteRange> range, const Sink& sink) override;
  core::Status remove(const std::string& key) override;
  core::Result<std::vector<std::string>> list(const std::string& prefix, size_t limit) override;
  std::optional<std::string> local_path(const std::string& key) const override;

  const std::string& root() const { return root_; }

 private:
  std::string path_of(const std::string& key) const { return root_ + "/" + key; }
  std::string root_;
};

// Content type for a key's extension (mp4, webm, mkv, jpg, m3u8, ts); application/octet-stream else.
std::string content_type_for_key(std::string_view key);

}  // namespace tc::blob
