#include "media/gst/stream_hub.hpp"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/codecparsers/gsth264parser.h>
#include <gst/video/video.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "core/ids.hpp"
#include "core/logging.hpp"
#include "media/gst/gst_support.hpp"

namespace tc::media::gst {
namespace fs = std::filesystem;

namespace {

constexpr int kRecording = 0, kHls = 1, kThumbs = 2;
constexpr auto kSideEosWait = std::chrono::seconds(5);

int64_t steady_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}
int64_t wall_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// appsrc for a live, time-stamped feed. Leaky: a stalled consumer loses old data instead of
// blocking the ingest thread (8 MiB ≈ 16 s at 4 Mbit/s).
const char* kAppsrc = "is-live=true format=time do-timestamp=false max-bytes=8388608 leaky-type=downstream";

struct SinkCtx {
  StreamHub* hub;
  uint64_t gen;
  Track track;
};

GstFlowReturn on_new_sample(GstAppSink* sink, gpointer user) {
  auto* ctx = static_cast<SinkCtx*>(user);
  GstSample* s = gst_app_sink_pull_sample(sink);
  if (s) {
    ctx->hub->on_sample(ctx->gen, ctx->track, s);
    gst_sample_unref(s);
  }
  return GST_FLOW_OK;
}

GstFlowReturn on_thumb_sample(GstAppSink* sink, gpointer user) {
  GstSample* s = gst_app_sink_pull_sample(sink);
  if (s) {
    static_cast<StreamHub*>(user)->on_thumbnail(s);
    gst_sample_unref(s);
  }
  return GST_FLOW_OK;
}

void set_sink_callbacks(GstElement* appsink, GstFlowReturn (*fn)(GstAppSink*, gpointer), void* user) {
  GstAppSinkCallbacks cb{};
  cb.new_sample = fn;
  gst_app_sink_set_callbacks(GST_APP_SINK(appsink), &cb, user, nullptr);
}

struct IceCtx {
  HubObserver* observer;
  std::string stream_id;
  std::string session_id;  // viewer id, or empty for the ingest
  uint64_t gen;
};

void on_ice_state(GstElement* webrtc, GParamSpec*, gpointer user) {
  auto* ctx = static_cast<IceCtx*>(user);
  GstWebRTCICEConnectionState st = GST_WEBRTC_ICE_CONNECTION_STATE_NEW;
  g_object_get(webrtc, "ice-connection-state", &st, nullptr);
  const bool connected = st == GST_WEBRTC_ICE_CONNECTION_STATE_CONNECTED || st == GST_WEBRTC_ICE_CONNECTION_STATE_COMPLETED;
  const bool failed = st == GST_WEBRTC_ICE_CONNECTION_STATE_FAILED || st == GST_WEBRTC_ICE_CONNECTION_STATE_CLOSED;
  if (ctx->session_id.empty()) {
    if (failed) ctx->observer->on_ingest_failed(ctx->stream_id, ctx->gen, "ice failed");
  } else {
    ctx->observer->on_viewer_ice(ctx->stream_id, ctx->session_id, connected, failed);
  }
}

void watch_ice(GstElement* webrtc, IceCtx* ctx) {
  g_signal_connect_data(webrtc, "notify::ice-connection-state", G_CALLBACK(on_ice_state), ctx,
                        [](gpointer d, GClosure*) { delete static_cast<IceCtx*>(d); }, GConnectFlags(0));
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

GstPadProbeReturn keep_first_caps(GstPad* pad, GstPadProbeInfo* info, gpointer) {
  GstEvent* ev = GST_PAD_PROBE_INFO_EVENT(info);
  if (GST_EVENT_TYPE(ev) != GST_EVENT_CAPS) return GST_PAD_PROBE_OK;
  GstPad* peer = gst_pad_get_peer(pad);
  GstCaps* current = peer ? gst_pad_get_current_caps(peer) : nullptr;
  const bool drop = current != nullptr;
  if (current) gst_caps_unref(current);
  if (peer) gst_object_unref(peer);
  return drop ? GST_PAD_PROBE_DROP : GST_PAD_PROBE_OK;
}

// True when an H.264 byte-stream buffer holds only parameter sets / SEI / delimiters (no slice).
bool headers_only(GstBuffer* buf) {
  if (gst_buffer_get_size(buf) > 512) return false;
  GstMapInfo map;
  if (!gst_buffer_map(buf, &map, GST_MAP_READ)) return false;
  bool any = false, only = true;
  for (size_t i = 0; i + 3 < map.size; ++i) {
    if (map.data[i] == 0 && map.data[i + 1] == 0 && map.data[i + 2] == 1) {
      const int type = map.data[i + 3] & 0x1f;
      any = true;
      if (type != 6 && type != 7 && type != 8 && type != 9) only = false;
      i += 2;
    }
  }
  gst_buffer_unmap(buf, &map);
  return any && only;
}

// True when the first slice of an H.264 byte-stream access unit starts at macroblock 0. When the
// first RTP packets of a session never arrive (sent before the receiver was ready), the depayloader's
// first "keyframe" can be the tail slices of an IDR: flagged as a keyframe, but half a picture, and
// every frame after it references the missing half. first_mb_in_slice is the slice header's first
// field, ue(v), and 0 is coded as a single 1 bit: the top bit of the byte after the NAL header.
bool starts_at_first_macroblock(GstBuffer* buf) {
  GstMapInfo map;
  if (!gst_buffer_map(buf, &map, GST_MAP_READ)) return false;
  bool result = false;
  for (size_t i = 0; i + 4 < map.size; ++i) {
    if (map.data[i] == 0 && map.data[i + 1] == 0 && map.data[i + 2] == 1) {
      const int type = map.data[i + 3] & 0x1f;
      if (type == 1 || type == 5) {  // the first slice of the picture
        result = (map.data[i + 4] & 0x80) != 0;
        break;
      }
      i += 2;
    }
  }
  gst_buffer_unmap(buf, &map);
  return result;
}

// Picture size from the SPS in a keyframe's access unit (the depayloader's caps carry none).
bool sps_size(GstBuffer* buf, int& width, int& height) {
  GstMapInfo map;
  if (!gst_buffer_map(buf, &map, GST_MAP_READ)) return false;
  bool found = false;
  GstH264NalParser* parser = gst_h264_nal_parser_new();
  GstH264NalUnit nalu;
  guint offset = 0;
  while (!found && gst_h264_parser_identify_nalu(parser, map.data, offset, map.size, &nalu) != GST_H264_PARSER_ERROR &&
         nalu.size > 0) {
    if (nalu.type == GST_H264_NAL_SPS) {
      GstH264SPS sps;
      if (gst_h264_parse_sps(&nalu, &sps) == GST_H264_PARSER_OK) {
        width = sps.frame_cropping_flag ? sps.crop_rect_width : sps.width;
        height = sps.frame_cropping_flag ? sps.crop_rect_height : sps.height;
        gst_h264_sps_clear(&sps);
        found = true;
      }
    }
    offset = nalu.offset + nalu.size;
    if (offset >= map.size) break;
  }
  gst_h264_nal_parser_free(parser);
  gst_buffer_unmap(buf, &map);
  return found;
}

// Picture size from a VP8 keyframe's header (RFC 6386 §9.1: 3-byte frame tag, start code
// 9d 01 2a, then 14-bit width and height).
bool vp8_size(GstBuffer* buf, int& width, int& height) {
  GstMapInfo map;
  if (!gst_buffer_map(buf, &map, GST_MAP_READ)) return false;
  const uint8_t* d = map.data;
  const bool ok = map.size >= 10 && (d[0] & 0x01) == 0 && d[3] == 0x9d && d[4] == 0x01 && d[5] == 0x2a;
  if (ok) {
    width = (d[6] | (d[7] << 8)) & 0x3fff;
    height = (d[8] | (d[9] << 8)) & 0x3fff;
  }
  gst_buffer_unmap(buf, &map);
  return ok;
}

}  // namespace

struct StreamHub::Ingest {
  StreamHub* hub = nullptr;
  std::string session_id;
  uint64_t gen = 0;
  int last_video_seq = -1;  // RTP sequence number of the last video packet into the depayloader
  GstElement* pipe = nullptr;  // owned
  GstElement* webrtc = nullptr;
  GstElement* vq = nullptr;
  GstElement* aq = nullptr;
  SinkCtx vctx{}, actx{};
  ~Ingest() { destroy_pipeline(pipe); }
};

struct StreamHub::Viewer {
  std::string id;
  GstElement* webrtc = nullptr;  // owned by fan_
  std::vector<GstElement*> elements;  // queue + payloader per track, owned by fan_
  std::vector<std::pair<GstElement*, GstPad*>> tee_pads;  // (tee, its request pad; we hold a ref)
  int64_t created_ms = 0;
  bool connected = false;
};

namespace {
// Watches the RTP sequence numbers going into the video depayloader. Whatever the cause (UDP loss
// on a starved socket, a packet later than the jitter buffer's deadline), a gap means a frame lost
// some of its data and every delta frame after it may reference it; on_sample then holds all
// outputs back until the next keyframe, and a keyframe is asked for at once.
GstPadProbeReturn watch_video_seq(GstPad* pad, GstPadProbeInfo* info, gpointer user) {
  auto* ing = static_cast<StreamHub::Ingest*>(user);
  GstBuffer* buf = GST_PAD_PROBE_INFO_BUFFER(info);
  uint8_t head[4];  // RTP fixed header: version bits, then the sequence number in bytes 2–3
  if (!buf || gst_buffer_extract(buf, 0, head, 4) != 4 || (head[0] >> 6) != 2) return GST_PAD_PROBE_OK;
  const int seq = (head[2] << 8) | head[3];
  const int prev = ing->last_video_seq;
  if (prev >= 0) {
    const int ahead = (seq - prev) & 0xffff;  // 1 = in order; ≥ 0x8000 = old (the jitter buffer drops those)
    if (ahead == 0 || ahead >= 0x8000) return GST_PAD_PROBE_OK;
    if (ahead > 1) {
      ing->hub->on_video_gap(ing->gen, ahead - 1);
      gst_pad_push_event(pad, gst_video_event_new_upstream_force_key_unit(GST_CLOCK_TIME_NONE, TRUE, 0));
    }
  }
  ing->last_video_seq = seq;
  return GST_PAD_PROBE_OK;
}
}  // namespace

void StreamHub::on_video_gap(uint64_t gen, int64_t packets) {
  std::lock_guard lk(data_mu_);
  if (gen != gen_.load()) return;
  lost_packets_ += packets;
  if (seen_keyframe_) awaiting_keyframe_ = true;
}

StreamHub::StreamHub(std::string stream_id, std::string dir, const MediaOptions& opts, HubObserver& observer)
    : id_(std::move(stream_id)), dir_(std::move(dir)), opts_(opts), observer_(observer) {
  sides_[kRecording].name = "recording";
  sides_[kHls].name = "hls";
  sides_[kThumbs].name = "thumbnails";
}

StreamHub::~StreamHub() {
  finish();
  if (pending_headers_) gst_buffer_unref(pending_headers_);
}

const std::string& StreamHub::ingest_session() const {
  static const std::string none;
  return ingest_ ? ingest_->session_id : none;
}

namespace {
struct SideCtx {
  StreamHub* hub;
  int side;
};
void on_side_bus(GstMessage* msg, void* user) {
  auto* c = static_cast<SideCtx*>(user);
  c->hub->on_side_message(msg, c->side);
}
struct FanCtx {
  HubObserver* observer;
  std::string stream_id;
};
void on_fan_bus(GstMessage* msg, void* user) {
  if (GST_MESSAGE_TYPE(msg) != GST_MESSAGE_ERROR) return;
  auto* c = static_cast<FanCtx*>(user);
  // Viewer elements are named "<viewer id>-…": the failing viewer is dropped, the others stay.
  const std::string src = GST_MESSAGE_SRC_NAME(msg) ? GST_MESSAGE_SRC_NAME(msg) : "";
  const auto dash = src.find('-');
  if (dash != std::string::npos && src.starts_with("w")) {
    c->observer->on_viewer_ice(c->stream_id, src.substr(0, dash), false, true);
  }
  c->observer->on_output_error(c->stream_id, "fanout", message_text(msg));
}
struct IngestBusCtx {
  HubObserver* observer;
  std::string stream_id;
  uint64_t gen;
};
void on_ingest_bus(GstMessage* msg, void* user) {
  if (GST_MESSAGE_TYPE(msg) != GST_MESSAGE_ERROR) return;
  auto* c = static_cast<IngestBusCtx*>(user);
  c->observer->on_ingest_failed(c->stream_id, c->gen, message_text(msg));
}
}  // namespace

void StreamHub::on_side_message(GstMessage* msg, int index) {
  auto& side = sides_[index];
  if (GST_MESSAGE_TYPE(msg) == GST_MESSAGE_ERROR) {
    if (!side.failed.exchange(true)) observer_.on_output_error(id_, side.name, message_text(msg));
    std::lock_guard lk(side.m);
    side.eos = true;  // nothing more will come out of it
    side.cv.notify_all();
  } else if (GST_MESSAGE_TYPE(msg) == GST_MESSAGE_EOS) {
    std::lock_guard lk(side.m);
    side.eos = true;
    side.cv.notify_all();
  }
}

void StreamHub::start_side(Side& side, int index, const std::string& description) {
  GError* err = nullptr;
  side.pipe = gst_parse_launch(description.c_str(), &err);
  if (err || !side.pipe) {
    observer_.on_output_error(id_, side.name, err ? err->message : "cannot build");
    if (err) g_error_free(err);
    if (side.pipe) gst_object_unref(side.pipe);
    side.pipe = nullptr;
    side.failed = true;
    return;
  }
  side.v = child(side.pipe, "v");
  side.a = child(side.pipe, "a");
  // The hook lives as long as the bus handler (freed by watch_bus's destroy notify); hubs outlive it.
  watch_bus(side.pipe, on_side_bus, new SideCtx{this, index});
  if (index == kThumbs) set_sink_callbacks(child(side.pipe, "out"), on_thumb_sample, this);
  if (gst_element_set_state(side.pipe, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    observer_.on_output_error(id_, side.name, "cannot start");
    side.failed = true;
  }
}

void StreamHub::ensure_outputs(bool with_audio, VideoCodec codec) {
  if (fan_) return;
  has_audio_ = with_audio;
  outputs_codec_ = codec;
  codec_gauge_ = static_cast<int>(codec);
  const bool vp8 = codec == VideoCodec::vp8;
  fs::create_directories(fs::path(dir_) / "hls");
  std::string fan = std::string("appsrc name=v ") + kAppsrc + " ! tee name=vt allow-not-linked=true";
  if (with_audio) fan += std::string(" appsrc name=a ") + kAppsrc + " ! tee name=at allow-not-linked=true";
  GError* err = nullptr;
  fan_ = gst_parse_launch(fan.c_str(), &err);
  if (err) {
    std::string what = err->message;
    g_error_free(err);
    throw std::runtime_error("fan-out pipeline: " + what);
  }
  fan_v_ = child(fan_, "v");
  fan_a_ = with_audio ? child(fan_, "a") : nullptr;
  watch_bus(fan_, on_fan_bus, new FanCtx{&observer_, id_});
  gst_element_set_state(fan_, GST_STATE_PLAYING);

  const auto q = [](const fs::path& p) { return "\"" + p.string() + "\""; };
  const fs::path dir(dir_);
  recording_file_ = vp8 ? "recording.webm" : "recording.mkv";
  if (opts_.recording) {
    // avc3 keeps SPS/PPS in band, so matroskamux accepts the resolution changes browsers make.
    // VP8 keyframes carry their size, so WebM needs nothing like it.
    const std::string video = vp8 ? " ! capsfilter name=rcaps caps=video/x-vp8 ! queue max-size-time=3000000000 ! webmmux name=mux"
                                  : " ! h264parse ! capsfilter name=rcaps caps=video/x-h264,stream-format=avc3,alignment=au "
                                    "! queue max-size-time=3000000000 ! matroskamux name=mux";
    std::string d = std::string("appsrc name=v ") + kAppsrc + video + " ! filesink location=" + q(dir / recording_file_);
    if (with_audio) d += std::string(" appsrc name=a ") + kAppsrc + " ! queue max-size-time=3000000000 ! mux.audio_%u";
    start_side(sides_[kRecording], kRecording, d);
    if (auto* pipe = sides_[kRecording].pipe) {
      // matroskamux refuses any caps change once its header is written, and a resolution change
      // (browsers make several in the first seconds) changes width/height in the caps. With avc3 the
      // new SPS travels in band (VP8: every keyframe header), so the muxer keeps the first caps and
      // players follow the bitstream.
      GstPad* src = gst_element_get_static_pad(child(pipe, "rcaps"), "src");
      gst_pad_add_probe(src, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, keep_first_caps, nullptr, nullptr);
      gst_object_unref(src);
    }
  }
  if (opts_.hls) {
    // H.264: segments follow our keyframe requests (every keyframe_interval); hlssink2's own requests
    // would become immediate FIRs and uneven segments, hence send-keyframe-requests=false.
    // VP8: HLS players want H.264, so decode and re-encode. Here hlssink2's keyframe requests stop
    // at x264enc, which cuts a keyframe every target-duration whatever the publisher's frame rate;
    // the decoder tolerates corrupt frames (a leaky appsrc may drop some under CPU pressure) and
    // x264enc re-initialises itself when the publisher changes resolution.
    std::string video;
    if (vp8) {
      video = " ! queue max-size-time=3000000000 ! vp8dec max-errors=-1 ! videoconvert ! queue max-size-buffers=2 "
              "! x264enc tune=zerolatency speed-preset=veryfast pass=qual quantizer=23 bitrate=2500 key-int-max=" +
              std::to_string(std::max<int64_t>(30, opts_.keyframe_interval_ms * 60 / 1000)) +
              " ! video/x-h264,profile=constrained-baseline ! h264parse ! queue max-size-time=3000000000 ! hls.video ";
    } else {
      video = " ! h264parse ! queue max-size-time=3000000000 ! hls.video ";
    }
    std::string d = std::string("appsrc name=v ") + kAppsrc + video +
                    "hlssink2 name=hls target-duration=2 max-files=0 playlist-length=0 send-keyframe-requests=" +
                    (vp8 ? "true" : "false") + " location=" + q(dir / "hls" / "seg%05d.ts") +
                    " playlist-location=" + q(dir / "hls" / "index.m3u8");
    if (with_audio) {
      d += std::string(" appsrc name=a ") + kAppsrc +
           " ! queue max-size-time=3000000000 ! opusdec ! audioconvert ! audioresample ! audio/x-raw,rate=48000 "
           "! avenc_aac bitrate=128000 ! aacparse ! queue ! hls.audio";
    }
    start_side(sides_[kHls], kHls, d);
  }
  if (opts_.thumbnails) {
    std::string d = std::string("appsrc name=v ") + kAppsrc +
                    (vp8 ? " ! vp8dec threads=1" : " ! h264parse ! avdec_h264 max-threads=1") + " ! videoconvert ! videoscale "
                    "! video/x-raw,width=480,pixel-aspect-ratio=1/1 ! jpegenc quality=80 "
                    "! appsink name=out sync=false max-buffers=2 drop=true";
    start_side(sides_[kThumbs], kThumbs, d);
  }
}

core::Result<SessionAnswer> StreamHub::start_ingest(const std::string& offer_sdp, const IngestPlan& plan) {
  if (finished_) return core::Error::conflict("stream_ended", "The stream has ended");
  if (outputs_codec_ && *outputs_codec_ != plan.video) {
    return core::Error::invalid("unsupported_codec", std::string("This stream's video is ") + to_string(*outputs_codec_));
  }
  // Outputs were built for audio+video; a video-only reconnect still works (audio just stops).
  ensure_outputs(plan.has_audio, plan.video);
  const auto& choices = plan.choices;
  const bool vp8 = plan.video == VideoCodec::vp8;

  GstSDPMessage* sdp = parse_sdp(offer_sdp);
  if (!sdp) return core::Error::invalid("invalid_sdp", "The offer is not valid SDP");

  auto ing = std::make_unique<Ingest>();
  ing->session_id = core::random_hex(12);
  ing->gen = gen_.load() + 1;
  // After a packet loss the depayloader drops frames until the next keyframe (and asks for one).
  // It counts any access unit holding an IDR slice as a keyframe, even one missing its first slices
  // (see starts_at_first_macroblock), so on_sample checks that, and watch_video_seq the gaps.
  const std::string depay =
      vp8 ? "rtpvp8depay name=vdepay request-keyframe=true wait-for-keyframe=true "
          : "rtph264depay name=vdepay request-keyframe=true wait-for-keyframe=true ! video/x-h264,stream-format=byte-stream,alignment=au ";
  const std::string desc =
      "webrtcbin name=recv "
      "queue name=vq ! " + depay + "! appsink name=vs sync=false max-buffers=200 drop=true "
      "queue name=aq ! rtpopusdepay ! opusparse ! appsink name=as sync=false max-buffers=200 drop=true";
  GError* err = nullptr;
  ing->pipe = gst_parse_launch(desc.c_str(), &err);
  if (err) {
    std::string what = err->message;
    g_error_free(err);
    gst_sdp_message_free(sdp);
    return core::Error{core::ErrorKind::internal, "media_error", "ingest pipeline: " + what};
  }
  ing->hub = this;
  ing->webrtc = child(ing->pipe, "recv");
  ing->vq = child(ing->pipe, "vq");
  {
    GstPad* sink = gst_element_get_static_pad(child(ing->pipe, "vdepay"), "sink");
    gst_pad_add_probe(sink, GST_PAD_PROBE_TYPE_BUFFER, watch_video_seq, ing.get(), nullptr);
    gst_object_unref(sink);
  }
  ing->aq = child(ing->pipe, "aq");
  configure_webrtcbin(ing->webrtc, opts_);
  ing->vctx = {this, ing->gen, Track::video};
  ing->actx = {this, ing->gen, Track::audio};
  set_sink_callbacks(child(ing->pipe, "vs"), on_new_sample, &ing->vctx);
  set_sink_callbacks(child(ing->pipe, "as"), on_new_sample, &ing->actx);
  watch_bus(ing->pipe, on_ingest_bus, new IngestBusCtx{&observer_, id_, ing->gen});
  watch_ice(ing->webrtc, new IceCtx{&observer_, id_, "", ing->gen});
  g_signal_connect(ing->webrtc, "pad-added", G_CALLBACK(+[](GstElement*, GstPad* pad, gpointer user) {
                     auto* in = static_cast<Ingest*>(user);
                     if (GST_PAD_DIRECTION(pad) != GST_PAD_SRC) return;
                     GstCaps* caps = gst_pad_get_current_caps(pad);
                     if (!caps) caps = gst_pad_query_caps(pad, nullptr);
                     const char* media = gst_structure_get_string(gst_caps_get_structure(caps, 0), "media");
                     GstElement* q = (media && std::string(media) == "audio") ? in->aq : in->vq;
                     GstPad* sink = gst_element_get_static_pad(q, "sink");
                     if (!gst_pad_is_linked(sink)) gst_pad_link(pad, sink);
                     gst_object_unref(sink);
                     gst_caps_unref(caps);
                   }),
                   ing.get());
  gst_element_set_state(ing->pipe, GST_STATE_PLAYING);

  // Transceivers first, with the chosen codec as preference: webrtcbin 1.22 otherwise answers every
  // offered codec and the browser sends VP8.
  for (size_t i = 0; i < choices.size(); ++i) {
    const auto& c = choices[i];
    GstCaps* caps = offered_caps(sdp, static_cast<unsigned>(i), c.payload.pt,
                                 c.kind == "video" ? fmtp_param(c.payload.fmtp, "profile-level-id") : "");
    GstWebRTCRTPTransceiver* trans = nullptr;
    g_signal_emit_by_name(ing->webrtc, "add-transceiver", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, caps, &trans);
    if (trans) gst_object_unref(trans);
    if (caps) gst_caps_unref(caps);
  }
  gst_sdp_message_free(sdp);

  std::string error;
  auto answer = answer_offer(ing->webrtc, offer_sdp, error);
  if (!answer) {
    if (error == "invalid_sdp") return core::Error::invalid("invalid_sdp", "The offer is not valid SDP");
    return core::Error{core::ErrorKind::internal, "media_error", "negotiation failed: " + error};
  }
  {
    std::lock_guard lk(data_mu_);
    gen_ = ing->gen;
    for (auto& t : track_time_) t.anchored = false;
    seen_keyframe_ = false;
    awaiting_keyframe_ = false;
    if (pending_headers_) gst_buffer_unref(pending_headers_);
    pending_headers_ = nullptr;
    flowing_ = false;
  }
  last_video_ms_ = steady_ms();  // the watchdog counts from the answer
  ingest_ = std::move(ing);
  return SessionAnswer{ingest_->session_id, std::move(*answer)};
}

void StreamHub::stop_ingest() {
  if (!ingest_) return;
  {
    std::lock_guard lk(data_mu_);
    gen_ = gen_.load() + 1;  // late samples of the old session are dropped
    flowing_ = false;
  }
  ingest_.reset();  // sets the pipeline to NULL: its streaming threads stop before this returns
}

void StreamHub::request_keyframe() {
  if (!ingest_ || !ingest_->vq) return;
  GstPad* src = gst_element_get_static_pad(ingest_->vq, "src");
  // Upstream force-key-unit: rtpsession turns it into RTCP PLI/FIR towards the publisher.
  gst_pad_send_event(src, gst_video_event_new_upstream_force_key_unit(GST_CLOCK_TIME_NONE, TRUE, ++keyframe_count_));
  gst_object_unref(src);
}

void StreamHub::on_sample(uint64_t gen, Track track, GstSample* sample) {
  GstBuffer* in = gst_sample_get_buffer(sample);
  if (!in) return;
  // rtph264depay leaves PTS unset on the tail of an access unit split by an early marker bit
  // (publishers that send SPS/PPS with the marker set); its DTS is still right.
  const GstClockTime pts = GST_BUFFER_PTS_IS_VALID(in) ? GST_BUFFER_PTS(in) : GST_BUFFER_DTS(in);
  if (!GST_CLOCK_TIME_IS_VALID(pts)) return;
  const bool video = track == Track::video;
  const bool h264 = outputs_codec_ != VideoCodec::vp8;  // set before any ingest exists
  std::lock_guard lk(data_mu_);
  if (gen != gen_.load() || finished_) return;
  GstBuffer* merged = nullptr;
  if (video && h264) {
    // Some publishers set the RTP marker after SPS/PPS, so the depayloader emits them as an access
    // unit of their own; muxers want them inside the keyframe's access unit. Hold and prepend.
    if (headers_only(in)) {
      gst_buffer_replace(&pending_headers_, in);
      return;
    }
    if (pending_headers_) {
      merged = gst_buffer_append(pending_headers_, gst_buffer_copy(in));  // takes both references
      gst_buffer_copy_into(merged, in, GstBufferCopyFlags(GST_BUFFER_COPY_FLAGS | GST_BUFFER_COPY_TIMESTAMPS), 0, -1);
      pending_headers_ = nullptr;
      in = merged;
    }
  }
  struct Unref {
    GstBuffer* b;
    ~Unref() { if (b) gst_buffer_unref(b); }
  } unref_merged{merged};
  // A keyframe missing its first slices is no place to start from: treated like a delta frame, it
  // waits with the others for the next whole keyframe.
  const bool flagged_key = video && !GST_BUFFER_FLAG_IS_SET(in, GST_BUFFER_FLAG_DELTA_UNIT);
  const bool key = flagged_key && (!h264 || starts_at_first_macroblock(in));
  if (flagged_key && !key && seen_keyframe_) awaiting_keyframe_ = true;  // data went missing unseen
  if (video && !seen_keyframe_) {
    if (!key) return;  // outputs start at a keyframe (HLS segments, decodable recording)
    seen_keyframe_ = true;
  }
  if (video && awaiting_keyframe_) {
    // Data was lost since the last keyframe: a delta frame now would decode with missing references
    // (a corrupt picture in the recording, HLS and every viewer), so nothing goes out until the next keyframe.
    if (!key) {
      ++dropped_frames_;
      return;
    }
    awaiting_keyframe_ = false;
  }
  // Timestamps: each track keeps the publisher's spacing, anchored to the fan-out pipeline's clock
  // when it (re)starts. rtpbin's lip-sync moves a track back by a few hundred ms when the first
  // RTCP SR arrives: a backwards step re-anchors the track right after what was already sent, so
  // outputs see one forward-moving timeline (also across publisher sessions).
  auto& t = track_time_[video ? 0 : 1];
  if (!t.anchored || pts < t.last_in) {
    const GstClockTime next = t.last_out + (t.last_out > 0 ? (video ? 33 : 0) * GST_MSECOND : 0);
    t.base_out = t.anchored ? next : std::max(running_time(fan_), next);
    t.base_in = pts;
    t.anchored = true;
  }
  t.last_in = pts;
  GstClockTime out_pts = pts - t.base_in + t.base_out;
  if (live_since_ms_ == 0 || !flowing_) live_since_ms_ = wall_ms();
  if (!video) {
    // While rtpbin settles, the first audio packets come with compressed timestamps (1–20 ms apart
    // for 20 ms frames); muxers then see overlapping audio. Drop those.
    const GstClockTime dur = GST_BUFFER_DURATION_IS_VALID(in) ? GST_BUFFER_DURATION(in) : 20 * GST_MSECOND;
    if (t.last_out > 0 && out_pts + GST_MSECOND < t.last_out) return;
    t.last_out = out_pts + dur;
  } else {
    // Strictly forward, by at least 1 ms (Matroska's resolution): the first frames also come
    // squeezed together while the jitter buffer settles.
    if (t.last_out > 0) out_pts = std::max(out_pts, t.last_out + GST_MSECOND);
    t.last_out = out_pts;
  }

  GstBuffer* out = gst_buffer_copy(in);  // metadata copy; the memory is shared
  GST_BUFFER_PTS(out) = out_pts;
  GST_BUFFER_DTS(out) = out_pts;  // no B-frames from WebRTC publishers
  GstCaps* caps = gst_sample_get_caps(sample);
  GstSample* re = gst_sample_new(out, caps, nullptr, nullptr);
  gst_buffer_unref(out);

  const auto size = static_cast<int64_t>(gst_buffer_get_size(in));
  if (video) {
    video_bytes_ += size;
    ++frames_;
    if (key) ++keyframes_;
    if (key) h264 ? sps_size(in, width_, height_) : vp8_size(in, width_, height_);
    last_video_ms_ = steady_ms();
    flowing_ = true;
  } else {
    audio_bytes_ += size;
  }

  auto push = [&](GstElement* src) {
    if (src) gst_app_src_push_sample(GST_APP_SRC(src), re);  // leaky appsrc: never blocks
  };
  push(video ? fan_v_ : fan_a_);
  for (int i : {kRecording, kHls}) {
    auto& s = sides_[i];
    if (!s.pipe || s.failed) continue;
    push(video ? s.v : s.a);
    if (video) ++s.pushed_video;
  }
  if (key && sides_[kThumbs].pipe && !sides_[kThumbs].failed) {
    const int64_t now = steady_ms();
    if (now - last_thumb_ms_ >= opts_.thumbnail_interval_ms) {
      last_thumb_ms_ = now;
      push(sides_[kThumbs].v);
    }
  }
  gst_sample_unref(re);
}

void StreamHub::on_thumbnail(GstSample* sample) {
  GstBuffer* buf = gst_sample_get_buffer(sample);
  GstMapInfo map;
  if (!buf || !gst_buffer_map(buf, &map, GST_MAP_READ)) return;
  // Written aside and renamed, so a reader never sees half a JPEG.
  const auto final_path = fs::path(dir_) / "thumbnail.jpg";
  const auto tmp = fs::path(dir_) / "thumbnail.jpg.tmp";
  bool ok = false;
  if (FILE* f = std::fopen(tmp.c_str(), "wb")) {
    ok = std::fwrite(map.data, 1, map.size, f) == map.size;
    ok = (std::fclose(f) == 0) && ok;
  }
  gst_buffer_unmap(buf, &map);
  std::error_code ec;
  if (ok) fs::rename(tmp, final_path, ec);
  if (ok && !ec && !thumb_announced_.exchange(true)) observer_.on_thumbnail_written(id_);
}

core::Result<SessionAnswer> StreamHub::add_viewer(const std::string& offer_sdp, const SdpOffer& parsed, int64_t now_ms) {
  if (!fan_ || finished_) return core::Error::conflict("stream_not_live", "The stream is not live");
  auto v = std::make_unique<Viewer>();
  v->id = "w" + core::random_hex(8);
  v->created_ms = now_ms;
  v->webrtc = make_webrtcbin(opts_, (v->id + "-webrtc").c_str());
  gst_bin_add(GST_BIN(fan_), v->webrtc);
  gst_element_sync_state_with_parent(v->webrtc);
  watch_ice(v->webrtc, new IceCtx{&observer_, id_, v->id, 0});

  const VideoCodec codec = outputs_codec_.value_or(VideoCodec::h264);
  bool any_video = false;
  for (size_t i = 0; i < parsed.sections.size(); ++i) {
    const auto& s = parsed.sections[i];
    std::optional<SdpPayload> p;
    const bool video = s.kind == "video";
    if (video) p = pick_video(s, codec);
    else if (s.kind == "audio" && fan_a_) p = pick_opus(s);
    if (!p) continue;  // that m-line is answered inactive
    if (video) any_video = true;
    const std::string pad_name = "sink_" + std::to_string(i);
    GstPad* sink = gst_element_request_pad_simple(v->webrtc, pad_name.c_str());
    if (!sink) continue;
    GstWebRTCRTPTransceiver* trans = nullptr;
    g_object_get(sink, "transceiver", &trans, nullptr);
    GstCaps* caps = viewer_caps(*p, video, codec);
    if (trans) {
      g_object_set(trans, "direction", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDONLY, "codec-preferences", caps, nullptr);
      gst_object_unref(trans);
    }
    gst_caps_unref(caps);

    const std::string prefix = v->id + "-" + std::to_string(i);
    GstElement* queue = gst_element_factory_make("queue", (prefix + "-queue").c_str());
    // A slow viewer loses old data (2 s), it never holds back the tee.
    g_object_set(queue, "max-size-buffers", 0u, "max-size-bytes", 0u, "max-size-time", guint64(2 * GST_SECOND), nullptr);
    gst_util_set_object_arg(G_OBJECT(queue), "leaky", "downstream");
    const char* payloader = !video ? "rtpopuspay" : codec == VideoCodec::vp8 ? "rtpvp8pay" : "rtph264pay";
    GstElement* pay = gst_element_factory_make(payloader, (prefix + "-pay").c_str());
    g_object_set(pay, "pt", static_cast<guint>(p->pt), "mtu", 1200u, nullptr);
    if (video && codec == VideoCodec::vp8) {
      // Picture ids let the viewer's decoder spot lost frames and ask for a keyframe.
      gst_util_set_object_arg(G_OBJECT(pay), "picture-id-mode", "15-bit");
    } else if (video) {
      // 0: SPS/PPS already travel in band before every IDR (ingest h264parse config-interval=-1);
      // -1 here would send them as a separate marker-terminated unit that splits access units.
      g_object_set(pay, "config-interval", 0, nullptr);
      gst_util_set_object_arg(G_OBJECT(pay), "aggregate-mode", "zero-latency");
    }
    gst_bin_add_many(GST_BIN(fan_), queue, pay, nullptr);
    gst_element_link(queue, pay);
    GstPad* pay_src = gst_element_get_static_pad(pay, "src");
    gst_pad_link(pay_src, sink);
    gst_object_unref(pay_src);
    gst_object_unref(sink);
    gst_element_sync_state_with_parent(pay);
    gst_element_sync_state_with_parent(queue);
    v->elements.push_back(queue);
    v->elements.push_back(pay);

    GstElement* tee = child(fan_, video ? "vt" : "at");
    GstPad* tee_pad = gst_element_request_pad_simple(tee, "src_%u");
    GstPad* q_sink = gst_element_get_static_pad(queue, "sink");
    gst_pad_link(tee_pad, q_sink);
    gst_object_unref(q_sink);
    v->tee_pads.emplace_back(tee, tee_pad);
  }
  if (!any_video) {
    destroy_viewer(*v);
    return core::Error::invalid("unsupported_codec",
                                codec == VideoCodec::vp8 ? "This stream is VP8: the offer must receive VP8 video"
                                                         : "This stream is H.264: the offer must receive H.264 video "
                                                           "(packetization-mode 1)");
  }
  std::string error;
  auto answer = answer_offer(v->webrtc, offer_sdp, error);
  if (!answer) {
    destroy_viewer(*v);
    if (error == "invalid_sdp") return core::Error::invalid("invalid_sdp", "The offer is not valid SDP");
    return core::Error{core::ErrorKind::internal, "media_error", "negotiation failed: " + error};
  }
  const auto id = v->id;
  viewers_.emplace(id, std::move(v));
  viewer_gauge_ = static_cast<int>(viewers_.size());
  request_keyframe();  // the new viewer's picture starts at the next IDR
  return SessionAnswer{id, std::move(*answer)};
}

void StreamHub::destroy_viewer(Viewer& v) {
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
    gst_bin_remove(GST_BIN(fan_), v.webrtc);
    v.webrtc = nullptr;
  }
  for (auto it = v.elements.rbegin(); it != v.elements.rend(); ++it) {
    gst_element_set_state(*it, GST_STATE_NULL);
    gst_bin_remove(GST_BIN(fan_), *it);
  }
  v.elements.clear();
}

bool StreamHub::remove_viewer(const std::string& viewer_id) {
  auto it = viewers_.find(viewer_id);
  if (it == viewers_.end()) return false;
  destroy_viewer(*it->second);
  viewers_.erase(it);
  viewer_gauge_ = static_cast<int>(viewers_.size());
  return true;
}

void StreamHub::set_viewer_connected(const std::string& viewer_id) {
  if (auto it = viewers_.find(viewer_id); it != viewers_.end()) it->second->connected = true;
}

std::vector<std::string> StreamHub::unconnected_viewers(int64_t now_ms, int64_t timeout_ms) const {
  std::vector<std::string> out;
  for (const auto& [id, v] : viewers_) {
    if (!v->connected && now_ms - v->created_ms >= timeout_ms) out.push_back(id);
  }
  return out;
}

void StreamHub::close_side(Side& side) {
  if (!side.pipe) return;
  if (!side.failed) {
    if (side.v) gst_app_src_end_of_stream(GST_APP_SRC(side.v));
    if (side.a) gst_app_src_end_of_stream(GST_APP_SRC(side.a));
    std::unique_lock lk(side.m);
    side.cv.wait_for(lk, kSideEosWait, [&] { return side.eos; });
  }
  destroy_pipeline(side.pipe);
}

FinishedStream StreamHub::finish() {
  FinishedStream out;
  if (finished_) return out;
  stop_ingest();
  {
    std::lock_guard lk(data_mu_);
    finished_ = true;  // the data path pushes nothing more
  }
  while (!viewers_.empty()) remove_viewer(viewers_.begin()->first);
  destroy_pipeline(fan_);
  fan_v_ = fan_a_ = nullptr;
  const bool recorded = sides_[kRecording].pipe && sides_[kRecording].pushed_video > 0;
  for (auto& s : sides_) close_side(s);
  std::error_code ec;
  const auto rec = fs::path(dir_) / (recording_file_.empty() ? "recording.mkv" : recording_file_);
  if (recorded && fs::file_size(rec, ec) > 0 && !ec) out.recording_path = rec.string();
  const auto thumb = fs::path(dir_) / "thumbnail.jpg";
  if (fs::exists(thumb, ec)) out.thumbnail_path = thumb.string();
  return out;
}

void StreamHub::fill_stats(StreamMediaStats& out, int64_t now_ms) {
  std::lock_guard lk(data_mu_);
  const int64_t dt = now_ms - rate_at_ms_;
  if (rate_at_ms_ == 0 || dt >= 1000) {
    if (rate_at_ms_ != 0) {
      video_bps_ = (video_bytes_ - rate_video_bytes_) * 8000 / dt;
      audio_bps_ = (audio_bytes_ - rate_audio_bytes_) * 8000 / dt;
      fps_ = static_cast<double>(frames_ - rate_frames_) * 1000.0 / static_cast<double>(dt);
    }
    rate_at_ms_ = now_ms;
    rate_video_bytes_ = video_bytes_;
    rate_audio_bytes_ = audio_bytes_;
    rate_frames_ = frames_;
  }
  bitrate_gauge_ = flowing_ ? video_bps_ + audio_bps_ : 0;
  width_gauge_ = width_;
  height_gauge_ = height_;
  fps_milli_gauge_ = flowing_ ? static_cast<int64_t>(fps_ * 1000) : 0;
  video_bps_gauge_ = flowing_ ? video_bps_ : 0;
  audio_bps_gauge_ = flowing_ ? audio_bps_ : 0;
  out.video_codec = to_string(outputs_codec_.value_or(VideoCodec::h264));
  out.audio_codec = has_audio_ ? "OPUS" : "";
  out.width = width_;
  out.height = height_;
  out.fps = flowing_ ? fps_ : 0;
  out.video_bitrate_bps = flowing_ ? video_bps_ : 0;
  out.audio_bitrate_bps = flowing_ ? audio_bps_ : 0;
  out.frames = frames_;
  out.keyframes = keyframes_;
  out.lost_packets = lost_packets_;
  out.dropped_frames = dropped_frames_;
  out.live_since_ms = flowing_ ? live_since_ms_ : 0;
  out.recording = sides_[kRecording].pipe && !sides_[kRecording].failed;
  out.hls_transcode = outputs_codec_ == VideoCodec::vp8 && sides_[kHls].pipe && !sides_[kHls].failed;
  transcode_gauge_ = out.hls_transcode;
}

void StreamHub::gauges_any_thread(LiveStreamGauges& out) const {
  out.stream_id = id_;
  const int codec = codec_gauge_.load();
  out.video_codec = codec < 0 ? "" : to_string(static_cast<VideoCodec>(codec));
  out.hls_transcode = transcode_gauge_.load();
  out.width = width_gauge_.load();
  out.height = height_gauge_.load();
  out.fps = static_cast<double>(fps_milli_gauge_.load()) / 1000.0;
  out.video_bitrate_bps = video_bps_gauge_.load();
  out.audio_bitrate_bps = audio_bps_gauge_.load();
  out.viewers_whep = viewer_gauge_.load();
}

bool StreamHub::transcoding() const {
  return fan_ && outputs_codec_ == VideoCodec::vp8 && sides_[kHls].pipe != nullptr;
}

}  // namespace tc::media::gst
