// The canonical form (RFC 8785 for our value kinds) and the hash chain of the alert log (issue 13).
#include "domain/alerts/canonical_json.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <stdexcept>

using namespace tc::domain;
namespace json = boost::json;

namespace {

std::string canon(const char* text) { return canonical_json(json::parse(text)); }

TEST(CanonicalJson, SortsKeysRecursivelyWithoutWhitespace) {
  EXPECT_EQ(canon(R"({ "b": 1, "a": [ {"z": null, "y": true} , "x" ], "A": false })"),
            R"({"A":false,"a":[{"y":true,"z":null},"x"],"b":1})");
  EXPECT_EQ(canon(R"({"seq": -12, "n": 9007199254740993})"), R"({"n":9007199254740993,"seq":-12})");
  EXPECT_EQ(canon("[]"), "[]");
  EXPECT_EQ(canon("{}"), "{}");
}

TEST(CanonicalJson, SortsByUtf16CodeUnitsNotCodePoints) {
  // U+FF61 (one unit 0xFF61) sorts after U+1F600 (surrogates 0xD83D 0xDE00) in UTF-16, though its
  // code point is smaller; "é" (0xE9) after "z".
  EXPECT_EQ(canon("{\"\xEF\xBD\xA1\":1,\"\xF0\x9F\x98\x80\":2,\"z\":3,\"\xC3\xA9\":4}"),
            "{\"z\":3,\"\xC3\xA9\":4,\"\xF0\x9F\x98\x80\":2,\"\xEF\xBD\xA1\":1}");
}

TEST(CanonicalJson, EscapesStringsAsJsonStringify) {
  EXPECT_EQ(canon(R"(["q\"b\\s\/","\b\f\n\r\t","\u0001\u001f","\u007f","\u2028","é€😀"])"),
            "[\"q\\\"b\\\\s/\",\"\\b\\f\\n\\r\\t\",\"\\u0001\\u001f\",\"\x7f\",\"\xE2\x80\xA8\",\"é€😀\"]");
}

TEST(CanonicalJson, RefusesFloatingPoint) {
  EXPECT_THROW(canon("[1.5]"), std::invalid_argument);
  EXPECT_THROW(canon(R"({"price": 1e3})"), std::invalid_argument);
}

TEST(CanonicalJson, ChainHashIsSha256OfPrevHashThenEntry) {
  // Figures from Python: hashlib.sha256(("0"*64 + body).encode()).hexdigest()
  const auto body1 = canon(R"({"seq":1,"b":[true,null,"x"],"a":1})");
  EXPECT_EQ(body1, R"({"a":1,"b":[true,null,"x"],"seq":1})");
  const auto h1 = chain_hash(kGenesisHash, body1);
  EXPECT_EQ(h1, "dffd722ee3a83ca4653a59b8763eff98c096f5a04bfe59ea53fbc222e174685e");
  EXPECT_EQ(chain_hash(h1, canon(R"({"seq":2,"kind":"close"})")),
            "621d39bdac12485cfd7a3fb67f17c7e9bd81d2ed7abbeb63ace11d253213e094");
  EXPECT_EQ(kGenesisHash, std::string(64, '0'));
}

}  // namespace
