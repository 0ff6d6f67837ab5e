// tc-loadgen: the chat fan-out load client of bench/realtime, in C++ for when the Node harness
// (chat-fanout.js) runs out of CPU before the server does. Same scenario and the same JSON fields as
// chat-fanout.js: creates a stream over REST, joins N viewers over W forked worker processes, sends
// chat at a fixed total rate from S senders in the parent, and measures each delivery's latency from
// the timestamp inside the message ({"t":<epoch ms with µs decimals>,"seq":n}). --idle S measures
// memory per joined viewer instead; --hold S keeps the viewers connected for S seconds after sending.
#include "client.hpp"
#include "histogram.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using namespace std::chrono_literals;
using loadgen::Client;
using loadgen::ClientState;
using loadgen::Histogram;

namespace {

struct Config {
  loadgen::Target target;
  loadgen::Target sender_target;  // --sender-url: senders on another node (several nodes over Redis)
  int n = 100, workers = 1, senders = 1, concurrency = 200;
  double rate = 50, duration = 10, idle = 0, hold = 0, join_timeout = 30, drain = 2;
  int server_pid = 0;
  std::string prefix = "u";
  std::vector<std::string> tokens, source_ips;
  bool anon_viewers = false;
  std::string stream_id_json;  // given, or created over REST
};

std::string arg_value(std::map<std::string, std::string>& a, const std::string& k, const std::string& d) {
  auto it = a.find(k);
  return it == a.end() ? d : it->second;
}

loadgen::Target parse_target(std::string url) {
  loadgen::Target t;
  if (url.rfind("http://", 0) == 0) url = url.substr(7);
  if (auto slash = url.find('/'); slash != std::string::npos) url = url.substr(0, slash);
  if (auto colon = url.rfind(':'); colon != std::string::npos) {
    t.host = url.substr(0, colon);
    t.port = static_cast<uint16_t>(std::stoi(url.substr(colon + 1)));
  } else {
    t.host = url;
    t.port = 80;
  }
  return t;
}

Config parse_args(int argc, char** argv) {
  std::map<std::string, std::string> a;
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    if (k.rfind("--", 0) != 0) continue;
    k = k.substr(2);
    if (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0) {
      a[k] = argv[++i];
    } else {
      a[k] = "true";
    }
  }
  Config c;
  c.target = parse_target(arg_value(a, "url", "http://127.0.0.1:3200"));
  c.sender_target = a.count("sender-url") ? parse_target(a["sender-url"]) : c.target;
  c.n = std::stoi(arg_value(a, "n", "100"));
  c.workers = std::max(1, std::stoi(arg_value(a, "workers", "1")));
  c.senders = std::max(1, std::stoi(arg_value(a, "senders", "1")));
  c.concurrency = std::max(1, std::stoi(arg_value(a, "concurrency", "200")));
  c.rate = std::stod(arg_value(a, "rate", "50"));
  c.duration = std::stod(arg_value(a, "duration", "10"));
  c.idle = std::stod(arg_value(a, "idle", "0"));
  c.hold = std::stod(arg_value(a, "hold", "0"));
  c.drain = std::stod(arg_value(a, "drain", "2"));
  c.join_timeout = std::stod(arg_value(a, "join-timeout", "30"));
  c.server_pid = std::stoi(arg_value(a, "server-pid", "0"));
  c.prefix = arg_value(a, "token-prefix", "u");
  c.anon_viewers = a.count("anon-viewers") > 0;
  if (a.count("tokens")) {
    std::ifstream f(a["tokens"]);
    for (std::string line; std::getline(f, line);) {
      if (!line.empty()) c.tokens.push_back(line);
    }
  }
  std::stringstream ips(arg_value(a, "source-ips", ""));
  for (std::string ip; std::getline(ips, ip, ',');) {
    if (!ip.empty()) c.source_ips.push_back(ip);
  }
  if (a.count("stream-id")) c.stream_id_json = json::serialize(json::value(a["stream-id"]));
  return c;
}

std::string quoted(const std::string& s) { return json::serialize(json::value(s)); }
std::string owner_token(const Config& c) { return c.tokens.empty() ? c.prefix + "0" : c.tokens[0]; }
std::string sender_token(const Config& c, int s) {
  if (c.tokens.empty()) return c.prefix + std::to_string(c.n + 1 + s);
  const auto k = std::max<size_t>(1, c.tokens.size() - 1);
  return c.tokens[std::min(c.tokens.size() - 1, 1 + static_cast<size_t>(s) % k)];
}
std::string user_of(const Config& c, int i) { return c.prefix + std::to_string(i); }

// POST /api/v1/streaming/create with the owner's Bearer token; returns stream.stream_id as JSON text.
std::string create_stream(const Config& c) {
  asio::io_context io;
  beast::tcp_stream s(io);
  s.connect(asio::ip::tcp::endpoint(asio::ip::make_address(c.target.host), c.target.port));
  http::request<http::string_body> req(http::verb::post, "/api/v1/streaming/create", 11);
  req.set(http::field::host, c.target.host);
  req.set(http::field::content_type, "application/json");
  req.set(http::field::authorization, "Bearer " + owner_token(c));
  req.body() = R"({"title":"bench","description":"chat fan-out"})";
  req.prepare_payload();
  http::write(s, req);
  beast::flat_buffer b;
  http::response<http::string_body> res;
  http::read(s, b, res);
  auto v = json::parse(res.body());
  const auto* stream = v.as_object().if_contains("stream");
  const auto* id = stream && stream->is_object() ? stream->as_object().if_contains("stream_id") : nullptr;
  if (!id) throw std::runtime_error("create failed: " + std::to_string(res.result_int()) + " " + res.body());
  return json::serialize(*id);
}

struct ProcStat {
  double rss_mb = -1, cpu_s = -1;
  double runq_wait_s = -1;  // time the server's threads were runnable but not running (a busy machine)
};
ProcStat proc_stat(int pid) {
  ProcStat p;
  if (!pid) return p;
  std::ifstream st("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(st, line);) {
    if (line.rfind("VmRSS:", 0) == 0) p.rss_mb = std::stod(line.substr(6)) / 1024.0;
  }
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string all((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  const auto rp = all.rfind(") ");
  if (rp == std::string::npos) return p;
  std::istringstream in(all.substr(rp + 2));
  std::vector<std::string> fields;
  for (std::string x; in >> x;) fields.push_back(x);
  if (fields.size() > 12) {
    p.cpu_s = (std::stod(fields[11]) + std::stod(fields[12])) / static_cast<double>(sysconf(_SC_CLK_TCK));
  }
  // /proc/PID/task/*/schedstat: on-CPU ns, run-queue wait ns, time slices.
  double wait_ns = 0;
  bool any = false;
  std::error_code ec;
  for (const auto& t : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::ifstream ss(t.path() / "schedstat");
    double run = 0, wait = 0;
    if (ss >> run >> wait) {
      wait_ns += wait;
      any = true;
    }
  }
  if (any) p.runq_wait_s = wait_ns / 1e9;
  return p;
}

double self_cpu_s() {
  rusage self{}, kids{};
  getrusage(RUSAGE_SELF, &self);
  getrusage(RUSAGE_CHILDREN, &kids);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return s(self.ru_utime) + s(self.ru_stime) + s(kids.ru_utime) + s(kids.ru_stime);
}

int64_t now_epoch_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Latency of one chat_message frame from the {"t":...} inside its message text (escaped in the frame).
bool frame_latency_us(std::string_view frame, int64_t now_us, int64_t& out) {
  static constexpr std::string_view kKey = R"(\"t\":)";
  const auto k = frame.find(kKey);
  if (k == std::string_view::npos) return false;
  const char* p = frame.data() + k + kKey.size();
  char* end = nullptr;
  const double t_ms = std::strtod(p, &end);
  if (end == p) return false;
  out = now_us - static_cast<int64_t>(std::llround(t_ms * 1000.0));
  return true;
}

// ---- worker process: viewers [from, to]
struct WorkerState {
  uint64_t joined = 0, failed = 0, resolved = 0, delivered = 0, closed_after_join = 0, error_events = 0;
  bool go = false;
  Histogram hist;
  std::map<std::string, int> fail_reasons;
};

void write_line(int fd, const std::string& s) {
  std::string line = s + "\n";
  const char* p = line.data();
  size_t left = line.size();
  while (left) {
    const auto w = ::write(fd, p, left);
    if (w <= 0) return;
    p += w;
    left -= static_cast<size_t>(w);
  }
}

int run_worker(const Config& c, int from, int to, int cmd_fd, int res_fd) {
  asio::io_context io(1);
  WorkerState st;
  const int count = to - from + 1;
  Client::Hooks hooks;
  hooks.on_joined = [&](Client&) {
    ++st.joined;
    ++st.resolved;
  };
  hooks.on_failed = [&](Client&, std::string_view why) {
    ++st.failed;
    ++st.resolved;
    auto key = std::string(why.substr(0, 60));
    if (st.fail_reasons.size() < 8 || st.fail_reasons.count(key)) ++st.fail_reasons[key];
  };
  hooks.on_event = [&](Client&, std::string_view event, std::string_view frame) {
    if (event == "chat_message") {
      if (!st.go) return;
      ++st.delivered;
      int64_t us;
      if (frame_latency_us(frame, now_epoch_us(), us)) st.hist.add(us);
    } else if (event == "error") {
      ++st.error_events;
    }
  };
  hooks.on_closed = [&](Client&) { ++st.closed_after_join; };

  std::vector<std::unique_ptr<Client>> clients;
  clients.reserve(static_cast<size_t>(count));
  int next = from;
  auto start_one = [&] {
    const int i = next++;
    const std::string auth = c.anon_viewers ? "{}" : "{\"token\":" + quoted(c.prefix + std::to_string(i)) + "}";
    const std::string join = "{\"stream_id\":" + c.stream_id_json + ",\"user_id\":" + quoted(user_of(c, i)) +
                             ",\"username\":\"viewer" + std::to_string(i) + "\"}";
    const auto& ip = c.source_ips.empty() ? std::string() : c.source_ips[static_cast<size_t>(i) % c.source_ips.size()];
    clients.push_back(std::make_unique<Client>(io, c.target, ip, auth, join, hooks));
    clients.back()->index = static_cast<size_t>(i);
    asio::co_spawn(io, clients.back()->run(), asio::detached);
  };
  // Keep at most `concurrency` joins in flight; a join pending longer than join_timeout counts as failed.
  bool reported = false;
  asio::steady_timer pump(io);
  // --join-timeout is the whole join window (like chat-fanout.js's 30 s): what has not joined by then
  // counts as failed, started or not.
  const auto window_end = std::chrono::steady_clock::now() + std::chrono::duration<double>(c.join_timeout);
  std::function<void()> tick = [&] {
    if (std::chrono::steady_clock::now() > window_end && !reported) {
      for (auto& cl : clients) {
        if (cl->give_up()) {
          ++st.failed;
          ++st.resolved;
          ++st.fail_reasons["join window over"];
        }
      }
      if (next <= to) {
        st.fail_reasons["not started in the join window"] += to - next + 1;
        st.failed += static_cast<uint64_t>(to - next + 1);
        st.resolved += static_cast<uint64_t>(to - next + 1);
        next = to + 1;
      }
    }
    while (next <= to && static_cast<int>(clients.size() - st.resolved) < c.concurrency) start_one();
    if (!reported && next > to && st.resolved >= static_cast<uint64_t>(count)) {
      reported = true;
      std::string reasons;
      for (auto& [k, v] : st.fail_reasons) reasons += " [" + std::to_string(v) + "x " + k + "]";
      write_line(res_fd, "J " + std::to_string(st.joined) + " " + std::to_string(st.failed) + reasons);
      return;
    }
    pump.expires_after(2ms);
    pump.async_wait([&](boost::system::error_code ec) {
      if (!ec) tick();
    });
  };
  tick();

  asio::posix::stream_descriptor cmd(io, cmd_fd);
  asio::streambuf cmd_buf;
  std::function<void()> read_cmd = [&] {
    asio::async_read_until(cmd, cmd_buf, '\n', [&](boost::system::error_code ec, size_t n) {
      if (ec) {
        io.stop();
        return;
      }
      std::string line(asio::buffers_begin(cmd_buf.data()), asio::buffers_begin(cmd_buf.data()) + static_cast<long>(n) - 1);
      cmd_buf.consume(n);
      if (line == "go") {
        st.go = true;
      } else if (line == "stop") {
        st.go = false;
        write_line(res_fd, "R " + std::to_string(st.delivered) + " " + std::to_string(st.closed_after_join) + " " +
                               std::to_string(st.error_events) + " " + std::to_string(self_cpu_s()));
        write_line(res_fd, "H" + st.hist.serialize());
        io.stop();
        return;
      }
      read_cmd();
    });
  };
  read_cmd();
  io.run();
  return 0;
}

struct WorkerProc {
  pid_t pid;
  int cmd_fd;
  FILE* res;
};

std::string read_line(FILE* f) {
  char* line = nullptr;
  size_t cap = 0;
  const auto n = getline(&line, &cap, f);
  std::string s = n > 0 ? std::string(line, static_cast<size_t>(n)) : std::string();
  free(line);
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

std::string num(double v, int decimals = 2) {
  if (v < 0 || std::isnan(v)) return "null";
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(decimals);
  o << v;
  return o.str();
}

}  // namespace

int main(int argc, char** argv) {
  auto c = parse_args(argc, argv);
  std::signal(SIGPIPE, SIG_IGN);
  try {
    if (c.stream_id_json.empty()) c.stream_id_json = create_stream(c);
  } catch (const std::exception& e) {
    std::cerr << "loadgen: " << e.what() << "\n";
    return 1;
  }
  const auto before = proc_stat(c.server_pid);
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<WorkerProc> workers;
  const int per = (c.n + c.workers - 1) / c.workers;
  for (int w = 0; w < c.workers; ++w) {
    const int from = 1 + w * per, to = std::min(c.n, (w + 1) * per);
    if (from > to) break;
    int cmd[2], res[2];
    if (pipe(cmd) != 0 || pipe(res) != 0) return 1;
    const pid_t pid = fork();
    if (pid == 0) {
      ::close(cmd[1]);
      ::close(res[0]);
      for (auto& wp : workers) {
        ::close(wp.cmd_fd);
        fclose(wp.res);
      }
      _exit(run_worker(c, from, to, cmd[0], res[1]));
    }
    ::close(cmd[0]);
    ::close(res[1]);
    workers.push_back({pid, cmd[1], fdopen(res[0], "r")});
  }
  uint64_t joined = 0, failed = 0;
  std::string join_notes;
  for (auto& w : workers) {
    std::istringstream in(read_line(w.res));
    std::string tag;
    uint64_t j = 0, f = 0;
    in >> tag >> j >> f;
    joined += j;
    failed += f;
    std::string rest;
    std::getline(in, rest);
    join_notes += rest;
  }
  const double join_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::ostringstream out;
  out << "{\"client\":\"tc-loadgen\",\"url\":\"http://" << c.target.host << ":" << c.target.port << "\",\"n\":" << c.n
      << ",\"workers\":" << workers.size() << ",\"joined\":" << joined << ",\"join_failed\":" << failed
      << ",\"join_seconds\":" << num(join_s) << ",\"joins_per_s\":" << num(static_cast<double>(joined) / join_s, 0);
  if (!join_notes.empty()) out << ",\"join_failures\":" << quoted(join_notes);

  auto stop_workers = [&](uint64_t& delivered, uint64_t& dropped, uint64_t& errors, double& worker_cpu, Histogram& h) {
    for (auto& w : workers) write_line(w.cmd_fd, "stop");
    for (auto& w : workers) {
      std::istringstream in(read_line(w.res));
      std::string tag;
      uint64_t d = 0, x = 0, e = 0;
      double cpu = 0;
      in >> tag >> d >> x >> e >> cpu;
      delivered += d;
      dropped += x;
      errors += e;
      worker_cpu += cpu;
      auto hl = read_line(w.res);
      if (!hl.empty()) h.merge_serialized(hl.substr(1));
    }
    for (auto& w : workers) waitpid(w.pid, nullptr, 0);
  };

  if (c.idle > 0) {
    std::this_thread::sleep_for(2s);
    const auto idle = proc_stat(c.server_pid);
    std::this_thread::sleep_for(std::chrono::duration<double>(c.idle));
    const auto later = proc_stat(c.server_pid);
    uint64_t d = 0, x = 0, e = 0;
    double wc = 0;
    Histogram h;
    stop_workers(d, x, e, wc, h);
    out << ",\"mode\":\"idle\",\"server_rss_mb_before\":" << num(before.rss_mb, 1)
        << ",\"server_rss_mb_idle\":" << num(idle.rss_mb, 1) << ",\"server_rss_mb_idle_end\":" << num(later.rss_mb, 1)
        << ",\"rss_kb_per_viewer\":"
        << (joined && before.rss_mb >= 0 ? num((idle.rss_mb - before.rss_mb) * 1024.0 / static_cast<double>(joined))
                                         : "null")
        << ",\"dropped_while_idle\":" << x << "}";
    std::cout << out.str() << std::endl;
    return 0;
  }

  // Senders live in this process, after the workers have forked.
  asio::io_context io(1);
  Client::Hooks shooks;
  uint64_t sender_errors = 0, sender_joined = 0;
  shooks.on_joined = [&](Client&) { ++sender_joined; };
  shooks.on_event = [&](Client&, std::string_view event, std::string_view) {
    if (event == "error") ++sender_errors;
  };
  std::vector<std::unique_ptr<Client>> senders;
  for (int s = 0; s < c.senders; ++s) {
    const int uid = c.n + 1 + s;
    const std::string join = "{\"stream_id\":" + c.stream_id_json + ",\"user_id\":" + quoted(user_of(c, uid)) +
                             ",\"username\":\"sender" + std::to_string(s) + "\"}";
    senders.push_back(std::make_unique<Client>(io, c.sender_target, std::string(),
                                               "{\"token\":" + quoted(sender_token(c, s)) + "}", join, shooks));
    asio::co_spawn(io, senders.back()->run(), asio::detached);
  }
  const auto sdeadline = std::chrono::steady_clock::now() + 5s;
  while (sender_joined < senders.size() && std::chrono::steady_clock::now() < sdeadline) io.run_for(10ms);

  const auto cpu0 = proc_stat(c.server_pid);
  const double client_cpu0 = self_cpu_s();
  for (auto& w : workers) write_line(w.cmd_fd, "go");
  std::this_thread::sleep_for(20ms);  // let the workers read "go" before the first message
  const auto total = static_cast<uint64_t>(std::llround(c.rate * c.duration));
  uint64_t seq = 0;
  const auto start = std::chrono::steady_clock::now();
  while (seq < total) {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto due = std::min<uint64_t>(total, static_cast<uint64_t>(elapsed * c.rate));
    while (seq < due) {
      auto& s = *senders[seq % senders.size()];
      const auto t_us = now_epoch_us();
      char text[64];
      std::snprintf(text, sizeof text, R"({"t":%lld.%03lld,"seq":%llu})", static_cast<long long>(t_us / 1000),
                    static_cast<long long>(t_us % 1000), static_cast<unsigned long long>(seq));
      s.emit("\"send_message\",{\"stream_id\":" + c.stream_id_json + ",\"user_id\":" +
             quoted(user_of(c, c.n + 1 + static_cast<int>(seq % senders.size()))) +
             ",\"username\":\"sender\",\"message\":" + quoted(text) + "}");
      ++seq;
    }
    io.run_for(1ms);
  }
  const auto drain_until = std::chrono::steady_clock::now() + std::chrono::duration<double>(c.drain);
  while (std::chrono::steady_clock::now() < drain_until) io.run_for(10ms);
  const auto cpu1 = proc_stat(c.server_pid);
  if (c.hold > 0) {
    const auto hold_until = std::chrono::steady_clock::now() + std::chrono::duration<double>(c.hold);
    while (std::chrono::steady_clock::now() < hold_until) io.run_for(50ms);
  }
  const auto held = proc_stat(c.server_pid);
  uint64_t delivered = 0, dropped = 0, errors = 0;
  double worker_cpu = 0;
  Histogram h;
  stop_workers(delivered, dropped, errors, worker_cpu, h);
  const double client_cpu = self_cpu_s() - client_cpu0;
  const auto expected = seq * joined;
  const double cpu = cpu1.cpu_s >= 0 ? cpu1.cpu_s - cpu0.cpu_s : -1;
  out << ",\"mode\":\"fanout\",\"rate\":" << c.rate << ",\"duration\":" << c.duration << ",\"senders\":" << c.senders
      << ",\"sent\":" << seq << ",\"expected_deliveries\":" << expected << ",\"delivered\":" << delivered
      << ",\"delivery_ratio\":" << (expected ? num(static_cast<double>(delivered) / static_cast<double>(expected), 4) : "0")
      << ",\"delivered_per_s\":" << num(static_cast<double>(delivered) / c.duration, 0)
      << ",\"p50_ms\":" << num(h.quantile_ms(0.5)) << ",\"p95_ms\":" << num(h.quantile_ms(0.95))
      << ",\"p99_ms\":" << num(h.quantile_ms(0.99)) << ",\"max_ms\":" << num(h.max_ms())
      << ",\"viewers_dropped\":" << dropped << ",\"error_events\":" << errors + sender_errors
      << ",\"server_rss_mb_before\":" << num(before.rss_mb, 1) << ",\"server_rss_mb_after\":" << num(held.rss_mb, 1)
      << ",\"server_cpu_s\":" << num(cpu) << ",\"server_runq_wait_s\":"
      << (cpu1.runq_wait_s >= 0 ? num(cpu1.runq_wait_s - cpu0.runq_wait_s) : "null")
      << ",\"server_cpu_s_per_100k_deliveries\":"
      << (cpu >= 0 && delivered ? num(cpu * 100000.0 / static_cast<double>(delivered), 3) : "null")
      << ",\"client_cpu_s\":" << num(client_cpu) << "}";
  for (auto& s : senders) s->close();
  std::cout << out.str() << std::endl;
  return 0;
}
