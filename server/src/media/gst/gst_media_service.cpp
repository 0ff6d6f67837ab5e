// The GStreamer MediaService: a registry of StreamHubs, the per-stream state machine
// (waiting → live ⇄ reconnecting → offline) and one event thread that owns timers and turns
// GStreamer reports into state changes.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "core/logging.hpp"
#include "media/gst/gst_support.hpp"
#include "media/gst/stream_hub.hpp"
#include "media/hls_audience.hpp"
#include "media/media_service.hpp"

namespace tc::media {

const char* to_string(MediaState s) {
  switch (s) {
    case MediaState::waiting: return "waiting";
    case MediaState::live: return "live";
    case MediaState::reconnecting: return "reconnecting";
    case MediaState::offline: return "offline";
  }
  return "offline";
}

namespace gst {
namespace {

namespace fs = std::filesystem;
namespace asio = boost::asio;

constexpr int64_t kViewerConnectTimeoutMs = 20'000;  // a WHEP session must connect within this
constexpr auto kTick = std::chrono::milliseconds(250);
constexpr size_t kMaxFinishedRemembered = 10'000;

int64_t steady_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// Per-stream bookkeeping next to the hub; guarded by the hub's ctl() mutex.
struct Entry {
  std::unique_ptr<StreamHub> hub;
  MediaState state = MediaState::waiting;
  int64_t state_since_ms = 0;  // steady ms
  int64_t last_keyframe_request_ms = 0;
  bool end_requested = false;
  bool holds_transcode = false;  // counted in transcodes_ until finish()
};

class GstMediaService final : public MediaService, public HubObserver {
 public:
  GstMediaService(const MediaOptions& opts, MediaListener& listener)
      : opts_(opts), listener_(listener), log_(core::logger("media")), work_(asio::make_work_guard(events_)),
        timer_(events_) {
    init_gstreamer();
    thread_ = std::thread([this] { events_.run(); });
    asio::post(events_, [this] { warm_up(); });
    schedule_tick();
  }

  ~GstMediaService() override {
    shutdown();
    asio::post(events_, [this] { timer_.cancel(); });
    work_.reset();
    events_.stop();
    if (thread_.joinable()) thread_.join();
  }

  void expect(const std::string& stream_id) override { entry(stream_id, true); }

  core::Result<SessionAnswer> publish(const std::string& stream_id, const std::string& offer_sdp) override {
    auto parsed = parse_sdp_offer(offer_sdp);
    if (!parsed) return core::Error::invalid("invalid_sdp", "The offer is not valid SDP");
    if (is_finished(stream_id)) return core::Error::conflict("stream_ended", "The stream has ended");
    auto e = entry(stream_id, true);
    std::lock_guard lk(e->hub->ctl());
    if (e->end_requested || e->state == MediaState::offline) return core::Error::conflict("stream_ended", "The stream has ended");
    if (e->hub->has_ingest()) {
      return core::Error::conflict("publisher_exists", "Someone is already publishing to this stream");
    }
    if (count_ingests() >= opts_.max_streams) {
      return core::Error{core::ErrorKind::busy, "media_busy", "This server takes no more live ingests", 5};
    }
    auto plan = plan_ingest(*parsed, e->hub->codec());
    if (!plan) {
      log_->warn("msg=\"publish refused\" stream={} code={} reason=\"{}\"", stream_id, plan.error().code,
                 plan.error().message);
      return plan.error();
    }
    // A VP8 stream's HLS needs a transcode (about a core at 720p30): reserve one of the node's slots
    // for the stream's lifetime, or refuse. A returning publisher already holds its slot.
    const bool needs_slot = plan->video == VideoCodec::vp8 && opts_.hls && !e->holds_transcode;
    if (needs_slot) {
      if (transcodes_.fetch_add(1) >= opts_.max_transcodes) {
        --transcodes_;
        log_->warn("msg=\"publish refused\" stream={} code=transcode_busy", stream_id);
        return core::Error{core::ErrorKind::busy, "transcode_busy",
                           "This server transcodes no more VP8 streams right now; publish H.264 "
                           "(constrained baseline, packetization-mode 1) or retry later",
                           30};
      }
      e->holds_transcode = true;
    }
    auto answer = e->hub->start_ingest(offer_sdp, *plan);
    if (e->holds_transcode && !e->hub->transcoding()) {  // the outputs were not built after all
      e->holds_transcode = false;
      --transcodes_;
    }
    if (!answer) {
      e->hub->stop_ingest();
      log_->warn("msg=\"publish refused\" stream={} code={} reason=\"{}\"", stream_id, answer.error().code,
                 answer.error().message);
      return answer;
    }
    ++ingests_;
    log_->info("msg=\"publisher connected\" stream={} session={} video={} hls_transcode={}", stream_id,
               answer->session_id, to_string(plan->video), e->holds_transcode);
    return answer;
  }

  bool unpublish(const std::string& stream_id, const std::string& session_id) override {
    auto e = entry(stream_id, false);
    if (!e) return false;
    std::lock_guard lk(e->hub->ctl());
    if (!e->hub->has_ingest() || e->hub->ingest_session() != session_id) return false;
    drop_ingest(*e);
    // WHIP DELETE means "stop": the caller (the REST handler) ends the stream, which calls
    // finish(). Until then no publisher may come back and the timers must not end it a second time.
    e->end_requested = true;
    return true;
  }

  core::Result<SessionAnswer> play(const std::string& stream_id, const std::string& offer_sdp) override {
    auto parsed = parse_sdp_offer(offer_sdp);
    if (!parsed) return core::Error::invalid("invalid_sdp", "The offer is not valid SDP");
    auto e = entry(stream_id, false);
    if (!e) return core::Error::conflict("stream_not_live", "The stream has no media yet");
    std::lock_guard lk(e->hub->ctl());
    if (e->state == MediaState::waiting || e->state == MediaState::offline) {
      return core::Error::conflict("stream_not_live", "The stream has no media yet");
    }
    if (static_cast<int>(e->hub->viewer_count()) >= opts_.max_viewers_per_stream) {
      return core::Error{core::ErrorKind::busy, "too_many_viewers", "No more WebRTC viewers on this stream; use HLS", 5};
    }
    auto answer = e->hub->add_viewer(offer_sdp, *parsed, steady_ms());
    if (answer) {
      e->last_keyframe_request_ms = steady_ms();
      log_->info("msg=\"viewer joined\" stream={} viewer={} viewers={}", stream_id, answer->session_id,
                 e->hub->viewer_count());
    }
    return answer;
  }

  bool stop_playing(const std::string& stream_id, const std::string& session_id) override {
    auto e = entry(stream_id, false);
    if (!e) return false;
    std::lock_guard lk(e->hub->ctl());
    return e->hub->remove_viewer(session_id);
  }

  void hls_playlist_fetched(const std::string& stream_id, std::string_view client_key) override {
    {
      std::lock_guard lk(mu_);  // only streams with media here: bounds what the audience holds
      auto it = entries_.find(stream_id);
      if (it == entries_.end() || it->second->state == MediaState::waiting) return;
    }
    hls_audience_.seen(stream_id, client_key, steady_ms());
  }

  FinishedStream finish(const std::string& stream_id) override {
    std::shared_ptr<Entry> e;
    {
      std::lock_guard lk(mu_);
      auto it = entries_.find(stream_id);
      if (it != entries_.end()) {
        e = it->second;
        entries_.erase(it);
      }
      remember_finished(stream_id);
    }
    hls_audience_.forget(stream_id);
    FinishedStream out;
    if (!e) {
      // Not live on this node: report what a previous run left behind.
      std::error_code ec;
      const auto dir = fs::path(stream_dir(stream_id));
      for (const char* name : {"recording.mkv", "recording.webm"}) {
        if (fs::file_size(dir / name, ec) > 0 && !ec) out.recording_path = (dir / name).string();
      }
      if (fs::exists(dir / "thumbnail.jpg", ec)) out.thumbnail_path = (dir / "thumbnail.jpg").string();
      return out;
    }
    std::lock_guard lk(e->hub->ctl());
    if (e->hub->has_ingest()) --ingests_;
    out = e->hub->finish();
    if (e->holds_transcode) {
      e->holds_transcode = false;
      --transcodes_;
    }
    set_state(stream_id, *e, MediaState::offline);
    log_->info("msg=\"stream media finished\" stream={} recording={}", stream_id, out.recording_path.value_or("none"));
    return out;
  }

  MediaState state(const std::string& stream_id) const override {
    std::lock_guard lk(mu_);
    auto it = entries_.find(stream_id);
    if (it == entries_.end()) return finished_.count(stream_id) ? MediaState::offline : MediaState::waiting;
    return it->second->state;  // read without ctl(): a torn read of an enum is not possible, a stale one is fine
  }

  std::optional<StreamMediaStats> stats(const std::string& stream_id) const override {
    std::shared_ptr<Entry> e;
    {
      std::lock_guard lk(mu_);
      auto it = entries_.find(stream_id);
      if (it == entries_.end()) return std::nullopt;
      e = it->second;
    }
    StreamMediaStats s;
    std::lock_guard lk(e->hub->ctl());
    s.state = e->state;
    e->hub->fill_stats(s, steady_ms());
    s.viewers_whep = static_cast<int>(e->hub->viewer_count());
    s.viewers_hls = hls_audience_.count(stream_id, steady_ms());
    std::error_code ec;
    for (fs::directory_iterator it(fs::path(stream_dir(stream_id)) / "hls", ec), end; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() == ".ts") ++s.hls_segments;
    }
    return s;
  }

  Totals totals() const override {
    Totals t;
    t.ingests = ingests_.load();
    std::lock_guard lk(mu_);
    for (const auto& [id, e] : entries_) {
      t.viewers_whep += e->hub->viewer_count_any_thread();
      t.ingest_bitrate_bps += e->hub->bitrate_any_thread();
    }
    t.transcodes = transcodes_.load();
    return t;
  }

  std::vector<LiveStreamGauges> live_gauges() const override {
    std::vector<LiveStreamGauges> out;
    std::lock_guard lk(mu_);
    for (const auto& [id, e] : entries_) {
      // state is read without ctl() as in state(): a stale value only delays a line by one scrape.
      if (e->state != MediaState::live && e->state != MediaState::reconnecting) continue;
      e->hub->gauges_any_thread(out.emplace_back());
    }
    for (auto& g : out) g.viewers_hls = hls_audience_.count(g.stream_id, steady_ms());  // after mu_
    return out;
  }

  std::string stream_dir(const std::string& stream_id) const override {
    return (fs::path(opts_.data_dir) / "media" / stream_id).string();
  }

  void shutdown() override {
    std::vector<std::string> ids;
    {
      std::lock_guard lk(mu_);
      for (auto& [id, e] : entries_) ids.push_back(id);
    }
    for (const auto& id : ids) finish(id);
  }

  // --- HubObserver (GStreamer threads): post plain values to the event thread.
  void on_ingest_failed(const std::string& stream_id, uint64_t gen, const std::string& why) override {
    asio::post(events_, [this, stream_id, gen, why] {
      auto e = entry(stream_id, false);
      if (!e) return;
      std::lock_guard lk(e->hub->ctl());
      if (!e->hub->has_ingest() || e->hub->ingest_gen() != gen) return;
      log_->warn("msg=\"publisher lost\" stream={} reason=\"{}\"", stream_id, why);
      drop_ingest(*e);
    });
  }
  void on_viewer_ice(const std::string& stream_id, const std::string& viewer_id, bool connected, bool failed) override {
    asio::post(events_, [this, stream_id, viewer_id, connected, failed] {
      auto e = entry(stream_id, false);
      if (!e) return;
      std::lock_guard lk(e->hub->ctl());
      if (connected) e->hub->set_viewer_connected(viewer_id);
      if (failed && e->hub->remove_viewer(viewer_id)) {
        log_->info("msg=\"viewer left\" stream={} viewer={} reason=ice", stream_id, viewer_id);
      }
    });
  }
  void on_thumbnail_written(const std::string& stream_id) override {
    asio::post(events_, [this, stream_id] { listener_.on_thumbnail(stream_id); });
  }
  void on_output_error(const std::string& stream_id, const std::string& output, const std::string& why) override {
    // Counted and logged; live viewers keep watching (outputs are separate pipelines).
    log_->warn("msg=\"media output failed\" stream={} output={} error=\"{}\"", stream_id, output, why);
  }

 private:
  std::shared_ptr<Entry> entry(const std::string& stream_id, bool create) {
    std::lock_guard lk(mu_);
    auto it = entries_.find(stream_id);
    if (it != entries_.end()) return it->second;
    if (!create || finished_.count(stream_id)) return nullptr;
    auto e = std::make_shared<Entry>();
    e->hub = std::make_unique<StreamHub>(stream_id, stream_dir(stream_id), opts_, *this);
    e->state_since_ms = steady_ms();
    entries_.emplace(stream_id, e);
    return e;
  }

  bool is_finished(const std::string& stream_id) const {
    std::lock_guard lk(mu_);
    return finished_.count(stream_id) > 0;
  }

  void remember_finished(const std::string& stream_id) {  // mu_ held
    if (finished_.size() >= kMaxFinishedRemembered) finished_.clear();  // only an optimisation
    finished_.insert(stream_id);
  }

  int count_ingests() const { return ingests_.load(); }

  // ctl() held.
  void drop_ingest(Entry& e) {
    if (!e.hub->has_ingest()) return;
    e.hub->stop_ingest();
    --ingests_;
    if (e.state == MediaState::live) set_state(e.hub->id(), e, MediaState::reconnecting);
  }

  // ctl() held (or the entry already removed).
  void set_state(const std::string& stream_id, Entry& e, MediaState s) {
    if (e.state == s) return;
    e.state = s;
    e.state_since_ms = steady_ms();
    log_->info("msg=\"media state\" stream={} state={}", stream_id, to_string(s));
    asio::post(events_, [this, stream_id, s] { listener_.on_media_state(stream_id, s); });
  }

  void request_end(const std::string& stream_id, Entry& e, const char* reason) {
    if (e.end_requested) return;
    e.end_requested = true;
    log_->info("msg=\"ending stream\" stream={} reason={}", stream_id, reason);
    const std::string r = reason;
    asio::post(events_, [this, stream_id, r] { listener_.on_end_requested(stream_id, r); });
  }

  void schedule_tick() {
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

  // Event thread: the state machine and keyframe cadence.
  void tick() {
    std::vector<std::shared_ptr<Entry>> all;
    {
      std::lock_guard lk(mu_);
      for (auto& [id, e] : entries_) all.push_back(e);
    }
    const int64_t now = steady_ms();
    for (auto& e : all) {
      std::lock_guard lk(e->hub->ctl());
      auto& hub = *e->hub;
      const auto& id = hub.id();
      if (hub.has_ingest()) {
        if (hub.media_flowing() && e->state != MediaState::live) set_state(id, *e, MediaState::live);
        if (now - hub.last_video_ms() >= opts_.media_timeout_ms) {
          log_->warn("msg=\"publisher lost\" stream={} reason=\"no video for {} ms\"", id, now - hub.last_video_ms());
          drop_ingest(*e);
          if (e->state == MediaState::waiting) e->state_since_ms = now;  // never got going: wait again
        } else if (now - e->last_keyframe_request_ms >= opts_.keyframe_interval_ms) {
          e->last_keyframe_request_ms = now;
          hub.request_keyframe();
        }
      }
      if (!hub.has_ingest()) {
        if (e->state == MediaState::reconnecting && now - e->state_since_ms >= opts_.publish_grace_ms) {
          request_end(id, *e, "publisher_gone");
        } else if (e->state == MediaState::waiting && now - e->state_since_ms >= opts_.publish_wait_ms) {
          request_end(id, *e, "no_publisher");
        }
      }
      StreamMediaStats scratch;
      hub.fill_stats(scratch, now);  // keeps the rates behind totals() fresh
      for (const auto& v : hub.unconnected_viewers(now, kViewerConnectTimeoutMs)) {
        hub.remove_viewer(v);
        log_->info("msg=\"viewer left\" stream={} viewer={} reason=timeout", id, v);
      }
    }
  }

  // The first negotiation of a process loads plugins and makes a DTLS certificate (~0.75 s):
  // pay it at start-up rather than in the first publisher's request.
  void warm_up() {
    try {
      GstElement* pipe = gst_pipeline_new("warm-up");
      GstElement* w = make_webrtcbin(opts_, "warm");
      gst_bin_add(GST_BIN(pipe), w);
      gst_element_set_state(pipe, GST_STATE_PLAYING);
      GstCaps* caps = gst_caps_from_string("application/x-rtp,media=video,encoding-name=H264,clock-rate=90000,payload=102");
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

  MediaOptions opts_;
  MediaListener& listener_;  // borrowed, outlives us
  std::shared_ptr<spdlog::logger> log_;
  asio::io_context events_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  asio::steady_timer timer_;  // event thread only
  std::thread thread_;

  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<Entry>> entries_;  // guarded by mu_
  std::set<std::string> finished_;                         // guarded by mu_
  std::atomic<int> ingests_{0};
  std::atomic<int> transcodes_{0};  // entries holding a transcode slot
  mutable HlsAudience hls_audience_;  // thread-safe on its own
};

}  // namespace
}  // namespace gst

std::unique_ptr<MediaService> make_gst_media_service(const MediaOptions& options, MediaListener& listener) {
  return std::make_unique<gst::GstMediaService>(options, listener);
}

}  // namespace tc::media
