#include "media/sdp_offer.hpp"

#include <gtest/gtest.h>

namespace tc::media {
namespace {

// Abridged from what Chromium offers: VP8 first, H.264 in several profiles, Opus.
const char* kChromiumOffer =
    "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendonly\r\n"
    "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\na=rtpmap:63 red/48000/2\r\n"
    "a=rtpmap:9 G722/8000\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF 96 102 104 108 116\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=sendonly\r\n"
    "a=rtpmap:96 VP8/90000\r\n"
    "a=rtpmap:102 H264/90000\r\na=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f\r\n"
    "a=rtpmap:104 H264/90000\r\na=fmtp:104 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f\r\n"
    "a=rtpmap:108 H264/90000\r\na=fmtp:108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n"
    "a=rtpmap:116 H264/90000\r\na=fmtp:116 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f\r\n";

TEST(SdpOffer, ParsesSectionsAndPayloads) {
  auto offer = parse_sdp_offer(kChromiumOffer);
  ASSERT_TRUE(offer);
  ASSERT_EQ(offer->sections.size(), 2u);
  EXPECT_EQ(offer->sections[0].kind, "audio");
  EXPECT_EQ(offer->sections[0].direction, "sendonly");
  EXPECT_EQ(offer->sections[1].kind, "video");
  EXPECT_EQ(offer->sections[1].payloads.size(), 5u);
  EXPECT_EQ(offer->sections[1].payloads[0].encoding, "VP8");
}

TEST(SdpOffer, PrefersConstrainedBaselineWithPacketizationMode1) {
  auto offer = parse_sdp_offer(kChromiumOffer);
  auto h264 = pick_h264(offer->sections[1]);
  ASSERT_TRUE(h264);
  EXPECT_EQ(h264->pt, 108);
  auto opus = pick_opus(offer->sections[0]);
  ASSERT_TRUE(opus);
  EXPECT_EQ(opus->pt, 111);
}

TEST(SdpOffer, NoAcceptableH264) {
  auto offer = parse_sdp_offer(
      "v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96 104\r\na=rtpmap:96 VP8/90000\r\na=rtpmap:104 H264/90000\r\n"
      "a=fmtp:104 packetization-mode=0;profile-level-id=42e01f\r\n");
  ASSERT_TRUE(offer);
  EXPECT_FALSE(pick_h264(offer->sections[0]));
}

TEST(SdpOffer, RejectsWhatIsNotSdpAndBoundsSize) {
  EXPECT_FALSE(parse_sdp_offer(""));
  EXPECT_FALSE(parse_sdp_offer("hello"));
  EXPECT_FALSE(parse_sdp_offer("v=0\r\ns=-\r\n"));  // no m-line
  EXPECT_FALSE(parse_sdp_offer("v=0\r\nm=video\r\n"));
  std::string huge = "v=0\r\n";
  huge.append(70 * 1024, 'a');
  EXPECT_FALSE(parse_sdp_offer(huge));
  std::string many = "v=0\r\n";
  for (int i = 0; i < 20; ++i) many += "m=audio 9 RTP/AVP 0\r\n";
  EXPECT_FALSE(parse_sdp_offer(many));
}

TEST(SdpOffer, FmtpParam) {
  EXPECT_EQ(fmtp_param("a=1; Profile-Level-Id=42E01F;b=2", "profile-level-id"), "42e01f");
  EXPECT_EQ(fmtp_param("a=1", "b"), "");
}

TEST(SdpOffer, PlanPrefersH264AndFallsBackToVp8) {
  auto both = parse_sdp_offer(kChromiumOffer);
  auto plan = plan_ingest(*both, std::nullopt);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->video, VideoCodec::h264);
  EXPECT_TRUE(plan->has_audio);
  ASSERT_EQ(plan->choices.size(), 2u);
  EXPECT_EQ(plan->choices[0].kind, "audio");
  EXPECT_EQ(plan->choices[1].payload.pt, 108);

  // Only packetization-mode 0 H.264 and VP8: VP8 wins.
  auto vp8 = parse_sdp_offer(
      "v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 104 96\r\na=rtpmap:104 H264/90000\r\n"
      "a=fmtp:104 packetization-mode=0;profile-level-id=42e01f\r\na=rtpmap:96 VP8/90000\r\n");
  plan = plan_ingest(*vp8, std::nullopt);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->video, VideoCodec::vp8);
  EXPECT_EQ(plan->choices[0].payload.pt, 96);
  EXPECT_FALSE(plan->has_audio);
}

TEST(SdpOffer, PlanHonoursTheStreamsCodecOnReconnect) {
  auto both = parse_sdp_offer(kChromiumOffer);
  auto plan = plan_ingest(*both, VideoCodec::vp8);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->video, VideoCodec::vp8);
  EXPECT_EQ(plan->choices[1].payload.pt, 96);
  auto h264_only = parse_sdp_offer(
      "v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 108\r\na=rtpmap:108 H264/90000\r\n"
      "a=fmtp:108 packetization-mode=1;profile-level-id=42e01f\r\n");
  auto refused = plan_ingest(*h264_only, VideoCodec::vp8);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "unsupported_codec");
}

TEST(SdpOffer, PlanRefusals) {
  auto code = [](const char* sdp) {
    auto offer = parse_sdp_offer(sdp);
    auto plan = plan_ingest(*offer, std::nullopt);
    return plan ? std::string("ok") : plan.error().code;
  };
  EXPECT_EQ(code("v=0\r\nm=video 9 RTP/AVP 98\r\na=rtpmap:98 VP9/90000\r\n"), "unsupported_codec");
  EXPECT_EQ(code("v=0\r\nm=audio 9 RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\n"), "invalid_sdp");
  EXPECT_EQ(code("v=0\r\nm=video 9 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\nm=audio 9 RTP/AVP 0\r\n"
                 "a=rtpmap:0 PCMU/8000\r\n"),
            "unsupported_codec");
  EXPECT_EQ(code("v=0\r\nm=video 9 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\nm=video 9 RTP/AVP 96\r\n"
                 "a=rtpmap:96 VP8/90000\r\n"),
            "invalid_sdp");
  EXPECT_EQ(code("v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"), "invalid_sdp");
}

}  // namespace
}  // namespace tc::media

namespace tc::media {
namespace {

const char* kFp =
    "sha-256 0F:7A:93:11:4C:DE:22:8B:90:AA:01:5E:C3:77:19:B2:64:3D:E8:0C:F1:29:5A:B6:7E:48:D3:9C:02:AF:61:15";

TEST(SdpFingerprint, AcceptsWhatBrowsersSend) {
  EXPECT_TRUE(valid_fingerprint(kFp));
  EXPECT_TRUE(valid_fingerprint("SHA-1 0f:7a:93:11:4c:de:22:8b:90:aa:01:5e:c3:77:19:b2:64:3d:e8:0c"));
}

TEST(SdpFingerprint, RefusesMalformedOnes) {
  EXPECT_FALSE(valid_fingerprint("sha-256"));
  EXPECT_FALSE(valid_fingerprint("sha-256 "));
  EXPECT_FALSE(valid_fingerprint("sha-256 0F:7A"));                                            // too short for SHA-256
  EXPECT_FALSE(valid_fingerprint(std::string(kFp) + ":00"));                                   // too long
  EXPECT_FALSE(valid_fingerprint("sha-999 0F:7A:93:11:4C:DE:22:8B:90:AA:01:5E:C3:77:19:B2"));  // unknown hash
  std::string bad(kFp);
  bad[9] = 'G';  // not hex
  EXPECT_FALSE(valid_fingerprint(bad));
  bad = kFp;
  bad[10] = '-';  // not a colon
  EXPECT_FALSE(valid_fingerprint(bad));
}

TEST(SdpFingerprint, CheckedAtSessionAndMediaLevel) {
  const std::string head = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
  const std::string video = "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n";
  auto good = parse_sdp_offer(head + "a=fingerprint:" + kFp + "\r\n" + video + "a=fingerprint:" + kFp + "\r\n");
  ASSERT_TRUE(good);
  EXPECT_EQ(good->fingerprints.size(), 1u);
  EXPECT_EQ(good->sections[0].fingerprints.size(), 1u);
  EXPECT_TRUE(check_fingerprints(*good));
  auto none = parse_sdp_offer(head + video);  // nothing to check (the peer may be refused later)
  ASSERT_TRUE(none);
  EXPECT_TRUE(check_fingerprints(*none));
  for (const std::string& sdp :
       {head + "a=fingerprint:sha-256 XX\r\n" + video, head + video + "a=fingerprint:nonsense\r\n"}) {
    auto offer = parse_sdp_offer(sdp);
    ASSERT_TRUE(offer);
    auto r = check_fingerprints(*offer);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "invalid_sdp");
  }
  std::string many = head + video;
  for (int i = 0; i < 9; ++i) many += std::string("a=fingerprint:") + kFp + "\r\n";
  EXPECT_FALSE(parse_sdp_offer(many));  // more than 8 per level is not an offer
}

}  // namespace
}  // namespace tc::media
