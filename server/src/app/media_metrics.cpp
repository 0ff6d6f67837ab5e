#include "app/media_metrics.hpp"

namespace tc::app {
namespace {

using Samples = core::MetricsRegistry::Samples;

// One family per figure; each scrape asks the media service once per family (a few atomics per
// stream, no locks held by negotiations).
template <class F>
void per_stream(core::MetricsRegistry& metrics, media::MediaService& media, const char* name, const char* help, F value) {
  metrics.gauge_set_fn(name, help, [&media, value] {
    Samples out;
    for (const auto& g : media.live_gauges()) out.push_back({{{"stream", g.stream_id}}, value(g)});
    return out;
  });
}

}  // namespace

void register_media_metrics(core::MetricsRegistry& metrics, media::MediaService& media) {
  auto* m = &media;
  metrics.gauge_fn("tradecast_media_ingests", "Publishers connected (WHIP)",
                   [m] { return static_cast<double>(m->totals().ingests); });
  metrics.gauge_fn("tradecast_media_viewers_whep", "WebRTC viewers connected (WHEP)",
                   [m] { return static_cast<double>(m->totals().viewers_whep); });
  metrics.gauge_fn("tradecast_media_ingest_bitrate_bps", "Media received from publishers, bits per second",
                   [m] { return static_cast<double>(m->totals().ingest_bitrate_bps); });
  metrics.gauge_fn("tradecast_media_transcodes", "Streams whose HLS video is transcoded (VP8 publishers)",
                   [m] { return static_cast<double>(m->totals().transcodes); });

  using G = media::LiveStreamGauges;
  per_stream(metrics, media, "tradecast_media_stream_video_bitrate_bps", "Video received from the publisher, bits per second",
             [](const G& g) { return static_cast<double>(g.video_bitrate_bps); });
  per_stream(metrics, media, "tradecast_media_stream_audio_bitrate_bps", "Audio received from the publisher, bits per second",
             [](const G& g) { return static_cast<double>(g.audio_bitrate_bps); });
  per_stream(metrics, media, "tradecast_media_stream_width", "Width of the published video, pixels",
             [](const G& g) { return static_cast<double>(g.width); });
  per_stream(metrics, media, "tradecast_media_stream_height", "Height of the published video, pixels",
             [](const G& g) { return static_cast<double>(g.height); });
  per_stream(metrics, media, "tradecast_media_stream_fps", "Frames per second received from the publisher",
             [](const G& g) { return g.fps; });
  metrics.gauge_set_fn("tradecast_media_stream_viewers", "Viewers of a stream by protocol", [m] {
    Samples out;
    for (const auto& g : m->live_gauges()) {
      out.push_back({{{"stream", g.stream_id}, {"protocol", "whep"}}, static_cast<double>(g.viewers_whep)});
      out.push_back({{{"stream", g.stream_id}, {"protocol", "hls"}}, static_cast<double>(g.viewers_hls)});
    }
    return out;
  });
  metrics.gauge_set_fn("tradecast_media_stream_info", "Always 1: the stream's video codec and HLS mode as labels", [m] {
    Samples out;
    for (const auto& g : m->live_gauges()) {
      out.push_back({{{"stream", g.stream_id}, {"video_codec", g.video_codec},
                      {"hls", g.hls_transcode ? "transcode" : "passthrough"}},
                     1.0});
    }
    return out;
  });
}

}  // namespace tc::app
