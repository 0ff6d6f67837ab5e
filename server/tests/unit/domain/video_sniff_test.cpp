#include "domain/recordings/video_sniff.hpp"

#include <gtest/gtest.h>

using namespace tc::domain;

TEST(VideoSniff, DeclaredTypes) {
  EXPECT_EQ(container_for_type("video/mp4"), VideoContainer::mp4);
  EXPECT_EQ(container_for_type("video/webm;codecs=vp8,opus"), VideoContainer::webm);
  EXPECT_EQ(container_for_type("Video/X-Matroska"), VideoContainer::matroska);
  EXPECT_EQ(container_for_type("image/png"), std::nullopt);
  EXPECT_EQ(container_for_type(""), std::nullopt);
}

TEST(VideoSniff, MagicBytes) {
  const std::string mp4("\0\0\0\x20" "ftypisom\0\0\x02\0isomiso2avc1mp41", 32);
  EXPECT_EQ(sniff_container(mp4), VideoContainer::mp4);
  // EBML header: magic, size, then DocType (0x4282) "webm" / "matroska".
  const std::string webm("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"
                         "\x42\x82\x84webm\x42\x87\x81\x04",
                         33);
  EXPECT_EQ(sniff_container(webm), VideoContainer::webm);
  std::string mkv = webm;
  mkv.replace(mkv.find("\x84webm"), 5, "\x88matroska");
  EXPECT_EQ(sniff_container(mkv), VideoContainer::matroska);
  EXPECT_EQ(sniff_container("\x89PNG\r\n\x1a\n0000000000000000"), std::nullopt);
  EXPECT_EQ(sniff_container(std::string("\x1a\x45\xdf\xa3", 4)), std::nullopt);  // no DocType
  EXPECT_EQ(sniff_container(""), std::nullopt);
}

TEST(VideoSniff, DeclaredAndSniffedMustAgree) {
  EXPECT_TRUE(containers_agree(VideoContainer::mp4, VideoContainer::mp4));
  EXPECT_FALSE(containers_agree(VideoContainer::mp4, VideoContainer::webm));
  EXPECT_FALSE(containers_agree(VideoContainer::webm, VideoContainer::mp4));
  EXPECT_TRUE(containers_agree(VideoContainer::webm, VideoContainer::matroska));
  EXPECT_TRUE(containers_agree(VideoContainer::matroska, VideoContainer::webm));
}
