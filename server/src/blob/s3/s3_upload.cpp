#include "blob/s3/s3_upload.hpp"

#include <unistd.h>

#include <algorithm>
#include <vector>

#include "core/logging.hpp"

namespace tc::blob::s3 {
namespace {

constexpr uint64_t kMaxParts = 10'000;  // S3's limit per multipart upload

// buf.size() bytes from `offset`; false on a read error or a file shorter than that.
bool read_at(int fd, std::string& buf, uint64_t offset) {
  for (size_t got = 0; got < buf.size();) {
    const auto r = ::pread(fd, buf.data() + got, buf.size() - got, static_cast<off_t>(offset + got));
    if (r <= 0) return false;
    got += static_cast<size_t>(r);
  }
  return true;
}

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

core::Status put_single(const Client& client, const std::string& key, const UploadSource& src,
                        const std::string& content_type) {
  std::string body(static_cast<size_t>(src.length), '\0');
  if (!read_at(src.fd, body, src.offset))
    return core::Error{core::ErrorKind::internal, "source_unreadable", "read " + src.path};
  Request req;
  req.method = "PUT";
  req.key = key;
  req.body = &body;
  req.headers.push_back("Content-Type: " + content_type);
  auto res = client.perform(req);
  if (!res.ok()) return res.error("put " + key);
  return core::ok_status();
}

std::string complete_xml(const std::vector<std::string>& etags) {
  std::string xml = "<CompleteMultipartUpload>";
  for (size_t i = 0; i < etags.size(); ++i) {
    xml +=
        "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" + xml_escape(etags[i]) + "</ETag></Part>";
  }
  xml += "</CompleteMultipartUpload>";
  return xml;
}

core::Status put_multipart(const Client& client, const std::string& key, const UploadSource& src,
                           uint64_t min_part_size, const std::string& content_type) {
  auto log = core::logger("blob.s3");
  Request create;
  create.method = "POST";
  create.key = key;
  create.query = {{"uploads", ""}};
  create.headers.push_back("Content-Type: " + content_type);
  auto created = client.perform(create);
  if (!created.ok()) return created.error("create multipart " + key);
  const auto upload_id = xml_value(created.body, "UploadId");
  if (upload_id.empty()) return core::Error{core::ErrorKind::unavailable, "blob_unavailable", "no UploadId"};

  auto abort = [&](core::Error e) -> core::Status {
    Request del;
    del.method = "DELETE";
    del.key = key;
    del.query = {{"uploadId", upload_id}};
    auto r = client.perform(del);
    if (!r.ok()) log->warn("msg=\"abort multipart failed\" key={} status={}", key, r.status);
    return e;
  };

  const uint64_t part_size = std::max<uint64_t>(min_part_size, (src.length + kMaxParts - 1) / kMaxParts);
  std::vector<std::string> etags;
  std::string buf;
  for (uint64_t done = 0; done < src.length;) {
    buf.resize(static_cast<size_t>(std::min<uint64_t>(part_size, src.length - done)));
    if (!read_at(src.fd, buf, src.offset + done))
      return abort({core::ErrorKind::internal, "source_unreadable", "read " + src.path});
    Request part;
    part.method = "PUT";
    part.key = key;
    part.query = {{"partNumber", std::to_string(etags.size() + 1)}, {"uploadId", upload_id}};
    part.body = &buf;
    auto r = client.perform(part);
    if (!r.ok()) return abort(r.error("upload part " + std::to_string(etags.size() + 1) + " of " + key));
    const auto& etag = r.header("etag");
    if (etag.empty()) return abort({core::ErrorKind::unavailable, "blob_unavailable", "part without ETag"});
    etags.push_back(etag);
    done += buf.size();
  }
  buf.clear();
  buf.shrink_to_fit();

  const auto xml = complete_xml(etags);
  Request complete;
  complete.method = "POST";
  complete.key = key;
  complete.query = {{"uploadId", upload_id}};
  complete.body = &xml;
  complete.headers.emplace_back("Content-Type: application/xml");
  auto done = client.perform(complete);
  // S3 may answer 200 and still report an error in the body.
  if (!done.ok() || done.body.find("<Error>") != std::string::npos) {
    return abort(done.ok() ? core::Error{core::ErrorKind::unavailable, "blob_unavailable",
                                         "complete multipart: " + xml_value(done.body, "Code")}
                           : done.error("complete multipart " + key));
  }
  log->info("msg=\"multipart upload complete\" key={} bytes={} parts={}", key, src.length, etags.size());
  return core::ok_status();
}

}  // namespace

core::Status put_object(const Client& client, const std::string& key, const UploadSource& src, uint64_t part_size,
                        const std::string& content_type) {
  if (src.length > part_size) return put_multipart(client, key, src, part_size, content_type);
  return put_single(client, key, src, content_type);
}

}  // namespace tc::blob::s3
