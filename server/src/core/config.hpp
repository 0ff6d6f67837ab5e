#pragma once
// Server configuration. Each option is declared once in option_specs() and can be set, in rising
// precedence, by a TOML file (`data_dir = "..."`), an environment variable (`TRADECAST_DATA_DIR`)
// and a command-line flag (`--data-dir`).
#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tc::core {

struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// "N per window"; count 0 switches the limit off (for benchmarks).
struct RateSpec {
  int count = 0;
  int64_t window_ms = 0;
  bool enabled() const { return count > 0 && window_ms > 0; }
};

struct Config {
  // Network
  std::string host = "0.0.0.0";
  uint16_t port = 3200;
  std::vector<std::string> cors_origins;  // empty: same-origin only; "*" allows any
  size_t body_limit = 64 * 1024;          // bytes of a JSON request body
  int io_threads = 0;                     // 0: one per core
  int64_t shutdown_timeout_ms = 10'000;   // bounded wait for in-flight requests on SIGTERM

  // Storage
  std::string data_dir = "./data";
  std::string db;  // empty: SQLite file in data_dir; mysql://user:pass@host:port/db for MariaDB
  int db_pool_size = 4;
  int64_t db_timeout_ms = 5'000;  // a request needing the database gives up (503) after this long

  // Web UI
  std::string web_dir;  // empty: web/dist next to the binary's project, if present

  // Logging
  std::string log_level = "info";

  // Accounts
  std::string jwt_secret;           // empty: generated into data_dir/jwt-secret on first start
  std::string jwt_public_key_file;  // PEM; enables RS256 tokens from an external issuer
  std::string jwt_issuer;           // required `iss` of external tokens, if set
  int64_t token_ttl_ms = 7LL * 24 * 3600 * 1000;
  std::string argon2_cost = "interactive";  // interactive | moderate | min (tests)
  int auth_workers = 2;                     // threads hashing passwords
  int auth_queue = 64;                      // password hashes waiting at most; more → 503
  RateSpec auth_rate_limit{20, 60'000};     // register+login attempts per IP
  RateSpec login_fail_limit{5, 60'000};     // failed logins per username
  // REST request budget (issue 12), every /api/ request: per client address and per token.
  RateSpec rest_rate_limit_ip{2000, 10'000};
  RateSpec rest_rate_limit_token{600, 10'000};

  // Streams
  int max_live_streams_per_user = 3;

  // Realtime (Engine.IO / Socket.IO)
  bool protocol_test_mode = false;  // conformance endpoints: /engine.io/ echo, echo namespaces
  int64_t ping_interval_ms = 25'000;
  int64_t ping_timeout_ms = 20'000;
  size_t max_payload = 1'000'000;              // bytes of one polling body or WebSocket message
  int max_connections_per_ip = 2'000;          // Engine.IO sessions per client address
  int max_connections = 200'000;               // Engine.IO sessions in all
  RateSpec handshake_rate{600, 60'000};        // new sessions per IP
  RateSpec chat_rate_limit{5, 10'000};         // chat messages per user per room (streamer/mods get 4x)
  int chat_history = 50;                       // messages sent with joined_stream
  int64_t viewer_sample_interval_ms = 15'000;  // viewers over time: one sample per LIVE stream this often
  int viewer_samples_max = 2'000;              // samples kept per stream (spacing widens as it ages)
  // Several nodes: the Redis that carries room events and viewer counts between them
  // (redis://IP:PORT). Empty: one node, an in-process bus.
  std::string redis;
  // With several nodes (issue 12 §3): each node's heartbeat in the database this often; a node silent
  // for node_ttl_ms is declared dead by the others (its watch sessions closed, counts corrected).
  int64_t node_heartbeat_ms = 2'000;
  int64_t node_ttl_ms = 10'000;

  // Money (issue 4)
  std::string operator_key;           // X-Operator-Key for deposits and payout decisions; empty: those endpoints off
  std::string currency = "USD";       // ISO 4217 code, one per deployment
  int tip_fee_bps = 500;              // platform fee on tips and subscriptions, basis points (500 = 5%)
  int64_t tip_max_cents = 1'000'000;  // largest single tip
  int64_t subscription_period_ms = 30LL * 86'400'000;
  int64_t renewal_interval_ms = 60'000;  // how often the server renews or expires due subscriptions
  RateSpec tip_rate_limit{20, 10'000};   // tips per tipper
  // Media (WHIP/WHEP, HLS, recording)
  bool media = true;
  std::vector<std::string> webrtc_ips;                // ICE gathers and announces only these; empty: all interfaces
  uint16_t webrtc_port_min = 0, webrtc_port_max = 0;  // UDP range for ICE; 0-0: any
  int64_t publish_grace_ms = 30'000;                  // a dropped publisher may come back this long
  int64_t publish_wait_ms = 600'000;                  // a stream nobody publishes to ends after this long
  int max_media_streams = 32;                         // live ingests per node
  int max_webrtc_viewers = 64;                        // WHEP sessions per stream (HLS serves the rest)
  int max_transcodes = 2;                             // VP8 streams whose HLS is re-encoded to H.264 (≈ a core each)

  // Blob store: finished recordings, last thumbnails, uploaded recordings
  std::string blob_store = "local";  // local (data_dir/media) | s3
  std::string s3_endpoint;           // http://127.0.0.1:4569, https://s3.eu-west-1.amazonaws.com
  std::string s3_public_endpoint;    // base of presigned URLs browsers follow; empty: s3_endpoint
  std::string s3_bucket;
  std::string s3_region = "us-east-1";
  std::string s3_access_key, s3_secret_key;
  uint64_t s3_part_size = 16ull << 20;  // multipart part size (S3 minimum 5 MiB)
  int64_t s3_url_ttl_ms = 3'600'000;    // lifetime of presigned recording URLs
  int blob_workers = 4;                 // threads doing blob I/O (uploads to S3 take a while)
  uint64_t upload_limit = 2ull << 30;   // largest POST /streaming/upload body, spooled to disk

  // HTTP connections (slow clients)
  int64_t http_header_timeout_ms = 10'000;  // a request's whole head, from its first byte
  int64_t http_idle_timeout_ms = 30'000;    // a keep-alive connection waiting for its next request
};

struct OptionSpec {
  std::string name;  // flag spelling without dashes: "data-dir"
  std::string help;
  std::function<void(Config&, std::string_view)> set;  // throws ConfigError on a bad value
  bool repeatable = false;                             // a list: flag repeated, TOML array, env a,b
  bool is_flag = false;                                // `--name` alone means true
};

const std::vector<OptionSpec>& option_specs();

// "TRADECAST_DATA_DIR" for "data-dir".
std::string env_name(std::string_view option);

// Applies one value to the option named `name` (dash or underscore spelling).
void apply_option(Config& cfg, std::string_view name, std::string_view value);

// Applies every key of a TOML file; unknown keys are errors so typos are not silently ignored.
void apply_toml_file(Config& cfg, const std::string& path);

// Applies every TRADECAST_* variable present in `env` that names an option.
void apply_env(Config& cfg, const std::map<std::string, std::string>& env);

std::map<std::string, std::string> current_environment();

// "250ms", "60s", "10m", "2h", "7d"; a bare number is seconds.
int64_t parse_duration_ms(std::string_view s);
// "20/60s" or "0" (off).
RateSpec parse_rate(std::string_view s);

}  // namespace tc::core
