#include "media/gst/gst_support.hpp"

#include <gst/sdp/sdp.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace tc::media::gst {

void init_gstreamer() {
  static const bool ok = [] {
    gst_init(nullptr, nullptr);
    return true;
  }();
  (void)ok;
  for (const char* name :
       {"webrtcbin", "rtph264depay", "rtph264pay", "rtpopusdepay", "rtpopuspay",  "h264parse",   "opusparse",
        "appsrc",    "appsink",      "tee",        "queue",        "matroskamux", "hlssink2",    "opusdec",
        "avenc_aac", "aacparse",     "avdec_h264", "jpegenc",      "videoscale",  "videoconvert"}) {
    GstElementFactory* f = gst_element_factory_find(name);
    if (!f)
      throw std::runtime_error(std::string("GStreamer element missing: ") + name +
                               " (install the packages in scripts/install-deps.sh)");
    gst_object_unref(f);
  }
}

GstElement* make_webrtcbin(const MediaOptions& opts, const char* name) {
  GstElement* w = gst_element_factory_make("webrtcbin", name);
  if (!w) throw std::runtime_error("cannot create webrtcbin");
  configure_webrtcbin(w, opts);
  return w;
}

void configure_webrtcbin(GstElement* w, const MediaOptions& opts) {
  g_object_set(w, "bundle-policy", GST_WEBRTC_BUNDLE_POLICY_MAX_BUNDLE, "latency", 100u, nullptr);
  GObject* ice = nullptr;
  g_object_get(w, "ice-agent", &ice, nullptr);
  if (ice) {
    // No UPnP port mapping: libnice would otherwise open SSDP sockets (239.255.255.250:1900) and an
    // HTTP listener on every interface per session, whatever --webrtc-ip says.
    GObject* agent = nullptr;
    g_object_get(ice, "agent", &agent, nullptr);
    if (agent) {
      g_object_set(agent, "upnp", FALSE, nullptr);
      g_object_unref(agent);
    }
    // libnice skips loopback unless told; production names the public address here too.
    for (const auto& ip : opts.webrtc_ips) {
      gboolean added = FALSE;
      g_signal_emit_by_name(ice, "add-local-ip-address", ip.c_str(), &added);
    }
    if (opts.port_min > 0 && opts.port_max >= opts.port_min) {
      g_object_set(ice, "min-rtp-port", static_cast<guint>(opts.port_min), "max-rtp-port",
                   static_cast<guint>(opts.port_max), nullptr);
    }
    g_object_unref(ice);
  }
}

GstSDPMessage* parse_sdp(const std::string& text) {
  GstSDPMessage* sdp = nullptr;
  if (gst_sdp_message_new_from_text(text.c_str(), &sdp) != GST_SDP_OK) {
    if (sdp) gst_sdp_message_free(sdp);
    return nullptr;
  }
  return sdp;
}

namespace {

// Waits for a promise and returns its reply (owned by the promise), or null with `error` set.
const GstStructure* wait_reply(GstPromise* p, std::string& error, const char* step) {
  const auto r = gst_promise_wait(p);
  if (r != GST_PROMISE_RESULT_REPLIED) {
    error = std::string(step) + ": no reply";
    return nullptr;
  }
  const GstStructure* reply = gst_promise_get_reply(p);
  if (reply && gst_structure_has_field(reply, "error")) {
    GError* err = nullptr;
    gst_structure_get(reply, "error", G_TYPE_ERROR, &err, nullptr);
    error = std::string(step) + ": " + (err ? err->message : "failed");
    if (err) g_error_free(err);
    return nullptr;
  }
  static const GstStructure* const empty = gst_structure_new_empty("empty");  // "replied, nothing to say"
  return reply ? reply : empty;
}

}  // namespace

std::optional<std::string> answer_offer(GstElement* webrtc, const std::string& offer_sdp, std::string& error) {
  GstSDPMessage* sdp = parse_sdp(offer_sdp);
  if (!sdp) {
    error = "invalid_sdp";
    return std::nullopt;
  }
  GstWebRTCSessionDescription* offer = gst_webrtc_session_description_new(GST_WEBRTC_SDP_TYPE_OFFER, sdp);
  GstPromise* p = gst_promise_new();
  g_signal_emit_by_name(webrtc, "set-remote-description", offer, p);
  gst_webrtc_session_description_free(offer);
  bool ok = wait_reply(p, error, "set-remote-description") != nullptr;
  gst_promise_unref(p);
  if (!ok) return std::nullopt;

  p = gst_promise_new();
  g_signal_emit_by_name(webrtc, "create-answer", nullptr, p);
  const GstStructure* reply = wait_reply(p, error, "create-answer");
  GstWebRTCSessionDescription* answer = nullptr;
  if (reply) gst_structure_get(reply, "answer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &answer, nullptr);
  gst_promise_unref(p);
  if (!answer) {
    if (error.empty()) error = "create-answer: no answer";
    return std::nullopt;
  }
  p = gst_promise_new();
  g_signal_emit_by_name(webrtc, "set-local-description", answer, p);
  gst_webrtc_session_description_free(answer);
  ok = wait_reply(p, error, "set-local-description") != nullptr;
  gst_promise_unref(p);
  if (!ok) return std::nullopt;

  // Non-trickle: the answer carries every candidate. Gathering took a constant ~200 ms here; the
  // bound covers a slow host without holding the caller forever.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  for (;;) {
    GstWebRTCICEGatheringState st = GST_WEBRTC_ICE_GATHERING_STATE_NEW;
    g_object_get(webrtc, "ice-gathering-state", &st, nullptr);
    if (st == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE) break;
    if (std::chrono::steady_clock::now() >= deadline) break;  // answer with what we have
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  GstWebRTCSessionDescription* local = nullptr;
  g_object_get(webrtc, "local-description", &local, nullptr);
  if (!local) {
    error = "no local description";
    return std::nullopt;
  }
  gchar* text = gst_sdp_message_as_text(local->sdp);
  std::string out = text ? text : "";
  g_free(text);
  gst_webrtc_session_description_free(local);
  if (out.find("a=candidate") == std::string::npos) {
    error = "no ICE candidates gathered (check --webrtc-ip)";
    return std::nullopt;
  }
  return out;
}

GstCaps* offered_caps(const GstSDPMessage* sdp, unsigned index, int pt, const std::string& plid) {
  const GstSDPMedia* media = gst_sdp_message_get_media(sdp, index);
  if (!media) return nullptr;
  GstCaps* caps = gst_sdp_media_get_caps_from_media(media, pt);
  if (!caps) return nullptr;
  caps = gst_caps_make_writable(caps);
  GstStructure* s = gst_caps_get_structure(caps, 0);
  gst_structure_set_name(s, "application/x-rtp");
  if (!plid.empty()) gst_structure_set(s, "profile-level-id", G_TYPE_STRING, plid.c_str(), nullptr);
  return caps;
}

GstClockTime running_time(GstElement* pipeline) {
  GstClock* clock = gst_element_get_clock(pipeline);
  if (!clock) return 0;
  const GstClockTime now = gst_clock_get_time(clock);
  gst_object_unref(clock);
  const GstClockTime base = gst_element_get_base_time(pipeline);
  return now > base ? now - base : 0;
}

GstElement* parse_pipeline(const std::string& description, std::string& error) {
  GError* err = nullptr;
  GstElement* pipe = gst_parse_launch(description.c_str(), &err);
  if (!err && pipe) return pipe;
  error = err ? err->message : "cannot build";
  if (err) g_error_free(err);
  if (pipe) gst_object_unref(pipe);
  return nullptr;
}

GstElement* child(GstElement* bin, const char* name) {
  GstElement* e = gst_bin_get_by_name(GST_BIN(bin), name);
  if (e) gst_object_unref(e);
  return e;
}

namespace {
struct BusHook {
  BusFn fn;
  void* user;
};
GstBusSyncReply on_bus(GstBus*, GstMessage* msg, gpointer data) {
  auto* h = static_cast<BusHook*>(data);
  h->fn(msg, h->user);
  // A sync handler that answers DROP owns the message and must unref it. Each message holds a
  // reference to its source element: leaking them kept every session's webrtcbin (its ICE sockets,
  // threads and eventfds) and hlssink2 (its last open segment) alive after the pipeline was freed.
  gst_message_unref(msg);
  return GST_BUS_DROP;
}
}  // namespace

void watch_bus(GstElement* pipeline, BusFn fn, void* user) {
  GstBus* bus = gst_element_get_bus(pipeline);
  gst_bus_set_sync_handler(bus, on_bus, new BusHook{fn, user}, [](gpointer d) { delete static_cast<BusHook*>(d); });
  gst_object_unref(bus);
}

void destroy_pipeline(GstElement*& pipeline) {
  if (!pipeline) return;
  gst_element_set_state(pipeline, GST_STATE_NULL);
  GstBus* bus = gst_element_get_bus(pipeline);
  gst_bus_set_sync_handler(bus, nullptr, nullptr, nullptr);
  gst_object_unref(bus);
  gst_object_unref(pipeline);
  pipeline = nullptr;
}

std::string message_text(GstMessage* msg) {
  GError* err = nullptr;
  gchar* dbg = nullptr;
  if (GST_MESSAGE_TYPE(msg) == GST_MESSAGE_ERROR) gst_message_parse_error(msg, &err, &dbg);
  else if (GST_MESSAGE_TYPE(msg) == GST_MESSAGE_WARNING) gst_message_parse_warning(msg, &err, &dbg);
  std::string out = GST_MESSAGE_SRC_NAME(msg) ? GST_MESSAGE_SRC_NAME(msg) : "?";
  out += ": ";
  out += err ? err->message : "";
  if (dbg) out += std::string(" (") + dbg + ")";
  if (err) g_error_free(err);
  g_free(dbg);
  return out;
}

bool is_disk_full_error(GstMessage* msg, const std::string& dir) {
  if (GST_MESSAGE_TYPE(msg) != GST_MESSAGE_ERROR) return false;
  GError* err = nullptr;
  gst_message_parse_error(msg, &err, nullptr);
  const bool resource = err && err->domain == GST_RESOURCE_ERROR;
  const bool no_space = resource && err->code == GST_RESOURCE_ERROR_NO_SPACE_LEFT;
  if (err) g_error_free(err);
  if (no_space || !resource) return no_space;
  // filesink and giostreamsink say NO_SPACE_LEFT, but hlssink2 reports a playlist it could not write
  // as OPEN_WRITE, with ENOSPC only in its (translated) text, and on a full disk that write is often
  // the first to fail. So a resource error counts as a full disk when the file system has no room.
  constexpr std::uintmax_t kFullBelow = 1 << 20;
  std::error_code ec;
  const auto space = std::filesystem::space(dir, ec);
  return !ec && space.available < kFullBelow;
}

}  // namespace tc::media::gst
