#include "media/gst/whole_file_stream.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace tc::media::gst {
namespace {

struct WholeFileStream {
  GOutputStream parent;
  int fd;
  gboolean failed;  // a write failed: the close discards the file
  gsize written;
  gchar* path;
  gchar* tmp;
};
struct WholeFileStreamClass {
  GOutputStreamClass parent_class;
};

// NOLINTNEXTLINE: GLib's type boilerplate (static functions and a parent_class pointer)
G_DEFINE_TYPE(WholeFileStream, tc_whole_file_stream, G_TYPE_OUTPUT_STREAM)

WholeFileStream* self_of(void* object) { return reinterpret_cast<WholeFileStream*>(object); }

void set_errno_error(GError** error, int e, const char* what) {
  g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "%s: %s", what, g_strerror(e));
}

gssize write_fn(GOutputStream* stream, const void* buffer, gsize count, GCancellable*, GError** error) {
  auto* self = self_of(stream);
  ssize_t n = -1;
  do {
    n = ::write(self->fd, buffer, count);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    self->failed = TRUE;
    set_errno_error(error, errno, "Error writing to file");
    return -1;
  }
  self->written += static_cast<gsize>(n);
  return n;
}

gboolean close_fn(GOutputStream* stream, GCancellable*, GError** error) {
  auto* self = self_of(stream);
  const bool closed = ::close(self->fd) == 0;
  const int close_errno = errno;
  self->fd = -1;
  if (!closed || self->failed || self->written == 0) {
    ::unlink(self->tmp);
    if (!closed) set_errno_error(error, close_errno, "Error closing file");
    return closed ? TRUE : FALSE;
  }
  if (::rename(self->tmp, self->path) != 0) {
    set_errno_error(error, errno, "Error renaming file");
    ::unlink(self->tmp);
    return FALSE;
  }
  return TRUE;
}

void finalize(GObject* object) {
  auto* self = self_of(object);
  if (self->fd >= 0) {  // never closed: nothing is published
    ::close(self->fd);
    ::unlink(self->tmp);
  }
  g_free(self->path);
  g_free(self->tmp);
  G_OBJECT_CLASS(tc_whole_file_stream_parent_class)->finalize(object);
}

void tc_whole_file_stream_class_init(WholeFileStreamClass* klass) {
  G_OBJECT_CLASS(klass)->finalize = finalize;
  G_OUTPUT_STREAM_CLASS(klass)->write_fn = write_fn;
  G_OUTPUT_STREAM_CLASS(klass)->close_fn = close_fn;
}

void tc_whole_file_stream_init(WholeFileStream* self) { self->fd = -1; }

}  // namespace

GOutputStream* whole_file_stream(const std::string& path, GError** error) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    set_errno_error(error, errno, "Error opening file");
    return nullptr;
  }
  auto* self = self_of(g_object_new(tc_whole_file_stream_get_type(), nullptr));
  self->fd = fd;
  self->path = g_strdup(path.c_str());
  self->tmp = g_strdup(tmp.c_str());
  return G_OUTPUT_STREAM(self);
}

}  // namespace tc::media::gst
