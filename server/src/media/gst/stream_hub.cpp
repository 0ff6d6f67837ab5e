#include "media/gst/stream_hub.hpp"

#include <gst/app/gstappsrc.h>

#include <chrono>

#include "media/bitstream.hpp"
#include "media/gst/buffer_bytes.hpp"
#include "media/gst/viewer_fanout.hpp"
#include "media/gst/webrtc_ingest.hpp"

namespace tc::media::gst {
namespace {

constexpr Nanos kDefaultAudioFrame = 20 * kMillisecond;  // Opus as browsers send it

int64_t steady_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}
int64_t wall_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

StreamHub::StreamHub(std::string stream_id, std::string dir, const MediaOptions& opts, HubObserver& observer)
    : id_(std::move(stream_id)),
      dir_(std::move(dir)),
      opts_(opts),
      observer_(observer),
      outputs_(id_, dir_, opts_, observer_) {}

StreamHub::~StreamHub() { finish(); }

// ---------------------------------------------------------------------------------------- ingest

bool StreamHub::has_ingest() const {
  std::lock_guard lk(ctl_mu_);
  return ingest_ != nullptr;
}

std::optional<std::string> StreamHub::ingest_session() const {
  std::lock_guard lk(ctl_mu_);
  if (!ingest_) return std::nullopt;
  return ingest_->session_id();
}

std::optional<VideoCodec> StreamHub::codec() const {
  std::lock_guard lk(ctl_mu_);
  return codec_;
}

bool StreamHub::transcoding() const {
  std::lock_guard lk(ctl_mu_);
  return fanout_ && codec_ == VideoCodec::vp8 && outputs_.running(Output::hls);
}

core::Result<SessionAnswer> StreamHub::start_webrtc_ingest(const std::string& offer_sdp, const IngestPlan& plan) {
  std::lock_guard lk(ctl_mu_);
  if (ingest_) return core::Error::conflict("publisher_exists", "Someone is already publishing to this stream");
  if (finished_) return core::Error::conflict("stream_ended", "The stream has ended");
  if (codec_ && *codec_ != plan.video) {
    return core::Error::invalid("unsupported_codec", std::string("This stream's video is ") + to_string(*codec_));
  }
  // Outputs were built for audio+video; a video-only reconnect still works (audio just stops).
  ensure_outputs(plan.video, plan.has_audio);
  auto started = WebRtcIngest::start(opts_, *this, gen_.load() + 1, offer_sdp, plan);
  if (!started) return started.error();
  SessionAnswer answer{started->source->session_id(), std::move(started->answer_sdp)};
  attach_ingest_locked(std::move(started->source));
  return answer;
}

core::Result<uint64_t> StreamHub::prepare_ingest(VideoCodec codec, bool has_audio) {
  std::lock_guard lk(ctl_mu_);
  if (ingest_) return core::Error::conflict("publisher_exists", "Someone is already publishing to this stream");
  if (finished_) return core::Error::conflict("stream_ended", "The stream has ended");
  if (codec_ && *codec_ != codec) {
    return core::Error::invalid("unsupported_codec", std::string("This stream's video is ") + to_string(*codec_));
  }
  ensure_outputs(codec, has_audio);
  return gen_.load() + 1;
}

void StreamHub::attach_ingest(std::unique_ptr<IngestSource> source) {
  std::lock_guard lk(ctl_mu_);
  stop_ingest_locked();
  attach_ingest_locked(std::move(source));
}

void StreamHub::attach_ingest_locked(std::unique_ptr<IngestSource> source) {
  {
    std::lock_guard lk(data_mu_);
    gen_ = source->generation();
    video_time_.reanchor();
    audio_time_.reanchor();
    gate_.restart();
    flowing_ = false;
  }
  last_video_ms_ = steady_ms();  // the watchdog counts from the answer
  ingest_ = std::move(source);
}

void StreamHub::ensure_outputs(VideoCodec codec, bool with_audio) {
  if (fanout_) return;
  fanout_ = std::make_unique<ViewerFanout>(id_, opts_, observer_, codec, with_audio);
  codec_ = codec;
  has_audio_ = with_audio;
  outputs_.start(codec, with_audio);
  std::lock_guard lk(snap_mu_);
  snap_.codec = codec;
  snap_.has_audio = with_audio;
}

bool StreamHub::stop_ingest(std::optional<uint64_t> gen) {
  std::lock_guard lk(ctl_mu_);
  if (!ingest_ || (gen && ingest_->generation() != *gen)) return false;
  stop_ingest_locked();
  return true;
}

void StreamHub::stop_ingest_locked() {
  if (!ingest_) return;
  {
    std::lock_guard lk(data_mu_);
    gen_ = gen_.load() + 1;  // late samples of the old session are dropped
    flowing_ = false;
  }
  ingest_.reset();  // its streaming threads stop before this returns
}

void StreamHub::request_keyframe() {
  std::lock_guard lk(ctl_mu_);
  request_keyframe_locked();
}

void StreamHub::request_keyframe_locked() {
  if (ingest_) ingest_->request_keyframe(++keyframe_requests_);
}

// --------------------------------------------------------------------------------------- viewers

core::Result<SessionAnswer> StreamHub::add_viewer(const std::string& offer_sdp, const SdpOffer& parsed,
                                                  int64_t now_ms) {
  std::lock_guard lk(ctl_mu_);
  if (!fanout_ || finished_) return core::Error::conflict("stream_not_live", "The stream is not live");
  auto answer = fanout_->add(offer_sdp, parsed, now_ms);
  if (answer) {
    publish_viewer_count();
    request_keyframe_locked();  // the new viewer's picture starts at the next IDR
  }
  return answer;
}

bool StreamHub::remove_viewer(const std::string& viewer_id) {
  std::lock_guard lk(ctl_mu_);
  if (!fanout_ || !fanout_->remove(viewer_id)) return false;
  publish_viewer_count();
  return true;
}

void StreamHub::set_viewer_connected(const std::string& viewer_id) {
  std::lock_guard lk(ctl_mu_);
  if (fanout_) fanout_->set_connected(viewer_id);
}

std::vector<std::string> StreamHub::unconnected_viewers(int64_t now_ms, int64_t timeout_ms) const {
  std::lock_guard lk(ctl_mu_);
  return fanout_ ? fanout_->unconnected(now_ms, timeout_ms) : std::vector<std::string>{};
}

size_t StreamHub::viewer_count() const {
  std::lock_guard lk(ctl_mu_);
  return fanout_ ? fanout_->size() : 0;
}

void StreamHub::publish_viewer_count() {
  const int n = fanout_ ? static_cast<int>(fanout_->size()) : 0;
  std::lock_guard lk(snap_mu_);
  snap_.viewers_whep = n;  // /metrics sees a join or leave at once, not at the next tick
}

// ---------------------------------------------------------------------------------------- finish

FinishedStream StreamHub::finish() {
  std::lock_guard lk(ctl_mu_);
  if (finished_) return {};
  stop_ingest_locked();
  {
    std::lock_guard data(data_mu_);
    finished_ = true;  // the data path pushes nothing more
  }
  fanout_.reset();
  publish_viewer_count();
  return outputs_.close();
}

// ----------------------------------------------------------------------------------------- stats

StreamSnapshot StreamHub::snapshot(int64_t now_ms) {
  std::lock_guard lk(ctl_mu_);
  StreamSnapshot s;
  s.codec = codec_;
  s.has_audio = has_audio_;
  s.viewers_whep = fanout_ ? static_cast<int>(fanout_->size()) : 0;
  s.recording = outputs_.running(Output::recording);
  s.hls_transcode = codec_ == VideoCodec::vp8 && outputs_.running(Output::hls);
  {
    std::lock_guard data(data_mu_);
    counters_.dropped_frames = gate_.dropped_frames();
    rates_.update(counters_, now_ms);
    s.counters = counters_;
    s.rates = rates_.rates();
    s.flowing = flowing_;
    s.live_since_ms = live_since_ms_;
  }
  std::lock_guard snap(snap_mu_);
  snap_ = s;
  return s;
}

StreamSnapshot StreamHub::last_snapshot() const {
  std::lock_guard lk(snap_mu_);
  return snap_;
}

// ----------------------------------------------------------------------- data path (IngestSink)

void StreamHub::on_video_loss(uint64_t gen, int64_t packets) {
  std::lock_guard lk(data_mu_);
  if (gen != gen_.load()) return;
  counters_.lost_packets += packets;
  gate_.on_loss();
}

void StreamHub::on_source_failed(uint64_t gen, const std::string& why) { observer_.on_ingest_failed(id_, gen, why); }

void StreamHub::on_access_unit(uint64_t gen, Track track, GstSample* sample) {
  GstBuffer* in = gst_sample_get_buffer(sample);
  if (!in) return;
  // rtph264depay leaves PTS unset on the tail of an access unit split by an early marker bit
  // (publishers that send SPS/PPS with the marker set); its DTS is still right.
  const GstClockTime pts = GST_BUFFER_PTS_IS_VALID(in) ? GST_BUFFER_PTS(in) : GST_BUFFER_DTS(in);
  if (!GST_CLOCK_TIME_IS_VALID(pts)) return;
  const bool video = track == Track::video;
  std::lock_guard lk(data_mu_);
  // gen_ is published under data_mu_ after fanout_, codec_ and the outputs were built, and finished_
  // is set here before they are torn down: past this check they exist and stay.
  if (gen != gen_.load() || finished_) return;
  const bool h264 = codec_ != VideoCodec::vp8;
  bool key = false;
  if (video) {
    const bool flagged = !GST_BUFFER_FLAG_IS_SET(in, GST_BUFFER_FLAG_DELTA_UNIT);
    const bool whole = !flagged || !h264 || h264_starts_at_first_macroblock(MappedBuffer(in).bytes());
    if (!gate_.admit(flagged, whole)) return;
    key = flagged && whole;
  }
  if (live_since_ms_ == 0 || !flowing_) live_since_ms_ = wall_ms();
  const Nanos duration = video ? 0 : GST_BUFFER_DURATION_IS_VALID(in) ? GST_BUFFER_DURATION(in) : kDefaultAudioFrame;
  const auto out_pts = (video ? video_time_ : audio_time_).place(pts, duration, fanout_->running_time());
  if (!out_pts) return;
  if (origin_ms_.load(std::memory_order_relaxed) == 0) {
    // The outputs' first sample: HLS segment 0 and the recording start here (media_time_ms 0).
    const int64_t origin = wall_ms();
    outputs_.set_timeline_origin(origin);
    origin_ms_.store(origin, std::memory_order_release);
  }

  GstBuffer* out = gst_buffer_copy(in);  // metadata copy; the memory is shared
  GST_BUFFER_PTS(out) = *out_pts;
  GST_BUFFER_DTS(out) = *out_pts;  // no B-frames from WebRTC publishers
  GstSample* re = gst_sample_new(out, gst_sample_get_caps(sample), nullptr, nullptr);
  gst_buffer_unref(out);

  const auto size = static_cast<int64_t>(gst_buffer_get_size(in));
  const int64_t now = steady_ms();
  if (video) {
    counters_.video_bytes += size;
    ++counters_.frames;
    if (key) {
      ++counters_.keyframes;
      const MappedBuffer bytes(in);
      if (const auto pic = h264 ? h264_sps_size(bytes.bytes()) : vp8_keyframe_size(bytes.bytes())) {
        counters_.width = pic->width;
        counters_.height = pic->height;
      }
    }
    last_video_ms_ = now;
    flowing_ = true;
  } else {
    counters_.audio_bytes += size;
  }
  if (GstElement* src = video ? fanout_->video_src() : fanout_->audio_src()) {
    gst_app_src_push_sample(GST_APP_SRC(src), re);  // leaky appsrc: never blocks
  }
  outputs_.push(track, re, key, now);
  gst_sample_unref(re);
}

}  // namespace tc::media::gst
