#include "app/media_bridge.hpp"

#include <filesystem>

#include "core/ids.hpp"
#include "core/logging.hpp"
#include "core/media_files.hpp"

namespace tc::app {
namespace {
std::string thumbnail_url(const std::string& stream_id) {
  return "/media/" + stream_id + "/" + std::string(core::media_files::kThumbnail);
}
}  // namespace

void MediaBridge::on_stream_created(const store::StreamRow& stream) {
  if (auto* m = media_.load()) m->expect(stream.stream_id);
}

void MediaBridge::adopt_live_streams() {
  auto* m = media_.load();
  if (!m) return;
  constexpr int kMaxAdopted = 100'000;  // bound the start-up work; the rest simply stay LIVE
  domain::ListStreamsInput in;
  in.status = "LIVE";
  in.limit = 100;
  int adopted = 0;
  while (adopted < kMaxAdopted) {
    auto page = streams_.list(in);
    if (!page) break;
    for (const auto& s : page->streams) {
      m->expect(s.stream_id);
      ++adopted;
    }
    if (!page->next_cursor) break;
    in.cursor = page->next_cursor;
  }
  if (adopted > 0) core::logger("app.media")->info("msg=\"live streams waiting for their publisher\" count={}", adopted);
}

int MediaBridge::resume_pending_uploads(const std::string& media_root) {
  if (!recordings_ || recordings_->blobs().kind() == "local") return 0;
  constexpr int kMaxResumed = 10'000;  // bound the start-up scan; the rest wait for the next start
  namespace fs = std::filesystem;
  std::error_code ec;
  int queued = 0;
  for (auto it = fs::directory_iterator(media_root, ec); !ec && it != fs::directory_iterator() && queued < kMaxResumed;
       it.increment(ec)) {
    const auto id = it->path().filename().string();
    if (!it->is_directory() || !core::is_uuid(id)) continue;
    media::FinishedStream done;
    for (const auto name : core::media_files::kRecordings) {
      if (fs::is_regular_file(it->path() / name)) done.recording_path = (it->path() / name).string();
    }
    if (const auto thumb = it->path() / core::media_files::kThumbnail; fs::is_regular_file(thumb)) {
      done.thumbnail_path = thumb.string();
    }
    if (!done.recording_path && !done.thumbnail_path) continue;
    auto stream = store_.streams().get(id);
    if (!stream || stream->status == "LIVE") continue;  // a live stream's files are still being written
    blob_pool_->post([this, id, done, rec = stream->is_recording] { store_finished(id, done, rec); });
    ++queued;
  }
  if (queued > 0) core::logger("app.media")->info("msg=\"resuming blob uploads\" streams={}", queued);
  return queued;
}

void MediaBridge::on_stream_ended(const store::StreamRow& stream) {
  auto* m = media_.load();
  if (!m) return;
  // Runs on the DB pool inside StreamService::end, so the reply to "end" already carries the
  // recording URL. finish() waits (bounded) for the recording to close.
  const auto done = m->finish(stream.stream_id);
  if (recordings_) {
    if (recordings_->blobs().kind() == "local") {
      // A rename within the data dir: instant, so the reply to "end" carries the URLs.
      store_finished(stream.stream_id, done, stream.is_recording);
    } else {
      // An upload takes a while (a large recording to S3): off the DB pool, URLs set when stored.
      blob_pool_->post([this, id = stream.stream_id, done, rec = stream.is_recording] {
        store_finished(id, done, rec);
      });
    }
    return;
  }
  if (done.recording_path && stream.is_recording) {
    // recording.mkv (H.264) or recording.webm (VP8): the file name the media plane chose.
    const auto name = std::filesystem::path(*done.recording_path).filename().string();
    store_.streams().set_recording_url(stream.stream_id, "/media/" + stream.stream_id + "/" + name);
  }
  if (done.thumbnail_path) {
    store_.streams().set_thumbnail_url(stream.stream_id, thumbnail_url(stream.stream_id));
  }
}

// Blocking (blob I/O + SQL). A failure leaves the local file in place and the URL unset; it is
// logged, since nothing else can retry it.
void MediaBridge::store_finished(const std::string& stream_id, const media::FinishedStream& done, bool recording) {
  auto log = core::logger("app.media");
  try {
    if (done.recording_path && recording) {
      if (auto r = recordings_->store_recording(stream_id, *done.recording_path); !r) {
        log->error("msg=\"storing recording failed\" stream={} code={} error=\"{}\"", stream_id, r.error().code,
                   r.error().message);
      } else {
        log->info("msg=\"recording stored\" stream={} store={}", stream_id, recordings_->blobs().kind());
      }
    }
    if (done.thumbnail_path) {
      if (auto r = recordings_->store_thumbnail(stream_id, *done.thumbnail_path); !r) {
        log->error("msg=\"storing thumbnail failed\" stream={} code={} error=\"{}\"", stream_id, r.error().code,
                   r.error().message);
      }
    }
  } catch (const std::exception& ex) {
    log->error("msg=\"storing media failed\" stream={} error=\"{}\"", stream_id, ex.what());
  }
}

void MediaBridge::on_media_state(const std::string& stream_id, media::MediaState state) {
  if (auto* e = events_.load()) e->media_state(stream_id, state);
}

void MediaBridge::on_end_requested(const std::string& stream_id, const std::string& reason) {
  db_pool_.post([this, stream_id, reason] {
    try {
      auto r = streams_.end_unattended(stream_id);
      if (!r) {
        core::logger("app.media")->warn("msg=\"cannot end stream\" stream={} code={}", stream_id, r.error().code);
      } else {
        core::logger("app.media")->info("msg=\"stream ended by media\" stream={} reason={}", stream_id, reason);
      }
    } catch (const std::exception& ex) {
      core::logger("app.media")->error("msg=\"ending stream failed\" stream={} error=\"{}\"", stream_id, ex.what());
    }
  });
}

void MediaBridge::on_thumbnail(const std::string& stream_id) {
  db_pool_.post([this, stream_id] {
    try {
      store_.streams().set_thumbnail_url(stream_id, thumbnail_url(stream_id));
    } catch (const std::exception& ex) {
      core::logger("app.media")->error("msg=\"storing thumbnail url failed\" stream={} error=\"{}\"", stream_id, ex.what());
    }
  });
}

}  // namespace tc::app
