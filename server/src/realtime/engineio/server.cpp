#include "realtime/engineio/server.hpp"

#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

#include "core/ids.hpp"
#include "core/logging.hpp"

namespace tc::realtime::engineio {
namespace asio = boost::asio;

net::HttpResponse protocol_error(int status, int eio_code, std::string_view message) {
  // Exactly the Engine.IO server's body: its clients and conformance suites read these fields.
  return net::HttpResponse::json(status, "{\"code\":" + std::to_string(eio_code) + ",\"message\":\"" +
                                             std::string(message) + "\"}");
}

Server::Server(asio::io_context& ioc, Options options, const core::Clock& clock, core::MetricsRegistry& metrics,
               HandlerFactory factory)
    : ioc_(ioc),
      options_(std::move(options)),
      factory_(std::move(factory)),
      handshake_limiter_(clock, options_.handshake_rate),
      sessions_gauge_(metrics.gauge("tradecast_realtime_sessions", "Open Engine.IO sessions")),
      refused_(metrics.counter("tradecast_realtime_refused_handshakes_total",
                               "Handshakes refused by the session, per-IP or rate limits")),
      dropped_(metrics.counter("tradecast_realtime_dropped_packets_total",
                               "Droppable packets (counts, reactions) discarded for clients that fall behind")),
      slow_(metrics.counter("tradecast_realtime_slow_disconnects_total",
                            "Clients disconnected because their send queue passed the hard limit")),
      refused_credentials_(
          metrics.counter("tradecast_realtime_refused_credentials_total",
                          "Requests for a session refused for credentials other than its handshake's")) {}

Server::~Server() = default;

void Server::install(net::Router& router) {
  auto handler = [this](net::HttpRequest& req) { return handle_polling(req); };
  router.add("GET", options_.path, handler, options_.max_payload);
  router.add("POST", options_.path, handler, options_.max_payload);
  router.watch_body("POST", options_.path, [this](const net::HttpRequest& req) { return watch_post(req); });
  // Other methods get Engine.IO's "Bad handshake method" rather than the router's 405.
  for (const char* m : {"PUT", "PATCH", "DELETE"}) router.add(m, options_.path, handler, 1024);
  net::WebSocketRoute ws;
  ws.path = options_.path;
  ws.max_message = options_.max_payload;
  ws.check = [this](const net::HttpRequest& req) { return check_websocket(req); };
  ws.on_open = [this](std::shared_ptr<net::WebSocket> socket, const net::HttpRequest& req) {
    open_websocket(std::move(socket), req);
  };
  router.add_websocket(std::move(ws));
}

namespace {
size_t occurrences(const net::Fields& query, std::string_view name) {
  return static_cast<size_t>(std::count_if(query.begin(), query.end(), [&](const auto& f) { return f.first == name; }));
}
}  // namespace

std::optional<net::HttpResponse> Server::check_request(const net::HttpRequest& req, bool websocket) {
  // A parameter given twice is refused rather than read one way here and another way by a proxy or
  // a log tool (the reference server sees an array and refuses it with these same codes).
  const auto* eio = req.query_param("EIO");
  if (!eio || *eio != "4" || occurrences(req.query, "EIO") > 1) {
    return protocol_error(400, 5, "Unsupported protocol version");
  }
  const auto* transport = req.query_param("transport");
  if (!transport || (*transport != "polling" && *transport != "websocket") || occurrences(req.query, "transport") > 1) {
    return protocol_error(400, 0, "Transport unknown");
  }
  if ((*transport == "websocket") != websocket) return protocol_error(400, 3, "Bad request");
  // JSONP polling (`j=`) is not served: it would run our payloads as script in the caller's page.
  if (req.query_param("j") || occurrences(req.query, "sid") > 1) return protocol_error(400, 3, "Bad request");
  return std::nullopt;
}

std::optional<net::HttpResponse> Server::check_credentials(const Session& session, const net::HttpRequest& req) {
  // A session answers only to the credentials it was opened with: someone who learnt the sid (it
  // travels in URLs) and presents other ones, or none where the handshake had some, is refused, and
  // the session is left as it was (issue 12). Thread-safe: the handshake is immutable.
  if (credentials_of(req.headers) == credentials_of(session.handshake().headers)) return std::nullopt;
  refused_credentials_.inc();
  return protocol_error(403, 4, "Forbidden");
}

std::optional<net::HttpResponse> Server::admit(const std::string& ip) {
  std::lock_guard lock(mutex_);
  if (shutting_down_ || sessions_.size() >= options_.max_sessions) {
    refused_.inc();
    return net::HttpResponse::error(503, "server_busy", "Too many connections; try again later")
        .with_header("Retry-After", "5");
  }
  if (per_ip_[ip] >= options_.max_sessions_per_ip) {
    refused_.inc();
    return net::HttpResponse::error(429, "too_many_connections", "Too many connections from this address");
  }
  if (handshake_limiter_.enabled()) {
    const auto d = handshake_limiter_.acquire(ip);
    if (!d.allowed) {
      refused_.inc();
      return net::HttpResponse::error(429, "rate_limited", "Too many handshakes; try again later")
          .with_header("Retry-After", std::to_string((d.retry_after_ms + 999) / 1000));
    }
  }
  return std::nullopt;
}

std::shared_ptr<Session> Server::create(const net::HttpRequest& req, const Strand& strand) {
  Handshake hs{req.remote_ip, req.headers, req.query};
  // 128 random bits: with the credential binding the sid is still the only key of a session whose
  // client authenticates in its CONNECT packet (browsers).
  auto session = std::make_shared<Session>(core::random_hex(16), strand, options_, std::move(hs), *this);
  session->set_handler(factory_(session));
  std::lock_guard lock(mutex_);
  sessions_.emplace(session->id(), session);
  ++per_ip_[session->handshake().remote_ip];
  sessions_gauge_.set(static_cast<int64_t>(sessions_.size()));
  return session;
}

std::shared_ptr<Session> Server::find(const std::string& sid) const {
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(sid);
  return it == sessions_.end() ? nullptr : it->second;
}

void Server::remove(const Session& session) {
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(session.id());
  if (it == sessions_.end() || it->second.get() != &session) return;
  sessions_.erase(it);
  const auto ip = per_ip_.find(session.handshake().remote_ip);
  if (ip != per_ip_.end() && --ip->second == 0) per_ip_.erase(ip);
  sessions_gauge_.set(static_cast<int64_t>(sessions_.size()));
}

size_t Server::session_count() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

asio::awaitable<net::HttpResponse> Server::handle_polling(net::HttpRequest& req) {
  if (auto bad = check_request(req, false)) co_return *bad;
  const auto* sid = req.query_param("sid");
  if (req.method != "GET" && req.method != "POST")
    co_return protocol_error(400, sid ? 3 : 2, sid ? "Bad request" : "Bad handshake method");
  Session::PollReply reply;
  if (!sid) {
    if (req.method != "GET") co_return protocol_error(400, 2, "Bad handshake method");
    if (auto refused = admit(req.remote_ip)) co_return *refused;
    auto session = create(req, asio::make_strand(ioc_.get_executor()));
    asio::dispatch(session->strand(), [session] { session->open_polling(); });
    reply = co_await session->async_poll(asio::use_awaitable);
  } else {
    auto session = find(*sid);
    if (!session) co_return protocol_error(400, 1, "Session ID unknown");
    if (auto refused = check_credentials(*session, req)) co_return *refused;
    if (req.method == "GET") {
      reply = co_await session->async_poll(asio::use_awaitable);
    } else {
      reply = co_await session->async_post(std::move(req.body), asio::use_awaitable);
    }
  }
  if (reply.status != 200) co_return protocol_error(reply.status, 3, "Bad request");
  const bool is_post = req.method == "POST";
  co_return net::HttpResponse::text(200, std::move(reply.body), is_post ? "text/html" : "text/plain; charset=UTF-8");
}

net::BodyWatch Server::watch_post(const net::HttpRequest& req) {
  const auto* sid = req.query_param("sid");
  if (!sid) return {};
  auto session = find(*sid);
  if (!session) return {};  // the handler answers "Session ID unknown"
  if (auto refused = check_credentials(*session, req)) return {std::move(refused), nullptr};  // slot untouched
  if (!session->post_body_started()) {
    // A second POST while the first one's body is still arriving: the client is broken. Like the
    // reference server, refuse it and end the session (a transport error: no close packet).
    session->close("transport error", false);
    return {protocol_error(400, 3, "Bad request"), nullptr};
  }
  // Held by the connection until this body has been read (or its read failed).
  struct Slot {
    std::shared_ptr<Session> session;
    ~Slot() {
      if (session) session->post_body_done();
    }
  };
  auto slot = std::make_shared<Slot>();  // built in place: a copy's destructor would free the slot early
  slot->session = std::move(session);
  return {std::nullopt, std::move(slot)};
}

std::optional<net::HttpResponse> Server::check_websocket(const net::HttpRequest& req) {
  if (auto bad = check_request(req, true)) return bad;
  if (const auto* sid = req.query_param("sid")) {
    auto session = find(*sid);
    // Only a polling session that is not already upgrading may upgrade (approximate: rechecked on open).
    if (!session) return protocol_error(400, 1, "Session ID unknown");
    return check_credentials(*session, req);
  }
  return admit(req.remote_ip);
}

void Server::open_websocket(std::shared_ptr<net::WebSocket> ws, const net::HttpRequest& req) {
  if (const auto* sid = req.query_param("sid")) {
    auto session = find(*sid);
    if (!session) {
      ws->close(1008, "Session ID unknown");
      return;
    }
    asio::dispatch(session->strand(),
                   [session, ws = std::move(ws)]() mutable { session->begin_upgrade(std::move(ws)); });
    return;
  }
  // A WebSocket-only session shares the connection's strand: one hop less on every send. `executor()`
  // returns by value: held here, since target() points into it (ASan: stack-use-after-scope).
  const auto ws_executor = ws->executor();
  const auto* ws_strand = ws_executor.target<Strand>();
  auto session = create(req, ws_strand ? *ws_strand : asio::make_strand(ioc_));
  asio::dispatch(session->strand(),
                 [session, ws = std::move(ws)]() mutable { session->open_websocket(std::move(ws)); });
}

void Server::shutdown() {
  std::vector<std::shared_ptr<Session>> all;
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
    for (auto& [id, s] : sessions_) all.push_back(s);
  }
  for (auto& s : all) s->close("server shutting down");
}

}  // namespace tc::realtime::engineio
