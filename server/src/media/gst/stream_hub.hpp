#pragma once
// One live stream's media on this node (private to tc_media): where an ingest source's access
// units meet the stream's outputs.
//
//   IngestSource (WebRtcIngest; RTMP/SRT later) ─ on_access_unit ─→ keyframe gate → timeline ─┬→ ViewerFanout
//                                                                                              └→ OutputPipelines
//
// The ingest is one per publisher session (replaced when the publisher reconnects); the fan-out and
// the outputs are built with the first ingest and last until finish(). The video codec is fixed by
// the first publisher (see plan_ingest); a publisher coming back must offer the same codec.
//
// Threads: control methods (everything but the IngestSink calls and last_snapshot) take the hub's
// control lock themselves, one control operation at a time; negotiations hold it for ~200 ms.
// The IngestSink calls run on GStreamer streaming threads and take only the data lock.
// Lock order: control → data → snapshot.
#include <gst/gst.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "media/gst/hub_observer.hpp"
#include "media/gst/ingest_source.hpp"
#include "media/gst/output_pipelines.hpp"
#include "media/media_service.hpp"
#include "media/sample_timeline.hpp"
#include "media/sdp_offer.hpp"
#include "media/stream_stats.hpp"

namespace tc::media::gst {

class ViewerFanout;

class StreamHub final : public IngestSink {
 public:
  StreamHub(std::string stream_id, std::string dir, const MediaOptions& opts, HubObserver& observer);
  ~StreamHub() override;
  StreamHub(const StreamHub&) = delete;
  StreamHub& operator=(const StreamHub&) = delete;

  const std::string& id() const { return id_; }

  // --- ingest (control)
  bool has_ingest() const;
  std::optional<std::string> ingest_session() const;
  uint64_t ingest_gen() const { return gen_.load(); }
  // The codec the outputs were built for; nullopt before the first ingest.
  std::optional<VideoCodec> codec() const;
  // HLS of this stream re-encodes video (a VP8 stream with HLS on).
  bool transcoding() const;
  // WHIP: a WebRTC source for `offer_sdp`, attached once negotiated. Errors: publisher_exists (409),
  // stream_ended (409), unsupported_codec / invalid_sdp (400), media_error.
  core::Result<SessionAnswer> start_webrtc_ingest(const std::string& offer_sdp, const IngestPlan& plan);
  // Any source type: prepare_ingest builds the outputs for the format (once) and returns the
  // generation the new source must deliver with; attach_ingest makes it the current source.
  core::Result<uint64_t> prepare_ingest(VideoCodec codec, bool has_audio);
  void attach_ingest(std::unique_ptr<IngestSource> source);
  // Stops the current source if it is `gen` (any if nullopt). False if there was none to stop.
  bool stop_ingest(std::optional<uint64_t> gen = std::nullopt);
  void request_keyframe();
  bool media_flowing() const { return flowing_.load(); }
  // Any thread. Epoch ms of the first sample that entered the stream's timeline (the recording's and
  // the HLS playlist's start); 0 before any. Set once: publisher reconnects continue the timeline.
  int64_t timeline_origin_ms() const { return origin_ms_.load(std::memory_order_acquire); }
  int64_t last_video_ms() const { return last_video_ms_.load(); }

  // --- viewers (control)
  core::Result<SessionAnswer> add_viewer(const std::string& offer_sdp, const SdpOffer& parsed, int64_t now_ms);
  bool remove_viewer(const std::string& viewer_id);
  void set_viewer_connected(const std::string& viewer_id);
  // Viewers not connected `timeout_ms` after their POST.
  std::vector<std::string> unconnected_viewers(int64_t now_ms, int64_t timeout_ms) const;
  size_t viewer_count() const;

  // Stops everything and closes the files. Idempotent.
  FinishedStream finish();

  // --- stats
  // Refreshes the rates (the media tick does so every 250 ms) and returns the figures.
  StreamSnapshot snapshot(int64_t now_ms);
  // The last snapshot, never waits for a negotiation (for /metrics).
  StreamSnapshot last_snapshot() const;

  // --- IngestSink (streaming threads)
  void on_access_unit(uint64_t gen, Track track, GstSample* sample) override;
  void on_video_loss(uint64_t gen, int64_t packets) override;
  void on_source_failed(uint64_t gen, const std::string& why) override;

 private:
  // ctl_mu_ held.
  void ensure_outputs(VideoCodec codec, bool with_audio);
  void attach_ingest_locked(std::unique_ptr<IngestSource> source);
  void stop_ingest_locked();
  void request_keyframe_locked();
  void publish_viewer_count();

  const std::string id_;
  const std::string dir_;
  const MediaOptions& opts_;  // borrowed, outlives us
  HubObserver& observer_;     // borrowed

  mutable std::mutex ctl_mu_;
  std::unique_ptr<IngestSource> ingest_;  // guarded by ctl_mu_
  std::unique_ptr<ViewerFanout> fanout_;  // guarded by ctl_mu_; created with the first ingest
  OutputPipelines outputs_;               // built and closed under ctl_mu_; pushed under data_mu_
  std::optional<VideoCodec> codec_;       // guarded by ctl_mu_; set with fanout_, then constant
  bool has_audio_ = false;                // like codec_
  bool finished_ = false;                 // written under both locks: either one suffices to read
  unsigned keyframe_requests_ = 0;        // guarded by ctl_mu_

  // The data path, guarded by data_mu_. Samples reach fanout_ and outputs_ only while gen_ is the
  // current source's and finished_ is false, so those are never pushed to while built or torn down.
  std::mutex data_mu_;
  std::atomic<uint64_t> gen_{0};
  TrackTimeline video_time_{TrackTimeline::Kind::video};
  TrackTimeline audio_time_{TrackTimeline::Kind::audio};
  KeyframeGate gate_;
  IngestCounters counters_;
  RateMeter rates_;
  int64_t live_since_ms_ = 0;
  std::atomic<int64_t> origin_ms_{0};  // written once under data_mu_ (the first placed sample)
  std::atomic<bool> flowing_{false};
  std::atomic<int64_t> last_video_ms_{0};

  mutable std::mutex snap_mu_;
  StreamSnapshot snap_;  // guarded by snap_mu_
};

}  // namespace tc::media::gst
