#include "domain/recordings/video_sniff.hpp"

#include "core/text.hpp"

namespace tc::domain {

std::optional<VideoContainer> container_for_type(std::string_view content_type) {
  auto t = content_type.substr(0, content_type.find(';'));
  while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  const std::string lower = core::to_lower_ascii(t);
  if (lower == "video/mp4") return VideoContainer::mp4;
  if (lower == "video/webm") return VideoContainer::webm;
  if (lower == "video/x-matroska") return VideoContainer::matroska;
  return std::nullopt;
}

std::optional<VideoContainer> sniff_container(std::string_view head) {
  // ISO BMFF: a 32-bit box size, then the box type "ftyp".
  if (head.size() >= 12 && head.substr(4, 4) == "ftyp") return VideoContainer::mp4;
  // EBML magic 1A 45 DF A3; the DocType element (42 82) follows within the header.
  if (head.size() >= 4 && static_cast<unsigned char>(head[0]) == 0x1A && static_cast<unsigned char>(head[1]) == 0x45 &&
      static_cast<unsigned char>(head[2]) == 0xDF && static_cast<unsigned char>(head[3]) == 0xA3) {
    const auto window = head.substr(0, 64);
    const auto doctype = window.find("\x42\x82");
    if (doctype == std::string_view::npos) return std::nullopt;
    const auto rest = window.substr(doctype + 2);
    if (rest.find("webm") != std::string_view::npos) return VideoContainer::webm;
    if (rest.find("matroska") != std::string_view::npos) return VideoContainer::matroska;
  }
  return std::nullopt;
}

bool containers_agree(VideoContainer declared, VideoContainer sniffed) {
  if (declared == VideoContainer::mp4 || sniffed == VideoContainer::mp4) return declared == sniffed;
  return true;  // webm / matroska: both EBML
}

std::string_view extension_of(VideoContainer c) {
  switch (c) {
    case VideoContainer::mp4:
      return "mp4";
    case VideoContainer::webm:
      return "webm";
    case VideoContainer::matroska:
      return "mkv";
  }
  return "bin";
}

std::string_view content_type_of(VideoContainer c) {
  switch (c) {
    case VideoContainer::mp4:
      return "video/mp4";
    case VideoContainer::webm:
      return "video/webm";
    case VideoContainer::matroska:
      return "video/x-matroska";
  }
  return "application/octet-stream";
}

}  // namespace tc::domain
