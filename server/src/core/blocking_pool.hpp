#pragma once
// A bounded pool for blocking work (SQL, password hashing) so that I/O threads never block.
// `co_await pool.run(fn)` runs fn on a pool thread and resumes the caller on its own executor
// (its strand), so session state is only touched where it lives. When `max_queued` calls are already
// waiting or running, run() throws PoolFull at once: callers answer 503 instead of queueing forever.
// A pool in front of a dependency that can stop answering (the database) takes a DependencyGate: calls
// that waited too long or meet a dependency that is down end in DependencyFailed instead of waiting.
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "core/dependency_gate.hpp"

namespace tc::core {

// Every call queued or running: the client gets server_busy (retry shortly).
struct PoolFull : Refusal {
  explicit PoolFull(const std::string& pool) : Refusal(Error::busy()), pool(pool) {}
  std::string pool;
};

class BlockingPool {
 public:
  // `gate` (borrowed, outlives the pool; optional) bounds how long a call may wait for the dependency.
  BlockingPool(std::string name, size_t threads, size_t max_queued, DependencyGate* gate = nullptr)
      : name_(std::move(name)), pool_(threads), max_queued_(max_queued), gate_(gate) {}
  ~BlockingPool() { join(); }
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  // `f` must capture by reference (`[&]`): the awaiting coroutine's frame outlives the call, and
  // g++ 12 corrupts prvalue closures with non-trivial members (a std::string capture) inside a
  // co_await expression — it copies them bitwise into the frame. The static_assert keeps that rule.
  template <class F>
  auto run(F f) -> boost::asio::awaitable<std::invoke_result_t<F&>> {
    static_assert(std::is_trivially_copyable_v<F>, "capture by reference: [&] (see comment above)");
    using R = std::invoke_result_t<F&>;
    DependencyGate::Ticket ticket = gate_ ? gate_->admit() : DependencyGate::Ticket{};  // may refuse at once
    if (pending_.fetch_add(1) >= max_queued_) {
      pending_.fetch_sub(1);
      throw PoolFull(name_);
    }
    if constexpr (std::is_void_v<R>) {
      return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void(std::exception_ptr)>(
          [this, fn = std::move(f), t = std::move(ticket)](auto handler) mutable {
            boost::asio::post(pool_, [this, fn = std::move(fn), t = std::move(t), h = std::move(handler)]() mutable {
              std::exception_ptr ep = invoke([&] { fn(); }, t);
              finish(std::move(h), ep);
            });
          },
          boost::asio::use_awaitable);
    } else {
      return unwrap<R>(boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&,
                                                   void(std::exception_ptr, std::optional<R>)>(
          [this, fn = std::move(f), t = std::move(ticket)](auto handler) mutable {
            boost::asio::post(pool_, [this, fn = std::move(fn), t = std::move(t), h = std::move(handler)]() mutable {
              std::optional<R> value;
              std::exception_ptr ep = invoke([&] { value.emplace(fn()); }, t);
              finish(std::move(h), ep, std::move(value));
            });
          },
          boost::asio::use_awaitable));
    }
  }

  // Runs fn on the pool without waiting (fire and forget; exceptions are the caller's to catch).
  template <class F>
  void post(F f) {
    boost::asio::post(pool_, std::move(f));
  }

  size_t pending() const { return pending_.load(); }
  DependencyGate* gate() const { return gate_; }
  const std::string& name() const { return name_; }
  void join() { pool_.join(); }

 private:
  template <class R>
  static boost::asio::awaitable<R> unwrap(boost::asio::awaitable<std::optional<R>> op) {
    co_return std::move(*co_await std::move(op));
  }

  // Pool thread: runs `call` under the gate (if any). The ticket ends before the caller resumes, so
  // the gate's view of running calls is current when the reply is sent.
  template <class Call>
  std::exception_ptr invoke(Call call, DependencyGate::Ticket& ticket) {
    std::exception_ptr ep;
    try {
      if (gate_) gate_->begin(ticket);
      call();
      if (gate_) gate_->answered();
    } catch (const Refusal&) {
      ep = std::current_exception();
    } catch (...) {
      ep = gate_ ? gate_->failed(std::current_exception()) : std::current_exception();
    }
    ticket = DependencyGate::Ticket{};
    return ep;
  }

  template <class Handler, class... Args>
  void finish(Handler h, Args... args) {
    pending_.fetch_sub(1);
    auto ex = boost::asio::get_associated_executor(h);
    boost::asio::post(ex, [h = std::move(h), ... a = std::move(args)]() mutable { std::move(h)(std::move(a)...); });
  }

  std::string name_;
  boost::asio::thread_pool pool_;
  size_t max_queued_;
  DependencyGate* gate_;  // borrowed, optional
  std::atomic<size_t> pending_{0};
};

}  // namespace tc::core
