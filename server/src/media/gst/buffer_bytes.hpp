#pragma once
// GstBuffer ↔ the plain byte helpers of media/bitstream.hpp (private to tc_media), plus the one
// bitstream fact that needs GStreamer's H.264 parser: the picture size from an SPS.
#include <gst/gst.h>

#include <optional>

#include "media/bitstream.hpp"

namespace tc::media::gst {

// Maps `buf` for reading for the lifetime of this object; bytes() is empty if mapping failed.
class MappedBuffer {
 public:
  explicit MappedBuffer(GstBuffer* buf) : buf_(buf), ok_(buf && gst_buffer_map(buf, &map_, GST_MAP_READ)) {}
  ~MappedBuffer() {
    if (ok_) gst_buffer_unmap(buf_, &map_);
  }
  MappedBuffer(const MappedBuffer&) = delete;
  MappedBuffer& operator=(const MappedBuffer&) = delete;
  Bytes bytes() const { return ok_ ? Bytes(map_.data, map_.size) : Bytes(); }

 private:
  GstBuffer* buf_;
  GstMapInfo map_{};
  bool ok_;
};

// Picture size from the SPS in a keyframe's access unit (the depayloader's caps carry none).
std::optional<PictureSize> h264_sps_size(Bytes au);

}  // namespace tc::media::gst
