#pragma once
// A stream's outputs (private to tc_media): each its own pipeline fed by an appsrc, so an error in
// one cannot stop the ingest, the viewers or the others, and all of them outlive a publisher
// reconnect.
//
//   recording:  appsrc → h264parse(avc3) → matroskamux → recording.mkv   (VP8: webmmux → recording.webm)
//   hls:        appsrc → hlssink2 (H.264 as is; VP8 → vp8dec → x264enc; Opus → AAC) → hls/index.m3u8
//   thumbnails: appsrc (a keyframe every thumbnail_interval) → decode → JPEG → thumbnail.jpg
//
// Threads: start() and close() run with the hub's control lock held; push() runs on the ingest's
// streaming threads with the hub's data lock held; bus messages arrive on GStreamer threads.
#include <gio/gio.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include <array>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>

#include "media/gst/hub_observer.hpp"
#include "media/gst/ingest_source.hpp"
#include "media/media_service.hpp"
#include "media/sdp_offer.hpp"

namespace tc::media::gst {

enum class Output { recording, hls, thumbnails };
inline constexpr std::array kOutputs{Output::recording, Output::hls, Output::thumbnails};
const char* to_string(Output o);

class OutputPipelines {
 public:
  OutputPipelines(std::string stream_id, std::string dir, const MediaOptions& opts, HubObserver& observer);
  ~OutputPipelines();
  OutputPipelines(const OutputPipelines&) = delete;
  OutputPipelines& operator=(const OutputPipelines&) = delete;

  // Builds the outputs MediaOptions enables for this format. Once per stream.
  void start(VideoCodec codec, bool with_audio);
  // Built and not failed.
  bool running(Output o) const;

  // Data path: a sample already on the stream's timeline. Recording and HLS get every one; the
  // thumbnails get a keyframe every thumbnail_interval_ms.
  void push(Track track, GstSample* sample, bool keyframe, int64_t now_ms);
  // Data path, before the first push: the epoch ms at which the timeline (HLS segment 0) starts; the
  // playlist's EXT-X-PROGRAM-DATE-TIME tags count from it (hls_program_date.hpp).
  void set_timeline_origin(int64_t epoch_ms) { origin_ms_.store(epoch_ms, std::memory_order_release); }

  // EOS into each, waits (bounded) until the files are final, tears them down. Idempotent.
  FinishedStream close();

 private:
  struct Pipeline {
    OutputPipelines* owner = nullptr;
    Output kind = Output::recording;
    GstElement* pipe = nullptr;  // owned
    GstElement* v = nullptr;
    GstElement* a = nullptr;
    std::atomic<bool> failed{false};
    std::mutex m;
    std::condition_variable cv;
    bool eos = false;          // guarded by m
    int64_t pushed_video = 0;  // data path
  };
  Pipeline& at(Output o) { return pipes_[static_cast<size_t>(o)]; }
  const Pipeline& at(Output o) const { return pipes_[static_cast<size_t>(o)]; }
  // `configure` runs on the built pipeline before it plays (signal connections).
  void launch(Pipeline& p, const std::string& description, const std::function<void(GstElement*)>& configure = {});
  void close_one(Pipeline& p);
  static void on_bus_message(GstMessage* msg, void* pipeline);
  static GstFlowReturn on_jpeg(GstAppSink* appsink, gpointer self);
  static GOutputStream* on_playlist_stream(GstElement* hlssink, gchar* location, gpointer self);
  void write_thumbnail(GstSample* jpeg);

  const std::string stream_id_;
  const std::string dir_;
  const MediaOptions& opts_;       // borrowed, outlives us
  HubObserver& observer_;          // borrowed
  std::array<Pipeline, 3> pipes_;  // indexed by Output
  std::string recording_file_;     // core::media_files::kRecordingMkv | kRecordingWebm, set by start()
  int64_t last_thumb_ms_ = 0;      // data path
  std::atomic<bool> thumb_announced_{false};
  std::atomic<int64_t> origin_ms_{0};  // read by the playlist writer on the HLS pipeline's thread
};

}  // namespace tc::media::gst
