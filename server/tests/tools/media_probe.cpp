// tc_media_probe: a browser-free WebRTC peer for media tests.
//   publish: a GStreamer test pattern (H.264 constrained baseline, or VP8 with --codec vp8, + Opus)
//            as a WHIP client
//   play:    a WHEP client that decodes the video and reports frames and size; --codecs h264,vp8
//            chooses what its offer receives (default h264)
// Signalling goes through the test (which owns HTTP and tokens): the probe prints its offer as one
// line `OFFER <sdp with CRLF written as \n>`, reads one line `<answer, same escaping>` from stdin, then
// prints a JSON status line every 500 ms until stdin closes. ICE is pinned to --ip (default 127.0.0.1).
#include <gst/gst.h>
#define GST_USE_UNSTABLE_API
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>

namespace {

std::atomic<long> g_frames{0};
std::atomic<int> g_width{0}, g_height{0};
std::atomic<int> g_ice{0};
std::atomic<bool> g_stop{false};
std::atomic<long> g_packets{0};
std::chrono::steady_clock::time_point g_answered;
std::atomic<bool> g_first_reported{false};

std::string escape(const std::string& sdp) {
  std::string out;
  for (char c : sdp) {
    if (c == '\r') continue;
    if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string unescape(const std::string& line) {
  std::string out;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == 'n') {
      out += "\r\n";
      ++i;
    } else {
      out += line[i];
    }
  }
  return out;
}

GstElement* must_parse(const std::string& desc) {
  GError* err = nullptr;
  GstElement* p = gst_parse_launch(desc.c_str(), &err);
  if (err) {
    std::fprintf(stderr, "pipeline: %s\n", err->message);
    std::exit(2);
  }
  return p;
}

void pin_ice(GstElement* webrtc, const std::string& ip) {
  GObject* ice = nullptr;
  g_object_get(webrtc, "ice-agent", &ice, nullptr);
  gboolean ok = FALSE;
  g_signal_emit_by_name(ice, "add-local-ip-address", ip.c_str(), &ok);
  g_object_unref(ice);
}

GstWebRTCSessionDescription* wait_desc(GstPromise* p, const char* field) {
  gst_promise_wait(p);
  const GstStructure* reply = gst_promise_get_reply(p);
  GstWebRTCSessionDescription* d = nullptr;
  if (reply) gst_structure_get(reply, field, GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &d, nullptr);
  gst_promise_unref(p);
  if (!d) {
    std::fprintf(stderr, "no %s\n", field);
    std::exit(3);
  }
  return d;
}

// Offer → stdout, answer ← stdin.
bool exchange(GstElement* webrtc) {
  GstPromise* p = gst_promise_new();
  g_signal_emit_by_name(webrtc, "create-offer", nullptr, p);
  GstWebRTCSessionDescription* offer = wait_desc(p, "offer");
  p = gst_promise_new();
  g_signal_emit_by_name(webrtc, "set-local-description", offer, p);
  gst_promise_wait(p);
  gst_promise_unref(p);
  gst_webrtc_session_description_free(offer);
  for (int i = 0; i < 500; ++i) {
    GstWebRTCICEGatheringState st;
    g_object_get(webrtc, "ice-gathering-state", &st, nullptr);
    if (st == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  GstWebRTCSessionDescription* local = nullptr;
  g_object_get(webrtc, "local-description", &local, nullptr);
  gchar* text = gst_sdp_message_as_text(local->sdp);
  std::cout << "OFFER " << escape(text) << std::endl;
  g_free(text);
  gst_webrtc_session_description_free(local);

  std::string line;
  if (!std::getline(std::cin, line)) return false;
  GstSDPMessage* sdp = nullptr;
  if (gst_sdp_message_new_from_text(unescape(line).c_str(), &sdp) != GST_SDP_OK) {
    std::fprintf(stderr, "bad answer\n");
    return false;
  }
  GstWebRTCSessionDescription* answer = gst_webrtc_session_description_new(GST_WEBRTC_SDP_TYPE_ANSWER, sdp);
  g_answered = std::chrono::steady_clock::now();
  p = gst_promise_new();
  g_signal_emit_by_name(webrtc, "set-remote-description", answer, p);
  gst_promise_wait(p);
  gst_promise_unref(p);
  gst_webrtc_session_description_free(answer);
  return true;
}

void on_ice(GstElement* webrtc, GParamSpec*, gpointer) {
  GstWebRTCICEConnectionState st;
  g_object_get(webrtc, "ice-connection-state", &st, nullptr);
  g_ice = static_cast<int>(st);
}

GstPadProbeReturn count_frames(GstPad* pad, GstPadProbeInfo*, gpointer) {
  if (++g_frames == 1 && !g_first_reported.exchange(true)) {
    const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - g_answered).count();
    std::printf("FIRST %.1f\n", ms);  // ms from applying the answer to the first decoded frame
    std::fflush(stdout);
  }
  if (GstCaps* caps = gst_pad_get_current_caps(pad)) {
    int w = 0, h = 0;
    gst_structure_get_int(gst_caps_get_structure(caps, 0), "width", &w);
    gst_structure_get_int(gst_caps_get_structure(caps, 0), "height", &h);
    g_width = w;
    g_height = h;
    gst_caps_unref(caps);
  }
  return GST_PAD_PROBE_OK;
}

void on_decoded_pad(GstElement*, GstPad* pad, gpointer user) {
  GstElement* pipe = static_cast<GstElement*>(user);
  GstCaps* caps = gst_pad_get_current_caps(pad);
  const char* name = caps ? gst_structure_get_name(gst_caps_get_structure(caps, 0)) : "";
  const bool video = g_str_has_prefix(name, "video/");
  if (caps) gst_caps_unref(caps);
  GstElement* sink = gst_element_factory_make("fakesink", nullptr);
  g_object_set(sink, "sync", FALSE, "async", FALSE, nullptr);
  gst_bin_add(GST_BIN(pipe), sink);
  gst_element_sync_state_with_parent(sink);
  GstPad* sinkpad = gst_element_get_static_pad(sink, "sink");
  gst_pad_link(pad, sinkpad);
  if (video) gst_pad_add_probe(sinkpad, GST_PAD_PROBE_TYPE_BUFFER, count_frames, nullptr, nullptr);
  gst_object_unref(sinkpad);
}

bool g_decode = true;

GstPadProbeReturn count_packets(GstPad*, GstPadProbeInfo*, gpointer) {
  ++g_packets;
  return GST_PAD_PROBE_OK;
}

void on_incoming(GstElement*, GstPad* pad, gpointer user) {
  if (GST_PAD_DIRECTION(pad) != GST_PAD_SRC) return;
  GstElement* pipe = static_cast<GstElement*>(user);
  if (!g_decode) {  // benchmarks: receive (SRTP, jitter buffer) without spending CPU on decoding
    GstElement* sink = gst_element_factory_make("fakesink", nullptr);
    g_object_set(sink, "sync", FALSE, "async", FALSE, nullptr);
    gst_bin_add(GST_BIN(pipe), sink);
    gst_element_sync_state_with_parent(sink);
    GstPad* sp = gst_element_get_static_pad(sink, "sink");
    gst_pad_link(pad, sp);
    gst_pad_add_probe(sp, GST_PAD_PROBE_TYPE_BUFFER, count_packets, nullptr, nullptr);
    gst_object_unref(sp);
    return;
  }
  GstElement* dec = gst_element_factory_make("decodebin", nullptr);
  g_signal_connect(dec, "pad-added", G_CALLBACK(on_decoded_pad), pipe);
  gst_bin_add(GST_BIN(pipe), dec);
  gst_element_sync_state_with_parent(dec);
  GstPad* sink = gst_element_get_static_pad(dec, "sink");
  gst_pad_link(pad, sink);
  gst_object_unref(sink);
}

std::string arg(int argc, char** argv, const char* name, const char* def) {
  for (int i = 2; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  }
  return def;
}

void report_until_eof(GstElement* pipe, const char* role) {
  std::thread watcher([] {
    std::string line;
    while (std::getline(std::cin, line)) {
    }
    g_stop = true;
  });
  GstBus* bus = gst_element_get_bus(pipe);
  while (!g_stop) {
    GstMessage* m = gst_bus_timed_pop_filtered(bus, 500 * GST_MSECOND, GST_MESSAGE_ERROR);
    if (m) {
      GError* e = nullptr;
      gst_message_parse_error(m, &e, nullptr);
      std::printf("{\"role\":\"%s\",\"error\":\"%s\"}\n", role, e ? e->message : "?");
      if (e) g_error_free(e);
      gst_message_unref(m);
    }
    std::printf("{\"role\":\"%s\",\"ice\":%d,\"frames\":%ld,\"packets\":%ld,\"width\":%d,\"height\":%d}\n", role,
                g_ice.load(), g_frames.load(), g_packets.load(), g_width.load(), g_height.load());
    std::fflush(stdout);
  }
  gst_object_unref(bus);
  gst_element_set_state(pipe, GST_STATE_NULL);
  std::_Exit(0);  // the watcher thread is done; skip static destructors racing GStreamer threads
}

int publish(int argc, char** argv) {
  const std::string ip = arg(argc, argv, "--ip", "127.0.0.1");
  const std::string w = arg(argc, argv, "--width", "640"), h = arg(argc, argv, "--height", "360");
  const int switch_after = std::stoi(arg(argc, argv, "--switch-after", "0"));
  const std::string w2 = arg(argc, argv, "--width2", "1280"), h2 = arg(argc, argv, "--height2", "720");
  const bool audio = arg(argc, argv, "--audio", "1") == "1";
  const std::string bitrate = arg(argc, argv, "--bitrate", "600"), pattern = arg(argc, argv, "--pattern", "ball");
  const bool vp8 = arg(argc, argv, "--codec", "h264") == "vp8";
  // Share of H.264 RTP packets to drop before sending (0..1): packet loss without a lossy network.
  const std::string loss = arg(argc, argv, "--loss", "0");
  // Keyframes only on request (or every 10 s), like a browser: the server must ask for them.
  const std::string encode =
      vp8 ? "vp8enc deadline=1 cpu-used=8 threads=1 error-resilient=partitions keyframe-max-dist=300 target-bitrate=" +
                bitrate +
                "000 ! rtpvp8pay pt=96 picture-id-mode=15-bit "
                "! application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000 ! send. "
          : "x264enc tune=zerolatency speed-preset=ultrafast bitrate=" + bitrate +
                " "
                "key-int-max=60 bframes=0 ! video/x-h264,profile=constrained-baseline ! h264parse "
                "! rtph264pay config-interval=0 pt=102 aggregate-mode=zero-latency ! identity drop-probability=" +
                loss +
                " "
                "! application/x-rtp,media=video,encoding-name=H264,payload=102,clock-rate=90000 ! send. ";
  std::string desc =
      "webrtcbin name=send bundle-policy=max-bundle "
      "videotestsrc is-live=true pattern=" +
      pattern + " ! capsfilter name=vcaps caps=video/x-raw,width=" + w + ",height=" + h +
      ",framerate=30/1 ! videoconvert ! queue ! " + encode;
  if (audio) {
    desc +=
        "audiotestsrc is-live=true wave=sine volume=0.1 ! audioconvert ! audioresample ! opusenc "
        "! rtpopuspay pt=111 ! application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000 ! send. ";
  }
  GstElement* pipe = must_parse(desc);
  GstElement* webrtc = gst_bin_get_by_name(GST_BIN(pipe), "send");
  pin_ice(webrtc, ip);
  g_signal_connect(webrtc, "notify::ice-connection-state", G_CALLBACK(on_ice), nullptr);
  // Count encoded frames leaving the encoder as "frames" for the publisher.
  GstElement* vcaps = gst_bin_get_by_name(GST_BIN(pipe), "vcaps");
  GstPad* vpad = gst_element_get_static_pad(vcaps, "src");
  gst_pad_add_probe(vpad, GST_PAD_PROBE_TYPE_BUFFER, count_frames, nullptr, nullptr);
  gst_object_unref(vpad);
  // Mark the transceivers send-only (WHIP).
  gst_element_set_state(pipe, GST_STATE_PLAYING);
  GArray* trans = nullptr;
  g_signal_emit_by_name(webrtc, "get-transceivers", &trans);
  for (guint i = 0; trans && i < trans->len; ++i) {
    auto* t = g_array_index(trans, GstWebRTCRTPTransceiver*, i);
    g_object_set(t, "direction", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDONLY, nullptr);
  }
  if (trans) g_array_unref(trans);
  // The offer's fmtp (packetization-mode, profile) comes from the caps on webrtcbin's sink pads, so
  // wait until every one has caps: a fixed 300 ms was too short on a loaded box, and the offer then
  // had no usable H.264 (the server answered 400 unsupported_codec).
  for (int i = 0; i < 200; ++i) {
    bool all = true;
    GstIterator* it = gst_element_iterate_sink_pads(webrtc);
    GValue v = G_VALUE_INIT;
    while (gst_iterator_next(it, &v) == GST_ITERATOR_OK) {
      if (!gst_pad_has_current_caps(GST_PAD(g_value_get_object(&v)))) all = false;
      g_value_reset(&v);
    }
    g_value_unset(&v);
    gst_iterator_free(it);
    if (all) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!exchange(webrtc)) return 1;
  if (switch_after > 0) {
    std::thread([=] {
      std::this_thread::sleep_for(std::chrono::seconds(switch_after));
      GstCaps* c = gst_caps_from_string(("video/x-raw,width=" + w2 + ",height=" + h2 + ",framerate=30/1").c_str());
      g_object_set(vcaps, "caps", c, nullptr);
      gst_caps_unref(c);
    }).detach();
  }
  report_until_eof(pipe, "publisher");
  return 0;
}

int play(int argc, char** argv) {
  const std::string ip = arg(argc, argv, "--ip", "127.0.0.1");
  g_decode = arg(argc, argv, "--decode", "1") == "1";
  GstElement* pipe = gst_pipeline_new("play");
  GstElement* webrtc = gst_element_factory_make("webrtcbin", "recv");
  g_object_set(webrtc, "bundle-policy", GST_WEBRTC_BUNDLE_POLICY_MAX_BUNDLE, nullptr);
  gst_bin_add(GST_BIN(pipe), webrtc);
  pin_ice(webrtc, ip);
  g_signal_connect(webrtc, "notify::ice-connection-state", G_CALLBACK(on_ice), nullptr);
  g_signal_connect(webrtc, "pad-added", G_CALLBACK(on_incoming), pipe);
  gst_element_set_state(pipe, GST_STATE_PLAYING);
  // One video m-line offering the listed codecs in order (caps with several structures).
  std::string video;
  const std::string codecs = arg(argc, argv, "--codecs", "h264");
  for (size_t pos = 0; pos < codecs.size();) {
    size_t comma = codecs.find(',', pos);
    if (comma == std::string::npos) comma = codecs.size();
    const std::string c = codecs.substr(pos, comma - pos);
    pos = comma + 1;
    if (!video.empty()) video += "; ";
    if (c == "vp8") video += "application/x-rtp,media=video,encoding-name=VP8,clock-rate=90000,payload=96";
    else
      video +=
          "application/x-rtp,media=video,encoding-name=H264,clock-rate=90000,payload=102,"
          "packetization-mode=(string)1,profile-level-id=(string)42e01f";
  }
  const std::string audio = "application/x-rtp,media=audio,encoding-name=OPUS,clock-rate=48000,payload=111";
  const std::string* const m_lines[] = {&video, &audio};
  for (const std::string* c : m_lines) {
    GstCaps* caps = gst_caps_from_string(c->c_str());
    GstWebRTCRTPTransceiver* t = nullptr;
    g_signal_emit_by_name(webrtc, "add-transceiver", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, caps, &t);
    if (t) gst_object_unref(t);
    gst_caps_unref(caps);
  }
  if (!exchange(webrtc)) return 1;
  report_until_eof(pipe, "viewer");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  gst_init(&argc, &argv);
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "publish") return publish(argc, argv);
  if (mode == "play") return play(argc, argv);
  std::fprintf(stderr,
               "usage: tc_media_probe publish|play [--ip 127.0.0.1] [--width W --height H "
               "--switch-after S --width2 W --height2 H --audio 0|1 --codec h264|vp8 --codecs h264,vp8 --loss 0..1]\n");
  return 64;
}
