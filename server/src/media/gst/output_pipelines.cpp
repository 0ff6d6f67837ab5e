#include "media/gst/output_pipelines.hpp"

#include <gst/app/gstappsrc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "core/media_files.hpp"
#include "media/gst/dated_playlist_stream.hpp"
#include "media/gst/gst_support.hpp"

namespace tc::media::gst {
namespace fs = std::filesystem;
namespace files = core::media_files;

namespace {

constexpr auto kEosWait = std::chrono::seconds(5);

// A stalled output loses old data (leaky appsrc) instead of blocking the ingest thread.
const std::string kAppsrc = kLiveAppsrc;

GstPadProbeReturn keep_first_caps(GstPad* pad, GstPadProbeInfo* info, gpointer) {
  GstEvent* ev = GST_PAD_PROBE_INFO_EVENT(info);
  if (GST_EVENT_TYPE(ev) != GST_EVENT_CAPS) return GST_PAD_PROBE_OK;
  GstPad* peer = gst_pad_get_peer(pad);
  GstCaps* current = peer ? gst_pad_get_current_caps(peer) : nullptr;
  const bool drop = current != nullptr;
  if (current) gst_caps_unref(current);
  if (peer) gst_object_unref(peer);
  return drop ? GST_PAD_PROBE_DROP : GST_PAD_PROBE_OK;
}

std::string quoted(const fs::path& p) { return "\"" + p.string() + "\""; }

std::string recording_description(const fs::path& file, bool vp8, bool with_audio) {
  // avc3 keeps SPS/PPS in band, so matroskamux accepts the resolution changes browsers make.
  // VP8 keyframes carry their size, so WebM needs nothing like it.
  const std::string video =
      vp8 ? " ! capsfilter name=rcaps caps=video/x-vp8 ! queue max-size-time=3000000000 ! webmmux name=mux"
          : " ! h264parse ! capsfilter name=rcaps caps=video/x-h264,stream-format=avc3,alignment=au "
            "! queue max-size-time=3000000000 ! matroskamux name=mux";
  std::string d = "appsrc name=v " + kAppsrc + video + " ! filesink location=" + quoted(file);
  if (with_audio) d += " appsrc name=a " + kAppsrc + " ! queue max-size-time=3000000000 ! mux.audio_%u";
  return d;
}

std::string hls_description(const fs::path& hls_dir, bool vp8, bool with_audio, int64_t keyframe_interval_ms) {
  // H.264: segments follow our keyframe requests (every keyframe_interval); hlssink2's own requests
  // would become immediate FIRs and uneven segments, hence send-keyframe-requests=false.
  // VP8: HLS players want H.264, so decode and re-encode. Here hlssink2's keyframe requests stop
  // at x264enc, which cuts a keyframe every target-duration whatever the publisher's frame rate;
  // the decoder tolerates corrupt frames (a leaky appsrc may drop some under CPU pressure) and
  // x264enc re-initialises itself when the publisher changes resolution.
  std::string video;
  if (vp8) {
    video =
        " ! queue max-size-time=3000000000 ! vp8dec max-errors=-1 ! videoconvert ! queue max-size-buffers=2 "
        "! x264enc tune=zerolatency speed-preset=veryfast pass=qual quantizer=23 bitrate=2500 key-int-max=" +
        std::to_string(std::max<int64_t>(30, keyframe_interval_ms * 60 / 1000)) +
        " ! video/x-h264,profile=constrained-baseline ! h264parse ! queue max-size-time=3000000000 ! hls.video ";
  } else {
    video = " ! h264parse ! queue max-size-time=3000000000 ! hls.video ";
  }
  std::string d = "appsrc name=v " + kAppsrc + video +
                  "hlssink2 name=hls target-duration=2 max-files=0 playlist-length=0 send-keyframe-requests=" +
                  (vp8 ? "true" : "false") + " location=" + quoted(hls_dir / files::kHlsSegmentPattern) +
                  " playlist-location=" + quoted(hls_dir / files::kHlsPlaylist);
  if (with_audio) {
    d += " appsrc name=a " + kAppsrc +
         " ! queue max-size-time=3000000000 ! opusdec ! audioconvert ! audioresample ! audio/x-raw,rate=48000 "
         "! avenc_aac bitrate=128000 ! aacparse ! queue ! hls.audio";
  }
  return d;
}

std::string thumbnail_description(bool vp8) {
  return "appsrc name=v " + kAppsrc + (vp8 ? " ! vp8dec threads=1" : " ! h264parse ! avdec_h264 max-threads=1") +
         " ! videoconvert ! videoscale ! video/x-raw,width=480,pixel-aspect-ratio=1/1 ! jpegenc quality=80 "
         "! appsink name=out sync=false max-buffers=2 drop=true";
}

}  // namespace

const char* to_string(Output o) {
  switch (o) {
    case Output::recording:
      return "recording";
    case Output::hls:
      return "hls";
    case Output::thumbnails:
      return "thumbnails";
  }
  return "?";
}

OutputPipelines::OutputPipelines(std::string stream_id, std::string dir, const MediaOptions& opts,
                                 HubObserver& observer)
    : stream_id_(std::move(stream_id)), dir_(std::move(dir)), opts_(opts), observer_(observer) {
  for (const Output o : kOutputs) {
    at(o).owner = this;
    at(o).kind = o;
  }
}

OutputPipelines::~OutputPipelines() { close(); }

bool OutputPipelines::running(Output o) const { return at(o).pipe && !at(o).failed; }

void OutputPipelines::on_bus_message(GstMessage* msg, void* pipeline) {
  auto& p = *static_cast<Pipeline*>(pipeline);
  if (GST_MESSAGE_TYPE(msg) == GST_MESSAGE_ERROR) {
    if (!p.failed.exchange(true))
      p.owner->observer_.on_output_error(p.owner->stream_id_, to_string(p.kind), message_text(msg),
                                         is_disk_full_error(msg, p.owner->dir_));
    std::lock_guard lk(p.m);
    p.eos = true;  // nothing more will come out of it
    p.cv.notify_all();
  } else if (GST_MESSAGE_TYPE(msg) == GST_MESSAGE_EOS) {
    std::lock_guard lk(p.m);
    p.eos = true;
    p.cv.notify_all();
  }
}

GOutputStream* OutputPipelines::on_playlist_stream(GstElement*, gchar* location, gpointer self) {
  // Once HLS has failed (a full disk), no more playlists: the last whole one stays, and the segment
  // cut off at the failure, which hlssink2 adds when it is torn down, is never listed. A null
  // stream makes hlssink2 post an error, which the failed pipeline no longer reports.
  auto* outputs = static_cast<OutputPipelines*>(self);
  if (outputs->at(Output::hls).failed) return nullptr;
  return make_dated_playlist_stream(location, outputs->origin_ms_);
}

void OutputPipelines::launch(Pipeline& p, const std::string& description,
                             const std::function<void(GstElement*)>& configure) {
  std::string error;
  p.pipe = parse_pipeline(description, error);
  if (!p.pipe) {
    observer_.on_output_error(stream_id_, to_string(p.kind), error, false);
    p.failed = true;
    return;
  }
  p.v = child(p.pipe, "v");
  p.a = child(p.pipe, "a");
  watch_bus(p.pipe, on_bus_message, &p);  // p lives as long as this object, which outlives the pipeline
  if (configure) configure(p.pipe);
  if (gst_element_set_state(p.pipe, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    observer_.on_output_error(stream_id_, to_string(p.kind), "cannot start", false);
    p.failed = true;
  }
}

void OutputPipelines::start(VideoCodec codec, bool with_audio) {
  const bool vp8 = codec == VideoCodec::vp8;
  const fs::path dir(dir_);
  std::error_code ec;  // a full disk: the outputs fail on their first write and say so
  fs::create_directories(dir / files::kHlsDir, ec);
  recording_file_ = std::string(vp8 ? files::kRecordingWebm : files::kRecordingMkv);
  if (opts_.recording) {
    auto& rec = at(Output::recording);
    launch(rec, recording_description(dir / recording_file_, vp8, with_audio));
    if (rec.pipe) {
      // matroskamux refuses any caps change once its header is written, and a resolution change
      // (browsers make several in the first seconds) changes width/height in the caps. With avc3 the
      // new SPS travels in band (VP8: every keyframe header), so the muxer keeps the first caps and
      // players follow the bitstream.
      GstPad* src = gst_element_get_static_pad(child(rec.pipe, "rcaps"), "src");
      gst_pad_add_probe(src, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, keep_first_caps, nullptr, nullptr);
      gst_object_unref(src);
    }
  }
  if (opts_.hls) {
    auto& hls = at(Output::hls);
    // The playlist goes through our stream, which dates its segments (EXT-X-PROGRAM-DATE-TIME);
    // connected before the pipeline plays, so even the first playlist is dated.
    launch(hls, hls_description(dir / files::kHlsDir, vp8, with_audio, opts_.keyframe_interval_ms),
           [this](GstElement* pipe) {
             g_signal_connect(child(pipe, "hls"), "get-playlist-stream", G_CALLBACK(on_playlist_stream), this);
           });
  }
  if (opts_.thumbnails) {
    auto& thumbs = at(Output::thumbnails);
    launch(thumbs, thumbnail_description(vp8));
    if (thumbs.pipe) {
      GstAppSinkCallbacks cb{};
      cb.new_sample = on_jpeg;
      gst_app_sink_set_callbacks(GST_APP_SINK(child(thumbs.pipe, "out")), &cb, this, nullptr);
    }
  }
}

void OutputPipelines::push(Track track, GstSample* sample, bool keyframe, int64_t now_ms) {
  const bool video = track == Track::video;
  for (const Output o : {Output::recording, Output::hls}) {
    auto& p = at(o);
    if (!p.pipe || p.failed) continue;
    if (GstElement* src = video ? p.v : p.a) gst_app_src_push_sample(GST_APP_SRC(src), sample);  // leaky: never blocks
    if (video) ++p.pushed_video;
  }
  auto& thumbs = at(Output::thumbnails);
  if (keyframe && thumbs.pipe && !thumbs.failed && now_ms - last_thumb_ms_ >= opts_.thumbnail_interval_ms) {
    last_thumb_ms_ = now_ms;
    gst_app_src_push_sample(GST_APP_SRC(thumbs.v), sample);
  }
}

GstFlowReturn OutputPipelines::on_jpeg(GstAppSink* appsink, gpointer self) {
  if (GstSample* s = gst_app_sink_pull_sample(appsink)) {
    static_cast<OutputPipelines*>(self)->write_thumbnail(s);
    gst_sample_unref(s);
  }
  return GST_FLOW_OK;
}

void OutputPipelines::write_thumbnail(GstSample* jpeg) {
  GstBuffer* buf = gst_sample_get_buffer(jpeg);
  GstMapInfo map;
  if (!buf || !gst_buffer_map(buf, &map, GST_MAP_READ)) return;
  // Written aside and renamed, so a reader never sees half a JPEG.
  const auto final_path = fs::path(dir_) / files::kThumbnail;
  auto tmp = final_path;
  tmp += ".tmp";
  bool ok = false;
  if (FILE* f = std::fopen(tmp.c_str(), "wb")) {
    ok = std::fwrite(map.data, 1, map.size, f) == map.size;
    ok = (std::fclose(f) == 0) && ok;
  }
  gst_buffer_unmap(buf, &map);
  std::error_code ec;
  if (ok) fs::rename(tmp, final_path, ec);
  if (!ok || ec) fs::remove(tmp, ec);  // a full disk: no half-written leftovers taking space
  if (ok && !ec && !thumb_announced_.exchange(true)) observer_.on_thumbnail_written(stream_id_);
}

void OutputPipelines::close_one(Pipeline& p) {
  if (!p.pipe) return;
  if (!p.failed) {
    if (p.v) gst_app_src_end_of_stream(GST_APP_SRC(p.v));
    if (p.a) gst_app_src_end_of_stream(GST_APP_SRC(p.a));
    std::unique_lock lk(p.m);
    p.cv.wait_for(lk, kEosWait, [&] { return p.eos; });
  }
  destroy_pipeline(p.pipe);
}

FinishedStream OutputPipelines::close() {
  FinishedStream out;
  const auto& rec = at(Output::recording);
  const bool recorded = rec.pipe && rec.pushed_video > 0;
  out.recording_failed = rec.pipe && rec.failed;
  for (auto& p : pipes_) close_one(p);
  const fs::path dir(dir_);
  std::error_code ec;
  const auto name = recording_file_.empty() ? std::string(files::kRecordingMkv) : recording_file_;
  const auto file = dir / name;
  if (out.recording_failed) {
    // Cut off mid-write (not finalised): never published as the VOD, kept aside for an operator.
    if (fs::exists(file, ec)) fs::rename(file, dir / (std::string(files::kPartialPrefix) + name), ec);
  } else if (recorded && fs::file_size(file, ec) > 0 && !ec) {
    out.recording_path = file.string();
  }
  const auto thumb = dir / files::kThumbnail;
  if (fs::exists(thumb, ec)) out.thumbnail_path = thumb.string();
  return out;
}

}  // namespace tc::media::gst
