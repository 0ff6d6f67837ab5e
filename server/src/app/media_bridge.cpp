#include "app/media_bridge.hpp"

#include <chrono>
#include <filesystem>
#include <thread>

#include "core/ids.hpp"
#include "core/logging.hpp"
#include "core/media_files.hpp"

namespace tc::app {
namespace {
constexpr int kUploadAttempts = 5;
constexpr std::chrono::milliseconds kFirstRetryDelay{1000};

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
  if (adopted > 0)
    core::logger("app.media")->info("msg=\"live streams waiting for their publisher\" count={}", adopted);
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
  // Said again here, in "end", in case the live notice (on_recording_failed) has not run yet.
  if (done.recording_failed && stream.is_recording) store_.streams().set_recording_state(stream.stream_id, "failed");
  if (recordings_) {
    if (recordings_->blobs().kind() == "local") {
      // A rename within the data dir: instant, so the reply to "end" carries the URLs.
      store_finished(stream.stream_id, done, stream.is_recording);
    } else {
      // An upload takes a while (a large recording to S3): off the DB pool, URLs set when stored.
      // Marked pending here, inside "end", so the reply and every reader see where the VOD is.
      if (done.recording_path && stream.is_recording) store_.streams().set_recording_state(stream.stream_id, "pending");
      blob_pool_->post(
          [this, id = stream.stream_id, done, rec = stream.is_recording] { store_finished(id, done, rec); });
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

// Blocking (blob I/O + SQL), on the blob pool (S3). Each file gets kUploadAttempts tries, 1, 2, 4, 8 s
// apart (the blob worker waits through them: bounded, ~15 s plus the requests' own timeouts), so a
// store that is down for a moment costs nothing. The recording's state says where it is: pending,
// then stored or failed. A failure leaves the local file in place; resume_pending_uploads takes it
// up again at the next start. Live streams are never touched by any of this.
void MediaBridge::store_finished(const std::string& stream_id, const media::FinishedStream& done, bool recording) {
  auto log = core::logger("app.media");
  // The local store is a rename on the DB pool: nothing to wait for, and no DB thread may sleep.
  const int attempts = recordings_->blobs().kind() == "local" ? 1 : kUploadAttempts;
  const auto with_retries = [&](const char* what, const auto& attempt) {
    auto delay = kFirstRetryDelay;
    for (int i = 1;; ++i) {
      auto r = attempt();
      if (r) return true;
      if (i >= attempts) {
        log->error("msg=\"storing {} failed\" stream={} attempts={} code={} error=\"{}\"", what, stream_id, i,
                   r.error().code, r.error().message);
        return false;
      }
      log->warn("msg=\"storing {} failed, retrying\" stream={} attempt={} retry_in_ms={} error=\"{}\"", what, stream_id,
                i, delay.count(), r.error().message);
      std::this_thread::sleep_for(delay);
      delay *= 2;
    }
  };
  try {
    if (done.recording_path && recording) {
      store_.streams().set_recording_state(stream_id, "pending");
      const bool stored =
          with_retries("recording", [&] { return recordings_->store_recording(stream_id, *done.recording_path); });
      store_.streams().set_recording_state(stream_id, stored ? "stored" : "failed");
      if (stored) log->info("msg=\"recording stored\" stream={} store={}", stream_id, recordings_->blobs().kind());
    }
    if (done.thumbnail_path) {
      with_retries("thumbnail", [&] { return recordings_->store_thumbnail(stream_id, *done.thumbnail_path); });
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
      core::logger("app.media")
          ->error("msg=\"storing thumbnail url failed\" stream={} error=\"{}\"", stream_id, ex.what());
    }
  });
}

void MediaBridge::on_recording_failed(const std::string& stream_id, const std::string& reason) {
  db_pool_.post([this, stream_id, reason] {
    try {
      store_.streams().set_recording_state(stream_id, "failed");
      core::logger("app.media")->warn("msg=\"recording marked failed\" stream={} reason={}", stream_id, reason);
    } catch (const std::exception& ex) {
      core::logger("app.media")
          ->error("msg=\"storing recording state failed\" stream={} error=\"{}\"", stream_id, ex.what());
    }
  });
}

}  // namespace tc::app
