#pragma once
// The viewer fan-out of one stream (private to tc_media): a pipeline fed by the hub
//
//   appsrc v → tee vt ─┬→ per viewer: queue → rtph264pay|rtpvp8pay → webrtcbin <viewer>
//   appsrc a → tee at ─┘             queue → rtpopuspay ─────────────┘
//
// Built with the stream's first ingest and kept across publisher reconnects, so viewers stay on.
// No decode: viewers get the publisher's codec as it is. A failing viewer (named "<id>-…") is
// reported and dropped; the others keep playing.
//
// Threads: not thread-safe; StreamHub calls it with its control lock held. The appsrcs are pushed
// from the hub's data path (push_* on any thread, as GstAppSrc allows).
#include <gst/gst.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "media/gst/hub_observer.hpp"
#include "media/media_service.hpp"
#include "media/sdp_offer.hpp"

namespace tc::media::gst {

class ViewerFanout {
 public:
  // Throws std::runtime_error if the pipeline cannot be built.
  ViewerFanout(std::string stream_id, const MediaOptions& opts, HubObserver& observer, VideoCodec codec,
               bool with_audio);
  ~ViewerFanout();
  ViewerFanout(const ViewerFanout&) = delete;
  ViewerFanout& operator=(const ViewerFanout&) = delete;

  // Data path.
  GstElement* video_src() const { return video_src_; }
  GstElement* audio_src() const { return audio_src_; }  // null without audio
  GstClockTime running_time() const;

  // WHEP: a viewer for `offer_sdp`. Errors: unsupported_codec / invalid_sdp (400), media_error.
  core::Result<SessionAnswer> add(const std::string& offer_sdp, const SdpOffer& parsed, int64_t now_ms);
  bool remove(const std::string& viewer_id);
  void set_connected(const std::string& viewer_id);
  // Viewers not connected `timeout_ms` after their POST.
  std::vector<std::string> unconnected(int64_t now_ms, int64_t timeout_ms) const;
  size_t size() const { return viewers_.size(); }

 private:
  struct Viewer;
  void destroy(Viewer& v);
  void link_track(Viewer& v, size_t mline, const SdpPayload& p, bool video);

  const std::string stream_id_;
  const MediaOptions& opts_;  // borrowed, outlives us
  HubObserver& observer_;     // borrowed
  const VideoCodec codec_;
  GstElement* pipe_ = nullptr;  // owned
  GstElement* video_src_ = nullptr;
  GstElement* audio_src_ = nullptr;
  std::map<std::string, std::unique_ptr<Viewer>> viewers_;
};

}  // namespace tc::media::gst
