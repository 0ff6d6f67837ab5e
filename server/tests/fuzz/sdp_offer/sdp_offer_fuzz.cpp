// libFuzzer target for the WHIP/WHEP offer parser and ingest planner (media/sdp_offer.hpp): the
// bytes a publisher or viewer POSTs, before GStreamer sees them. Beyond "no crash, no UB, no leak":
// the parser's limits hold, a plan has one choice per m-line with exactly one video, and every
// refusal is a 400 with one of the two documented codes.
#include "media/sdp_offer.hpp"

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

namespace {
void check(bool ok) {
  if (!ok) std::abort();  // libFuzzer records the input as a crasher
}

void check_plan(const tc::media::SdpOffer& offer, std::optional<tc::media::VideoCodec> required) {
  auto plan = tc::media::plan_ingest(offer, required);
  if (!plan) {
    const auto& code = plan.error().code;
    check(code == "invalid_sdp" || code == "unsupported_codec");
    check(plan.error().kind == tc::core::ErrorKind::invalid);
    return;
  }
  check(plan->choices.size() == offer.sections.size());
  int videos = 0;
  for (const auto& c : plan->choices) videos += c.kind == "video";
  check(videos == 1);
  if (required) check(plan->video == *required);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto offer = tc::media::parse_sdp_offer(text);
  if (!offer) return 0;
  check(!offer->sections.empty() && offer->sections.size() <= 16);
  check(offer->fingerprints.size() <= 8);
  for (const auto& s : offer->sections) {
    check(s.payloads.size() <= 128 && s.fingerprints.size() <= 8);
    for (const auto& p : s.payloads) {
      check(p.pt >= 0 && p.pt <= 127);
      for (const char c : tc::media::fmtp_param(p.fmtp, "profile-level-id")) {
        check(!std::isupper(static_cast<unsigned char>(c)));
      }
    }
  }
  if (auto dtls = tc::media::check_fingerprints(*offer); !dtls) check(dtls.error().code == "invalid_sdp");
  check_plan(*offer, std::nullopt);
  check_plan(*offer, tc::media::VideoCodec::h264);
  check_plan(*offer, tc::media::VideoCodec::vp8);
  return 0;
}
