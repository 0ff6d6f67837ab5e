#pragma once
// AWS Signature Version 4 pieces we need ourselves. libcurl (CURLOPT_AWS_SIGV4) signs our requests,
// but it cannot presign a URL (query-string authentication), which we hand to browsers so they GET
// recordings straight from the bucket with Range. Facts from the AWS S3 docs ("Authenticating
// Requests: Using Query Parameters"); the unit test checks the published example.
#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tc::blob::sigv4 {

std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);  // raw 32 bytes
std::string hex(std::string_view raw);

// RFC 3986 encoding as SigV4 wants it: unreserved characters stay, everything else is %XX (upper
// case); '/' stays when `keep_slash` (object key paths).
std::string uri_encode(std::string_view s, bool keep_slash);

// "20130524T000000Z" for a UTC time.
std::string amz_date(std::time_t t);

// Sorted by name then value, encoded, joined with '&' — the canonical query string, also usable as
// the query of the URL itself. A parameter without value is written "name=".
std::string canonical_query(std::vector<std::pair<std::string, std::string>> params);

struct PresignInput {
  std::string method = "GET";
  std::string host;          // Host header value, with ":port" when not the scheme's default
  std::string path;          // absolute, not yet encoded ("/bucket/key"): each segment gets encoded
  std::string region = "us-east-1";
  std::string service = "s3";
  std::string access_key, secret_key;
  std::time_t now = 0;
  int64_t expires_s = 3600;  // S3 accepts 1 s to 7 days
};

struct Presigned {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;  // hex
  std::string query;      // the full query string, X-Amz-Signature last
};

// Query-string authentication with only `host` signed and an UNSIGNED-PAYLOAD body hash.
Presigned presign(const PresignInput& in);

}  // namespace tc::blob::sigv4
