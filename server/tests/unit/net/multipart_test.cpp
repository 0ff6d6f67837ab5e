#include "net/multipart.hpp"

#include <gtest/gtest.h>

using namespace tc::net;

namespace {
const std::string kB = "----tcBoundary42";

std::string form(const std::string& file_bytes) {
  return "--" + kB + "\r\n"
         "Content-Disposition: form-data; name=\"stream_id\"\r\n\r\n"
         "5f0c1f7e-0000-4000-8000-000000000001\r\n"
         "--" + kB + "\r\n"
         "Content-Disposition: form-data; name=\"video\"; filename=\"stream 1.webm\"\r\n"
         "Content-Type: video/webm\r\n\r\n" +
         file_bytes + "\r\n--" + kB + "--\r\n";
}
}  // namespace

TEST(Multipart, BoundaryFromContentType) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data; boundary=\"a b\""), "a b");
  EXPECT_EQ(multipart_boundary("multipart/form-data"), std::nullopt);
  EXPECT_EQ(multipart_boundary("application/json; boundary=abc"), std::nullopt);
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'x')), std::nullopt);
}

TEST(Multipart, FindsFieldsAndTheFileAsARange) {
  const std::string file = std::string("\x1a\x45\xdf\xa3", 4) + "binary\r\n--not-the-boundary\r\n\0x" + "end";
  const auto body = form(file);
  auto parts = parse_multipart(body, kB);
  ASSERT_TRUE(parts) << parts.error().message;
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "stream_id");
  EXPECT_EQ((*parts)[0].value, "5f0c1f7e-0000-4000-8000-000000000001");
  EXPECT_FALSE((*parts)[0].filename);
  const auto& f = (*parts)[1];
  EXPECT_EQ(f.name, "video");
  EXPECT_EQ(f.filename, "stream 1.webm");
  EXPECT_EQ(f.content_type, "video/webm");
  EXPECT_EQ(body.substr(f.offset, f.length), file);
  EXPECT_TRUE(f.value.empty());  // file contents are never copied
}

TEST(Multipart, FindsADelimiterSplitAcrossReadChunks) {
  // A file part larger than the scanner's 1 MiB chunk, with the closing delimiter straddling it.
  for (size_t size : {(1u << 20) - 10, (1u << 20) - 3, (1u << 20) + 7, (3u << 20) + 1}) {
    const std::string file(size, 'v');
    const auto body = form(file);
    auto parts = parse_multipart(body, kB);
    ASSERT_TRUE(parts) << size << ": " << parts.error().message;
    ASSERT_EQ(parts->size(), 2u);
    EXPECT_EQ((*parts)[1].length, size);
  }
}

TEST(Multipart, RejectsMalformedBodies) {
  const auto body = form("data");
  auto expect_bad = [](const std::string& b, const char* why) {
    auto r = parse_multipart(b, kB);
    ASSERT_FALSE(r) << why;
    EXPECT_EQ(r.error().code, "malformed_multipart") << why;
  };
  expect_bad("no delimiters at all", "no delimiter");
  expect_bad(body.substr(0, body.size() - 12), "no closing delimiter");  // truncated upload
  expect_bad("--" + kB + "\r\nContent-Type: text/plain\r\n\r\nx\r\n--" + kB + "--", "no Content-Disposition");
  expect_bad("--" + kB + "\r\nContent-Disposition: form-data; name=\"a\"\r\n" + std::string(10000, 'h') + "\r\n--" +
                 kB + "--",
             "unterminated headers");
  MultipartLimits small;
  small.max_field_bytes = 3;
  EXPECT_FALSE(parse_multipart(body, kB, small));  // stream_id longer than 3 bytes
  small = {};
  small.max_parts = 1;
  EXPECT_FALSE(parse_multipart(body, kB, small));
}

TEST(Multipart, EmptyFormIsValidButHasNoParts) {
  auto r = parse_multipart("--" + kB + "--\r\n", kB);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->empty());
}
