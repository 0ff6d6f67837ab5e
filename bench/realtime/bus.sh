#!/usr/bin/env bash
# Chat fan-out through the event bus, in one run: the single-node path before the bus existed
# (BEFORE_BIN, optional), the same path now (in-process bus), one node with --redis (its own messages
# go to Redis and are dropped on the way back), and two nodes over Redis (viewers on node A, senders
# on node B: every message crosses Redis). All servers, and the private redis-server, pinned to CPU 0;
# the load client to CPU 1; MariaDB shared by the two nodes. Cases are interleaved and repeated
# (REPEAT) so the machine's background load hits them alike. One JSON line per case to $OUT, then a
# table of medians (docs/performance.md "Event bus").
#
#   BEFORE_BIN=/tmp/tc-before/build/tradecast bash bench/realtime/bus.sh
#   N=1000 RATE=50 DURATION=10 REPEAT=3 bash bench/realtime/bus.sh
#
# Needs build/tradecast and the load client (cmake -DTC_BUILD_BENCH=ON; target tc-loadgen), MariaDB
# on 127.0.0.1:3306 (bash scripts/test-services.sh) and redis-server on the PATH.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
BUILD_DIR="${BUILD_DIR:-$root/build}"
AFTER_BIN="${AFTER_BIN:-$BUILD_DIR/tradecast}"
BEFORE_BIN="${BEFORE_BIN:-}"
LOADGEN="${LOADGEN:-$BUILD_DIR/bench/tc-loadgen}"
N="${N:-1000}"; RATE="${RATE:-50}"; DURATION="${DURATION:-10}"; REPEAT="${REPEAT:-2}"
CASES="${CASES:-before local redis-1node redis-2nodes}"
PORT_A="${PORT_A:-3393}"; PORT_B="${PORT_B:-3394}"; REDIS_PORT="${REDIS_PORT:-6391}"
DB_USER="${DB_USER:-tradecast}"; DB_PASS="${DB_PASS:-tradecast}"
NICE=(nice -n "${BENCH_NICE:--10}")
mkdir -p "$here/results"
OUT="${OUT:-$here/results/bus-$(date -u +%Y%m%dT%H%M%SZ).jsonl}"
LOGDIR=$(mktemp -d /tmp/busbench.XXXXXX)
echo "results: $OUT  logs: $LOGDIR"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[ -x "$LOADGEN" ] || { echo "no load client at $LOADGEN (cmake -DTC_BUILD_BENCH=ON, target tc-loadgen)" >&2; exit 1; }
[ -z "$BEFORE_BIN" ] && CASES="${CASES/before/}"

PIDS=()
REDIS_PID=""
stop_all() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  PIDS=()
}
cleanup() {
  stop_all
  [ -n "$REDIS_PID" ] && { kill "$REDIS_PID" 2>/dev/null; wait "$REDIS_PID" 2>/dev/null; }
  mysql -h127.0.0.1 -u"$DB_USER" -p"$DB_PASS" -e "DROP DATABASE IF EXISTS busbench_$$" 2>/dev/null
}
trap cleanup EXIT
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
wait_healthy() {
  for _ in $(seq 1 200); do curl -fsS "$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "server at $1 did not start:" >&2; tail -20 "$2" >&2; return 1
}

"${NICE[@]}" taskset -c 0 redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
  >"$LOGDIR/redis.log" 2>&1 &
REDIS_PID=$!
sleep 0.5

# The REST request budget off (--rest-rate-limit-*, issue 12), for binaries that have it (BEFORE_BIN
# may be older).
rest_budget_off() {
  if "$1" serve --help 2>&1 | grep -q -- '--rest-rate-limit-ip'; then
    echo "--rest-rate-limit-ip 0 --rest-rate-limit-token 0"
  fi
}

# start BIN PORT NAME [flags…]: one node on the shared database, pinned to CPU 0.
start() {
  local bin="$1" port="$2" name="$3"; shift 3
  "${NICE[@]}" taskset -c 0 "$bin" serve --port "$port" --data-dir "$LOGDIR/data-$name" \
    --db "mysql://$DB_USER:$DB_PASS@127.0.0.1:3306/busbench_$$" --log-level warn --media false \
    --jwt-secret bus-bench-secret-0123456789abcdef0123 --argon2-cost min --auth-rate-limit 0 \
    --chat-rate-limit 0 --handshake-rate 0 $(rest_budget_off "$bin") \
    --max-connections-per-ip 1000000 --io-threads 1 "$@" \
    >"$LOGDIR/$name.log" 2>&1 &
  PIDS+=($!)
  wait_healthy "http://127.0.0.1:$port" "$LOGDIR/$name.log" || exit 1
}
tokens() {  # owner and four senders, registered on node A
  : >"$LOGDIR/tokens.txt"
  for u in owner s1 s2 s3 s4; do
    curl -fsS -X POST "http://127.0.0.1:$PORT_A/api/v1/auth/register" -H 'content-type: application/json' \
      -d "{\"username\":\"bb${u}${RANDOM}${RANDOM}\",\"password\":\"bench-password-$u\"}" |
      node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))' >>"$LOGDIR/tokens.txt" || exit 1
  done
}

run_case() {  # case repetition
  local k="$1" r="$2" sender_url="" other="" a_pid
  stop_all
  rm -rf "$LOGDIR"/data-*
  mysql -h127.0.0.1 -u"$DB_USER" -p"$DB_PASS" -e "DROP DATABASE IF EXISTS busbench_$$; CREATE DATABASE busbench_$$ CHARACTER SET utf8mb4" || exit 1
  case "$k" in
    before) start "$BEFORE_BIN" "$PORT_A" a ;;
    local) start "$AFTER_BIN" "$PORT_A" a ;;
    redis-1node) start "$AFTER_BIN" "$PORT_A" a --redis "redis://127.0.0.1:$REDIS_PORT" ;;
    redis-2nodes)
      start "$AFTER_BIN" "$PORT_A" a --redis "redis://127.0.0.1:$REDIS_PORT"
      start "$AFTER_BIN" "$PORT_B" b --redis "redis://127.0.0.1:$REDIS_PORT"
      other="${PIDS[1]}"
      sender_url="http://127.0.0.1:$PORT_B" ;;
  esac
  a_pid="${PIDS[0]}"
  tokens "$k$r"
  local b0 r0 b1 r1 line
  b0=$([ -n "$other" ] && cpu_ticks "$other" || echo 0); r0=$(cpu_ticks "$REDIS_PID")
  line=$("${NICE[@]}" taskset -c 1 "$LOADGEN" --url "http://127.0.0.1:$PORT_A" ${sender_url:+--sender-url "$sender_url"} \
    --server-pid "$a_pid" --tokens "$LOGDIR/tokens.txt" --anon-viewers --n "$N" --rate "$RATE" --duration "$DURATION" \
    --workers 2 --senders 4 --join-timeout 60 2>>"$LOGDIR/loadgen.err" | tail -1)
  b1=$([ -n "$other" ] && cpu_ticks "$other" || echo 0); r1=$(cpu_ticks "$REDIS_PID")
  [ -n "$line" ] || line='{"error":"client failed"}'
  node -e '
    const [k, r, l, b, rd, hz] = process.argv.slice(1);
    let o; try { o = JSON.parse(l); } catch { o = { error: l }; }
    o.case = k; o.rep = +r;
    o.node_b_cpu_s = +b / +hz; o.redis_cpu_s = +rd / +hz;
    const all = (o.server_cpu_s || 0) + o.node_b_cpu_s + o.redis_cpu_s;
    o.all_cpu_s_per_100k = o.delivered ? +(all * 1e5 / o.delivered).toFixed(3) : null;
    console.log(JSON.stringify(o));' "$k" "$r" "$line" "$((b1 - b0))" "$((r1 - r0))" "$(getconf CLK_TCK)" | tee -a "$OUT"
}

for r in $(seq 1 "$REPEAT"); do
  for k in $CASES; do run_case "$k" "$r"; done
done
stop_all
node "$here/bus_summary.mjs" "$OUT"
