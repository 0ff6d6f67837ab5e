#pragma once
// The stream hlssink2 writes its playlist into (its "get-playlist-stream" signal, private to
// tc_media): it collects the rendered playlist and, when hlssink2 closes it, writes it to the file
// with EXT-X-PROGRAM-DATE-TIME on every segment (media/hls_program_date.hpp), to a temporary file
// renamed into place so an HTTP reader never sees half a playlist.
//
// Threads: created, written and closed on the HLS pipeline's streaming thread; `origin_ms` is read
// there (an atomic the hub sets once, before the first sample reaches HLS).
#include <gio/gio.h>

#include <atomic>
#include <cstdint>
#include <string>

namespace tc::media::gst {

// A new reference (the signal's return value, which hlssink2 unrefs).
GOutputStream* make_dated_playlist_stream(std::string path, const std::atomic<int64_t>& origin_ms);

}  // namespace tc::media::gst
