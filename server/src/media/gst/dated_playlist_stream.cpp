#include "media/gst/dated_playlist_stream.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "media/hls_program_date.hpp"

// A GOutputStream subclass; GObject's type macros want C-style names.
struct TcDatedPlaylist {
  GOutputStream parent;
  std::string* path;                      // owned
  std::string* text;                      // owned: what hlssink2 wrote
  const std::atomic<int64_t>* origin_ms;  // borrowed: the OutputPipelines outlive their pipelines
};
struct TcDatedPlaylistClass {
  GOutputStreamClass parent_class;
};

G_DEFINE_TYPE(TcDatedPlaylist, tc_dated_playlist, G_TYPE_OUTPUT_STREAM)

namespace {

TcDatedPlaylist* self_of(GOutputStream* s) { return reinterpret_cast<TcDatedPlaylist*>(s); }

gssize on_write(GOutputStream* stream, const void* buffer, gsize count, GCancellable*, GError**) {
  self_of(stream)->text->append(static_cast<const char*>(buffer), count);
  return static_cast<gssize>(count);
}

gboolean on_close(GOutputStream* stream, GCancellable*, GError** error) {
  auto* self = self_of(stream);
  const int64_t origin = self->origin_ms->load(std::memory_order_acquire);
  const std::string body = origin > 0 ? tc::media::with_program_dates(*self->text, origin) : *self->text;
  const std::string tmp = *self->path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(body.data(), static_cast<std::streamsize>(body.size()));
    if (!f.flush()) {
      f.close();
      std::error_code ignored;
      std::filesystem::remove(tmp, ignored);  // a full disk: the playlist stays as it was, no .tmp left
      g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write %s", tmp.c_str());
      return FALSE;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, *self->path, ec);
  if (ec) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot rename %s: %s", tmp.c_str(), ec.message().c_str());
    return FALSE;
  }
  return TRUE;
}

void on_finalize(GObject* object) {
  auto* self = reinterpret_cast<TcDatedPlaylist*>(object);
  delete self->path;
  delete self->text;
  G_OBJECT_CLASS(tc_dated_playlist_parent_class)->finalize(object);
}

}  // namespace

static void tc_dated_playlist_class_init(TcDatedPlaylistClass* klass) {
  G_OBJECT_CLASS(klass)->finalize = on_finalize;
  G_OUTPUT_STREAM_CLASS(klass)->write_fn = on_write;
  G_OUTPUT_STREAM_CLASS(klass)->close_fn = on_close;
}

static void tc_dated_playlist_init(TcDatedPlaylist* self) {
  self->path = nullptr;
  self->text = nullptr;
  self->origin_ms = nullptr;
}

namespace tc::media::gst {

GOutputStream* make_dated_playlist_stream(std::string path, const std::atomic<int64_t>& origin_ms) {
  auto* self = static_cast<TcDatedPlaylist*>(g_object_new(tc_dated_playlist_get_type(), nullptr));
  self->path = new std::string(std::move(path));
  self->text = new std::string();
  self->origin_ms = &origin_ms;
  return G_OUTPUT_STREAM(self);
}

}  // namespace tc::media::gst
