#include "media/sdp_offer.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <utility>

#include "core/text.hpp"

namespace tc::media {
namespace {

constexpr size_t kMaxText = 64 * 1024;
constexpr size_t kMaxSections = 16;
constexpr size_t kMaxPayloads = 128;
constexpr size_t kMaxFingerprints = 8;  // per level; browsers send one

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}
std::optional<int> to_int(std::string_view s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// Splits "a b c" on single spaces, skipping empties.
std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// The piece of `text` from `pos` up to the next `sep` (or the end); moves `pos` past the separator.
std::string_view next_piece(std::string_view text, size_t& pos, char sep) {
  size_t end = text.find(sep, pos);
  if (end == std::string_view::npos) end = text.size();
  const auto piece = text.substr(pos, end - pos);
  pos = end + 1;
  return piece;
}

// "<pt> <value>" (the tail of a=rtpmap: and a=fmtp:): the payload type and the value.
std::optional<std::pair<int, std::string_view>> pt_and_value(std::string_view rest) {
  const auto sp = rest.find(' ');
  if (sp == std::string_view::npos) return std::nullopt;
  const auto pt = to_int(rest.substr(0, sp));
  if (!pt) return std::nullopt;
  return std::pair{*pt, rest.substr(sp + 1)};
}

SdpPayload* find_pt(SdpSection& s, int pt) {
  for (auto& p : s.payloads) {
    if (p.pt == pt) return &p;
  }
  return nullptr;
}

}  // namespace

std::optional<SdpOffer> parse_sdp_offer(std::string_view text) {
  if (text.size() > kMaxText || !text.starts_with("v=0")) return std::nullopt;
  SdpOffer offer;
  size_t pos = 0;
  while (pos < text.size()) {
    auto line = next_piece(text, pos, '\n');
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.starts_with("m=")) {
      if (offer.sections.size() >= kMaxSections) return std::nullopt;
      auto w = words(line.substr(2));
      if (w.size() < 3) return std::nullopt;
      SdpSection s;
      s.kind = core::to_lower_ascii(w[0]);
      for (size_t i = 3; i < w.size() && s.payloads.size() < kMaxPayloads; ++i) {
        if (auto pt = to_int(w[i]); pt && *pt >= 0 && *pt <= 127) s.payloads.push_back({*pt, "", 0, ""});
      }
      offer.sections.push_back(std::move(s));
      continue;
    }
    if (line.starts_with("a=fingerprint:")) {
      auto& list = offer.sections.empty() ? offer.fingerprints : offer.sections.back().fingerprints;
      if (list.size() < kMaxFingerprints) list.emplace_back(line.substr(14));
      else return std::nullopt;
      continue;
    }
    if (offer.sections.empty()) continue;
    auto& s = offer.sections.back();
    if (line == "a=sendonly" || line == "a=recvonly" || line == "a=sendrecv" || line == "a=inactive") {
      s.direction = std::string(line.substr(2));
    } else if (line.starts_with("a=rtpmap:")) {
      const auto v = pt_and_value(line.substr(9));
      auto* p = v ? find_pt(s, v->first) : nullptr;
      if (!p) continue;
      const auto enc = v->second;
      auto slash = enc.find('/');
      p->encoding = upper(enc.substr(0, slash));
      if (slash != std::string_view::npos) {
        auto rate = enc.substr(slash + 1);
        rate = rate.substr(0, rate.find('/'));
        p->clock_rate = to_int(rate).value_or(0);
      }
    } else if (line.starts_with("a=fmtp:")) {
      const auto v = pt_and_value(line.substr(7));
      if (auto* p = v ? find_pt(s, v->first) : nullptr) p->fmtp = std::string(v->second);
    }
  }
  if (offer.sections.empty()) return std::nullopt;
  return offer;
}

bool valid_fingerprint(std::string_view value) {
  const auto sp = value.find(' ');
  if (sp == std::string_view::npos) return false;
  const auto hash = core::to_lower_ascii(value.substr(0, sp));
  size_t bytes = 0;
  if (hash == "sha-1") bytes = 20;
  else if (hash == "sha-224") bytes = 28;
  else if (hash == "sha-256") bytes = 32;
  else if (hash == "sha-384") bytes = 48;
  else if (hash == "sha-512") bytes = 64;
  else if (hash == "md5" || hash == "md2") bytes = 16;
  else return false;
  const auto hex = value.substr(sp + 1);
  // bytes pairs of hex digits joined by ':'
  if (hex.size() != bytes * 3 - 1) return false;
  for (size_t i = 0; i < hex.size(); ++i) {
    const bool colon = i % 3 == 2;
    if (colon ? hex[i] != ':' : !std::isxdigit(static_cast<unsigned char>(hex[i]))) return false;
  }
  return true;
}

core::Status check_fingerprints(const SdpOffer& offer) {
  auto all_valid = [](const std::vector<std::string>& list) {
    return std::all_of(list.begin(), list.end(), [](const std::string& f) { return valid_fingerprint(f); });
  };
  bool ok = all_valid(offer.fingerprints);
  for (const auto& s : offer.sections) ok = ok && all_valid(s.fingerprints);
  if (!ok) return core::Error::invalid("invalid_sdp", "The offer's DTLS fingerprint (a=fingerprint) is malformed");
  return core::ok_status();
}

std::string fmtp_param(std::string_view fmtp, std::string_view key) {
  size_t pos = 0;
  while (pos < fmtp.size()) {
    auto kv = next_piece(fmtp, pos, ';');
    while (!kv.empty() && kv.front() == ' ') kv.remove_prefix(1);
    auto eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    if (core::to_lower_ascii(kv.substr(0, eq)) == key) return core::to_lower_ascii(kv.substr(eq + 1));
  }
  return {};
}

std::optional<SdpPayload> pick_h264(const SdpSection& s) {
  // Lower rank is better; -1: not acceptable.
  auto rank = [](const SdpPayload& p) {
    if (p.encoding != "H264" || p.clock_rate != 90000) return -1;
    if (fmtp_param(p.fmtp, "packetization-mode") != "1") return -1;
    const auto plid = fmtp_param(p.fmtp, "profile-level-id");
    if (plid.size() != 6) return -1;
    if (plid.starts_with("42e0")) return 0;
    if (plid.starts_with("42")) return 1;
    if (plid.starts_with("4d")) return 2;
    return -1;
  };
  const SdpPayload* best = nullptr;
  for (const auto& p : s.payloads) {
    const int r = rank(p);
    if (r >= 0 && (!best || r < rank(*best))) best = &p;
  }
  if (!best) return std::nullopt;
  return *best;
}

std::optional<SdpPayload> pick_vp8(const SdpSection& s) {
  for (const auto& p : s.payloads) {
    if (p.encoding == "VP8" && p.clock_rate == 90000) return p;
  }
  return std::nullopt;
}

const char* to_string(VideoCodec c) { return c == VideoCodec::vp8 ? "VP8" : "H264"; }

std::optional<SdpPayload> pick_video(const SdpSection& s, VideoCodec c) {
  return c == VideoCodec::vp8 ? pick_vp8(s) : pick_h264(s);
}

core::Result<IngestPlan> plan_ingest(const SdpOffer& offer, std::optional<VideoCodec> required) {
  IngestPlan plan;
  bool has_video = false;
  for (const auto& s : offer.sections) {
    if (s.kind == "video") {
      if (has_video) return core::Error::invalid("invalid_sdp", "At most one video track");
      has_video = true;
      std::optional<SdpPayload> p;
      if (required) {
        p = pick_video(s, *required);
        if (!p) {
          return core::Error::invalid("unsupported_codec", std::string("This stream's video is ") +
                                                               to_string(*required) +
                                                               "; a returning publisher must offer it");
        }
        plan.video = *required;
      } else if ((p = pick_h264(s))) {
        plan.video = VideoCodec::h264;
      } else if ((p = pick_vp8(s))) {
        plan.video = VideoCodec::vp8;
      } else {
        return core::Error::invalid("unsupported_codec",
                                    "Video must be H.264 (packetization-mode 1, baseline or main) or VP8");
      }
      plan.choices.push_back({"video", *p});
    } else if (s.kind == "audio") {
      if (plan.has_audio) return core::Error::invalid("invalid_sdp", "At most one audio track");
      auto p = pick_opus(s);
      if (!p) return core::Error::invalid("unsupported_codec", "Audio must be Opus");
      plan.has_audio = true;
      plan.choices.push_back({"audio", *p});
    } else {
      return core::Error::invalid("invalid_sdp", "Only audio and video m-lines are accepted");
    }
  }
  if (!has_video) return core::Error::invalid("invalid_sdp", "The offer has no video");
  return plan;
}

std::optional<SdpPayload> pick_opus(const SdpSection& s) {
  for (const auto& p : s.payloads) {
    if (p.encoding == "OPUS" && p.clock_rate == 48000) return p;
  }
  return std::nullopt;
}

}  // namespace tc::media
