#pragma once
// Just enough of an SDP offer to choose codecs: each m-section's kind and its payload types with
// their rtpmap and fmtp. Plain C++ (no GStreamer) so it is unit-tested and fuzzed on its own.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace tc::media {

struct SdpPayload {
  int pt = -1;
  std::string encoding;  // upper case: H264, OPUS, VP8 …
  int clock_rate = 0;
  std::string fmtp;  // the a=fmtp parameters, as sent
};

struct SdpSection {
  std::string kind;                       // "audio", "video", or another media type
  std::string direction;                  // sendonly | recvonly | sendrecv | inactive ("" if absent)
  std::vector<SdpPayload> payloads;       // in the order of the m= line
  std::vector<std::string> fingerprints;  // a=fingerprint values of this m-section, as sent
};

struct SdpOffer {
  std::vector<SdpSection> sections;
  std::vector<std::string> fingerprints;  // session-level a=fingerprint values, as sent
};

// Limits: 64 KiB of text, 16 m-sections, 128 payload types each. nullopt when it is not an SDP.
std::optional<SdpOffer> parse_sdp_offer(std::string_view text);

// True for a DTLS certificate fingerprint as RFC 8122 writes it: "<hash> XX:XX:…", the hash one
// of sha-1/-224/-256/-384/-512 (md5, md2 for old peers) and exactly as many bytes as it produces.
bool valid_fingerprint(std::string_view value);
// invalid_sdp (400) if any fingerprint of the offer is malformed: such a peer can never complete the
// DTLS handshake, so answering it would only hold a publisher or viewer slot until it times out.
core::Status check_fingerprints(const SdpOffer& offer);

// The fmtp parameter `key` ("profile-level-id"), lower-cased, or "".
std::string fmtp_param(std::string_view fmtp, std::string_view key);

// The H.264 payload we want: packetization-mode=1, baseline family (42xxxx: constrained baseline
// preferred, 42e0 first) then main (4dxxxx, browsers' encoders send no B-frames). nullopt if none.
std::optional<SdpPayload> pick_h264(const SdpSection& s);
std::optional<SdpPayload> pick_opus(const SdpSection& s);
std::optional<SdpPayload> pick_vp8(const SdpSection& s);

// The video codec a stream carries. H.264 goes to viewers, recording and HLS untouched; VP8 goes to
// viewers untouched, is recorded as WebM and transcoded to H.264 for HLS (costs CPU, so limited).
enum class VideoCodec { h264, vp8 };
const char* to_string(VideoCodec c);  // "H264" | "VP8"
std::optional<SdpPayload> pick_video(const SdpSection& s, VideoCodec c);

// What a publisher's offer becomes: one payload per m-line, in offer order.
struct IngestPlan {
  struct Choice {
    std::string kind;  // "video" | "audio"
    SdpPayload payload;
  };
  VideoCodec video = VideoCodec::h264;
  bool has_audio = false;
  std::vector<Choice> choices;
};

// Picks the codecs for a WHIP offer: exactly one video m-line (H.264 preferred, VP8 as fallback) and
// at most one audio m-line (Opus). `required` pins the video codec (a publisher coming back to a
// stream whose outputs already carry a codec). Errors: unsupported_codec, invalid_sdp (both 400).
core::Result<IngestPlan> plan_ingest(const SdpOffer& offer, std::optional<VideoCodec> required);

}  // namespace tc::media
