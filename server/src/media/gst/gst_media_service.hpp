#pragma once
// The GStreamer MediaService (private to tc_media): a registry of StreamHubs, the per-stream state
// machine (waiting → live ⇄ reconnecting → offline) and one event thread that owns the timers and
// turns GStreamer reports into state changes.
//
//   gst_media_service.cpp  the MediaService calls (media pool threads)
//   media_event_loop.cpp   the event thread: tick (watchdog, keyframe cadence, ending), HubObserver
//
// Threads: MediaService methods run on media pool threads; HubObserver calls arrive on GStreamer
// threads and only post to the event thread. Lock order: mu_ → Entry::mu → the hub's own locks.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "core/logging.hpp"
#include "media/gst/hub_observer.hpp"
#include "media/gst/stream_hub.hpp"
#include "media/hls_audience.hpp"
#include "media/media_service.hpp"

namespace tc::media::gst {

// One stream's bookkeeping next to its hub.
struct Entry {
  std::unique_ptr<StreamHub> hub;
  // Serialises this stream's control operations (publish, play, the tick, finish) and guards the
  // fields below; the hub's own lock only covers one hub call.
  std::mutex mu;
  MediaState state = MediaState::waiting;  // written under mu; read without it as a hint (one enum)
  int64_t state_since_ms = 0;              // steady ms
  int64_t last_keyframe_request_ms = 0;
  bool end_requested = false;
  bool holds_transcode = false;  // counted in transcodes_ until finish()
};

class GstMediaService final : public MediaService, public HubObserver {
 public:
  GstMediaService(const MediaOptions& opts, MediaListener& listener);
  ~GstMediaService() override;

  void expect(const std::string& stream_id) override;
  core::Result<SessionAnswer> publish(const std::string& stream_id, const std::string& offer_sdp) override;
  bool unpublish(const std::string& stream_id, const std::string& session_id) override;
  core::Result<SessionAnswer> play(const std::string& stream_id, const std::string& offer_sdp) override;
  bool stop_playing(const std::string& stream_id, const std::string& session_id) override;
  void hls_playlist_fetched(const std::string& stream_id, std::string_view client_key) override;
  FinishedStream finish(const std::string& stream_id) override;
  MediaState state(const std::string& stream_id) const override;
  std::optional<StreamMediaStats> stats(const std::string& stream_id) const override;
  std::string stream_dir(const std::string& stream_id) const override;
  Totals totals() const override;
  std::vector<LiveStreamGauges> live_gauges() const override;
  void shutdown() override;
  std::optional<int64_t> timeline_origin_ms(const std::string& stream_id) const override;

  // HubObserver (GStreamer threads): post plain values to the event thread.
  void on_ingest_failed(const std::string& stream_id, uint64_t gen, const std::string& why) override;
  void on_viewer_ice(const std::string& stream_id, const std::string& viewer_id, bool connected, bool failed) override;
  void on_thumbnail_written(const std::string& stream_id) override;
  void on_output_error(const std::string& stream_id, const std::string& output, const std::string& why,
                       bool no_space) override;

 private:
  std::shared_ptr<Entry> entry(const std::string& stream_id, bool create);
  std::shared_ptr<Entry> find(const std::string& stream_id) const;
  bool is_finished(const std::string& stream_id) const;
  void remember_finished(const std::string& stream_id);  // mu_ held
  FinishedStream leftovers(const std::string& stream_id) const;

  // Entry::mu held.
  bool drop_ingest(Entry& e, std::optional<uint64_t> gen = std::nullopt);  // false: not that ingest
  void set_state(const std::string& stream_id, Entry& e, MediaState s);
  void request_end(const std::string& stream_id, Entry& e, const char* reason);

  // Event thread.
  void schedule_tick();
  void tick();
  void tick_stream(Entry& e, int64_t now);
  void warm_up();

  MediaOptions opts_;
  MediaListener& listener_;  // borrowed, outlives us
  std::shared_ptr<spdlog::logger> log_;
  boost::asio::io_context events_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  boost::asio::steady_timer timer_;  // event thread only
  std::thread thread_;

  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<Entry>> entries_;  // guarded by mu_
  std::set<std::string> finished_;                         // guarded by mu_
  std::atomic<int> ingests_{0};
  std::atomic<int> transcodes_{0};    // entries holding a transcode slot
  mutable HlsAudience hls_audience_;  // thread-safe on its own
};

}  // namespace tc::media::gst
