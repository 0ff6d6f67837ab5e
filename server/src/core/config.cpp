#include "core/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <unistd.h>

extern char** environ;

namespace tc::core {
namespace {

template <class Int>
Int parse_int(std::string_view name, std::string_view s, Int lo, Int hi) {
  Int v{};
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < lo || v > hi) {
    throw ConfigError("--" + std::string(name) + ": expected an integer in [" + std::to_string(lo) + ", " +
                      std::to_string(hi) + "], got '" + std::string(s) + "'");
  }
  return v;
}

std::string normalize(std::string_view name) {
  std::string out(name);
  for (auto& c : out) {
    if (c == '_') c = '-';
  }
  return out;
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    auto end = s.find(',', start);
    if (end == std::string_view::npos) end = s.size();
    auto item = s.substr(start, end - start);
    if (!item.empty()) out.emplace_back(item);
    start = end + 1;
  }
  return out;
}

const OptionSpec* find_spec(std::string_view name) {
  const auto key = normalize(name);
  for (const auto& spec : option_specs()) {
    if (spec.name == key) return &spec;
  }
  return nullptr;
}

std::vector<OptionSpec> build_specs() {
  std::vector<OptionSpec> s;
  auto str = [&](std::string name, std::string help, std::string Config::*field) {
    s.push_back({std::move(name), std::move(help), [field](Config& c, std::string_view v) { c.*field = v; }});
  };
  auto integer = [&](const std::string& name, std::string help, int Config::*field, int lo, int hi) {
    s.push_back({name, std::move(help),
                 [field, name, lo, hi](Config& c, std::string_view v) { c.*field = parse_int<int>(name, v, lo, hi); }});
  };
  auto duration = [&](std::string name, std::string help, int64_t Config::*field) {
    s.push_back({std::move(name), std::move(help),
                 [field](Config& c, std::string_view v) { c.*field = parse_duration_ms(v); }});
  };
  auto rate = [&](std::string name, std::string help, RateSpec Config::*field) {
    s.push_back(
        {std::move(name), std::move(help), [field](Config& c, std::string_view v) { c.*field = parse_rate(v); }});
  };

  str("host", "address to listen on", &Config::host);
  s.push_back({"port", "TCP port (0 picks a free one)",
               [](Config& c, std::string_view v) { c.port = parse_int<uint16_t>("port", v, 0, 65535); }});
  s.push_back({"cors-origin", "allowed browser origin for the API and Socket.IO (repeatable; * for any)",
               [](Config& c, std::string_view v) {
                 for (auto& o : split_list(v)) c.cors_origins.push_back(o);
               },
               true});
  s.push_back({"body-limit", "largest JSON request body in bytes", [](Config& c, std::string_view v) {
                 c.body_limit = parse_int<size_t>("body-limit", v, 1024, 16 * 1024 * 1024);
               }});
  integer("io-threads", "I/O threads (0: one per core)", &Config::io_threads, 0, 256);
  duration("shutdown-timeout", "how long SIGTERM waits for in-flight requests", &Config::shutdown_timeout_ms);
  str("data-dir", "directory for the SQLite database, secrets and recordings", &Config::data_dir);
  str("db", "database URL: sqlite:PATH (default: data-dir/tradecast.db) or mysql://user:pass@host:port/db",
      &Config::db);
  integer("db-pool-size", "database connections", &Config::db_pool_size, 1, 256);
  duration("db-timeout", "longest a request waits for the database before answering 503 db_unavailable",
           &Config::db_timeout_ms);
  str("web-dir", "directory of the built web UI (default: web/dist if present)", &Config::web_dir);
  s.push_back({"log-level", "trace, debug, info, warn, error", [](Config& c, std::string_view v) {
                 static const char* levels[] = {"trace", "debug", "info", "warn", "error", "critical", "off"};
                 for (auto* l : levels) {
                   if (v == l) {
                     c.log_level = v;
                     return;
                   }
                 }
                 throw ConfigError("--log-level: unknown level '" + std::string(v) + "'");
               }});
  str("jwt-secret", "HS256 token secret (default: generated into data-dir/jwt-secret)", &Config::jwt_secret);
  str("jwt-public-key", "PEM public key accepting RS256 tokens of an external issuer", &Config::jwt_public_key_file);
  str("jwt-issuer", "required iss claim of external RS256 tokens", &Config::jwt_issuer);
  duration("token-ttl", "lifetime of issued tokens", &Config::token_ttl_ms);
  s.push_back({"argon2-cost", "password hash cost: interactive, moderate or min", [](Config& c, std::string_view v) {
                 if (v != "interactive" && v != "moderate" && v != "min") {
                   throw ConfigError("--argon2-cost: expected interactive, moderate or min");
                 }
                 c.argon2_cost = v;
               }});
  integer("auth-workers", "threads hashing passwords", &Config::auth_workers, 1, 64);
  integer("auth-queue", "password hashes allowed to wait; beyond it requests get 503", &Config::auth_queue, 1, 100000);
  rate("auth-rate-limit", "register and login attempts per IP, e.g. 20/60s (0: off)", &Config::auth_rate_limit);
  rate("login-fail-limit", "failed logins per username, e.g. 5/60s (0: off)", &Config::login_fail_limit);
  rate("rest-rate-limit-ip", "REST requests per client address, e.g. 2000/10s; 429 beyond (0: off)",
       &Config::rest_rate_limit_ip);
  rate("rest-rate-limit-token", "REST requests per Bearer token, e.g. 600/10s; 429 beyond (0: off)",
       &Config::rest_rate_limit_token);
  integer("max-live-streams", "live streams one user may have at once", &Config::max_live_streams_per_user, 1, 1000);
  s.push_back({"protocol-test-mode",
               "serve the Engine.IO/Socket.IO conformance endpoints (/engine.io/ echo; echo namespaces / and /custom)",
               [](Config& c, std::string_view v) {
                 if (v == "true" || v == "1") {
                   c.protocol_test_mode = true;
                 } else if (v == "false" || v == "0") {
                   c.protocol_test_mode = false;
                 } else {
                   throw ConfigError("--protocol-test-mode: expected true or false");
                 }
               },
               false, true});
  duration("ping-interval", "Engine.IO heartbeat interval", &Config::ping_interval_ms);
  duration("ping-timeout", "Engine.IO: how long a client may take to answer a ping", &Config::ping_timeout_ms);
  s.push_back({"max-payload", "largest Engine.IO polling body or WebSocket message in bytes",
               [](Config& c, std::string_view v) {
                 c.max_payload = parse_int<size_t>("max-payload", v, 1024, 100 * 1024 * 1024);
               }});
  integer("max-connections-per-ip", "realtime sessions one client address may hold", &Config::max_connections_per_ip, 1,
          10'000'000);
  integer("max-connections", "realtime sessions in all", &Config::max_connections, 1, 10'000'000);
  rate("handshake-rate", "new realtime sessions per IP, e.g. 600/60s (0: off)", &Config::handshake_rate);
  rate("chat-rate-limit", "chat messages per user per stream, e.g. 5/10s (0: off)", &Config::chat_rate_limit);
  integer("chat-history", "recent messages sent to a viewer who joins", &Config::chat_history, 0, 500);
  duration("viewer-sample-interval", "how often each LIVE stream's viewer count is recorded (viewers over time)",
           &Config::viewer_sample_interval_ms);
  integer("viewer-samples-max", "viewer-count samples kept per stream", &Config::viewer_samples_max, 10, 100'000);
  s.push_back({"redis",
               "Redis for several nodes: redis://IP:PORT carries room events and viewer counts between "
               "nodes (default: one node, in-process)",
               [](Config& c, std::string_view v) {
                 if (!v.empty() && !v.starts_with("redis://")) throw ConfigError("--redis: expected redis://IP:PORT");
                 c.redis = v;
               }});
  duration("node-heartbeat", "several nodes: how often each node writes its heartbeat to the database",
           &Config::node_heartbeat_ms);
  duration("node-ttl",
           "several nodes: a node silent this long is declared dead (its viewers removed); at least 2x "
           "--node-heartbeat",
           &Config::node_ttl_ms);
  str("operator-key", "operator API key (X-Operator-Key) for deposits and payout decisions; empty disables them",
      &Config::operator_key);
  s.push_back(
      {"currency", "the deployment's currency, an ISO 4217 code such as USD or EUR", [](Config& c, std::string_view v) {
         if (v.size() != 3 || !std::all_of(v.begin(), v.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; })) {
           throw ConfigError("--currency: expected three upper-case letters, e.g. USD");
         }
         c.currency = v;
       }});
  integer("tip-fee-bps", "platform fee on tips and subscriptions in basis points (500 = 5%)", &Config::tip_fee_bps, 0,
          10000);
  s.push_back({"tip-max-cents", "largest single tip in cents", [](Config& c, std::string_view v) {
                 c.tip_max_cents = parse_int<int64_t>("tip-max-cents", v, 1, int64_t{1} << 53);
               }});
  duration("subscription-period", "length of one paid subscription period", &Config::subscription_period_ms);
  duration("renewal-interval", "how often due subscriptions are renewed or expired", &Config::renewal_interval_ms);
  rate("tip-rate-limit", "tips per user, e.g. 20/10s (0: off)", &Config::tip_rate_limit);
  s.push_back({"media", "serve WHIP/WHEP, HLS and recordings (true/false)", [](Config& c, std::string_view v) {
                 if (v != "true" && v != "false") throw ConfigError("--media: expected true or false");
                 c.media = v == "true";
               }});
  s.push_back({"webrtc-ip", "address ICE gathers on and announces (repeatable; default: every interface)",
               [](Config& c, std::string_view v) {
                 for (auto& ip : split_list(v)) c.webrtc_ips.push_back(ip);
               },
               true});
  s.push_back(
      {"webrtc-ports", "UDP port range for WebRTC, e.g. 40000-40999 (default: any)", [](Config& c, std::string_view v) {
         const auto dash = v.find('-');
         if (dash == std::string_view::npos) throw ConfigError("--webrtc-ports: expected MIN-MAX");
         c.webrtc_port_min = parse_int<uint16_t>("webrtc-ports", v.substr(0, dash), 0, 65535);
         c.webrtc_port_max = parse_int<uint16_t>("webrtc-ports", v.substr(dash + 1), 0, 65535);
         if (c.webrtc_port_max < c.webrtc_port_min) throw ConfigError("--webrtc-ports: MAX below MIN");
       }});
  duration("publish-grace", "how long a dropped publisher may reconnect to the same stream", &Config::publish_grace_ms);
  duration("publish-wait", "how long a stream waits for its first publisher before it ends", &Config::publish_wait_ms);
  integer("max-media-streams", "live ingests this node accepts", &Config::max_media_streams, 1, 10000);
  integer("max-webrtc-viewers", "WebRTC (WHEP) viewers per stream", &Config::max_webrtc_viewers, 1, 10000);
  integer("max-transcodes", "VP8 streams transcoded to H.264 for HLS at once (0: refuse VP8)", &Config::max_transcodes,
          0, 1000);
  s.push_back({"blob-store", "where recordings go: local (data-dir/media) or s3", [](Config& c, std::string_view v) {
                 if (v != "local" && v != "s3") throw ConfigError("--blob-store: expected local or s3");
                 c.blob_store = v;
               }});
  str("s3-endpoint", "S3-compatible endpoint URL, path-style (e.g. http://127.0.0.1:4569)", &Config::s3_endpoint);
  str("s3-public-endpoint", "endpoint URL browsers use for presigned recording URLs (default: --s3-endpoint)",
      &Config::s3_public_endpoint);
  str("s3-bucket", "S3 bucket for recordings and thumbnails", &Config::s3_bucket);
  str("s3-region", "S3 region used in request signatures", &Config::s3_region);
  str("s3-access-key", "S3 access key id", &Config::s3_access_key);
  str("s3-secret-key", "S3 secret access key (prefer TRADECAST_S3_SECRET_KEY)", &Config::s3_secret_key);
  s.push_back({"s3-part-size", "S3 multipart part size in bytes (at least 5 MiB)", [](Config& c, std::string_view v) {
                 c.s3_part_size = parse_int<uint64_t>("s3-part-size", v, 5ull << 20, 5ull << 30);
               }});
  duration("s3-url-ttl", "lifetime of presigned recording URLs (1s to 7d)", &Config::s3_url_ttl_ms);
  integer("blob-workers", "threads doing blob store I/O", &Config::blob_workers, 1, 64);
  s.push_back({"upload-limit", "largest recording upload in bytes (streamed to disk, never held in memory)",
               [](Config& c, std::string_view v) {
                 c.upload_limit = parse_int<uint64_t>("upload-limit", v, 1024, 1ull << 40);
               }});
  duration("http-header-timeout", "time a client has to send a request's whole head (request line and headers)",
           &Config::http_header_timeout_ms);
  duration("http-idle-timeout", "how long an idle keep-alive HTTP connection is kept", &Config::http_idle_timeout_ms);
  return s;
}

}  // namespace

const std::vector<OptionSpec>& option_specs() {
  static const std::vector<OptionSpec> specs = build_specs();
  return specs;
}

std::string env_name(std::string_view option) {
  std::string out = "TRADECAST_";
  for (char c : option) out.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

void apply_option(Config& cfg, std::string_view name, std::string_view value) {
  const auto* spec = find_spec(name);
  if (!spec) throw ConfigError("unknown option '" + std::string(name) + "'");
  spec->set(cfg, value);
}

void apply_toml_file(Config& cfg, const std::string& path) {
  toml::table tbl;
  try {
    tbl = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw ConfigError("config " + path + ": " + std::string(e.description()));
  }
  for (const auto& [key, node] : tbl) {
    const auto name = std::string(key.str());
    const auto* spec = find_spec(name);
    if (!spec) throw ConfigError("config " + path + ": unknown key '" + name + "'");
    auto as_string = [&](const toml::node& n) -> std::string {
      if (auto v = n.value<std::string>()) return *v;
      if (auto v = n.value<int64_t>()) return std::to_string(*v);
      if (auto v = n.value<bool>()) return *v ? "true" : "false";
      throw ConfigError("config " + path + ": '" + name + "' must be a string, integer or boolean");
    };
    if (const auto* arr = node.as_array()) {
      if (!spec->repeatable) throw ConfigError("config " + path + ": '" + name + "' takes one value");
      for (const auto& item : *arr) spec->set(cfg, as_string(item));
    } else {
      spec->set(cfg, as_string(node));
    }
  }
}

void apply_env(Config& cfg, const std::map<std::string, std::string>& env) {
  for (const auto& spec : option_specs()) {
    auto it = env.find(env_name(spec.name));
    if (it != env.end() && !it->second.empty()) spec.set(cfg, it->second);
  }
}

std::map<std::string, std::string> current_environment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string_view::npos && kv.starts_with("TRADECAST_")) {
      out.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
    }
  }
  return out;
}

int64_t parse_duration_ms(std::string_view s) {
  size_t digits = 0;
  while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) ++digits;
  if (digits == 0) throw ConfigError("bad duration '" + std::string(s) + "' (examples: 500ms, 60s, 10m, 7d)");
  const auto n = parse_int<int64_t>("duration", s.substr(0, digits), 0, 1'000'000'000);
  const auto unit = s.substr(digits);
  if (unit == "ms") return n;
  if (unit == "s" || unit.empty()) return n * 1000;
  if (unit == "m") return n * 60'000;
  if (unit == "h") return n * 3'600'000;
  if (unit == "d") return n * 86'400'000;
  throw ConfigError("bad duration unit in '" + std::string(s) + "' (use ms, s, m, h or d)");
}

RateSpec parse_rate(std::string_view s) {
  if (s == "0" || s == "off") return {};
  const auto slash = s.find('/');
  if (slash == std::string_view::npos) throw ConfigError("bad rate '" + std::string(s) + "' (example: 20/60s, or 0)");
  RateSpec r;
  r.count = parse_int<int>("rate", s.substr(0, slash), 0, 1'000'000);
  r.window_ms = parse_duration_ms(s.substr(slash + 1));
  if (r.count > 0 && r.window_ms <= 0) throw ConfigError("bad rate window in '" + std::string(s) + "'");
  return r;
}

}  // namespace tc::core
