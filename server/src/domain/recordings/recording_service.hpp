#pragma once
// Recordings and final thumbnails in the blob store: media's finished files go in under fixed keys,
// owners attach an uploaded recording to an ended stream, and readers are told where a file is
// (a local path to serve, or a presigned URL to redirect to).
//
// Keys (the same in every store): "<stream_id>/recording.mkv" or ".webm" (server recording: H.264
// in Matroska, or VP8 in WebM),
// "<stream_id>/thumbnail.jpg" (last thumbnail), "<stream_id>/upload-<12 hex>.<mp4|webm|mkv>"
// (uploads: a fresh name each time, so a cached old URL never shows new bytes). The URL of a key is
// "/media/<key>"; the route serves or redirects.
//
// Threads: every method blocks (SQL and blob I/O): call from the blob pool.
#include <cstdint>
#include <optional>
#include <string>

#include "blob/blob_store.hpp"
#include "core/error.hpp"
#include "domain/accounts/identity.hpp"
#include "domain/recordings/video_sniff.hpp"
#include "store/store.hpp"

namespace tc::domain {

struct UploadedFile {
  std::string path;  // the spooled request body
  uint64_t offset = 0, length = 0;  // the file part within it
  VideoContainer container = VideoContainer::webm;
};

// Where a /media file is.
struct MediaLocation {
  std::optional<std::string> local_path;    // serve this file (Range-aware)
  std::optional<std::string> redirect_url;  // or send the client here (presigned, Range-aware)
  std::string content_type;
};

class RecordingService {
 public:
  RecordingService(store::Store& store, blob::BlobStore& blobs) : store_(store), blobs_(blobs) {}

  // Whether `caller` may attach a recording to the stream now. Errors: stream_not_found (404),
  // forbidden (403, not the owner), stream_live (409: upload after the stream ends).
  core::Result<store::StreamRow> check_upload(const Identity& caller, const std::string& stream_id);
  // check_upload, then stores the file and points recording_url at it. On any error nothing is
  // left behind (the new object is removed); a previous uploaded object is removed after success.
  core::Result<store::StreamRow> attach_upload(const Identity& caller, const std::string& stream_id,
                                               const UploadedFile& file);

  // Media finished a stream: its recording / last thumbnail go into the blob store (a rename for
  // the local store, an upload for S3, after which the local file is deleted), then the URL is
  // set. Errors are the blob store's; the local file then stays where it was.
  core::Status store_recording(const std::string& stream_id, const std::string& local_file);
  core::Status store_thumbnail(const std::string& stream_id, const std::string& local_file);

  // A "/media/<stream_id>/<file>" request. Errors: not_found (404), blob_unavailable (503).
  core::Result<MediaLocation> locate(const std::string& stream_id, const std::string& file);

  // True for file names the routes serve: recording.mkv|webm, thumbnail.jpg, upload-<12 hex>.<ext>.
  static bool servable_name(const std::string& file);
  static std::string url_of(const std::string& key) { return "/media/" + key; }

  blob::BlobStore& blobs() { return blobs_; }

 private:
  store::Store& store_;      // borrowed, outlives us
  blob::BlobStore& blobs_;   // borrowed
};

}  // namespace tc::domain
