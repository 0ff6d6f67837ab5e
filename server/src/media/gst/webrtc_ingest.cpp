#include "media/gst/webrtc_ingest.hpp"

#include <gst/video/video.h>

#include "core/ids.hpp"
#include "media/gst/buffer_bytes.hpp"
#include "media/gst/gst_support.hpp"

namespace tc::media::gst {
namespace {

void set_sink_callbacks(GstElement* appsink, GstFlowReturn (*fn)(GstAppSink*, gpointer), void* user) {
  GstAppSinkCallbacks cb{};
  cb.new_sample = fn;
  gst_app_sink_set_callbacks(GST_APP_SINK(appsink), &cb, user, nullptr);
}

}  // namespace

WebRtcIngest::WebRtcIngest(IngestSink& sink, uint64_t gen, VideoCodec codec)
    : sink_(sink), gen_(gen), codec_(codec), session_id_(core::random_hex(12)) {}

WebRtcIngest::~WebRtcIngest() {
  if (pipe_) {
    // NULL first: the streaming threads stop before this returns. Then no signal of ours may
    // outlive this object, whoever still holds a reference to the elements.
    gst_element_set_state(pipe_, GST_STATE_NULL);
    if (webrtc_) g_signal_handlers_disconnect_by_data(webrtc_, this);
  }
  destroy_pipeline(pipe_);
  if (pending_headers_) gst_buffer_unref(pending_headers_);
}

core::Result<WebRtcIngest::Started> WebRtcIngest::start(const MediaOptions& opts, IngestSink& sink, uint64_t gen,
                                                        const std::string& offer_sdp, const IngestPlan& plan) {
  std::unique_ptr<WebRtcIngest> ing(new WebRtcIngest(sink, gen, plan.video));
  if (auto built = ing->build(opts); !built) return built.error();
  ing->add_transceivers(offer_sdp, plan);
  std::string error;
  auto answer = answer_offer(ing->webrtc_, offer_sdp, error);
  if (!answer) {
    if (error == "invalid_sdp") return core::Error::invalid("invalid_sdp", "The offer is not valid SDP");
    return core::Error{core::ErrorKind::internal, "media_error", "negotiation failed: " + error};
  }
  return Started{std::move(ing), std::move(*answer)};
}

core::Status WebRtcIngest::build(const MediaOptions& opts) {
  // After a packet loss the depayloader drops frames until the next keyframe (and asks for one).
  // It counts any access unit holding an IDR slice as a keyframe, even one missing its first slices
  // (see h264_starts_at_first_macroblock), so the hub's keyframe gate checks that, and on_rtp_packet
  // the gaps.
  const std::string depay = codec_ == VideoCodec::vp8
                                ? "rtpvp8depay name=vdepay request-keyframe=true wait-for-keyframe=true "
                                : "rtph264depay name=vdepay request-keyframe=true wait-for-keyframe=true ! "
                                  "video/x-h264,stream-format=byte-stream,alignment=au ";
  const std::string desc =
      "webrtcbin name=recv "
      "queue name=vq ! " +
      depay +
      "! appsink name=vs sync=false max-buffers=200 drop=true "
      "queue name=aq ! rtpopusdepay ! opusparse ! appsink name=as sync=false max-buffers=200 drop=true";
  std::string error;
  pipe_ = parse_pipeline(desc, error);
  if (!pipe_) return core::Error{core::ErrorKind::internal, "media_error", "ingest pipeline: " + error};
  webrtc_ = child(pipe_, "recv");
  vq_ = child(pipe_, "vq");
  aq_ = child(pipe_, "aq");
  GstPad* depay_sink = gst_element_get_static_pad(child(pipe_, "vdepay"), "sink");
  gst_pad_add_probe(depay_sink, GST_PAD_PROBE_TYPE_BUFFER, on_rtp_packet, this, nullptr);
  gst_object_unref(depay_sink);
  configure_webrtcbin(webrtc_, opts);
  set_sink_callbacks(child(pipe_, "vs"), on_video_sample, this);
  set_sink_callbacks(child(pipe_, "as"), on_audio_sample, this);
  watch_bus(pipe_, on_bus_message, this);
  g_signal_connect(webrtc_, "notify::ice-connection-state", G_CALLBACK(on_ice_state), this);
  g_signal_connect(webrtc_, "pad-added", G_CALLBACK(on_pad_added), this);
  gst_element_set_state(pipe_, GST_STATE_PLAYING);
  return core::ok_status();
}

void WebRtcIngest::add_transceivers(const std::string& offer_sdp, const IngestPlan& plan) {
  // Transceivers first, with the chosen codec as preference: webrtcbin 1.22 otherwise answers every
  // offered codec and the browser sends VP8.
  GstSDPMessage* sdp = parse_sdp(offer_sdp);
  if (!sdp) return;  // answer_offer reports invalid_sdp
  for (size_t i = 0; i < plan.choices.size(); ++i) {
    const auto& c = plan.choices[i];
    GstCaps* caps = offered_caps(sdp, static_cast<unsigned>(i), c.payload.pt,
                                 c.kind == "video" ? fmtp_param(c.payload.fmtp, "profile-level-id") : "");
    GstWebRTCRTPTransceiver* trans = nullptr;
    g_signal_emit_by_name(webrtc_, "add-transceiver", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, caps, &trans);
    if (trans) gst_object_unref(trans);
    if (caps) gst_caps_unref(caps);
  }
  gst_sdp_message_free(sdp);
}

void WebRtcIngest::request_keyframe(unsigned count) {
  if (!vq_) return;
  GstPad* src = gst_element_get_static_pad(vq_, "src");
  // Upstream force-key-unit: rtpsession turns it into RTCP PLI/FIR towards the publisher.
  gst_pad_send_event(src, gst_video_event_new_upstream_force_key_unit(GST_CLOCK_TIME_NONE, TRUE, count));
  gst_object_unref(src);
}

GstFlowReturn WebRtcIngest::on_video_sample(GstAppSink* appsink, gpointer self) {
  if (GstSample* s = gst_app_sink_pull_sample(appsink)) {
    static_cast<WebRtcIngest*>(self)->deliver_video(s);
    gst_sample_unref(s);
  }
  return GST_FLOW_OK;
}

GstFlowReturn WebRtcIngest::on_audio_sample(GstAppSink* appsink, gpointer self) {
  auto* ing = static_cast<WebRtcIngest*>(self);
  if (GstSample* s = gst_app_sink_pull_sample(appsink)) {
    ing->sink_.on_access_unit(ing->gen_, Track::audio, s);
    gst_sample_unref(s);
  }
  return GST_FLOW_OK;
}

// Some publishers set the RTP marker after SPS/PPS, so the depayloader emits them as an access unit
// of their own; muxers want them inside the keyframe's access unit. Hold and prepend.
void WebRtcIngest::deliver_video(GstSample* sample) {
  GstBuffer* in = gst_sample_get_buffer(sample);
  if (!in || codec_ != VideoCodec::h264) {
    sink_.on_access_unit(gen_, Track::video, sample);
    return;
  }
  if (h264_headers_only(MappedBuffer(in).bytes())) {
    gst_buffer_replace(&pending_headers_, in);
    return;
  }
  if (!pending_headers_) {
    sink_.on_access_unit(gen_, Track::video, sample);
    return;
  }
  GstBuffer* merged = gst_buffer_append(pending_headers_, gst_buffer_copy(in));  // takes both references
  gst_buffer_copy_into(merged, in, GstBufferCopyFlags(GST_BUFFER_COPY_FLAGS | GST_BUFFER_COPY_TIMESTAMPS), 0, -1);
  pending_headers_ = nullptr;
  GstSample* whole = gst_sample_new(merged, gst_sample_get_caps(sample), nullptr, nullptr);
  gst_buffer_unref(merged);
  sink_.on_access_unit(gen_, Track::video, whole);
  gst_sample_unref(whole);
}

// Watches the RTP sequence numbers going into the video depayloader. Whatever the cause (UDP loss
// on a starved socket, a packet later than the jitter buffer's deadline), a gap means a frame lost
// some of its data and every delta frame after it may reference it; the hub then holds all outputs
// back until the next keyframe, and a keyframe is asked for at once.
GstPadProbeReturn WebRtcIngest::on_rtp_packet(GstPad* pad, GstPadProbeInfo* info, gpointer self) {
  auto* ing = static_cast<WebRtcIngest*>(self);
  GstBuffer* buf = GST_PAD_PROBE_INFO_BUFFER(info);
  uint8_t head[4];
  if (!buf || gst_buffer_extract(buf, 0, head, 4) != 4) return GST_PAD_PROBE_OK;
  const auto seq = rtp_sequence(Bytes(head, 4));
  if (!seq) return GST_PAD_PROBE_OK;
  if (const int64_t lost = ing->rtp_loss_.on_packet(*seq); lost > 0) {
    ing->sink_.on_video_loss(ing->gen_, lost);
    gst_pad_push_event(pad, gst_video_event_new_upstream_force_key_unit(GST_CLOCK_TIME_NONE, TRUE, 0));
  }
  return GST_PAD_PROBE_OK;
}

void WebRtcIngest::on_pad_added(GstElement*, GstPad* pad, gpointer self) {
  auto* ing = static_cast<WebRtcIngest*>(self);
  if (GST_PAD_DIRECTION(pad) != GST_PAD_SRC) return;
  GstCaps* caps = gst_pad_get_current_caps(pad);
  if (!caps) caps = gst_pad_query_caps(pad, nullptr);
  const char* media = gst_structure_get_string(gst_caps_get_structure(caps, 0), "media");
  GstElement* q = (media && std::string(media) == "audio") ? ing->aq_ : ing->vq_;
  GstPad* sink = gst_element_get_static_pad(q, "sink");
  if (!gst_pad_is_linked(sink)) gst_pad_link(pad, sink);
  gst_object_unref(sink);
  gst_caps_unref(caps);
}

void WebRtcIngest::on_ice_state(GstElement* webrtc, GParamSpec*, gpointer self) {
  auto* ing = static_cast<WebRtcIngest*>(self);
  GstWebRTCICEConnectionState st = GST_WEBRTC_ICE_CONNECTION_STATE_NEW;
  g_object_get(webrtc, "ice-connection-state", &st, nullptr);
  if (st == GST_WEBRTC_ICE_CONNECTION_STATE_FAILED || st == GST_WEBRTC_ICE_CONNECTION_STATE_CLOSED) {
    ing->sink_.on_source_failed(ing->gen_, "ice failed");
  }
}

void WebRtcIngest::on_bus_message(GstMessage* msg, void* self) {
  if (GST_MESSAGE_TYPE(msg) != GST_MESSAGE_ERROR) return;
  auto* ing = static_cast<WebRtcIngest*>(self);
  ing->sink_.on_source_failed(ing->gen_, message_text(msg));
}

}  // namespace tc::media::gst
