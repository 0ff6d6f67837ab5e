// The listener: accepts connections onto their own strands, counts and refuses beyond
// max_connections, and stops (no new connections; idle ones closed, busy ones after their response).
// Each connection is served by net/http_connection.cpp.
#include "net/http_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "net/http_connection.hpp"
#include "net/http_server_context.hpp"

namespace tc::net {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using asio::awaitable;

void ConnectionRegistry::add(const std::shared_ptr<ConnectionHandle>& c) {
  std::lock_guard lock(mutex_);
  conns_.push_back(c);
}

void ConnectionRegistry::remove(const std::shared_ptr<ConnectionHandle>& c) {
  std::lock_guard lock(mutex_);
  conns_.remove_if([&](const std::weak_ptr<ConnectionHandle>& w) { return w.expired() || w.lock() == c; });
}

struct HttpServer::Impl {
  Impl(asio::io_context& ioc, HttpServerOptions opts, const Router& router, core::MetricsRegistry& metrics)
      : ioc(ioc),
        ctx(std::make_shared<HttpServerContext>(std::move(opts), router, metrics)),
        acceptor(asio::make_strand(ioc)),
        rejected(metrics.counter("tradecast_http_rejected_connections_total",
                                 "Connections closed at once because max_connections was reached")) {}

  asio::io_context& ioc;
  std::shared_ptr<HttpServerContext> ctx;  // shared with every connection
  tcp::acceptor acceptor;                  // on its own strand
  core::Counter& rejected;

  static awaitable<void> accept_loop(std::shared_ptr<Impl> self) {
    auto& ctx = *self->ctx;
    for (;;) {
      auto [ec, socket] =
          co_await self->acceptor.async_accept(asio::make_strand(self->ioc), asio::as_tuple(asio::use_awaitable));
      if (ec) {
        if (ctx.stopping || ec == asio::error::operation_aborted) co_return;
        ctx.log->warn("msg=\"accept failed\" error=\"{}\"", ec.message());
        continue;
      }
      if (ctx.open.load() >= ctx.opts.max_connections) {
        self->rejected.inc();
        boost::system::error_code ignored;
        socket.close(ignored);
        continue;
      }
      auto ex = socket.get_executor();
      asio::co_spawn(ex, serve_connection(self->ctx, std::move(socket)), [log = ctx.log](std::exception_ptr e) {
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          log->error("msg=\"connection failed\" error=\"{}\"", ex.what());
        }
      });
    }
  }
};

HttpServer::HttpServer(asio::io_context& ioc, HttpServerOptions options, const Router& router,
                       core::MetricsRegistry& metrics)
    : impl_(std::make_shared<Impl>(ioc, std::move(options), router, metrics)) {}

HttpServer::~HttpServer() = default;

uint16_t HttpServer::listen() {
  auto& a = impl_->acceptor;
  const tcp::endpoint ep(asio::ip::make_address(impl_->ctx->opts.host), impl_->ctx->opts.port);
  a.open(ep.protocol());
  a.set_option(asio::socket_base::reuse_address(true));
  a.bind(ep);
  a.listen(asio::socket_base::max_listen_connections);
  return a.local_endpoint().port();
}

void HttpServer::start() {
  auto impl = impl_;
  asio::co_spawn(impl->acceptor.get_executor(), Impl::accept_loop(impl), [impl](std::exception_ptr e) {
    if (e) impl->ctx->log->error("msg=\"accept loop ended with an exception\"");
  });
}

void HttpServer::stop_accepting() {
  auto impl = impl_;
  impl->ctx->stopping = true;
  asio::post(impl->acceptor.get_executor(), [impl] {
    boost::system::error_code ignored;
    impl->acceptor.close(ignored);
  });
  impl->ctx->connections.for_each([](const std::shared_ptr<ConnectionHandle>& c) {
    asio::post(c->executor, [c] {
      // Busy connections see `stopping` after their response and close then.
      if (!c->busy && c->stream) c->stream->cancel();
    });
  });
}

size_t HttpServer::open_connections() const { return impl_->ctx->open.load(); }

}  // namespace tc::net
