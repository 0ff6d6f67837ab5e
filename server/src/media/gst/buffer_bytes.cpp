#include "media/gst/buffer_bytes.hpp"

#ifndef GST_USE_UNSTABLE_API
#define GST_USE_UNSTABLE_API  // the H.264 parser is "unstable" API; we build against 1.22 only
#endif
#include <gst/codecparsers/gsth264parser.h>

namespace tc::media::gst {

std::optional<PictureSize> h264_sps_size(Bytes au) {
  std::optional<PictureSize> found;
  if (au.empty()) return found;
  GstH264NalParser* parser = gst_h264_nal_parser_new();
  GstH264NalUnit nalu;
  guint offset = 0;
  const auto size = static_cast<gsize>(au.size());
  while (!found && gst_h264_parser_identify_nalu(parser, au.data(), offset, size, &nalu) != GST_H264_PARSER_ERROR &&
         nalu.size > 0) {
    if (nalu.type == GST_H264_NAL_SPS) {
      GstH264SPS sps;
      if (gst_h264_parse_sps(&nalu, &sps) == GST_H264_PARSER_OK) {
        found = PictureSize{sps.frame_cropping_flag ? sps.crop_rect_width : sps.width,
                            sps.frame_cropping_flag ? sps.crop_rect_height : sps.height};
        gst_h264_sps_clear(&sps);
      }
    }
    offset = nalu.offset + nalu.size;
    if (offset >= size) break;
  }
  gst_h264_nal_parser_free(parser);
  return found;
}

}  // namespace tc::media::gst
