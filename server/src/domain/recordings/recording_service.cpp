#include "domain/recordings/recording_service.hpp"

#include <regex>

#include "blob/local/local_blob_store.hpp"
#include "core/ids.hpp"
#include "core/logging.hpp"
#include "core/media_files.hpp"

namespace tc::domain {
namespace {

// The blob key a recording_url of ours points at, if it is an uploaded object.
std::optional<std::string> uploaded_key_of(const std::optional<std::string>& url) {
  if (!url || !url->starts_with("/media/")) return std::nullopt;
  auto key = url->substr(7);
  if (key.find("/upload-") == std::string::npos) return std::nullopt;
  return key;
}

}  // namespace

bool RecordingService::servable_name(const std::string& file) {
  static const std::regex kUpload("upload-[0-9a-f]{12}\\.(mp4|webm|mkv)");
  return core::media_files::is_recording(file) || file == core::media_files::kThumbnail ||
         std::regex_match(file, kUpload);
}

core::Result<store::StreamRow> RecordingService::check_upload(const Identity& caller, const std::string& stream_id) {
  if (!core::is_uuid(stream_id)) return core::Error::not_found("stream_not_found", "No such stream");
  auto s = store_.streams().get(stream_id);
  if (!s) return core::Error::not_found("stream_not_found", "No such stream");
  if (s->streamer_id != caller.user_id) {
    return core::Error::forbidden("Only the streamer can attach a recording to this stream");
  }
  if (s->status == "LIVE") {
    return core::Error::conflict("stream_live", "Upload the recording after the stream has ended");
  }
  return *s;
}

core::Result<store::StreamRow> RecordingService::attach_upload(const Identity& caller, const std::string& stream_id,
                                                               const UploadedFile& file) {
  auto s = check_upload(caller, stream_id);
  if (!s) return s.error();
  const auto key = stream_id + "/upload-" + core::random_hex(6) + "." + std::string(extension_of(file.container));
  auto put = blobs_.put_file(key, blob::FileSlice{file.path, file.offset, file.length},
                             std::string(content_type_of(file.container)));
  if (!put) return put.error();
  const auto previous = uploaded_key_of(s->recording_url);
  try {
    if (!store_.streams().set_recording_url(stream_id, url_of(key))) {
      (void)blobs_.remove(key);
      return core::Error::not_found("stream_not_found", "No such stream");
    }
  } catch (...) {
    (void)blobs_.remove(key);  // nothing left behind: the database did not take the new URL
    throw;
  }
  if (previous && *previous != key) {
    if (auto r = blobs_.remove(*previous); !r) {
      core::logger("domain.recordings")->warn("msg=\"old upload not removed\" key={} error=\"{}\"", *previous,
                                              r.error().message);
    }
  }
  auto updated = store_.streams().get(stream_id);
  if (!updated) return core::Error::not_found("stream_not_found", "No such stream");
  return *updated;
}

core::Status RecordingService::store_recording(const std::string& stream_id, const std::string& local_file) {
  // recording.mkv (H.264) or recording.webm (VP8): the name the media plane chose.
  const auto name = local_file.substr(local_file.find_last_of('/') + 1);
  if (!core::media_files::is_recording(name)) {
    return core::Error::invalid("invalid_key", "Unexpected recording file " + name);
  }
  const auto key = stream_id + "/" + name;
  if (auto r = blobs_.move_file(key, local_file, blob::content_type_for_key(key)); !r) return r;
  store_.streams().set_recording_url(stream_id, url_of(key));
  return core::ok_status();
}

core::Status RecordingService::store_thumbnail(const std::string& stream_id, const std::string& local_file) {
  const auto key = stream_id + "/" + std::string(core::media_files::kThumbnail);
  if (auto r = blobs_.move_file(key, local_file, "image/jpeg"); !r) return r;
  store_.streams().set_thumbnail_url(stream_id, url_of(key));
  return core::ok_status();
}

core::Result<MediaLocation> RecordingService::locate(const std::string& stream_id, const std::string& file) {
  const auto missing = core::Error::not_found("not_found", "No such file");
  if (!core::is_uuid(stream_id) || !servable_name(file)) return missing;
  const auto key = stream_id + "/" + file;
  MediaLocation loc;
  loc.content_type = blob::content_type_for_key(key);
  if (auto p = blobs_.local_path(key)) {
    loc.local_path = std::move(*p);
    return loc;
  }
  if (blobs_.kind() == "local") return missing;
  // Remote store: confirm the object exists so a missing one is our 404, not the bucket's XML.
  if (auto h = blobs_.head(key); !h) return h.error();
  loc.redirect_url = blobs_.presigned_get_url(key);
  if (!loc.redirect_url) return missing;
  return loc;
}

}  // namespace tc::domain
