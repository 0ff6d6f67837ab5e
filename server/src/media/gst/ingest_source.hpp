#pragma once
// The seam between a publisher's transport and the stream hub (private to tc_media). A source
// turns one publisher session into timestamped access units — H.264 byte-stream/au or VP8 frames,
// and Opus frames — and hands them to an IngestSink. WebRTC (webrtc_ingest.hpp) is the first
// source; RTMP and SRT sources plug in the same way: build the source with the generation from
// StreamHub::prepare_ingest, then StreamHub::attach_ingest. The hub does the rest (timeline,
// keyframe gate, viewers, recording, HLS, thumbnails), whatever the transport.
#include <gst/gst.h>

#include <cstdint>
#include <string>

namespace tc::media::gst {

enum class Track { video, audio };

// Implemented by StreamHub. Called on the source's streaming threads; never blocks for long.
// `gen` is the generation the source was created with: the hub drops what stale sources deliver.
class IngestSink {
 public:
  virtual ~IngestSink() = default;
  // One access unit (video) or frame (audio) with its caps; the publisher's timestamps in PTS (or
  // DTS). Video keyframes are the buffers without GST_BUFFER_FLAG_DELTA_UNIT.
  virtual void on_access_unit(uint64_t gen, Track track, GstSample* sample) = 0;
  // Video data went missing before it became access units (e.g. RTP packets lost).
  virtual void on_video_loss(uint64_t gen, int64_t packets) = 0;
  // The session is dead (transport failed, pipeline error). The owner then drops the source.
  virtual void on_source_failed(uint64_t gen, const std::string& why) = 0;
};

// One publisher session. Destroying it stops its threads: no call reaches the sink afterwards.
// Control methods are called with the hub's control lock held.
class IngestSource {
 public:
  virtual ~IngestSource() = default;
  virtual const std::string& session_id() const = 0;
  virtual uint64_t generation() const = 0;
  // Ask the publisher for a keyframe now (WebRTC: RTCP PLI/FIR). `count` numbers the requests.
  virtual void request_keyframe(unsigned count) = 0;
};

}  // namespace tc::media::gst
