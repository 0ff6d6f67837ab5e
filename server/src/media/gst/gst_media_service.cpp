#include "media/gst/gst_media_service.hpp"

#include <boost/asio/post.hpp>

#include <chrono>
#include <filesystem>

#include "core/media_files.hpp"
#include "media/gst/gst_support.hpp"
#include "media/stream_stats.hpp"

namespace tc::media {

const char* to_string(MediaState s) {
  switch (s) {
    case MediaState::waiting:
      return "waiting";
    case MediaState::live:
      return "live";
    case MediaState::reconnecting:
      return "reconnecting";
    case MediaState::offline:
      return "offline";
  }
  return "offline";
}

std::unique_ptr<MediaService> make_gst_media_service(const MediaOptions& options, MediaListener& listener) {
  return std::make_unique<gst::GstMediaService>(options, listener);
}

namespace gst {
namespace {

namespace fs = std::filesystem;
namespace asio = boost::asio;
namespace files = core::media_files;

constexpr size_t kMaxFinishedRemembered = 10'000;

int64_t steady_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

GstMediaService::GstMediaService(const MediaOptions& opts, MediaListener& listener)
    : opts_(opts),
      listener_(listener),
      log_(core::logger("media")),
      work_(asio::make_work_guard(events_)),
      timer_(events_) {
  init_gstreamer();
  thread_ = std::thread([this] { events_.run(); });
  asio::post(events_, [this] { warm_up(); });
  schedule_tick();
}

GstMediaService::~GstMediaService() {
  shutdown();
  asio::post(events_, [this] { timer_.cancel(); });
  work_.reset();
  events_.stop();
  if (thread_.joinable()) thread_.join();
}

void GstMediaService::expect(const std::string& stream_id) { entry(stream_id, true); }

core::Result<SessionAnswer> GstMediaService::publish(const std::string& stream_id, const std::string& offer_sdp) {
  auto parsed = parse_sdp_offer(offer_sdp);
  if (!parsed) return core::Error::invalid("invalid_sdp", "The offer is not valid SDP");
  if (auto dtls = check_fingerprints(*parsed); !dtls) return dtls.error();
  if (is_finished(stream_id)) return core::Error::conflict("stream_ended", "The stream has ended");
  auto e = entry(stream_id, true);
  std::lock_guard lk(e->mu);
  if (e->end_requested || e->state == MediaState::offline)
    return core::Error::conflict("stream_ended", "The stream has ended");
  if (e->hub->has_ingest())
    return core::Error::conflict("publisher_exists", "Someone is already publishing to this stream");
  if (ingests_.load() >= opts_.max_streams) {
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
  if (plan->video == VideoCodec::vp8 && opts_.hls && !e->holds_transcode) {
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
  auto answer = e->hub->start_webrtc_ingest(offer_sdp, *plan);
  if (e->holds_transcode && !e->hub->transcoding()) {  // the outputs were not built after all
    e->holds_transcode = false;
    --transcodes_;
  }
  if (!answer) {
    log_->warn("msg=\"publish refused\" stream={} code={} reason=\"{}\"", stream_id, answer.error().code,
               answer.error().message);
    return answer;
  }
  ++ingests_;
  log_->info("msg=\"publisher connected\" stream={} session={} video={} hls_transcode={}", stream_id,
             answer->session_id, to_string(plan->video), e->holds_transcode);
  return answer;
}

bool GstMediaService::unpublish(const std::string& stream_id, const std::string& session_id) {
  auto e = find(stream_id);
  if (!e) return false;
  std::lock_guard lk(e->mu);
  if (e->hub->ingest_session() != session_id) return false;
  drop_ingest(*e);
  // WHIP DELETE means "stop": the caller (the REST handler) ends the stream, which calls finish().
  // Until then no publisher may come back and the timers must not end it a second time.
  e->end_requested = true;
  return true;
}

core::Result<SessionAnswer> GstMediaService::play(const std::string& stream_id, const std::string& offer_sdp) {
  auto parsed = parse_sdp_offer(offer_sdp);
  if (!parsed) return core::Error::invalid("invalid_sdp", "The offer is not valid SDP");
  if (auto dtls = check_fingerprints(*parsed); !dtls) return dtls.error();
  auto e = find(stream_id);
  if (!e) return core::Error::conflict("stream_not_live", "The stream has no media yet");
  std::lock_guard lk(e->mu);
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

bool GstMediaService::stop_playing(const std::string& stream_id, const std::string& session_id) {
  auto e = find(stream_id);
  if (!e) return false;
  std::lock_guard lk(e->mu);
  return e->hub->remove_viewer(session_id);
}

void GstMediaService::hls_playlist_fetched(const std::string& stream_id, std::string_view client_key) {
  {
    std::lock_guard lk(mu_);  // only streams with media here: bounds what the audience holds
    auto it = entries_.find(stream_id);
    if (it == entries_.end() || it->second->state == MediaState::waiting) return;
  }
  hls_audience_.seen(stream_id, client_key, steady_ms());
}

FinishedStream GstMediaService::finish(const std::string& stream_id) {
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
  if (!e) return leftovers(stream_id);
  std::lock_guard lk(e->mu);
  if (e->hub->has_ingest()) --ingests_;
  FinishedStream out = e->hub->finish();
  if (e->holds_transcode) {
    e->holds_transcode = false;
    --transcodes_;
  }
  set_state(stream_id, *e, MediaState::offline);
  log_->info("msg=\"stream media finished\" stream={} recording={}", stream_id, out.recording_path.value_or("none"));
  return out;
}

// Not live on this node: what a previous run left behind.
FinishedStream GstMediaService::leftovers(const std::string& stream_id) const {
  FinishedStream out;
  std::error_code ec;
  const auto dir = fs::path(stream_dir(stream_id));
  for (const auto name : files::kRecordings) {
    if (fs::file_size(dir / name, ec) > 0 && !ec) out.recording_path = (dir / name).string();
  }
  if (fs::exists(dir / files::kThumbnail, ec)) out.thumbnail_path = (dir / files::kThumbnail).string();
  return out;
}

MediaState GstMediaService::state(const std::string& stream_id) const {
  std::lock_guard lk(mu_);
  auto it = entries_.find(stream_id);
  if (it == entries_.end()) return finished_.count(stream_id) ? MediaState::offline : MediaState::waiting;
  return it->second->state;  // read without Entry::mu: a stale value is fine
}

std::optional<StreamMediaStats> GstMediaService::stats(const std::string& stream_id) const {
  auto e = find(stream_id);
  if (!e) return std::nullopt;
  std::lock_guard lk(e->mu);
  StreamMediaStats s = to_media_stats(e->hub->snapshot(steady_ms()), e->state);
  s.timeline_origin_ms = e->hub->timeline_origin_ms();
  s.viewers_hls = hls_audience_.count(stream_id, steady_ms());
  std::error_code ec;
  for (fs::directory_iterator it(fs::path(stream_dir(stream_id)) / files::kHlsDir, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->path().extension() == ".ts") ++s.hls_segments;
  }
  return s;
}

GstMediaService::Totals GstMediaService::totals() const {
  Totals t;
  t.ingests = ingests_.load();
  {
    std::lock_guard lk(mu_);
    for (const auto& [id, e] : entries_) {
      const auto snap = e->hub->last_snapshot();
      t.viewers_whep += snap.viewers_whep;
      t.ingest_bitrate_bps += snap.flowing ? snap.rates.video_bps + snap.rates.audio_bps : 0;
    }
  }
  t.transcodes = transcodes_.load();
  return t;
}

std::vector<LiveStreamGauges> GstMediaService::live_gauges() const {
  std::vector<LiveStreamGauges> out;
  {
    std::lock_guard lk(mu_);
    for (const auto& [id, e] : entries_) {
      // state is read without Entry::mu as in state(): a stale value only delays a line by one scrape.
      if (e->state != MediaState::live && e->state != MediaState::reconnecting) continue;
      out.push_back(to_gauges(id, e->hub->last_snapshot()));
    }
  }
  for (auto& g : out) g.viewers_hls = hls_audience_.count(g.stream_id, steady_ms());  // after mu_
  return out;
}

std::optional<int64_t> GstMediaService::timeline_origin_ms(const std::string& stream_id) const {
  // No Entry::mu: the origin is an atomic written once, and this must never wait on a negotiation.
  const auto e = find(stream_id);
  const int64_t origin = e ? e->hub->timeline_origin_ms() : 0;
  if (origin == 0) return std::nullopt;
  return origin;
}

std::string GstMediaService::stream_dir(const std::string& stream_id) const {
  return (fs::path(opts_.data_dir) / "media" / stream_id).string();
}

void GstMediaService::shutdown() {
  std::vector<std::string> ids;
  {
    std::lock_guard lk(mu_);
    for (auto& [id, e] : entries_) ids.push_back(id);
  }
  for (const auto& id : ids) finish(id);
}

std::shared_ptr<Entry> GstMediaService::entry(const std::string& stream_id, bool create) {
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

std::shared_ptr<Entry> GstMediaService::find(const std::string& stream_id) const {
  std::lock_guard lk(mu_);
  auto it = entries_.find(stream_id);
  return it == entries_.end() ? nullptr : it->second;
}

bool GstMediaService::is_finished(const std::string& stream_id) const {
  std::lock_guard lk(mu_);
  return finished_.count(stream_id) > 0;
}

void GstMediaService::remember_finished(const std::string& stream_id) {
  if (finished_.size() >= kMaxFinishedRemembered) finished_.clear();  // only an optimisation
  finished_.insert(stream_id);
}

}  // namespace gst
}  // namespace tc::media
