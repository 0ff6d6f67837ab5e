#include "realtime/bus/redis_event_bus.hpp"

#include <boost/asio/post.hpp>

#include "core/logging.hpp"

namespace tc::realtime::bus {
namespace asio = boost::asio;

namespace {
auto log() {
  static auto l = core::logger("realtime.bus");
  return l;
}
constexpr size_t kChannelsPerCommand = 256;
}  // namespace

RedisEventBus::RedisEventBus(asio::io_context& ioc, const RedisAddress& address, std::string node_id,
                             core::MetricsRegistry& metrics, std::string channel_prefix)
    : prefix_(std::move(channel_prefix)),
      local_(std::move(node_id)),
      sub_(asio::make_strand(ioc), address, "subscribe",
           {[this] { on_sub_up(); }, [this](RespValue&& v) { on_sub_reply(std::move(v)); }, [this] { on_sub_down(); }}),
      pub_(asio::make_strand(ioc), address, "publish",
           {[this] { set_up(pub_up_, true); },
            [](RespValue&& v) {
              // PUBLISH answers with the number of receivers; only an error is worth a line.
              if (v.type == RespValue::Type::error) log()->warn("msg=\"redis PUBLISH refused\" error=\"{}\"", v.str);
            },
            [this] { set_up(pub_up_, false); }}),
      published_(metrics.counter("tradecast_bus_published_total", "Messages sent to other nodes (Redis PUBLISH)")),
      received_(metrics.counter("tradecast_bus_received_total", "Messages received from other nodes")),
      dropped_(metrics.counter("tradecast_bus_dropped_total",
                               "Messages for other nodes dropped: Redis down, too slow or message too large")),
      connected_(metrics.gauge("tradecast_bus_connected",
                               "1 while both Redis connections (subscribe, publish) are up and Redis answers")),
      channels_(metrics.gauge("tradecast_bus_channels", "Redis channels this node subscribes to")) {
  if (local_.node_id().size() != kNodeIdLength) throw std::invalid_argument("bus node id must be 16 characters");
}

RedisEventBus::~RedisEventBus() = default;

void RedisEventBus::start() {
  sub_.start();
  pub_.start();
}

void RedisEventBus::stop() {
  stopped_ = true;
  sub_.stop();
  pub_.stop();
}

void RedisEventBus::publish(std::string_view topic, std::string_view data) {
  local_.deliver(topic, local_.node_id(), data);
  if (stopped_) return;
  if (data.size() > kMaxMessageBytes || pending_publishes_.load(std::memory_order_relaxed) >= kMaxPendingPublishes) {
    dropped_.inc();
    return;
  }
  // Formatted here, on the publisher's thread, so the connection's strand only queues bytes.
  std::string frame;
  frame.reserve(kNodeIdLength + data.size());
  frame.append(local_.node_id()).append(data);
  const std::string channel = prefix_ + std::string(topic);
  auto cmd = resp_command({"PUBLISH", channel, frame});
  pending_publishes_.fetch_add(1, std::memory_order_relaxed);
  asio::post(pub_.strand(), [this, cmd = std::move(cmd)]() mutable {
    pending_publishes_.fetch_sub(1, std::memory_order_relaxed);
    if (pub_.send(std::move(cmd))) {
      published_.inc();
    } else {
      dropped_.inc();
    }
  });
}

uint64_t RedisEventBus::subscribe(std::string topic, Handler handler, ReadyHandler ready) {
  const auto t = topic;
  const auto id = local_.add(std::move(topic), std::move(handler), std::move(ready));
  asio::post(sub_.strand(), [this, t] { reconcile(t); });
  return id;
}

void RedisEventBus::unsubscribe(uint64_t id) {
  auto [topic, empty] = local_.remove(id);
  if (empty) asio::post(sub_.strand(), [this, topic = std::move(topic)] { reconcile(topic); });
}

// Brings Redis in line with the local table for one topic. Posted after every change, so a
// subscribe and unsubscribe in quick succession settle on the last state.
void RedisEventBus::reconcile(const std::string& topic) {
  const bool want = local_.has_subscribers(topic);
  const bool have = subscribed_.count(topic) > 0;
  if (!sub_.up()) return;  // on_sub_up subscribes to everything wanted
  if (want && !have) {
    if (sub_.send(resp_command({"SUBSCRIBE", prefix_ + topic}))) subscribed_.insert(topic);
  } else if (!want && have) {
    sub_.send(resp_command({"UNSUBSCRIBE", prefix_ + topic}));
    subscribed_.erase(topic);
    confirmed_.erase(topic);
  } else if (want && confirmed_.count(topic)) {
    local_.ready(topic);  // a new subscriber on a channel already live
  }
  channels_.set(static_cast<int64_t>(subscribed_.size()));
}

void RedisEventBus::set_up(std::atomic<bool>& which, bool up) {
  std::lock_guard lock(shown_mutex_);
  which = up;
  connected_.set(connected() ? 1 : 0);
}

void RedisEventBus::on_sub_up() {
  set_up(sub_up_, true);
  subscribed_.clear();
  confirmed_.clear();
  const auto topics = local_.topics();
  for (size_t i = 0; i < topics.size(); i += kChannelsPerCommand) {
    std::vector<std::string> channels;
    std::vector<std::string_view> args{"SUBSCRIBE"};
    for (size_t j = i; j < std::min(topics.size(), i + kChannelsPerCommand); ++j)
      channels.push_back(prefix_ + topics[j]);
    for (const auto& c : channels) args.push_back(c);
    if (!sub_.send(resp_command(args))) break;
    for (size_t j = i; j < std::min(topics.size(), i + kChannelsPerCommand); ++j) subscribed_.insert(topics[j]);
  }
  channels_.set(static_cast<int64_t>(subscribed_.size()));
  log()->info("msg=\"bus subscriber connected\" node={} channels={}", local_.node_id(), subscribed_.size());
}

void RedisEventBus::on_sub_down() {
  set_up(sub_up_, false);
  subscribed_.clear();
  confirmed_.clear();
  channels_.set(0);
}

void RedisEventBus::on_sub_reply(RespValue&& v) {
  if (v.type == RespValue::Type::error) {
    log()->warn("msg=\"redis refused a subscription command\" error=\"{}\"", v.str);
    return;
  }
  auto p = as_pubsub(std::move(v));
  if (!p || !p->channel.starts_with(prefix_)) return;
  const std::string_view topic = std::string_view(p->channel).substr(prefix_.size());
  if (p->kind == "message") {
    if (p->payload.size() < kNodeIdLength) return;
    const std::string_view origin(p->payload.data(), kNodeIdLength);
    if (origin == local_.node_id()) return;  // delivered locally when published
    received_.inc();
    local_.deliver(topic, origin, std::string_view(p->payload).substr(kNodeIdLength));
  } else if (p->kind == "subscribe") {
    const std::string t(topic);
    if (!subscribed_.count(t)) return;  // unsubscribed meanwhile
    confirmed_.insert(t);
    local_.ready(topic);
  }
}

}  // namespace tc::realtime::bus
