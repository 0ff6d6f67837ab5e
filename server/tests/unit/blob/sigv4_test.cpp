#include "blob/s3/sigv4.hpp"

#include <gtest/gtest.h>

using namespace tc::blob::sigv4;

// The example of the AWS S3 docs ("Authenticating Requests: Using Query Parameters (AWS Signature
// Version 4)"): GET examplebucket/test.txt, 2013-05-24 00:00:00 UTC, valid 86400 s, with the
// documentation's example credentials. Its published signature is the expected value.
TEST(SigV4, PresignMatchesTheAwsDocumentationExample) {
  PresignInput in;
  in.host = "examplebucket.s3.amazonaws.com";
  in.path = "/test.txt";
  in.region = "us-east-1";
  in.access_key = "AKIAIOSFODNN7EXAMPLE";
  in.secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  in.now = 1369353600;  // 2013-05-24T00:00:00Z
  in.expires_s = 86400;
  const auto p = presign(in);
  EXPECT_EQ(p.canonical_request,
            "GET\n/test.txt\n"
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\n"
            "host:examplebucket.s3.amazonaws.com\n\nhost\nUNSIGNED-PAYLOAD");
  EXPECT_EQ(p.signature, "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
  EXPECT_TRUE(p.query.ends_with("&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"));
}

TEST(SigV4, PresignDependsOnKeyTimeAndPath) {
  PresignInput in;
  in.host = "127.0.0.1:4569";
  in.path = "/vod/a/recording.mkv";
  in.access_key = "S3RVER";
  in.secret_key = "S3RVER";
  in.now = 1700000000;
  const auto a = presign(in);
  in.path = "/vod/b/recording.mkv";
  EXPECT_NE(presign(in).signature, a.signature);
  in.path = "/vod/a/recording.mkv";
  in.now += 1;
  EXPECT_NE(presign(in).signature, a.signature);
}

TEST(SigV4, EncodesTheWayAwsCanonicalisesIt) {
  EXPECT_EQ(uri_encode("a b/c~d_e.f-g", true), "a%20b/c~d_e.f-g");
  EXPECT_EQ(uri_encode("a/b", false), "a%2Fb");
  EXPECT_EQ(uri_encode("é", false), "%C3%A9");
  // Sorted by name, "uploads" with an explicit '=' (curl's signer needs "?uploads=").
  EXPECT_EQ(canonical_query({{"uploadId", "x y"}, {"partNumber", "2"}}), "partNumber=2&uploadId=x%20y");
  EXPECT_EQ(canonical_query({{"uploads", ""}}), "uploads=");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(amz_date(1369353600), "20130524T000000Z");
}
