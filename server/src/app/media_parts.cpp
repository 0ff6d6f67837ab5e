#include "app/media_parts.hpp"

#include <filesystem>

#include "app/media_metrics.hpp"

namespace tc::app {

MediaParts::MediaParts(const core::Config& cfg, core::MetricsRegistry& metrics, StorageParts& storage,
                       DomainParts& domain, WorkerPools& pools)
    : bridge(*storage.store, domain.streams, pools.db) {
  bridge.set_recordings(&domain.recordings, &pools.blob);
  bridge.resume_pending_uploads((std::filesystem::path(cfg.data_dir) / "media").string());
  domain.streams.add_listener(&bridge);
  if (!cfg.media) return;
  media::MediaOptions mo;
  mo.data_dir = cfg.data_dir;
  mo.webrtc_ips = cfg.webrtc_ips;
  mo.port_min = cfg.webrtc_port_min;
  mo.port_max = cfg.webrtc_port_max;
  mo.publish_grace_ms = cfg.publish_grace_ms;
  mo.publish_wait_ms = cfg.publish_wait_ms;
  mo.max_streams = cfg.max_media_streams;
  mo.max_viewers_per_stream = cfg.max_webrtc_viewers;
  mo.max_transcodes = cfg.max_transcodes;
  service = media::make_gst_media_service(mo, bridge);
  bridge.set_media(service.get());
  bridge.adopt_live_streams();
  register_media_metrics(metrics, *service);
}

}  // namespace tc::app
