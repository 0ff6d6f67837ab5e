#pragma once
// One live stream's media on this node (private to tc_media).
//
//   ingest pipeline (one per publisher session; replaced when the publisher reconnects)
//     webrtcbin → depay → parse → appsink ─┐  samples re-timed onto one continuous timeline
//                                          ├→ fan-out pipeline: appsrc → tee → per viewer: queue → pay → webrtcbin
//                                          ├→ recording pipeline: appsrc → h264parse(avc3) → matroskamux → file
//                                          ├→ HLS pipeline: appsrc → hlssink2 (video as is, Opus → AAC)
//                                          └→ thumbnail pipeline: appsrc (a keyframe every few s) → decode → JPEG
// The video codec is fixed by the first publisher (see plan_ingest). VP8 differs in three places:
// the recording is WebM (VP8 + Opus), HLS decodes and re-encodes to H.264 (vp8dec → x264enc), and
// viewers get rtpvp8pay. A publisher coming back must offer the same codec.
// Each box is its own pipeline, so an error in recording, HLS or thumbnails (or a viewer) cannot stop
// the ingest or the other viewers, and the outputs outlive a publisher reconnect.
//
// Threads: control methods need ctl() held (one control operation per stream at a time).
// on_sample() runs on GStreamer streaming threads and takes only data_mu_.
#include <gst/gst.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "media/media_service.hpp"
#include "media/sdp_offer.hpp"

namespace tc::media::gst {

// Reports from GStreamer threads. Implementations post plain values to their own thread at once.
class HubObserver {
 public:
  virtual ~HubObserver() = default;
  virtual void on_ingest_failed(const std::string& stream_id, uint64_t gen, const std::string& why) = 0;
  virtual void on_viewer_ice(const std::string& stream_id, const std::string& viewer_id, bool connected,
                             bool failed) = 0;
  virtual void on_thumbnail_written(const std::string& stream_id) = 0;
  virtual void on_output_error(const std::string& stream_id, const std::string& output, const std::string& why) = 0;
};

enum class Track { video, audio };

class StreamHub {
 public:
  StreamHub(std::string stream_id, std::string dir, const MediaOptions& opts, HubObserver& observer);
  ~StreamHub();
  StreamHub(const StreamHub&) = delete;
  StreamHub& operator=(const StreamHub&) = delete;

  std::mutex& ctl() { return ctl_mu_; }
  const std::string& id() const { return id_; }

  // --- control (ctl() held)
  bool has_ingest() const { return ingest_ != nullptr; }
  const std::string& ingest_session() const;
  uint64_t ingest_gen() const { return gen_.load(); }
  core::Result<SessionAnswer> start_ingest(const std::string& offer_sdp, const IngestPlan& plan);
  // The codec the outputs were built for; nullopt before the first ingest.
  std::optional<VideoCodec> codec() const { return outputs_codec_; }
  // HLS of this stream re-encodes video (a VP8 stream with HLS on).
  bool transcoding() const;
  void stop_ingest();
  core::Result<SessionAnswer> add_viewer(const std::string& offer_sdp, const SdpOffer& parsed, int64_t now_ms);
  bool remove_viewer(const std::string& viewer_id);
  void set_viewer_connected(const std::string& viewer_id);
  // Viewers not connected `timeout_ms` after their POST.
  std::vector<std::string> unconnected_viewers(int64_t now_ms, int64_t timeout_ms) const;
  size_t viewer_count() const { return viewers_.size(); }
  int viewer_count_any_thread() const { return viewer_gauge_.load(); }
  int64_t bitrate_any_thread() const { return bitrate_gauge_.load(); }
  void request_keyframe();
  FinishedStream finish();

  // --- data path (any thread)
  void on_sample(uint64_t gen, Track track, GstSample* sample);
  void on_video_gap(uint64_t gen, int64_t packets);  // RTP packets missing before the depayloader
  bool media_flowing() const { return flowing_.load(); }
  int64_t last_video_ms() const { return last_video_ms_.load(); }
  void fill_stats(StreamMediaStats& out, int64_t now_ms);
  // The last figures fill_stats computed (the media tick refreshes them every 250 ms); never waits.
  void gauges_any_thread(LiveStreamGauges& out) const;
  void on_thumbnail(GstSample* sample);
  void on_side_message(GstMessage* msg, int side);

  struct Ingest;

 private:
  struct Viewer;
  struct Side {
    const char* name = "";
    GstElement* pipe = nullptr;
    GstElement* v = nullptr;
    GstElement* a = nullptr;
    std::atomic<bool> failed{false};
    std::mutex m;
    std::condition_variable cv;
    bool eos = false;  // guarded by m
    int64_t pushed_video = 0;  // guarded by data_mu_
  };

  void ensure_outputs(bool with_audio, VideoCodec codec);  // creates the fan-out and side pipelines once
  void start_side(Side& side, int index, const std::string& description);
  void destroy_viewer(Viewer& v);
  void close_side(Side& side);

  std::string id_;
  std::string dir_;
  const MediaOptions& opts_;  // borrowed, outlives us
  HubObserver& observer_;     // borrowed

  std::mutex ctl_mu_;
  std::unique_ptr<Ingest> ingest_;  // guarded by ctl_mu_
  std::map<std::string, std::unique_ptr<Viewer>> viewers_;  // guarded by ctl_mu_
  GstElement* fan_ = nullptr;  // owned; created on the first ingest
  GstElement* fan_v_ = nullptr;
  GstElement* fan_a_ = nullptr;
  bool has_audio_ = false;
  std::optional<VideoCodec> outputs_codec_;  // set with fan_
  std::string recording_file_;               // recording.mkv | recording.webm
  Side sides_[3];  // recording, hls, thumbnails
  bool finished_ = false;
  int keyframe_count_ = 0;

  // Data path state, guarded by data_mu_.
  std::mutex data_mu_;
  std::atomic<uint64_t> gen_{0};  // the current ingest; samples of older ones are dropped
  struct TrackTime {
    bool anchored = false;
    GstClockTime base_in = 0, base_out = 0;  // publisher pts ↔ our timeline
    GstClockTime last_in = 0;
    GstClockTime last_out = 0;               // video: last pts sent; audio: end of the last frame
  };
  TrackTime track_time_[2];  // video, audio
  bool seen_keyframe_ = false;
  bool awaiting_keyframe_ = false;  // video data was lost: outputs wait for the next keyframe
  int64_t lost_packets_ = 0, dropped_frames_ = 0;
  GstBuffer* pending_headers_ = nullptr;  // SPS/PPS waiting for their keyframe
  int64_t last_thumb_ms_ = 0;
  int width_ = 0, height_ = 0;
  int64_t video_bytes_ = 0, audio_bytes_ = 0, frames_ = 0, keyframes_ = 0;
  // For rates: the previous fill_stats sample.
  int64_t rate_at_ms_ = 0, rate_video_bytes_ = 0, rate_audio_bytes_ = 0, rate_frames_ = 0;
  double fps_ = 0;
  int64_t video_bps_ = 0, audio_bps_ = 0;
  int64_t live_since_ms_ = 0;
  std::atomic<bool> flowing_{false};
  std::atomic<int64_t> last_video_ms_{0};
  std::atomic<bool> thumb_announced_{false};
  std::atomic<int> viewer_gauge_{0};        // viewers_.size(), readable without ctl()
  std::atomic<int64_t> bitrate_gauge_{0};   // last computed video + audio bps
  // Copies of the last fill_stats figures for gauges_any_thread().
  std::atomic<int> codec_gauge_{-1};  // VideoCodec, -1 before the first ingest
  std::atomic<bool> transcode_gauge_{false};
  std::atomic<int> width_gauge_{0}, height_gauge_{0};
  std::atomic<int64_t> fps_milli_gauge_{0}, video_bps_gauge_{0}, audio_bps_gauge_{0};
};

}  // namespace tc::media::gst
