#pragma once
// GStreamer helpers private to tc_media (never included outside media/): initialisation, webrtcbin
// set-up with pinned ICE addresses, and the offer→answer exchange.
#include <gst/gst.h>
#define GST_USE_UNSTABLE_API
#include <gst/webrtc/webrtc.h>

#include <optional>
#include <string>
#include <vector>

#include "media/media_service.hpp"

namespace tc::media::gst {

// gst_init once; throws if an element we need is missing (a broken install fails at start-up).
void init_gstreamer();

// A webrtcbin (max-bundle) whose ICE agent gathers only on `opts.webrtc_ips` and within the port range.
GstElement* make_webrtcbin(const MediaOptions& opts, const char* name);
void configure_webrtcbin(GstElement* webrtc, const MediaOptions& opts);

// set-remote-description(offer) → create-answer → set-local-description → waits (bounded) for ICE
// gathering. Returns the answer SDP with candidates, or nullopt with `error` set.
// Transceivers must already exist (pitfall: webrtcbin 1.22 only matches pre-added ones).
std::optional<std::string> answer_offer(GstElement* webrtc, const std::string& offer_sdp, std::string& error);

// Parses SDP text; null on failure. Caller frees with gst_sdp_message_free.
GstSDPMessage* parse_sdp(const std::string& text);

// Caps of payload `pt` of m-line `index` as offered, renamed application/x-rtp, with
// profile-level-id restored (gst_sdp_media_get_caps_from_media splits it into profile/level).
GstCaps* offered_caps(const GstSDPMessage* sdp, unsigned index, int pt, const std::string& fmtp_plid);

// Running time of `pipeline` now (clock time minus base time), 0 before PLAYING.
GstClockTime running_time(GstElement* pipeline);

// An appsrc's properties for a live, time-stamped feed. Leaky: a stalled consumer loses old data
// instead of blocking the pushing thread (8 MiB ≈ 16 s at 4 Mbit/s).
inline constexpr const char* kLiveAppsrc =
    "is-live=true format=time do-timestamp=false max-bytes=8388608 leaky-type=downstream";

// gst_parse_launch that treats any GError as failure (1.22 may return a half-built pipeline with a
// recoverable error): the pipeline (floating ref sunk, ours), or null with `error` set and nothing
// left behind.
GstElement* parse_pipeline(const std::string& description, std::string& error);

// Unref helper for elements fetched with gst_bin_get_by_name: the bin keeps its own reference.
GstElement* child(GstElement* bin, const char* name);

// Installs a synchronous bus handler that calls `fn(message)` on the posting thread, then drops (and
// unrefs) the message; `fn` must not keep it. `fn` must only post plain values elsewhere.
using BusFn = void (*)(GstMessage* msg, void* user);
void watch_bus(GstElement* pipeline, BusFn fn, void* user);

// Sets NULL and unrefs.
void destroy_pipeline(GstElement*& pipeline);

std::string message_text(GstMessage* msg);  // "element: error text (debug)"
// An ERROR that means the file system under `dir` is full: GST_RESOURCE_ERROR_NO_SPACE_LEFT, or
// another resource error while less than 1 MiB is available there.
bool is_disk_full_error(GstMessage* msg, const std::string& dir);

}  // namespace tc::media::gst
