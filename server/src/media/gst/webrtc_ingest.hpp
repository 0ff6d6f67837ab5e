#pragma once
// The WebRTC ingest source (WHIP): one webrtcbin per publisher session, depayloading into whole
// access units for the hub (private to tc_media).
//
//   webrtcbin → queue → rtph264depay|rtpvp8depay → appsink ─┐
//            → queue → rtpopusdepay → opusparse → appsink ──┴→ IngestSink::on_access_unit
//
// Threads: start() and the destructor run on the caller's (a media pool) thread with the hub's
// control lock held; the appsink, pad probe and ICE callbacks run on GStreamer threads and only
// call the sink.
#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include <memory>
#include <string>

#include "core/error.hpp"
#include "media/bitstream.hpp"
#include "media/gst/ingest_source.hpp"
#include "media/media_service.hpp"
#include "media/sdp_offer.hpp"

namespace tc::media::gst {

class WebRtcIngest final : public IngestSource {
 public:
  struct Started {
    std::unique_ptr<WebRtcIngest> source;
    std::string answer_sdp;
  };
  // Builds the pipeline, negotiates `offer_sdp` as `plan` says and returns the answer. On an error
  // nothing is left running. Errors: invalid_sdp (400), media_error (internal).
  static core::Result<Started> start(const MediaOptions& opts, IngestSink& sink, uint64_t gen,
                                     const std::string& offer_sdp, const IngestPlan& plan);
  ~WebRtcIngest() override;
  WebRtcIngest(const WebRtcIngest&) = delete;
  WebRtcIngest& operator=(const WebRtcIngest&) = delete;

  const std::string& session_id() const override { return session_id_; }
  uint64_t generation() const override { return gen_; }
  void request_keyframe(unsigned count) override;

 private:
  WebRtcIngest(IngestSink& sink, uint64_t gen, VideoCodec codec);
  core::Status build(const MediaOptions& opts);
  void add_transceivers(const std::string& offer_sdp, const IngestPlan& plan);

  static GstFlowReturn on_video_sample(GstAppSink* appsink, gpointer self);
  static GstFlowReturn on_audio_sample(GstAppSink* appsink, gpointer self);
  static GstPadProbeReturn on_rtp_packet(GstPad* pad, GstPadProbeInfo* info, gpointer self);
  static void on_pad_added(GstElement* webrtc, GstPad* pad, gpointer self);
  static void on_ice_state(GstElement* webrtc, GParamSpec*, gpointer self);
  static void on_bus_message(GstMessage* msg, void* self);
  void deliver_video(GstSample* sample);

  IngestSink& sink_;  // the hub; outlives us
  const uint64_t gen_;
  const VideoCodec codec_;
  std::string session_id_;
  GstElement* pipe_ = nullptr;  // owned
  GstElement* webrtc_ = nullptr;
  GstElement* vq_ = nullptr;
  GstElement* aq_ = nullptr;
  // Streaming threads only (one each): the video RTP sequence watch, and SPS/PPS held for the
  // keyframe they precede.
  RtpLossCounter rtp_loss_;
  GstBuffer* pending_headers_ = nullptr;
};

}  // namespace tc::media::gst
