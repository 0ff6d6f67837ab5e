// The founding design's recording upload: POST /api/v1/streaming/upload, multipart/form-data with
// `stream_id` and a `video` file part (`file` is accepted too). The body is spooled to disk by the
// net layer (never held in memory) up to --upload-limit; the token and Content-Type are checked
// from the headers before a byte of it is read. Only the stream's owner, only after the stream has
// ended; MP4, WebM or Matroska by declared type and by magic bytes. Nothing changes on an error.
#include <fcntl.h>
#include <unistd.h>

#include "api/rest/authenticator.hpp"
#include "api/rest/replies.hpp"
#include "api/rest/routes.hpp"
#include "api/json/stream_json.hpp"
#include "net/multipart.hpp"

namespace tc::api {
namespace {

core::Error bad_content_type() {
  return {core::ErrorKind::unsupported_media_type, "unsupported_media_type",
          "Content-Type must be multipart/form-data with a boundary"};
}

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Blocking (file scan, SQL, blob I/O): runs on the blob pool.
core::Result<store::StreamRow> process_upload(ApiContext& ctx, const HttpRequest& req, const domain::Identity& who) {
  const auto boundary = net::multipart_boundary(*req.header("content-type"));
  if (req.body_file.empty() || req.body_size == 0) {
    return core::Error::invalid("malformed_multipart", "The request has no body");
  }
  Fd in{::open(req.body_file.c_str(), O_RDONLY | O_CLOEXEC)};
  if (in.fd < 0) throw std::runtime_error("cannot open spooled upload " + req.body_file);
  const net::ReadAt read_at = [fd = in.fd](uint64_t off, char* buf, size_t n) -> size_t {
    const auto r = ::pread(fd, buf, n, static_cast<off_t>(off));
    return r > 0 ? static_cast<size_t>(r) : 0;
  };
  auto parts = net::parse_multipart(read_at, req.body_size, *boundary);
  if (!parts) return parts.error();
  const net::MultipartPart* stream_field = nullptr;
  const net::MultipartPart* file = nullptr;
  for (const auto& p : *parts) {
    if (p.name == "stream_id" && !p.filename && !stream_field) stream_field = &p;
    if ((p.name == "video" || p.name == "file") && p.filename && !file) file = &p;
  }
  if (!stream_field || stream_field->value.empty()) {
    return core::Error::invalid("stream_id_required", "The form needs a stream_id field");
  }
  auto stream = ctx.recordings->check_upload(who, stream_field->value);
  if (!stream) return stream.error();
  if (!file) return core::Error::invalid("file_required", "The form needs a file part named video");
  if (file->length == 0) return core::Error::invalid("empty_file", "The uploaded file is empty");
  const auto declared = domain::container_for_type(file->content_type);
  if (!declared) {
    return core::Error{core::ErrorKind::unsupported_media_type, "unsupported_media_type",
                       "The file must be video/mp4, video/webm or video/x-matroska"};
  }
  std::string head(64, '\0');
  head.resize(read_at(file->offset, head.data(), static_cast<size_t>(std::min<uint64_t>(64, file->length))));
  const auto sniffed = domain::sniff_container(head);
  if (!sniffed || !domain::containers_agree(*declared, *sniffed)) {
    return core::Error{core::ErrorKind::unsupported_media_type, "unsupported_media_type",
                       "The file's content is not " + std::string(domain::content_type_of(*declared))};
  }
  domain::UploadedFile up{req.body_file, file->offset, file->length, *sniffed};
  return ctx.recordings->attach_upload(who, stream_field->value, up);
}

}  // namespace

void add_upload_routes(net::Router& router, ApiContext& ctx) {
  // Checked from the headers alone, before the body is read: an anonymous client or a wrong
  // Content-Type cannot make us write gigabytes to disk.
  auto before_body = [&ctx](const HttpRequest& req) -> std::optional<HttpResponse> {
    auto who = bearer_claims(req, ctx.tokens);
    if (!who) return error_reply(who.error());
    const auto* ct = req.header("content-type");
    if (!ct || !net::multipart_boundary(*ct)) return error_reply(bad_content_type());
    return std::nullopt;
  };
  router.add_upload("POST", "/api/v1/streaming/upload", boundary([&ctx](HttpRequest& req) -> awaitable<HttpResponse> {
                      if (!ctx.recordings)
                        co_return error_reply({core::ErrorKind::unavailable, "uploads_disabled", "No blob store"});
                      auto who = co_await authenticate(req, ctx);
                      if (!who) co_return error_reply(who.error());
                      const auto* ct = req.header("content-type");
                      if (!ct || !net::multipart_boundary(*ct)) co_return error_reply(bad_content_type());
                      auto& id = *who;
                      auto stored = co_await ctx.blob_pool->run([&] { return process_upload(ctx, req, id); });
                      if (!stored) co_return error_reply(stored.error());
                      auto o = stream_json(*stored);
                      o["media_state"] = media_state_of(ctx, *stored);
                      co_return json_reply(200, boost::json::object{{"stream", std::move(o)}});
                    }),
                    static_cast<size_t>(ctx.config.upload_limit), before_body);
}

}  // namespace tc::api
