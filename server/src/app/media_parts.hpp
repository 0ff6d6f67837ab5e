#pragma once
// Wiring step 4: the media plane (GStreamer WHIP/WHEP, HLS, recorder) and the bridge that connects
// it to the stream life-cycle. Built before the routes so no request sees it half-made; shut down
// before the pools (app/shutdown.cpp).
#include <memory>

#include "app/domain_parts.hpp"
#include "app/media_bridge.hpp"
#include "app/worker_pools.hpp"
#include "media/media_service.hpp"

namespace tc::app {

struct MediaParts {
  // Queues recordings left on local disk by a previous run for upload, and (with --media) adopts
  // the streams still LIVE in the database (blocking SQL on the start-up thread).
  MediaParts(const core::Config& cfg, core::MetricsRegistry& metrics, StorageParts& storage, DomainParts& domain,
             WorkerPools& pools);

  MediaBridge bridge;                     // owned; a stream listener of domain.streams
  std::unique_ptr<media::MediaService> service;  // owned; null with --media=false
};

}  // namespace tc::app
