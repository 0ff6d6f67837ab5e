#include "realtime/release/tracked_fanout.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <limits>

#include "realtime/engineio/session.hpp"

namespace tc::realtime::release {
namespace asio = boost::asio;

namespace {

int64_t steady_ns() {
  using namespace std::chrono;
  return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
}
int64_t wall_us() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

void store_min(std::atomic<int64_t>& a, int64_t v) {
  int64_t cur = a.load(std::memory_order_relaxed);
  while (v < cur && !a.compare_exchange_weak(cur, v, std::memory_order_relaxed)) {
  }
}
void store_max(std::atomic<int64_t>& a, int64_t v) {
  int64_t cur = a.load(std::memory_order_relaxed);
  while (v > cur && !a.compare_exchange_weak(cur, v, std::memory_order_relaxed)) {
  }
}

struct GroupClock {
  std::atomic<int64_t> sent{0};
  std::atomic<int64_t> first_ns{std::numeric_limits<int64_t>::max()};
  std::atomic<int64_t> last_ns{std::numeric_limits<int64_t>::min()};
  std::atomic<int64_t> first_us{std::numeric_limits<int64_t>::max()};
  std::atomic<int64_t> last_us{0};
};

// Shared by every drain of one pass; the last completion reports.
struct Pass {
  Pass(size_t groups, size_t recipients, FanoutDone d)
      : clocks(std::make_unique<GroupClock[]>(groups)), n(groups), remaining(recipients), done(std::move(d)) {}

  void completed(size_t g, bool sent) {
    if (sent) {
      auto& c = clocks[g];
      const int64_t ns = steady_ns(), us = wall_us();
      c.sent.fetch_add(1, std::memory_order_relaxed);
      store_min(c.first_ns, ns);
      store_max(c.last_ns, ns);
      store_min(c.first_us, us);
      store_max(c.last_us, us);
    }
    // acq_rel: the last one sees every other completion's figures.
    if (remaining.fetch_sub(1, std::memory_order_acq_rel) == 1) report();
  }

  void report() {
    std::vector<GroupResult> out(n);
    for (size_t g = 0; g < n; ++g) {
      auto& c = clocks[g];
      out[g].sockets = c.sent.load(std::memory_order_relaxed);
      if (out[g].sockets == 0) continue;
      out[g].first_us = c.first_us.load(std::memory_order_relaxed);
      out[g].last_us = c.last_us.load(std::memory_order_relaxed);
      out[g].spread_us =
          (c.last_ns.load(std::memory_order_relaxed) - c.first_ns.load(std::memory_order_relaxed)) / 1000;
    }
    done(std::move(out));
  }

  std::unique_ptr<GroupClock[]> clocks;
  const size_t n;
  std::atomic<size_t> remaining;
  FanoutDone done;
};

struct Drain {
  std::shared_ptr<engineio::Session> session;
  bool due = false;  // this push asked for the drain (SessionInbox::Pushed::schedule_drain)
  size_t group = 0;
};

}  // namespace

void tracked_fanout(const std::vector<Recipient>& recipients, std::vector<Packets> packets, FanoutDone done) {
  auto pass = std::make_shared<Pass>(packets.size(), recipients.size(), std::move(done));
  if (recipients.empty()) return pass->report();
  // Into every inbox first (in this thread: the order between passes is fixed here).
  std::vector<Drain> drains;
  drains.reserve(recipients.size());
  for (const auto& r : recipients) {
    if (!r.socket->connected() || r.group >= packets.size()) {
      pass->completed(r.group < packets.size() ? r.group : 0, false);
      continue;
    }
    const auto& session = r.socket->session();
    bool due = false;
    for (const auto& bytes : packets[r.group]) due |= session->push_inbox(bytes, false, false);
    drains.push_back({session, due, r.group});
  }
  if (drains.empty()) return;
  // Then the drains, from one post per I/O thread; a socket whose strand is idle is drained right
  // there (dispatch runs inline), a busy one after its running work.
  const size_t posts = std::clamp<size_t>(drains.front().session->options().io_threads, 1, drains.size());
  const size_t per = (drains.size() + posts - 1) / posts;
  auto ex = drains.front().session->strand().get_inner_executor();
  for (size_t begin = 0; begin < drains.size(); begin += per) {
    const size_t end = std::min(drains.size(), begin + per);
    std::vector<Drain> slice(std::make_move_iterator(drains.begin() + static_cast<std::ptrdiff_t>(begin)),
                             std::make_move_iterator(drains.begin() + static_cast<std::ptrdiff_t>(end)));
    asio::post(ex, [slice = std::move(slice), pass]() mutable {
      for (auto& d : slice) {
        auto strand = d.session->strand();
        asio::dispatch(strand, [d = std::move(d), pass] {
          // A drain that was not ours to schedule takes the inbox early, as a send on the strand does;
          // the scheduled one then finds it empty.
          d.session->drain_inbox(d.due);
          pass->completed(d.group, !d.session->closed());
        });
      }
    });
  }
}

}  // namespace tc::realtime::release
