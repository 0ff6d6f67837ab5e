#pragma once
// A GOutputStream that writes a file whole or not at all: the bytes go to "<path>.tmp", and only a
// close after writes that all succeeded renames it over <path>; otherwise the temp file goes and
// <path> stays as it was. hlssink2 rewrites its playlist through such a stream (its
// "get-playlist-stream" signal) at every segment. Its own stream truncates the playlist before
// writing, so one write failing on a full disk left players an empty playlist.
//
// Threads: one stream is written and closed by one thread at a time (a GStreamer streaming thread).
#include <gio/gio.h>

#include <string>

namespace tc::media::gst {

// A new stream (the caller owns the reference) writing `path`, or null with `error` set when
// "<path>.tmp" cannot be created.
GOutputStream* whole_file_stream(const std::string& path, GError** error);

}  // namespace tc::media::gst
