#include "app/server_app.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include "api/events/directory_feed.hpp"
#include "api/events/streaming_namespace.hpp"
#include "api/events/tip_events.hpp"
#include "api/rest/routes.hpp"
#include "app/money_settings.hpp"
#include "app/renewal_scheduler.hpp"
#include "app/shutdown_watchdog.hpp"
#include "app/media_bridge.hpp"
#include "app/media_metrics.hpp"
#include "blob/blob_factory.hpp"
#include "core/ids.hpp"
#include "core/logging.hpp"
#include "net/http_server.hpp"
#include "realtime/bus/local_event_bus.hpp"
#include "realtime/bus/redis_event_bus.hpp"
#include "realtime/engineio/server.hpp"
#include "realtime/socketio/server.hpp"
#include "realtime/testing/protocol_test_mode.hpp"

namespace tc::app {
namespace fs = std::filesystem;

namespace {

// The HS256 secret: configured, or generated once into the data dir (0600). Nodes sharing a
// database must share the secret: configure it (--jwt-secret) when running more than one.
std::string load_or_create_secret(const core::Config& cfg) {
  if (!cfg.jwt_secret.empty()) {
    if (cfg.jwt_secret.size() < 32) throw core::ConfigError("--jwt-secret must be at least 32 characters");
    return cfg.jwt_secret;
  }
  const auto path = fs::path(cfg.data_dir) / "jwt-secret";
  fs::create_directories(cfg.data_dir);
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::ifstream in(path);
    std::string secret;
    if (in && std::getline(in, secret) && secret.size() >= 32) return secret;
    // O_EXCL: two processes starting together agree on one secret.
    const auto tmp = path.string() + ".tmp" + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) throw std::runtime_error("cannot write " + tmp);
    secret = core::random_hex(32);
    const auto line = secret + "\n";
    const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) throw std::runtime_error("cannot write " + tmp);
    if (::link(tmp.c_str(), path.c_str()) != 0 && errno != EEXIST) {
      ::unlink(tmp.c_str());
      throw std::runtime_error("cannot create " + path.string());
    }
    ::unlink(tmp.c_str());
  }
  throw std::runtime_error("cannot read " + path.string());
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw core::ConfigError("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string find_web_dir(const core::Config& cfg) {
  if (!cfg.web_dir.empty()) return cfg.web_dir;
  std::error_code ec;
  const auto exe = fs::read_symlink("/proc/self/exe", ec);
  for (const auto& candidate : {exe.parent_path() / ".." / "web" / "dist", fs::path("web") / "dist"}) {
    if (fs::is_regular_file(candidate / "index.html", ec)) return fs::weakly_canonical(candidate, ec).string();
  }
  return {};
}

}  // namespace

int run_migrate(const core::Config& cfg) {
  core::init_logging(cfg.log_level);
  auto store = store::open_store(cfg.db, cfg.data_dir, 1);
  store->migrate();
  core::logger("app")->info("msg=\"migrations applied\" dialect={} version={}", store->dialect(),
                            store->schema_version());
  return 0;
}

int run_server(const core::Config& cfg) {
  // Wiring order: storage first (fail fast if the database is unreachable or the schema cannot be
  // migrated), then the domain services over it, then the routes, and the listener last so no
  // request arrives before everything it needs exists.
  core::init_logging(cfg.log_level);
  auto log = core::logger("app");
  const unsigned threads = cfg.io_threads > 0 ? cfg.io_threads : std::max(1u, std::thread::hardware_concurrency());

  core::SystemClock clock;
  core::MetricsRegistry metrics;
  auto store = store::open_store(cfg.db, cfg.data_dir, cfg.db_pool_size);
  store->migrate();

  core::BlockingPool db_pool("db", static_cast<size_t>(cfg.db_pool_size), 10'000);
  core::BlockingPool auth_pool("auth", static_cast<size_t>(cfg.auth_workers), static_cast<size_t>(cfg.auth_queue));
  metrics.gauge_fn("tradecast_db_pool_pending", "Database calls queued or running",
                   [&] { return static_cast<double>(db_pool.pending()); });
  metrics.gauge_fn("tradecast_auth_pool_pending", "Password hashes queued or running",
                   [&] { return static_cast<double>(auth_pool.pending()); });

  domain::TokenSettings token_settings;
  token_settings.hs256_secret = load_or_create_secret(cfg);
  token_settings.ttl_ms = cfg.token_ttl_ms;
  if (!cfg.jwt_public_key_file.empty()) token_settings.rs256_public_pem = read_file(cfg.jwt_public_key_file);
  token_settings.external_issuer = cfg.jwt_issuer;
  domain::TokenService tokens(clock, token_settings);
  domain::PasswordHasher hasher(cfg.argon2_cost);
  domain::AccountService accounts(*store, hasher, tokens, clock);
  domain::StreamService streams(*store, clock, cfg.max_live_streams_per_user);
  const auto money_cfg = money_settings(cfg);
  domain::LedgerService ledger(*store, clock, money_cfg);
  domain::TipService tips(*store, clock, money_cfg);
  domain::SubscriptionService subscriptions(*store, clock, money_cfg);
  if (auto c = ledger.check_currency(); !c) throw core::ConfigError(c.error().message);
  api::MoneyContext money{ledger, tips, subscriptions};
  core::RateLimiter auth_ip_limiter(clock, cfg.auth_rate_limit);
  core::RateLimiter login_fail_limiter(clock, cfg.login_fail_limit);

  // Blob store (recordings, final thumbnails, uploads). Its pool is declared after the store and
  // the service so it is joined (destroyed) before them.
  auto blobs = blob::open_blob_store(cfg);
  domain::RecordingService recordings(*store, *blobs);
  core::BlockingPool blob_pool("blob", static_cast<size_t>(cfg.blob_workers), 64);
  metrics.gauge_fn("tradecast_blob_pool_pending", "Blob store calls queued or running",
                   [&] { return static_cast<double>(blob_pool.pending()); });
  log->info("msg=\"blob store\" kind={}", blobs->kind());

  // Media: the bridge listens to stream life-cycle and to the media plane; the media service is
  // built before the routes so no request sees it half-made, and shut down before the pools.
  MediaBridge media_bridge(*store, streams, db_pool);
  media_bridge.set_recordings(&recordings, &blob_pool);
  media_bridge.resume_pending_uploads((fs::path(cfg.data_dir) / "media").string());
  streams.add_listener(&media_bridge);
  std::unique_ptr<media::MediaService> media;
  core::BlockingPool media_pool("media", 2, 64);
  if (cfg.media) {
    media::MediaOptions mo;
    mo.data_dir = cfg.data_dir;
    mo.webrtc_ips = cfg.webrtc_ips;
    mo.port_min = cfg.webrtc_port_min;
    mo.port_max = cfg.webrtc_port_max;
    mo.publish_grace_ms = cfg.publish_grace_ms;
    mo.publish_wait_ms = cfg.publish_wait_ms;
    mo.max_streams = cfg.max_media_streams;
    mo.max_viewers_per_stream = cfg.max_webrtc_viewers;
    mo.max_transcodes = cfg.max_transcodes;
    media = media::make_gst_media_service(mo, media_bridge);
    media_bridge.set_media(media.get());
    media_bridge.adopt_live_streams();
    register_media_metrics(metrics, *media);
  }

  domain::ChatSettings chat_settings;
  chat_settings.rate = cfg.chat_rate_limit;
  chat_settings.history = cfg.chat_history;
  domain::ChatService chat(*store, clock, chat_settings);
  domain::ModerationService moderation(*store, clock);
  domain::ViewerTracker viewers(clock);
  metrics.gauge_fn("tradecast_chat_pending_messages", "Chat messages acknowledged and not yet written",
                   [&] { return static_cast<double>(chat.pending()); });

  api::ApiContext ctx{cfg,    clock,           metrics,           *store, db_pool, auth_pool, tokens,
                      accounts, streams,       auth_ip_limiter,   login_fail_limiter, chat, viewers};
  boost::asio::io_context ioc(static_cast<int>(threads));
  ctx.media = media.get();
  ctx.media_pool = &media_pool;
  domain::ViewerSampler viewer_samples(*store, viewers, clock,
                                       {cfg.viewer_sample_interval_ms, cfg.viewer_samples_max, !cfg.redis.empty()});
  ctx.viewer_samples = &viewer_samples;
  ctx.recordings = &recordings;
  ctx.blob_pool = &blob_pool;
  net::Router router;
  api::add_system_routes(router, ctx);
  api::add_auth_routes(router, ctx);
  api::add_stream_routes(router, ctx);
  api::add_wallet_routes(router, ctx, money);
  api::add_tip_routes(router, ctx, money);
  api::add_subscription_routes(router, ctx, money);
  api::add_chat_routes(router, ctx);
  api::add_moderation_routes(router, ctx, moderation);
  api::add_media_routes(router, ctx);
  api::add_upload_routes(router, ctx);
  const auto web_dir = find_web_dir(cfg);
  api::add_web_fallback(router, web_dir);

  // Realtime: Socket.IO over Engine.IO at /socket.io/. In protocol test mode the conformance suites'
  // endpoints join it, with their short timers.
  namespace eio = realtime::engineio;
  namespace sio = realtime::socketio;
  sio::Options sio_opts;
  if (cfg.protocol_test_mode) sio_opts.connect_timeout = std::chrono::milliseconds(1000);
  sio::Server socketio(sio_opts, metrics);
  eio::Options eio_opts;
  if (cfg.protocol_test_mode) {
    eio_opts = realtime::testing::conformance_engine_options("/socket.io/");
  } else {
    eio_opts.ping_interval = std::chrono::milliseconds(cfg.ping_interval_ms);
    eio_opts.ping_timeout = std::chrono::milliseconds(cfg.ping_timeout_ms);
    eio_opts.max_payload = cfg.max_payload;
  }
  eio_opts.max_sessions = static_cast<size_t>(cfg.max_connections);
  eio_opts.max_sessions_per_ip = static_cast<size_t>(cfg.max_connections_per_ip);
  eio_opts.handshake_rate = cfg.handshake_rate;
  eio_opts.io_threads = threads;
  eio::Server engineio(ioc, eio_opts, clock, metrics,
                       [&](const std::shared_ptr<eio::Session>& s) { return socketio.make_client(s); });
  engineio.install(router);
  // The event bus between nodes: Redis pub/sub with --redis, else in-process (one node). Room events
  // go through the relay, which delivers locally and, with Redis, to the other nodes' members.
  const auto node_id = core::random_hex(8);
  std::unique_ptr<realtime::bus::EventBus> bus;
  realtime::bus::RedisEventBus* redis_bus = nullptr;
  if (!cfg.redis.empty()) {
    realtime::bus::RedisAddress address;
    try {
      address = realtime::bus::parse_redis_url(cfg.redis);
    } catch (const std::invalid_argument& e) {
      throw core::ConfigError(std::string("--redis: ") + e.what());
    }
    auto r = std::make_unique<realtime::bus::RedisEventBus>(ioc, address, node_id, metrics);
    redis_bus = r.get();
    bus = std::move(r);
    log->info("msg=\"event bus: redis\" addr={}:{} node={}", address.ip, address.port, node_id);
  } else {
    bus = std::make_unique<realtime::bus::LocalEventBus>(node_id);
  }
  api::RoomRelay relay(*bus, chat);
  api::StreamingNamespace streaming(ioc, ctx, chat, viewers, relay);
  auto& streaming_nsp = socketio.add_namespace(api::StreamingNamespace::kName, streaming);
  streaming.attach(streaming_nsp);
  relay.attach(streaming_nsp);
  relay.set_listener(&streaming);
  if (redis_bus) redis_bus->start();
  // Tips: `send_tip` on the namespace, and every paid tip (REST too) announced to its room.
  api::TipEvents tip_events(ctx, tips, chat);
  tip_events.attach(relay);
  api::MediaEvents media_events;
  media_events.attach(relay);
  media_bridge.set_events(&media_events);
  tips.set_listener(&tip_events);
  streaming.set_money(&tip_events, &subscriptions);
  streaming.set_moderation(&moderation);
  streams.add_listener(&streaming);
  // The live directory: watch_directory sockets hear stream starts, ends and coalesced counts.
  api::DirectoryFeed directory(ioc, ctx);
  directory.attach(streaming_nsp, relay);
  media_events.set_directory(&directory);
  streaming.set_directory(&directory, &viewer_samples);
  streams.add_listener(&directory);
  streaming.start();
  directory.start();
  realtime::testing::EchoNamespaceHandler echo_namespace;
  std::optional<eio::Server> echo_engine;
  if (cfg.protocol_test_mode) {
    socketio.add_namespace("/", echo_namespace);
    socketio.add_namespace("/custom", echo_namespace);
    echo_engine.emplace(ioc, realtime::testing::conformance_engine_options("/engine.io/"), clock, metrics,
                        realtime::testing::make_echo_handler);
    echo_engine->install(router);
  }

  net::HttpServerOptions http_opts;
  http_opts.host = cfg.host;
  http_opts.port = cfg.port;
  http_opts.body_limit = cfg.body_limit;
  http_opts.cors_origins = cfg.cors_origins;
  // Upload bodies are spooled under the data dir (not /tmp, which may be a small tmpfs); files left
  // by a crash are removed here.
  http_opts.spool_dir = (fs::path(cfg.data_dir) / "tmp" / "uploads").string();
  fs::remove_all(http_opts.spool_dir);
  fs::create_directories(http_opts.spool_dir);
  net::HttpServer http(ioc, http_opts, router, metrics);
  const auto port = http.listen();
  http.start();
  RenewalScheduler renewals(ioc, db_pool, subscriptions, std::chrono::milliseconds(cfg.renewal_interval_ms));
  renewals.start();
  log->info("msg=listening host={} port={} dialect={} schema={} web_dir=\"{}\" io_threads={}", cfg.host, port,
            store->dialect(), store->schema_version(), web_dir.empty() ? "(built-in page)" : web_dir, threads);

  // Graceful shutdown: stop accepting, let in-flight requests finish, force after the timeout.
  boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
  boost::asio::steady_timer drain(ioc);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(cfg.shutdown_timeout_ms);
  std::function<void()> wait_drained = [&] {
    if (http.open_connections() == 0 || std::chrono::steady_clock::now() >= deadline) {
      log->info("msg=\"shutting down\" open_connections={}", http.open_connections());
      ioc.stop();
      return;
    }
    drain.expires_after(std::chrono::milliseconds(20));
    drain.async_wait([&](const boost::system::error_code&) { wait_drained(); });
  };
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    log->info("msg=\"signal received, draining\" signal={}", sig);
    streaming.stop();
    directory.stop();
    bus->stop();
    engineio.shutdown();
    if (echo_engine) echo_engine->shutdown();
    http.stop_accepting();
    signals.async_wait([&](const boost::system::error_code& ec2, int) {
      if (!ec2) ioc.stop();  // a second signal forces the stop
    });
    wait_drained();
  });

  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&] { ioc.run(); });
  ioc.run();
  // From here on nothing serves requests; the teardown below gets the same budget again, and a
  // floor so a short drain setting does not cut a healthy final write.
  const ShutdownWatchdog watchdog(std::max(std::chrono::milliseconds(cfg.shutdown_timeout_ms),
                                           std::chrono::milliseconds(10'000)));
  for (auto& t : pool) t.join();
  media_pool.join();
  media_bridge.set_events(nullptr);  // the namespace goes away before the media service
  if (media) media->shutdown();      // closes recordings and playlists of streams still live
  media_bridge.set_media(nullptr);
  media.reset();                     // joins the media event thread while the DB pool still runs
  db_pool.join();
  blob_pool.join();  // after the DB pool: ending a stream there may hand an S3 upload to this pool
  auth_pool.join();
  // Every chat message acknowledged to a client is written before the process exits.
  try {
    streaming.flush_all();
  } catch (const std::exception& e) {
    log->error("msg=\"final chat/viewer write failed\" error=\"{}\"", e.what());
  }
  log->info("msg=stopped");
  return 0;
}

}  // namespace tc::app
