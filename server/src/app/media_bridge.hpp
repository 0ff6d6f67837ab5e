#pragma once
// Connects the media plane to the domain both ways: stream life-cycle → media (expect a publisher,
// finish recordings) and media → domain (end a stream nobody publishes to, store thumbnail and
// recording URLs). Lives in app/ because it is the only place allowed to see both.
#include <atomic>
#include <memory>

#include "api/events/media_events.hpp"
#include "core/blocking_pool.hpp"
#include "domain/recordings/recording_service.hpp"
#include "domain/streams/stream_service.hpp"
#include "media/media_service.hpp"
#include "store/store.hpp"

namespace tc::app {

class MediaBridge final : public domain::StreamListener, public media::MediaListener {
 public:
  MediaBridge(store::Store& store, domain::StreamService& streams, core::BlockingPool& db_pool)
      : store_(store), streams_(streams), db_pool_(db_pool) {}

  // Set once at start-up, before requests arrive.
  // Set at start-up; cleared (null) at shutdown before the media service and the namespace go away.
  void set_media(media::MediaService* media) { media_ = media; }
  void set_events(api::MediaEvents* events) { events_ = events; }
  // Finished recordings and last thumbnails go through the blob store (set at start-up; without it
  // the files stay where media wrote them, as before).
  void set_recordings(domain::RecordingService* recordings, core::BlockingPool* blob_pool) {
    recordings_ = recordings;
    blob_pool_ = blob_pool;
  }

  // Start-up, on the calling thread (blocking SQL): streams left LIVE by a previous run wait for
  // their publisher again, so they end by themselves if none comes (--publish-wait).
  void adopt_live_streams();
  // Start-up, remote blob store only: recordings and last thumbnails of ended streams still on local
  // disk under `media_root` (an upload cut short by a stop, or a switch from the local store) are
  // handed to the blob pool again. Returns how many streams were queued.
  int resume_pending_uploads(const std::string& media_root);

  // domain::StreamListener (DB pool threads)
  void on_stream_created(const store::StreamRow& stream) override;
  void on_stream_ended(const store::StreamRow& stream) override;

  // media::MediaListener (the media event thread): blocking work goes to the DB pool.
  void on_media_state(const std::string& stream_id, media::MediaState state) override;
  void on_end_requested(const std::string& stream_id, const std::string& reason) override;
  void on_thumbnail(const std::string& stream_id) override;
  void on_recording_failed(const std::string& stream_id, const std::string& reason) override;

 private:
  store::Store& store_;                               // borrowed, outlives us
  domain::StreamService& streams_;                    // borrowed
  core::BlockingPool& db_pool_;                       // borrowed
  std::atomic<media::MediaService*> media_{nullptr};  // borrowed, optional
  std::atomic<api::MediaEvents*> events_{nullptr};    // borrowed, optional
  domain::RecordingService* recordings_ = nullptr;    // borrowed, optional; fixed after start-up
  core::BlockingPool* blob_pool_ = nullptr;           // borrowed
  void store_finished(const std::string& stream_id, const media::FinishedStream& done, bool recording);
};

}  // namespace tc::app
