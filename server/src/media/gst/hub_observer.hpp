#pragma once
// What a stream hub reports from GStreamer threads (private to tc_media). Implementations post
// plain values to their own thread at once and never call back into the hub from here.
#include <cstdint>
#include <string>

namespace tc::media::gst {

class HubObserver {
 public:
  virtual ~HubObserver() = default;
  virtual void on_ingest_failed(const std::string& stream_id, uint64_t gen, const std::string& why) = 0;
  virtual void on_viewer_ice(const std::string& stream_id, const std::string& viewer_id, bool connected,
                             bool failed) = 0;
  virtual void on_thumbnail_written(const std::string& stream_id) = 0;
  // `no_space`: the output's file system is full (GST_RESOURCE_ERROR_NO_SPACE_LEFT).
  virtual void on_output_error(const std::string& stream_id, const std::string& output, const std::string& why,
                               bool no_space) = 0;
};

}  // namespace tc::media::gst
