// The Engine.IO server through its routes (as net calls them), on an io_context with two threads, each
// request on its own strand as a connection would be: a session is bound to the credentials it was
// opened with; the query is strict; an upgrade needs its probe; and the two orderings the official
// suites race (a GET right after "5", a GET sent together with a close POST) come out the same
// whichever request the threads get to first (issue 12).
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/json/parse.hpp>

#include <chrono>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "net/router.hpp"
#include "realtime/engineio/server.hpp"
#include "realtime/testing/protocol_test_mode.hpp"

namespace {
namespace asio = boost::asio;
using namespace std::chrono_literals;
using namespace tc;
using realtime::engineio::Strand;

constexpr char kPath[] = "/socket.io/";

// The connection end of an upgrade: records what the session sends, delivers frames on its strand.
class FakeSocket final : public net::WebSocket {
 public:
  explicit FakeSocket(Strand strand) : strand_(std::move(strand)) {}
  asio::any_io_executor executor() const override { return strand_; }
  // Frames delivered before start() wait, as they would in the socket's buffer: the session starts
  // its probe socket from its own strand, a moment after on_open.
  void start(std::shared_ptr<Listener> listener) override {
    {
      std::lock_guard lock(mutex_);
      listener_ = std::move(listener);
    }
    asio::post(strand_, [this] { flush(); });
  }
  void send(net::SharedBytes data, bool) override {
    std::lock_guard lock(mutex_);
    got_.push_back(*data);
  }
  void close(uint16_t, std::string) override {
    std::shared_ptr<Listener> l;
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
      l = std::move(listener_);
    }
    if (l) asio::post(strand_, [l] { l->on_ws_closed(); });
  }
  size_t queued_bytes() const override { return 0; }
  const std::string& remote_ip() const override { return ip_; }

  // A frame from the client, handled on the connection's strand as net does.
  void deliver(std::string text) {
    asio::post(strand_, [this, text = std::move(text)] {
      {
        std::lock_guard lock(mutex_);
        unread_.push_back(text);
      }
      flush();
    });
  }
  // Waits (up to 5 s) until `n` messages were sent; returns them.
  std::vector<std::string> wait_for(size_t n) {
    const auto give_up = std::chrono::steady_clock::now() + 5s;
    for (;;) {
      {
        std::lock_guard lock(mutex_);
        if (got_.size() >= n || std::chrono::steady_clock::now() > give_up) return got_;
      }
      std::this_thread::sleep_for(1ms);
    }
  }
  bool closed() {
    std::lock_guard lock(mutex_);
    return closed_;
  }
  // On strand_: hands the unread frames, in order, to the listener once there is one.
  void flush() {
    for (;;) {
      std::shared_ptr<Listener> l;
      std::string text;
      {
        std::lock_guard lock(mutex_);
        if (!listener_ || unread_.empty()) return;
        l = listener_;
        text = std::move(unread_.front());
        unread_.erase(unread_.begin());
      }
      l->on_ws_message(text, false);
    }
  }
  void release() {
    std::lock_guard lock(mutex_);
    listener_.reset();
  }

 private:
  Strand strand_;
  std::string ip_ = "127.0.0.1";
  std::mutex mutex_;
  std::vector<std::string> got_;
  std::vector<std::string> unread_;  // delivered, not yet read
  bool closed_ = false;
  std::shared_ptr<Listener> listener_;
};

class EngineioServerTest : public ::testing::Test {
 protected:
  EngineioServerTest()
      : work_(asio::make_work_guard(ioc_)),
        server_(ioc_, options(), clock_, metrics_, realtime::testing::make_echo_handler) {
    server_.install(router_);
    for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { ioc_.run(); });
  }
  ~EngineioServerTest() override {
    server_.shutdown();
    for (auto& s : sockets_) s->release();
    work_.reset();
    ioc_.stop();
    for (auto& t : threads_) t.join();
  }
  static realtime::engineio::Options options() {
    realtime::engineio::Options o;
    o.path = kPath;
    o.io_threads = 2;
    o.ping_interval = std::chrono::hours(1);  // no pings in the middle of the sequences
    o.max_sessions_per_ip = 100'000;
    return o;
  }

  static net::HttpRequest request(std::string method, net::Fields query, net::Fields headers = {},
                                  std::string body = {}) {
    net::HttpRequest req;
    req.method = std::move(method);
    req.path = kPath;
    req.target = kPath;
    req.query = std::move(query);
    req.headers = std::move(headers);
    req.body = std::move(body);
    req.remote_ip = "127.0.0.1";
    return req;
  }
  static net::Fields session_query(const std::string& sid, const char* transport = "polling") {
    return {{"EIO", "4"}, {"transport", transport}, {"sid", sid}};
  }

  // One HTTP request on a connection of its own: the route's header-time hook, then its handler.
  std::future<net::HttpResponse> call(net::HttpRequest req) {
    auto done = std::make_shared<std::promise<net::HttpResponse>>();
    auto fut = done->get_future();
    const auto match = router_.match(req.method, req.path);
    EXPECT_NE(match.route, nullptr);
    const net::Route* route = match.route;
    asio::co_spawn(
        asio::make_strand(ioc_),
        [route, req = std::move(req)]() mutable -> asio::awaitable<net::HttpResponse> {
          std::shared_ptr<void> guard;  // held while the "body arrives", as the connection does
          if (route->body_watch) {
            auto watch = route->body_watch(req);
            if (watch.refusal) co_return std::move(*watch.refusal);
            guard = std::move(watch.guard);
          }
          co_return co_await route->handler(req);
        },
        [done](std::exception_ptr e, net::HttpResponse r) {
          if (e) {
            done->set_exception(e);
          } else {
            done->set_value(std::move(r));
          }
        });
    return fut;
  }
  static net::HttpResponse wait(std::future<net::HttpResponse>& f) {
    if (f.wait_for(5s) != std::future_status::ready) {
      ADD_FAILURE() << "request not answered within 5 s";
      return {};
    }
    return f.get();
  }
  net::HttpResponse get(const std::string& sid, net::Fields headers = {}) {
    auto f = call(request("GET", session_query(sid), std::move(headers)));
    return wait(f);
  }
  net::HttpResponse post(const std::string& sid, std::string body, net::Fields headers = {}) {
    auto f = call(request("POST", session_query(sid), std::move(headers), std::move(body)));
    return wait(f);
  }

  // A polling handshake; returns the sid.
  std::string handshake(net::Fields headers = {}) {
    auto f = call(request("GET", {{"EIO", "4"}, {"transport", "polling"}}, std::move(headers)));
    const auto r = wait(f);
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.body.empty() || r.body[0] != '0') return {};
    return std::string(boost::json::parse(r.body.substr(1)).as_object().at("sid").as_string());
  }

  // The upgrade WebSocket for `sid`: nullptr with `refusal` set when the route's check refused it.
  std::shared_ptr<FakeSocket> upgrade(const std::string& sid, net::Fields headers = {},
                                      std::optional<net::HttpResponse>* refusal = nullptr) {
    const auto* route = router_.websocket(kPath);
    EXPECT_NE(route, nullptr);
    auto req = request("GET", session_query(sid, "websocket"), std::move(headers));
    if (auto refused = route->check(req)) {
      if (refusal) *refusal = std::move(refused);
      return nullptr;
    }
    auto ws = std::make_shared<FakeSocket>(asio::make_strand(ioc_));
    route->on_open(ws, req);
    sockets_.push_back(ws);
    return ws;
  }
  // Upgrade socket with the probe exchanged ("2probe" → "3probe").
  std::shared_ptr<FakeSocket> probed(const std::string& sid) {
    auto ws = upgrade(sid);
    if (!ws) return nullptr;
    ws->deliver("2probe");
    const auto got = ws->wait_for(1);
    EXPECT_FALSE(got.empty());
    if (!got.empty()) {
      EXPECT_EQ(got[0], "3probe");
    }
    return ws;
  }

  static int eio_code(const net::HttpResponse& r) {
    return static_cast<int>(boost::json::parse(r.body).as_object().at("code").as_int64());
  }

  asio::io_context ioc_{2};
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  core::SystemClock clock_;
  core::MetricsRegistry metrics_;
  net::Router router_;
  realtime::engineio::Server server_;
  std::vector<std::thread> threads_;
  std::vector<std::shared_ptr<FakeSocket>> sockets_;
};

const net::Fields kAlice{{"authorization", "Bearer alice-token"}};
const net::Fields kMallory{{"authorization", "Bearer mallory-token"}};

// ---- a session is bound to its credentials ---------------------------------------------------------

TEST_F(EngineioServerTest, PollingWithOtherCredentialsIsRefusedAndTheSessionIsUndisturbed) {
  const auto sid = handshake(kAlice);
  auto pending = call(request("GET", session_query(sid), kAlice));  // Alice's long poll, waiting
  std::this_thread::sleep_for(20ms);
  for (const auto& other : {kMallory, net::Fields{}, net::Fields{{"authorization", "Bearer alice-token2"}}}) {
    const auto r = get(sid, other);
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(eio_code(r), 4);
    const auto p = post(sid, "4from mallory", other);
    EXPECT_EQ(p.status, 403) << p.body;
  }
  // Not a second GET (which would end the session), no POST slot taken, nothing delivered.
  EXPECT_EQ(pending.wait_for(50ms), std::future_status::timeout);
  EXPECT_EQ(post(sid, "4hello", kAlice).status, 200);
  const auto r = wait(pending);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "4hello");
  EXPECT_EQ(server_.session_count(), 1u);
}

TEST_F(EngineioServerTest, UpgradeWithOtherCredentialsIsRefused) {
  const auto sid = handshake(kAlice);
  std::optional<net::HttpResponse> refusal;
  EXPECT_EQ(upgrade(sid, kMallory, &refusal), nullptr);
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->status, 403);
  refusal.reset();
  EXPECT_EQ(upgrade(sid, {}, &refusal), nullptr);
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->status, 403);
  // Alice herself upgrades.
  auto ws = upgrade(sid, kAlice);
  ASSERT_NE(ws, nullptr);
  ws->deliver("2probe");
  EXPECT_EQ(ws->wait_for(1).at(0), "3probe");
}

TEST_F(EngineioServerTest, SessionOpenedWithoutCredentialsRefusesRequestsBringingSome) {
  const auto sid = handshake();
  EXPECT_EQ(get(sid, kMallory).status, 403);
  EXPECT_EQ(post(sid, "4x", kMallory).status, 403);
  std::optional<net::HttpResponse> refusal;
  EXPECT_EQ(upgrade(sid, kMallory, &refusal), nullptr);
  EXPECT_EQ(post(sid, "4ok").status, 200);
  EXPECT_EQ(get(sid).body, "4ok");
}

// What Socket.IO's namespaces authenticate: the first identity binds the session, another is refused.
TEST_F(EngineioServerTest, SessionIdentityBindsOnce) {
  auto strand = asio::make_strand(ioc_);
  auto s = std::make_shared<realtime::engineio::Session>("s1", strand, server_.options(),
                                                         realtime::engineio::Handshake{}, server_);
  std::promise<std::vector<bool>> out;
  asio::post(strand, [&] {
    out.set_value({s->bind_identity("user-1"), s->bind_identity("user-1"), s->bind_identity("user-2"),
                   s->bind_identity("user-1")});
  });
  EXPECT_EQ(out.get_future().get(), (std::vector<bool>{true, true, false, true}));
}

// ---- query strictness ------------------------------------------------------------------------------

TEST_F(EngineioServerTest, DuplicateParametersAndJsonpAreRefused) {
  auto send = [&](net::Fields q) {
    auto f = call(request("GET", std::move(q)));
    return wait(f);
  };
  auto r = send({{"EIO", "4"}, {"EIO", "4"}, {"transport", "polling"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(eio_code(r), 5);
  r = send({{"EIO", "4"}, {"transport", "polling"}, {"transport", "polling"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(eio_code(r), 0);
  r = send({{"EIO", "4"}, {"transport", "polling"}, {"j", "0"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(eio_code(r), 3);
  const auto sid = handshake();
  r = send({{"EIO", "4"}, {"transport", "polling"}, {"sid", sid}, {"sid", sid}});
  EXPECT_EQ(r.status, 400);
  std::optional<net::HttpResponse> refusal;
  const auto* route = router_.websocket(kPath);
  auto req = request("GET", {{"EIO", "4"}, {"transport", "websocket"}, {"transport", "websocket"}});
  EXPECT_TRUE(route->check(req));
  EXPECT_EQ(server_.session_count(), 1u);
}

TEST_F(EngineioServerTest, UpgradeWithoutProbeDoesNotComplete) {
  const auto sid = handshake();
  auto ws = upgrade(sid);
  ASSERT_NE(ws, nullptr);
  ws->deliver("5");
  const auto give_up = std::chrono::steady_clock::now() + 5s;
  while (!ws->closed() && std::chrono::steady_clock::now() < give_up) std::this_thread::sleep_for(1ms);
  EXPECT_TRUE(ws->closed());
  // Still a polling session.
  EXPECT_EQ(post(sid, "4still polling").status, 200);
  EXPECT_EQ(get(sid).body, "4still polling");
}

// ---- ordering --------------------------------------------------------------------------------------

// A GET after "3probe" without "5" (socket.io-client re-polled just before it saw the probe answer):
// answered with a noop, so the client can finish pausing and send "5".
TEST_F(EngineioServerTest, GetDuringUpgradeIsAnsweredWithNoop) {
  const auto sid = handshake();
  auto ws = probed(sid);
  ASSERT_NE(ws, nullptr);
  const auto r = get(sid);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "6");
  ws->deliver("5");
  ws->deliver("4hello");
  EXPECT_EQ(ws->wait_for(2).at(1), "4hello");
}

// The client sends "5" and at once a GET; the GET reaches the session first. It must still be refused:
// a client sends "5" only once its GETs are answered, so a GET pending when "5" comes was sent after it.
TEST_F(EngineioServerTest, GetHandledBeforeTheUpgradePacketIsRefused) {
  const auto sid = handshake();
  auto ws = probed(sid);
  ASSERT_NE(ws, nullptr);
  auto pending = call(request("GET", session_query(sid)));
  std::this_thread::sleep_for(5ms);
  ws->deliver("5");
  const auto r = wait(pending);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(get(sid).status, 400);
}

// Both orders, many times, from two threads: "5" on the WebSocket's strand and the GET on its own.
TEST_F(EngineioServerTest, GetRacingTheUpgradePacketIsAlwaysRefused) {
  for (int i = 0; i < 200; ++i) {
    const auto sid = handshake();
    auto ws = probed(sid);
    ASSERT_NE(ws, nullptr);
    std::future<net::HttpResponse> r;
    if (i % 2 == 0) {
      ws->deliver("5");
      r = call(request("GET", session_query(sid)));
    } else {
      r = call(request("GET", session_query(sid)));
      ws->deliver("5");
    }
    const auto res = wait(r);
    ASSERT_EQ(res.status, 400) << "round " << i << ": " << res.body;
    ws->deliver("4after");
    ASSERT_EQ(ws->wait_for(2).at(1), "4after") << "round " << i;
  }
}

// The official "close" test: GET and POST "1" sent together. The GET gets the noop whichever the
// session sees first, the POST its "ok", and the session is then gone.
TEST_F(EngineioServerTest, GetRacingAClosePostGetsNoop) {
  for (int i = 0; i < 200; ++i) {
    const auto sid = handshake();
    std::future<net::HttpResponse> g, p;
    if (i % 2 == 0) {
      g = call(request("GET", session_query(sid)));
      p = call(request("POST", session_query(sid), {}, "1"));
    } else {
      p = call(request("POST", session_query(sid), {}, "1"));
      g = call(request("GET", session_query(sid)));
    }
    const auto gr = wait(g);
    const auto pr = wait(p);
    ASSERT_EQ(pr.status, 200) << "round " << i;
    ASSERT_EQ(gr.status, 200) << "round " << i << ": " << gr.body;
    ASSERT_EQ(gr.body, "6") << "round " << i;
    const auto after = get(sid);
    ASSERT_EQ(after.status, 400) << "round " << i;
    ASSERT_EQ(eio_code(after), 1);
  }
}

// The session saw the close first (the GET's connection was slower): the GET still gets its noop.
TEST_F(EngineioServerTest, ClosePostHandledFirstStillAnswersTheGetSentWithIt) {
  const auto sid = handshake();
  EXPECT_EQ(post(sid, "1").status, 200);
  const auto r = get(sid);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "6");
  EXPECT_EQ(get(sid).status, 400);
  EXPECT_EQ(server_.session_count(), 0u);
}

}  // namespace
