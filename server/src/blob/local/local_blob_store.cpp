#include "blob/local/local_blob_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/ids.hpp"

namespace tc::blob {
namespace fs = std::filesystem;
namespace {

core::Error bad_key() { return core::Error::invalid("invalid_key", "Invalid blob key"); }
core::Error write_failed(const std::string& what) {
  return {core::ErrorKind::internal, "blob_write_failed", what + ": " + std::strerror(errno)};
}

struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
};

}  // namespace

std::string content_type_for_key(std::string_view key) {
  struct Entry {
    std::string_view ext, type;
  };
  static constexpr Entry kTypes[] = {{".mp4", "video/mp4"},  {".webm", "video/webm"}, {".mkv", "video/x-matroska"},
                                     {".jpg", "image/jpeg"}, {".m3u8", "application/vnd.apple.mpegurl"},
                                     {".ts", "video/mp2t"}};
  for (const auto& e : kTypes) {
    if (key.ends_with(e.ext)) return std::string(e.type);
  }
  return "application/octet-stream";
}

LocalBlobStore::LocalBlobStore(std::string root) : root_(std::move(root)) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
  fs::create_directories(root_);
}

core::Status LocalBlobStore::put_file(const std::string& key, const FileSlice& src, const std::string&) {
  if (!valid_key(key)) return bad_key();
  const auto dest = path_of(key);
  std::error_code ec;
  fs::create_directories(fs::path(dest).parent_path(), ec);
  if (ec) return core::Error{core::ErrorKind::internal, "blob_write_failed", "mkdir: " + ec.message()};
  Fd in(::open(src.path.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.fd < 0) return core::Error{core::ErrorKind::internal, "source_unreadable", "open " + src.path};
  struct stat st {};
  if (::fstat(in.fd, &st) != 0 || static_cast<uint64_t>(st.st_size) < src.offset) {
    return core::Error{core::ErrorKind::internal, "source_unreadable", "stat " + src.path};
  }
  const uint64_t avail = static_cast<uint64_t>(st.st_size) - src.offset;
  uint64_t remain = src.length ? std::min(*src.length, avail) : avail;
  // Temp name in the destination directory: rename() is atomic only within one file system.
  const auto tmp = dest + ".tmp-" + core::random_hex(6);
  Fd out(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (out.fd < 0) return write_failed("create " + tmp);
  std::vector<char> buf(1 << 20);
  uint64_t off = src.offset;
  while (remain > 0) {
    const auto want = static_cast<size_t>(std::min<uint64_t>(remain, buf.size()));
    const auto n = ::pread(in.fd, buf.data(), want, static_cast<off_t>(off));
    if (n <= 0) {
      ::unlink(tmp.c_str());
      return core::Error{core::ErrorKind::internal, "source_unreadable", "read " + src.path};
    }
    for (ssize_t done = 0; done < n;) {
      const auto w = ::write(out.fd, buf.data() + done, static_cast<size_t>(n - done));
      if (w <= 0) {
        auto e = write_failed("write " + tmp);
        ::unlink(tmp.c_str());
        return e;
      }
      done += w;
    }
    off += static_cast<uint64_t>(n);
    remain -= static_cast<uint64_t>(n);
  }
  if (::fsync(out.fd) != 0 || ::rename(tmp.c_str(), dest.c_str()) != 0) {
    auto e = write_failed("finish " + dest);
    ::unlink(tmp.c_str());
    return e;
  }
  return core::ok_status();
}

core::Status LocalBlobStore::move_file(const std::string& key, const std::string& path, const std::string& type) {
  if (!valid_key(key)) return bad_key();
  const auto dest = path_of(key);
  std::error_code ec;
  if (fs::equivalent(path, dest, ec)) return core::ok_status();  // media already wrote it in place
  fs::create_directories(fs::path(dest).parent_path(), ec);
  if (::rename(path.c_str(), dest.c_str()) == 0) return core::ok_status();
  if (errno != EXDEV) return write_failed("rename " + path);
  return BlobStore::move_file(key, path, type);  // another file system: copy, then unlink
}

core::Result<BlobInfo> LocalBlobStore::head(const std::string& key) {
  if (!valid_key(key)) return bad_key();
  struct stat st {};
  if (::stat(path_of(key).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return core::Error::not_found("not_found", "No such object");
  }
  return BlobInfo{static_cast<uint64_t>(st.st_size), content_type_for_key(key)};
}

core::Result<GetResult> LocalBlobStore::get(const std::string& key, std::optional<ByteRange> range, const Sink& sink) {
  if (!valid_key(key)) return bad_key();
  Fd in(::open(path_of(key).c_str(), O_RDONLY | O_CLOEXEC));
  struct stat st {};
  if (in.fd < 0 || ::fstat(in.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    return core::Error::not_found("not_found", "No such object");
  }
  GetResult r;
  r.total_size = static_cast<uint64_t>(st.st_size);
  r.content_type = content_type_for_key(key);
  r.first = 0;
  r.last = r.total_size == 0 ? 0 : r.total_size - 1;
  if (range) {
    if (range->first >= r.total_size || range->last < range->first) {
      return core::Error{core::ErrorKind::invalid, "range_not_satisfiable", "Range outside the object"};
    }
    r.first = range->first;
    r.last = std::min(range->last, r.total_size - 1);
  }
  if (r.total_size == 0) {
    r.last = 0;
    r.first = 1;  // empty
    return r;
  }
  std::vector<char> buf(256 * 1024);
  uint64_t off = r.first;
  while (off <= r.last) {
    const auto want = static_cast<size_t>(std::min<uint64_t>(r.last - off + 1, buf.size()));
    const auto n = ::pread(in.fd, buf.data(), want, static_cast<off_t>(off));
    if (n <= 0) return core::Error{core::ErrorKind::internal, "blob_read_failed", "read " + key};
    if (!sink(buf.data(), static_cast<size_t>(n))) {
      return core::Error{core::ErrorKind::internal, "aborted", "reader stopped"};
    }
    off += static_cast<uint64_t>(n);
  }
  return r;
}

core::Status LocalBlobStore::remove(const std::string& key) {
  if (!valid_key(key)) return bad_key();
  if (::unlink(path_of(key).c_str()) != 0 && errno != ENOENT) return write_failed("unlink " + key);
  return core::ok_status();
}

core::Result<std::vector<std::string>> LocalBlobStore::list(const std::string& prefix, size_t limit) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root_, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    auto rel = fs::relative(it->path(), root_, ec).generic_string();
    if (rel.find(".tmp-") != std::string::npos) continue;  // a put in progress
    if (rel.starts_with(prefix)) out.push_back(std::move(rel));
  }
  std::sort(out.begin(), out.end());
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::optional<std::string> LocalBlobStore::local_path(const std::string& key) const {
  if (!valid_key(key)) return std::nullopt;
  auto p = path_of(key);
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return p;
}

}  // namespace tc::blob
