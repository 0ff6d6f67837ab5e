// GstMediaService, the event thread's half: HubObserver reports posted here, the 250 ms tick (state
// machine, publisher watchdog, keyframe cadence, viewer timeouts) and the start-up warm-up.
#include <boost/asio/post.hpp>

#include <chrono>

#include "media/gst/gst_media_service.hpp"
#include "media/gst/gst_support.hpp"

namespace tc::media::gst {
namespace {

namespace asio = boost::asio;

constexpr int64_t kViewerConnectTimeoutMs = 20'000;  // a WHEP session must connect within this
constexpr auto kTick = std::chrono::milliseconds(250);

int64_t steady_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

void GstMediaService::on_ingest_failed(const std::string& stream_id, uint64_t gen, const std::string& why) {
  asio::post(events_, [this, stream_id, gen, why] {
    auto e = find(stream_id);
    if (!e) return;
    std::lock_guard lk(e->mu);
    if (drop_ingest(*e, gen)) log_->warn("msg=\"publisher lost\" stream={} reason=\"{}\"", stream_id, why);
  });
}

void GstMediaService::on_viewer_ice(const std::string& stream_id, const std::string& viewer_id, bool connected,
                                    bool failed) {
  asio::post(events_, [this, stream_id, viewer_id, connected, failed] {
    auto e = find(stream_id);
    if (!e) return;
    std::lock_guard lk(e->mu);
    if (connected) e->hub->set_viewer_connected(viewer_id);
    if (failed && e->hub->remove_viewer(viewer_id)) {
      log_->info("msg=\"viewer left\" stream={} viewer={} reason=ice", stream_id, viewer_id);
    }
  });
}

void GstMediaService::on_thumbnail_written(const std::string& stream_id) {
  asio::post(events_, [this, stream_id] { listener_.on_thumbnail(stream_id); });
}

void GstMediaService::on_output_error(const std::string& stream_id, const std::string& output, const std::string& why,
                                      bool no_space) {
  // Logged; live viewers keep watching (outputs are separate pipelines) and the failed output stays
  // stopped for the rest of the stream. A recording that stops is the VOD's loss: the listener marks it.
  const char* reason = no_space ? "disk_full" : "error";
  log_->error("msg=\"media output failed\" stream={} output={} reason={} error=\"{}\"", stream_id, output, reason, why);
  if (output == to_string(Output::recording)) {
    asio::post(events_, [this, stream_id, r = std::string(reason)] { listener_.on_recording_failed(stream_id, r); });
  }
}

bool GstMediaService::drop_ingest(Entry& e, std::optional<uint64_t> gen) {
  if (!e.hub->stop_ingest(gen)) return false;
  --ingests_;
  if (e.state == MediaState::live) set_state(e.hub->id(), e, MediaState::reconnecting);
  return true;
}

void GstMediaService::set_state(const std::string& stream_id, Entry& e, MediaState s) {
  if (e.state == s) return;
  e.state = s;
  e.state_since_ms = steady_ms();
  log_->info("msg=\"media state\" stream={} state={}", stream_id, to_string(s));
  asio::post(events_, [this, stream_id, s] { listener_.on_media_state(stream_id, s); });
}

void GstMediaService::request_end(const std::string& stream_id, Entry& e, const char* reason) {
  if (e.end_requested) return;
  e.end_requested = true;
  log_->info("msg=\"ending stream\" stream={} reason={}", stream_id, reason);
  asio::post(events_, [this, stream_id, r = std::string(reason)] { listener_.on_end_requested(stream_id, r); });
}

void GstMediaService::schedule_tick() {
  timer_.expires_after(kTick);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    try {
      tick();
    } catch (const std::exception& ex) {
      log_->error("msg=\"media tick failed\" error=\"{}\"", ex.what());
    }
    schedule_tick();
  });
}

void GstMediaService::tick() {
  std::vector<std::shared_ptr<Entry>> all;
  {
    std::lock_guard lk(mu_);
    for (auto& [id, e] : entries_) all.push_back(e);
  }
  const int64_t now = steady_ms();
  for (auto& e : all) {
    std::lock_guard lk(e->mu);
    tick_stream(*e, now);
  }
}

void GstMediaService::tick_stream(Entry& e, int64_t now) {
  auto& hub = *e.hub;
  const auto& id = hub.id();
  if (hub.has_ingest()) {
    if (hub.media_flowing() && e.state != MediaState::live) set_state(id, e, MediaState::live);
    if (now - hub.last_video_ms() >= opts_.media_timeout_ms) {
      log_->warn("msg=\"publisher lost\" stream={} reason=\"no video for {} ms\"", id, now - hub.last_video_ms());
      drop_ingest(e);
      if (e.state == MediaState::waiting) e.state_since_ms = now;  // never got going: wait again
    } else if (now - e.last_keyframe_request_ms >= opts_.keyframe_interval_ms) {
      e.last_keyframe_request_ms = now;
      hub.request_keyframe();
    }
  }
  if (!hub.has_ingest()) {
    if (e.state == MediaState::reconnecting && now - e.state_since_ms >= opts_.publish_grace_ms) {
      request_end(id, e, "publisher_gone");
    } else if (e.state == MediaState::waiting && now - e.state_since_ms >= opts_.publish_wait_ms) {
      request_end(id, e, "no_publisher");
    }
  }
  hub.snapshot(now);  // keeps the rates behind totals() and live_gauges() fresh
  for (const auto& v : hub.unconnected_viewers(now, kViewerConnectTimeoutMs)) {
    hub.remove_viewer(v);
    log_->info("msg=\"viewer left\" stream={} viewer={} reason=timeout", id, v);
  }
}

// The first negotiation of a process loads plugins and makes a DTLS certificate (~0.75 s): pay it
// at start-up rather than in the first publisher's request.
void GstMediaService::warm_up() {
  try {
    GstElement* pipe = gst_pipeline_new("warm-up");
    GstElement* w = make_webrtcbin(opts_, "warm");
    gst_bin_add(GST_BIN(pipe), w);
    gst_element_set_state(pipe, GST_STATE_PLAYING);
    GstCaps* caps =
        gst_caps_from_string("application/x-rtp,media=video,encoding-name=H264,clock-rate=90000,payload=102");
    GstWebRTCRTPTransceiver* t = nullptr;
    g_signal_emit_by_name(w, "add-transceiver", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, caps, &t);
    if (t) gst_object_unref(t);
    gst_caps_unref(caps);
    GstPromise* p = gst_promise_new();
    g_signal_emit_by_name(w, "create-offer", nullptr, p);
    gst_promise_wait(p);
    gst_promise_unref(p);
    destroy_pipeline(pipe);
  } catch (const std::exception& ex) {
    log_->warn("msg=\"media warm-up failed\" error=\"{}\"", ex.what());
  }
}

}  // namespace tc::media::gst
