#pragma once
// The names of a live stream's artefacts, owned once. The media plane writes them into
// <data_dir>/media/<stream_id>/, the recordings domain keys blobs with "<stream_id>/<name>", and the
// routes serve "/media/<stream_id>/<name>" and "/hls/<stream_id>/<playlist>". In core because media
// and domain both need them and neither may include the other (tests/unit/layering_test.sh).
#include <array>
#include <string_view>

namespace tc::core::media_files {

inline constexpr std::string_view kRecordingMkv = "recording.mkv";    // H.264 + Opus (Matroska, avc3)
inline constexpr std::string_view kRecordingWebm = "recording.webm";  // VP8 + Opus (WebM)
inline constexpr std::array<std::string_view, 2> kRecordings{kRecordingMkv, kRecordingWebm};
inline constexpr std::string_view kThumbnail = "thumbnail.jpg";  // the latest; overwritten while live
inline constexpr std::string_view kHlsDir = "hls";
inline constexpr std::string_view kHlsPlaylist = "index.m3u8";
inline constexpr std::string_view kHlsSegmentPattern = "seg%05d.ts";  // hlssink2 location

// A recording whose output failed while live (the disk filled up, say) is kept under this prefix
// ("partial-recording.mkv"): nothing publishes or uploads it, an operator may salvage it.
inline constexpr std::string_view kPartialPrefix = "partial-";

constexpr bool is_recording(std::string_view name) { return name == kRecordingMkv || name == kRecordingWebm; }

}  // namespace tc::core::media_files
