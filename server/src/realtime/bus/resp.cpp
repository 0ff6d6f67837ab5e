#include "realtime/bus/resp.hpp"

#include <hiredis/hiredis.h>

#include <boost/asio/ip/address.hpp>

#include <charconv>

namespace tc::realtime::bus {
namespace {

RespValue convert(const redisReply* r) {
  RespValue v;
  switch (r->type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR:  // the three text replies: the same bytes, told apart by type
      v.type = r->type == REDIS_REPLY_STRING   ? RespValue::Type::string
               : r->type == REDIS_REPLY_STATUS ? RespValue::Type::status
                                               : RespValue::Type::error;
      v.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_INTEGER:
      v.type = RespValue::Type::integer;
      v.integer = r->integer;
      break;
    case REDIS_REPLY_ARRAY:
      v.type = RespValue::Type::array;
      v.elements.reserve(r->elements);
      for (size_t i = 0; i < r->elements; ++i) v.elements.push_back(convert(r->element[i]));
      break;
    default:
      v.type = RespValue::Type::nil;
  }
  return v;
}

// hiredis 0.14 allocates an array's element table from the count in its header, before any element
// arrives: "*2147483647\r\n" (13 bytes) asks for 16 GiB, and "*100000000\r\n" for 800 MB (found by
// tests/fuzz/resp_reply). The replies the bus reads have at most 3 elements; a bigger announced
// count is refused as a protocol error before anything is allocated.
constexpr int kMaxArrayElements = 1024;
const redisReplyObjectFunctions* hiredis_functions = nullptr;  // hiredis's defaults, set once

void* create_array_bounded(const redisReadTask* task, int elements) {
  if (elements > kMaxArrayElements) {
    *static_cast<int*>(task->privdata) = elements;
    return nullptr;  // the reader stops with an error
  }
  return hiredis_functions->createArray(task, elements);
}

}  // namespace

RespReader::RespReader() : reader_(redisReaderCreate()) {
  if (!reader_) throw std::bad_alloc();
  static const redisReplyObjectFunctions bounded = [this] {
    hiredis_functions = reader_->fn;
    redisReplyObjectFunctions f = *reader_->fn;
    f.createArray = create_array_bounded;
    return f;
  }();
  reader_->fn = const_cast<redisReplyObjectFunctions*>(&bounded);
  reader_->privdata = &refused_elements_;
}

RespReader::~RespReader() { redisReaderFree(reader_); }

void RespReader::feed(std::string_view bytes) {
  if (redisReaderFeed(reader_, bytes.data(), bytes.size()) != REDIS_OK) {
    throw RespError(std::string("redis protocol: ") + reader_->errstr);
  }
}

std::optional<RespValue> RespReader::next() {
  void* raw = nullptr;
  if (redisReaderGetReply(reader_, &raw) != REDIS_OK) {
    if (refused_elements_ > 0) {
      throw RespError("redis protocol: an array of " + std::to_string(refused_elements_) + " elements (at most " +
                      std::to_string(kMaxArrayElements) + ")");
    }
    throw RespError(std::string("redis protocol: ") + reader_->errstr);
  }
  if (!raw) return std::nullopt;
  std::unique_ptr<redisReply, void (*)(void*)> reply(static_cast<redisReply*>(raw), freeReplyObject);
  return convert(reply.get());
}

std::string resp_command(const std::vector<std::string_view>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  argv.reserve(args.size());
  lens.reserve(args.size());
  for (auto a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  char* out = nullptr;
  const int n = redisFormatCommandArgv(&out, static_cast<int>(args.size()), argv.data(), lens.data());
  if (n < 0 || !out) throw std::bad_alloc();
  std::string cmd(out, static_cast<size_t>(n));
  redisFreeCommand(out);
  return cmd;
}

std::optional<PubSubReply> as_pubsub(RespValue&& v) {
  if (v.type != RespValue::Type::array || v.elements.size() != 3) return std::nullopt;
  auto& e = v.elements;
  if (e[0].type != RespValue::Type::string || e[1].type != RespValue::Type::string) return std::nullopt;
  PubSubReply out{std::move(e[0].str), std::move(e[1].str), {}};
  if (out.kind == "message") {
    if (e[2].type != RespValue::Type::string) return std::nullopt;
    out.payload = std::move(e[2].str);
  } else if (out.kind != "subscribe" && out.kind != "unsubscribe") {
    return std::nullopt;
  }
  return out;
}

RedisAddress parse_redis_url(std::string_view url) {
  constexpr std::string_view scheme = "redis://";
  if (!url.starts_with(scheme)) throw std::invalid_argument("expected redis://IP:PORT");
  auto rest = url.substr(scheme.size());
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.find('@') != std::string_view::npos || rest.find('/') != std::string_view::npos) {
    throw std::invalid_argument("expected redis://IP:PORT (no credentials or database number)");
  }
  RedisAddress a;
  std::string_view host = rest, port;
  if (rest.starts_with('[')) {  // [IPv6]:PORT
    const auto close = rest.find(']');
    if (close == std::string_view::npos) throw std::invalid_argument("bad IPv6 address in redis URL");
    host = rest.substr(1, close - 1);
    auto after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') throw std::invalid_argument("bad redis URL");
      port = after.substr(1);
    }
  } else if (const auto colon = rest.find(':'); colon != std::string_view::npos && rest.rfind(':') == colon) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  if (!port.empty() || (rest.starts_with('[') && rest.ends_with(':'))) {
    unsigned n = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), n);
    if (ec != std::errc() || end != port.data() + port.size() || n == 0 || n > 65535) {
      throw std::invalid_argument("bad port in redis URL");
    }
    a.port = static_cast<uint16_t>(n);
  } else if (rest.find(':') != std::string_view::npos && rest.rfind(':') == rest.find(':')) {
    throw std::invalid_argument("bad port in redis URL");  // "IP:" with nothing after
  }
  if (host == "localhost") host = "127.0.0.1";
  boost::system::error_code ec;
  boost::asio::ip::make_address(std::string(host), ec);
  if (ec)
    throw std::invalid_argument("redis host must be an IP address (name lookup would block): " + std::string(host));
  a.ip = host;
  return a;
}

}  // namespace tc::realtime::bus
