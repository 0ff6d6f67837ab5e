#include "api/events/event_boundary.hpp"

#include <boost/asio/co_spawn.hpp>

#include "core/module_logger.hpp"

namespace tc::api {

namespace {
const core::ModuleLogger log("api.events");
}  // namespace

core::Error refusal_error(const core::Refusal& refusal) {
  auto e = refusal.error;
  if (e.retry_after_ms == 0) e.retry_after_ms = int64_t{e.retry_after_s} * 1000;
  return e;
}

void reply_internal(realtime::socketio::Socket& socket, const realtime::socketio::Event& event, std::string_view what) {
  log()->error("msg=\"event failed\" socket={} event={} error=\"{}\"", socket.id(), event.name, what);
  reply_error(socket, event, {core::ErrorKind::internal, "internal", "Internal server error"});
}

namespace detail {
// Only what escapes pool_then's own catch (an exception while answering): logged, nothing to answer.
void log_escaped(const realtime::socketio::Socket& socket, std::exception_ptr e) {
  std::string what = "unknown";
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    what = ex.what();
  } catch (...) {
  }
  log()->error("msg=\"event coroutine failed\" socket={} error=\"{}\"", socket.id(), what);
}

void spawn_on_strand(const std::shared_ptr<realtime::socketio::Socket>& socket, boost::asio::awaitable<void> op) {
  boost::asio::co_spawn(socket->strand(), std::move(op), [socket](std::exception_ptr e) {
    if (e) log_escaped(*socket, e);
  });
}
}  // namespace detail

}  // namespace tc::api
