#pragma once
// /metrics families of the media plane: node totals and per-stream series labelled
// stream="<id>" for every stream with media (live or reconnecting). A stream's series disappear
// when it ends, so the label set stays bounded by the live ingests (--max-media-streams).
#include "core/metrics.hpp"
#include "media/media_service.hpp"

namespace tc::app {

// `media` must outlive scrapes (the server stops HTTP before it resets the media service).
void register_media_metrics(core::MetricsRegistry& metrics, media::MediaService& media);

}  // namespace tc::app
