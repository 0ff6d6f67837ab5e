#include "domain/recordings/video_sniff.hpp"

#include "core/text.hpp"

namespace tc::domain {
namespace {

// Each container's file extension and media type, once.
struct Known {
  VideoContainer container;
  std::string_view extension;
  std::string_view content_type;
};
constexpr Known kKnown[] = {{VideoContainer::mp4, "mp4", "video/mp4"},
                            {VideoContainer::webm, "webm", "video/webm"},
                            {VideoContainer::matroska, "mkv", "video/x-matroska"}};

const Known* known(VideoContainer c) {
  for (const auto& k : kKnown) {
    if (k.container == c) return &k;
  }
  return nullptr;
}

}  // namespace

std::optional<VideoContainer> container_for_type(std::string_view content_type) {
  auto t = content_type.substr(0, content_type.find(';'));
  while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  const std::string lower = core::to_lower_ascii(t);
  for (const auto& k : kKnown) {
    if (lower == k.content_type) return k.container;
  }
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
  const auto* k = known(c);
  return k ? k->extension : "bin";
}

std::string_view content_type_of(VideoContainer c) {
  const auto* k = known(c);
  return k ? k->content_type : "application/octet-stream";
}

}  // namespace tc::domain
