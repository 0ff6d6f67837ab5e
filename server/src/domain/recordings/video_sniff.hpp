#pragma once
// Which video containers an uploaded recording may be, from its declared Content-Type and from its
// first bytes (a declared type alone is whatever the client says).
#include <optional>
#include <string>
#include <string_view>

namespace tc::domain {

enum class VideoContainer { mp4, webm, matroska };

// video/mp4, video/webm, video/x-matroska (parameters such as ";codecs=…" ignored, case-insensitive).
std::optional<VideoContainer> container_for_type(std::string_view content_type);
// From the first bytes (≥ 64 are enough): an ISO BMFF "ftyp" box, or an EBML header whose DocType
// says webm or matroska.
std::optional<VideoContainer> sniff_container(std::string_view head);
// Declared and sniffed agree: mp4 with mp4; webm and x-matroska with either EBML doc type (WebM is
// a Matroska profile, and recorders label the same files both ways).
bool containers_agree(VideoContainer declared, VideoContainer sniffed);

std::string_view extension_of(VideoContainer c);     // mp4 | webm | mkv
std::string_view content_type_of(VideoContainer c);  // video/mp4 | video/webm | video/x-matroska

}  // namespace tc::domain
