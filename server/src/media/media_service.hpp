#pragma once
// The media plane as the rest of the server sees it: WHIP ingest, WHEP playback, HLS, recording and
// thumbnails per live stream. No GStreamer types here (they stay inside media/gst/*.cpp), so the
// API layer compiles without GStreamer headers and can be given another implementation.
//
// Threads: every method may block (SDP negotiation waits ~200 ms for ICE gathering; finishing a
// stream waits for the recording to close) — call them from a BlockingPool, never an I/O thread.
// All methods are thread-safe. MediaListener calls arrive on the media service's own event thread.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/media_timeline.hpp"

namespace tc::media {

// waiting: created, no publisher yet · live: media flowing · reconnecting: the publisher dropped and
// may come back within the grace period · offline: ended (or unknown to this node).
enum class MediaState { waiting, live, reconnecting, offline };
const char* to_string(MediaState s);

struct MediaOptions {
  std::string data_dir;                  // artefacts go to data_dir/media/<stream_id>/
  std::vector<std::string> webrtc_ips;   // ICE gathers only on these; empty: every interface
  uint16_t port_min = 0, port_max = 0;   // UDP range for ICE; 0: any
  int64_t publish_grace_ms = 30'000;     // a dropped publisher may come back this long
  int64_t publish_wait_ms = 600'000;     // a stream without any publisher ends after this long
  int64_t media_timeout_ms = 5'000;      // no video this long from a connected publisher: dropped
  int64_t keyframe_interval_ms = 2'000;  // keyframe request cadence (HLS segments follow it)
  int64_t thumbnail_interval_ms = 5'000;
  int max_streams = 32;             // live ingests this node accepts at once
  int max_viewers_per_stream = 64;  // WHEP sessions per stream (HLS serves the long tail)
  // Streams whose HLS needs a video transcode (VP8 publishers: vp8dec → x264enc), about a core each
  // at 720p30. Beyond this a VP8 publisher is refused (503 transcode_busy); H.264 is never limited.
  int max_transcodes = 2;
  bool hls = true, recording = true, thumbnails = true;
};

struct SessionAnswer {
  std::string session_id;  // for the Location (DELETE) URL
  std::string answer_sdp;
};

struct StreamMediaStats {
  MediaState state = MediaState::offline;
  std::string video_codec, audio_codec;
  int width = 0, height = 0;
  double fps = 0;
  int64_t video_bitrate_bps = 0, audio_bitrate_bps = 0;
  int viewers_whep = 0;
  int viewers_hls = 0;  // distinct clients that fetched the playlist in the last 10 s (HlsAudience)
  int64_t keyframes = 0;
  int64_t frames = 0;
  int64_t lost_packets = 0;        // video RTP packets that never reached the depayloader
  int64_t dropped_frames = 0;      // video frames held back after a loss, until the next keyframe
  int64_t live_since_ms = 0;       // epoch ms of the current ingest's first frame, 0 if none
  int64_t timeline_origin_ms = 0;  // epoch ms of the stream's first frame (media_time_ms 0), 0 if none
  int hls_segments = 0;
  bool recording = false;
  bool hls_transcode = false;  // HLS video is re-encoded (VP8 publisher), not passed through
};

// One live stream's figures for /metrics, readable without waiting for a negotiation.
struct LiveStreamGauges {
  std::string stream_id;
  std::string video_codec;
  bool hls_transcode = false;
  int width = 0, height = 0;
  double fps = 0;
  int64_t video_bitrate_bps = 0, audio_bitrate_bps = 0;
  int viewers_whep = 0, viewers_hls = 0;
};

struct FinishedStream {
  std::optional<std::string> recording_path;  // absolute path of the closed recording, if any
  std::optional<std::string> thumbnail_path;  // the last thumbnail, kept after the end
  double recording_seconds = 0;
  bool recording_failed = false;  // the recording output failed while live; its file is kept as partial-…
};

// Told about what happens in the media plane. Called on the media event thread: implementations
// post blocking work (SQL) elsewhere and return at once.
class MediaListener {
 public:
  virtual ~MediaListener() = default;
  virtual void on_media_state(const std::string& stream_id, MediaState state) = 0;
  // The stream should end: its publisher never came, or did not come back within the grace period,
  // The listener ends it in the domain, which calls finish().
  virtual void on_end_requested(const std::string& stream_id, const std::string& reason) = 0;
  // The first thumbnail of a stream exists (later ones overwrite the same file).
  virtual void on_thumbnail(const std::string& stream_id) = 0;
  // The stream's recording stopped while live (`reason`: disk_full or error); the live stream goes on.
  virtual void on_recording_failed(const std::string& stream_id, const std::string& reason) = 0;
};

// Also the streams' media timelines (core::MediaTimeline: media_time_ms for alerts).
class MediaService : public core::MediaTimeline {
 public:
  ~MediaService() override = default;

  // A stream was created: it waits for its publisher (and ends if none comes, see publish_wait_ms).
  virtual void expect(const std::string& stream_id) = 0;
  // WHIP. Errors: publisher_exists (409), unsupported_codec / invalid_sdp (400), media_busy and
  // transcode_busy (503).
  virtual core::Result<SessionAnswer> publish(const std::string& stream_id, const std::string& offer_sdp) = 0;
  // WHIP DELETE: the publisher stops; the caller then ends the stream in the domain (→ finish()).
  // False if no such session.
  virtual bool unpublish(const std::string& stream_id, const std::string& session_id) = 0;
  // WHEP. Errors: stream_not_live (409), too_many_viewers (503), unsupported_codec / invalid_sdp (400).
  virtual core::Result<SessionAnswer> play(const std::string& stream_id, const std::string& offer_sdp) = 0;
  virtual bool stop_playing(const std::string& stream_id, const std::string& session_id) = 0;
  // Someone fetched the stream's HLS playlist; counted as an HLS viewer for a while (only while
  // the stream has media here). `client_key` identifies the client (address + User-Agent).
  virtual void hls_playlist_fetched(const std::string& stream_id, std::string_view client_key) = 0;
  // The stream ended: stop the ingest, drop viewers, close the recording and HLS playlist. Waits
  // (bounded) until the files are final. Idempotent.
  virtual FinishedStream finish(const std::string& stream_id) = 0;

  virtual MediaState state(const std::string& stream_id) const = 0;
  virtual std::optional<StreamMediaStats> stats(const std::string& stream_id) const = 0;
  // Directory of a stream's artefacts (recording, hls/, thumbnail), whether or not it exists.
  virtual std::string stream_dir(const std::string& stream_id) const = 0;

  struct Totals {
    int ingests = 0;                 // publishers connected
    int viewers_whep = 0;            // WHEP sessions
    int64_t ingest_bitrate_bps = 0;  // video + audio received, last second
    int transcodes = 0;              // streams holding an HLS transcode slot
  };
  // For /metrics; cheap, never blocks on negotiations.
  virtual Totals totals() const = 0;
  // Streams with media: live, or reconnecting (for at most the grace period). A stream leaves this
  // list when it ends, so its size follows max_streams. For /metrics; cheap like totals().
  virtual std::vector<LiveStreamGauges> live_gauges() const = 0;

  // Stops everything (server shutdown): finishes every stream.
  virtual void shutdown() = 0;
};

// The GStreamer implementation (media/gst). Initialises GStreamer and warms up webrtcbin (the first
// negotiation of a process costs ~0.75 s otherwise). Throws std::runtime_error if a required
// GStreamer element is missing.
std::unique_ptr<MediaService> make_gst_media_service(const MediaOptions& options, MediaListener& listener);

}  // namespace tc::media
