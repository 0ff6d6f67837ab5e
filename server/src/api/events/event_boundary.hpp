#pragma once
// The one boundary of a Socket.IO event, as boundary() in api/rest/replies.cpp is for a request:
// whatever an event's work ends in becomes exactly one answer (its ack, or an `error` event when the
// client sent none) — a value is the handler's own reply, an expected core::Error is answered as it
// is, a core::Refusal (a full pool: `server_busy`; the database not answering: `db_unavailable`; its
// disk full: `storage_full`) is an expected result with `retry_after_ms`, not an exception, and any
// other exception is logged with `socket=` and `event=` and answered `internal`.
//
// Synchronous handlers get the same from the namespace's dispatch, their only catch
// (reply_internal); work on a pool goes through run_on_pool.
#include <boost/asio/awaitable.hpp>

#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "api/events/event_replies.hpp"
#include "core/blocking_pool.hpp"
#include "core/error.hpp"
#include "realtime/socketio/namespace.hpp"

namespace tc::api {

// The answer to a refused call: its error, with retry_after_ms from its whole seconds when unset (a
// full pool: 1 s, about one batch of queued work; the database down: 2 s).
core::Error refusal_error(const core::Refusal& refusal);
// Logs the failure (socket=, event=, error=) and answers the event `internal`; the text never
// reaches the client. Any thread (socket calls are thread-safe).
void reply_internal(realtime::socketio::Socket& socket, const realtime::socketio::Event& event, std::string_view what);

// `co_await pool.run(work)` with a refusal as a value: server_busy, db_unavailable or storage_full
// instead of PoolFull / DependencyFailed. `work` returns core::Result<R>; any other exception it
// throws passes through (run_on_pool answers it).
template <class R, class Work>
boost::asio::awaitable<core::Result<R>> try_run(core::BlockingPool& pool, Work& work) {
  try {
    co_return co_await pool.run([&] { return work(); });
  } catch (const core::Refusal& e) {
    co_return refusal_error(e);
  }
}

// For a coroutine that goes on after answering (the join queue): `work`'s value, or nullopt when the
// event has been answered here (its Error, server_busy, or internal after an exception).
template <class R, class Work>
boost::asio::awaitable<std::optional<R>> value_or_answer(core::BlockingPool& pool, realtime::socketio::Socket& socket,
                                                         const realtime::socketio::Event& event, Work& work) {
  std::string failure;
  try {
    auto r = co_await try_run<R>(pool, work);
    if (r) co_return std::optional<R>(std::move(*r));
    reply_error(socket, event, r.error());
    co_return std::nullopt;
  } catch (const std::exception& e) {
    failure = e.what();
  }
  reply_internal(socket, event, failure);
  co_return std::nullopt;
}

namespace detail {
void log_escaped(const realtime::socketio::Socket& socket, std::exception_ptr e);

template <class R, class Work, class Done>
boost::asio::awaitable<void> pool_then(core::BlockingPool& pool, std::shared_ptr<realtime::socketio::Socket> socket,
                                       realtime::socketio::Event event, Work work, Done done) {
  auto value = co_await value_or_answer<R>(pool, *socket, event, work);
  if (!value) co_return;
  std::string failure;
  try {
    done(event, std::move(*value));
    co_return;
  } catch (const std::exception& e) {
    failure = e.what();
  }
  reply_internal(*socket, event, failure);
}

// Spawns `op` on the socket's strand; what escapes it is logged (it has already answered).
void spawn_on_strand(const std::shared_ptr<realtime::socketio::Socket>& socket, boost::asio::awaitable<void> op);
}  // namespace detail

// Runs `work` (blocking, returns core::Result<R>) on `pool`, then `done(event, R)` back on the
// socket's strand; `done` answers the event (reply_ok). Every other outcome is answered here. `done`
// runs even when the socket has gone meanwhile (a ban is written: the room must still hear of it);
// it checks socket->connected() where only the caller cares.
template <class R, class Work, class Done>
void run_on_pool(core::BlockingPool& pool, const std::shared_ptr<realtime::socketio::Socket>& socket,
                 realtime::socketio::Event event, Work work, Done done) {
  detail::spawn_on_strand(socket,
                          detail::pool_then<R>(pool, socket, std::move(event), std::move(work), std::move(done)));
}

}  // namespace tc::api
