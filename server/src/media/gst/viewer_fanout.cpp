#include "media/gst/viewer_fanout.hpp"

#include <stdexcept>

#include "core/ids.hpp"
#include "media/gst/gst_support.hpp"

namespace tc::media::gst {
namespace {

struct IceCtx {
  HubObserver* observer;
  std::string stream_id;
  std::string viewer_id;
};

void on_ice_state(GstElement* webrtc, GParamSpec*, gpointer user) {
  auto* ctx = static_cast<IceCtx*>(user);
  GstWebRTCICEConnectionState st = GST_WEBRTC_ICE_CONNECTION_STATE_NEW;
  g_object_get(webrtc, "ice-connection-state", &st, nullptr);
  const bool connected =
      st == GST_WEBRTC_ICE_CONNECTION_STATE_CONNECTED || st == GST_WEBRTC_ICE_CONNECTION_STATE_COMPLETED;
  const bool failed = st == GST_WEBRTC_ICE_CONNECTION_STATE_FAILED || st == GST_WEBRTC_ICE_CONNECTION_STATE_CLOSED;
  ctx->observer->on_viewer_ice(ctx->stream_id, ctx->viewer_id, connected, failed);
}

GstCaps* viewer_caps(const SdpPayload& p, bool video, VideoCodec codec) {
  if (video && codec == VideoCodec::vp8) {
    return gst_caps_new_simple("application/x-rtp", "media", G_TYPE_STRING, "video", "encoding-name", G_TYPE_STRING,
                               "VP8", "clock-rate", G_TYPE_INT, 90000, "payload", G_TYPE_INT, p.pt, nullptr);
  }
  // Deliberately without profile-level-id: the answer keeps the viewer's own, and the payloader's
  // caps (derived from the publisher's SPS) must not fail to intersect with it.
  if (video) {
    return gst_caps_new_simple("application/x-rtp", "media", G_TYPE_STRING, "video", "encoding-name", G_TYPE_STRING,
                               "H264", "clock-rate", G_TYPE_INT, 90000, "payload", G_TYPE_INT, p.pt,
                               "packetization-mode", G_TYPE_STRING, "1", nullptr);
  }
  return gst_caps_new_simple("application/x-rtp", "media", G_TYPE_STRING, "audio", "encoding-name", G_TYPE_STRING,
                             "OPUS", "clock-rate", G_TYPE_INT, 48000, "payload", G_TYPE_INT, p.pt, nullptr);
}

}  // namespace

struct ViewerFanout::Viewer {
  std::string id;
  GstElement* webrtc = nullptr;                           // owned by pipe_
  std::vector<GstElement*> elements;                      // queue + payloader per track, owned by pipe_
  std::vector<std::pair<GstElement*, GstPad*>> tee_pads;  // (tee, its request pad; we hold a ref)
  int64_t created_ms = 0;
  bool connected = false;
};

ViewerFanout::ViewerFanout(std::string stream_id, const MediaOptions& opts, HubObserver& observer, VideoCodec codec,
                           bool with_audio)
    : stream_id_(std::move(stream_id)), opts_(opts), observer_(observer), codec_(codec) {
  std::string desc = std::string("appsrc name=v ") + kLiveAppsrc + " ! tee name=vt allow-not-linked=true";
  if (with_audio) desc += std::string(" appsrc name=a ") + kLiveAppsrc + " ! tee name=at allow-not-linked=true";
  std::string error;
  pipe_ = parse_pipeline(desc, error);
  if (!pipe_) throw std::runtime_error("fan-out pipeline: " + error);
  video_src_ = child(pipe_, "v");
  audio_src_ = with_audio ? child(pipe_, "a") : nullptr;
  watch_bus(
      pipe_,
      +[](GstMessage* msg, void* self) {
        if (GST_MESSAGE_TYPE(msg) != GST_MESSAGE_ERROR) return;
        auto* f = static_cast<ViewerFanout*>(self);
        // Viewer elements are named "<viewer id>-…": the failing viewer is dropped, the others stay.
        const std::string src = GST_MESSAGE_SRC_NAME(msg) ? GST_MESSAGE_SRC_NAME(msg) : "";
        const auto dash = src.find('-');
        if (dash != std::string::npos && src.starts_with("w")) {
          f->observer_.on_viewer_ice(f->stream_id_, src.substr(0, dash), false, true);
        }
        f->observer_.on_output_error(f->stream_id_, "fanout", message_text(msg), false);
      },
      this);
  gst_element_set_state(pipe_, GST_STATE_PLAYING);
}

ViewerFanout::~ViewerFanout() {
  while (!viewers_.empty()) remove(viewers_.begin()->first);
  destroy_pipeline(pipe_);
}

GstClockTime ViewerFanout::running_time() const { return gst::running_time(pipe_); }

core::Result<SessionAnswer> ViewerFanout::add(const std::string& offer_sdp, const SdpOffer& parsed, int64_t now_ms) {
  auto v = std::make_unique<Viewer>();
  v->id = "w" + core::random_hex(8);
  v->created_ms = now_ms;
  v->webrtc = make_webrtcbin(opts_, (v->id + "-webrtc").c_str());
  gst_bin_add(GST_BIN(pipe_), v->webrtc);
  gst_element_sync_state_with_parent(v->webrtc);
  g_signal_connect_data(
      v->webrtc, "notify::ice-connection-state", G_CALLBACK(on_ice_state), new IceCtx{&observer_, stream_id_, v->id},
      [](gpointer d, GClosure*) { delete static_cast<IceCtx*>(d); }, GConnectFlags(0));

  bool any_video = false;
  for (size_t i = 0; i < parsed.sections.size(); ++i) {
    const auto& s = parsed.sections[i];
    std::optional<SdpPayload> p;
    const bool video = s.kind == "video";
    if (video) p = pick_video(s, codec_);
    else if (s.kind == "audio" && audio_src_) p = pick_opus(s);
    if (!p) continue;  // that m-line is answered inactive
    if (video) any_video = true;
    link_track(*v, i, *p, video);
  }
  if (!any_video) {
    destroy(*v);
    return core::Error::invalid("unsupported_codec", codec_ == VideoCodec::vp8
                                                         ? "This stream is VP8: the offer must receive VP8 video"
                                                         : "This stream is H.264: the offer must receive H.264 video "
                                                           "(packetization-mode 1)");
  }
  std::string error;
  auto answer = answer_offer(v->webrtc, offer_sdp, error);
  if (!answer) {
    destroy(*v);
    if (error == "invalid_sdp") return core::Error::invalid("invalid_sdp", "The offer is not valid SDP");
    return core::Error{core::ErrorKind::internal, "media_error", "negotiation failed: " + error};
  }
  const auto id = v->id;
  viewers_.emplace(id, std::move(v));
  return SessionAnswer{id, std::move(*answer)};
}

// tee → queue → payloader → webrtcbin sink_<mline>, with the transceiver set to send the viewer's PT.
void ViewerFanout::link_track(Viewer& v, size_t mline, const SdpPayload& p, bool video) {
  const std::string pad_name = "sink_" + std::to_string(mline);
  GstPad* sink = gst_element_request_pad_simple(v.webrtc, pad_name.c_str());
  if (!sink) return;
  GstWebRTCRTPTransceiver* trans = nullptr;
  g_object_get(sink, "transceiver", &trans, nullptr);
  GstCaps* caps = viewer_caps(p, video, codec_);
  if (trans) {
    g_object_set(trans, "direction", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDONLY, "codec-preferences", caps, nullptr);
    gst_object_unref(trans);
  }
  gst_caps_unref(caps);

  const std::string prefix = v.id + "-" + std::to_string(mline);
  GstElement* queue = gst_element_factory_make("queue", (prefix + "-queue").c_str());
  // A slow viewer loses old data (2 s), it never holds back the tee.
  g_object_set(queue, "max-size-buffers", 0u, "max-size-bytes", 0u, "max-size-time", guint64(2 * GST_SECOND), nullptr);
  gst_util_set_object_arg(G_OBJECT(queue), "leaky", "downstream");
  const char* payloader = !video ? "rtpopuspay" : codec_ == VideoCodec::vp8 ? "rtpvp8pay" : "rtph264pay";
  GstElement* pay = gst_element_factory_make(payloader, (prefix + "-pay").c_str());
  g_object_set(pay, "pt", static_cast<guint>(p.pt), "mtu", 1200u, nullptr);
  if (video && codec_ == VideoCodec::vp8) {
    // Picture ids let the viewer's decoder spot lost frames and ask for a keyframe.
    gst_util_set_object_arg(G_OBJECT(pay), "picture-id-mode", "15-bit");
  } else if (video) {
    // 0: SPS/PPS already travel in band before every IDR (ingest h264parse config-interval=-1);
    // -1 here would send them as a separate marker-terminated unit that splits access units.
    g_object_set(pay, "config-interval", 0, nullptr);
    gst_util_set_object_arg(G_OBJECT(pay), "aggregate-mode", "zero-latency");
  }
  gst_bin_add_many(GST_BIN(pipe_), queue, pay, nullptr);
  gst_element_link(queue, pay);
  GstPad* pay_src = gst_element_get_static_pad(pay, "src");
  gst_pad_link(pay_src, sink);
  gst_object_unref(pay_src);
  gst_object_unref(sink);
  gst_element_sync_state_with_parent(pay);
  gst_element_sync_state_with_parent(queue);
  v.elements.push_back(queue);
  v.elements.push_back(pay);

  GstElement* tee = child(pipe_, video ? "vt" : "at");
  GstPad* tee_pad = gst_element_request_pad_simple(tee, "src_%u");
  GstPad* q_sink = gst_element_get_static_pad(queue, "sink");
  gst_pad_link(tee_pad, q_sink);
  gst_object_unref(q_sink);
  v.tee_pads.emplace_back(tee, tee_pad);
}

void ViewerFanout::destroy(Viewer& v) {
  for (auto& [tee, pad] : v.tee_pads) {
    if (GstPad* peer = gst_pad_get_peer(pad)) {
      gst_pad_unlink(pad, peer);
      gst_object_unref(peer);
    }
    gst_element_release_request_pad(tee, pad);
    gst_object_unref(pad);
  }
  v.tee_pads.clear();
  // Downstream first: a queue's streaming thread may be blocked pushing into webrtcbin, holding the
  // pad's stream lock, so setting the queue to NULL before webrtcbin deadlocks (seen in the web e2e
  // test: REST end hung in gst_pad_stop_task). Stopping webrtcbin first releases that push.
  if (v.webrtc) {
    gst_element_set_state(v.webrtc, GST_STATE_NULL);
    gst_bin_remove(GST_BIN(pipe_), v.webrtc);
    v.webrtc = nullptr;
  }
  for (auto it = v.elements.rbegin(); it != v.elements.rend(); ++it) {
    gst_element_set_state(*it, GST_STATE_NULL);
    gst_bin_remove(GST_BIN(pipe_), *it);
  }
  v.elements.clear();
}

bool ViewerFanout::remove(const std::string& viewer_id) {
  auto it = viewers_.find(viewer_id);
  if (it == viewers_.end()) return false;
  destroy(*it->second);
  viewers_.erase(it);
  return true;
}

void ViewerFanout::set_connected(const std::string& viewer_id) {
  if (auto it = viewers_.find(viewer_id); it != viewers_.end()) it->second->connected = true;
}

std::vector<std::string> ViewerFanout::unconnected(int64_t now_ms, int64_t timeout_ms) const {
  std::vector<std::string> out;
  for (const auto& [id, v] : viewers_) {
    if (!v->connected && now_ms - v->created_ms >= timeout_ms) out.push_back(id);
  }
  return out;
}

}  // namespace tc::media::gst
