#!/usr/bin/env bash
# Realtime benchmark: our `tradecast` and the founding design's Node.js server (reference/seed-node)
# side by side in one run, over the matrix of issue 3. Each server runs alone, pinned to CPU 0
# (taskset); the load clients run pinned to CPU 1. Writes one JSON line per case to
# $OUT (default bench/realtime/results/<UTC time>.jsonl) and prints the table (summarize.mjs).
#
#   bash bench/realtime/run.sh              # the whole matrix (about 15 minutes)
#   CASES="agree fanout" bash bench/realtime/run.sh
#
# Cases: agree (both clients, 500 viewers x 20 msg/s, both servers), fanout (1,000 and 5,000
# viewers x 50 msg/s), maxrate (1,000 viewers, rising rates until delivery < 99% or p99 >= 100 ms),
# idle (memory per idle viewer, 1,000 viewers), c100k (100,000 WebSocket viewers on our server).
# Needs MariaDB on 127.0.0.1:3306 (bash scripts/test-services.sh), node/npm, and root or a hard
# file limit high enough for ulimit -n 1048576 (the 100k case).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
CASES="${CASES:-agree fanout maxrate idle c100k}"
DURATION="${DURATION:-15}"
BUILD_DIR="${BENCH_BUILD_DIR:-$root/build-bench}"
OURS_PORT="${OURS_PORT:-3391}"
NODE_PORT="${NODE_PORT:-3390}"
DB_USER="${DB_USER:-tradecast}"
DB_PASS="${DB_PASS:-tradecast}"
SERVER_CPU="${SERVER_CPU:-0}"
CLIENT_CPU="${CLIENT_CPU:-1}"
# The machine is shared: a higher priority (lower nice) for the servers and clients keeps other
# people's builds on the same cores from deciding the result. BENCH_NICE=0 to run at normal priority.
NICE=(nice -n "${BENCH_NICE:--10}")
mkdir -p "$here/results"
OUT="${OUT:-$here/results/$(date -u +%Y%m%dT%H%M%SZ).jsonl}"
LOGDIR=$(mktemp -d /tmp/rtbench.XXXXXX)
LOADGEN="$BUILD_DIR/bench/tc-loadgen"
TRADECAST="$BUILD_DIR/tradecast"
# Servers of the agree/fanout/maxrate/idle cases. With BASELINE_BIN (another tradecast binary, say
# main's before a change) the fanout case also runs it as server "base", alternating with ours.
SERVERS="${SERVERS:-ours node}"
[ -n "${BASELINE_BIN:-}" ] && SERVERS="base $SERVERS"
HARNESS="$here/reference/chat-fanout.js"
echo "results: $OUT  logs: $LOGDIR"

ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "file limit: $(ulimit -n)"

# ---- build (RelWithDebInfo like scripts/build.sh, plus the load client)
if [ -z "${SKIP_BUILD:-}" ]; then
  if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTC_BUILD_TESTS=OFF >/dev/null || exit 1
  fi
  cmake -S "$root" -B "$BUILD_DIR" -DTC_BUILD_BENCH=ON >/dev/null || exit 1
  cmake --build "$BUILD_DIR" -j2 --target tradecast tc-loadgen >"$LOGDIR/build.log" 2>&1 || { tail -30 "$LOGDIR/build.log"; exit 1; }
fi
(cd "$here/reference" && [ -d node_modules ] || npm ci --no-audit --no-fund >/dev/null) || exit 1
(cd "$here/reference/seed-node" && [ -d node_modules ] || npm ci --no-audit --no-fund >/dev/null) || exit 1

SERVER_PID=""
SERVER_URL=""
TOKENS=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=""
  fi
}
trap stop_server EXIT
wait_healthy() {
  for _ in $(seq 1 200); do curl -fsS "$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "server at $1 did not start; log:" >&2
  tail -20 "$2" >&2
  return 1
}
db_create() {
  mysql -h127.0.0.1 -u"$DB_USER" -p"$DB_PASS" -e "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1 CHARACTER SET utf8mb4"
}
db_drop() { mysql -h127.0.0.1 -u"$DB_USER" -p"$DB_PASS" -e "DROP DATABASE IF EXISTS $1" 2>/dev/null; }

# The REST request budget off (--rest-rate-limit-*, issue 12), for binaries that have it (BASELINE_BIN
# may be older).
rest_budget_off() {
  if "$1" serve --help 2>&1 | grep -q -- '--rest-rate-limit-ip'; then
    echo "--rest-rate-limit-ip 0 --rest-rate-limit-token 0"
  fi
}

# Our server, on MariaDB like the reference; limits that exist to stop abuse are switched off, since
# the whole load comes from one address. Registers the stream owner and 4 senders (real tokens).
start_ours() {  # [binary]
  local bin="${1:-$TRADECAST}"
  stop_server
  local db="rtbench_ours_$$" data="$LOGDIR/ours-data"
  db_create "$db"
  rm -rf "$data"; mkdir -p "$data"
  "${NICE[@]}" taskset -c "$SERVER_CPU" "$bin" serve --port "$OURS_PORT" --data-dir "$data" \
    --db "mysql://$DB_USER:$DB_PASS@127.0.0.1:3306/$db" --log-level warn \
    --argon2-cost min --auth-rate-limit 0 --chat-rate-limit 0 --handshake-rate 0 \
    $(rest_budget_off "$bin") \
    --max-connections-per-ip 1000000 --max-connections 1000000 --max-live-streams 1000 \
    --io-threads "${OURS_IO_THREADS:-1}" ${OURS_FLAGS:-} >"$LOGDIR/ours.log" 2>&1 &
  SERVER_PID=$!
  SERVER_URL="http://127.0.0.1:$OURS_PORT"
  wait_healthy "$SERVER_URL" "$LOGDIR/ours.log" || exit 1
  TOKENS="$LOGDIR/tokens.txt"
  : >"$TOKENS"
  for u in owner s1 s2 s3 s4; do
    curl -fsS -X POST "$SERVER_URL/api/v1/auth/register" -H 'content-type: application/json' \
      -d "{\"username\":\"bench_$u\",\"password\":\"bench-password-$u\"}" |
      node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))' >>"$TOKENS" || exit 1
  done
}
start_node() {
  stop_server
  (cd "$here/reference/seed-node" && DB_USER="$DB_USER" DB_PASS="$DB_PASS" DB_NAME="rtbench_node_$$" PORT="$NODE_PORT" \
     exec "${NICE[@]}" taskset -c "$SERVER_CPU" node server.js >"$LOGDIR/node.log" 2>&1) &
  SERVER_PID=$!
  SERVER_URL="http://127.0.0.1:$NODE_PORT"
  wait_healthy "$SERVER_URL" "$LOGDIR/node.log" || exit 1
}
auth_args() {  # the server's name → how its viewers and senders authenticate
  if [ "$1" = ours ] || [ "$1" = base ]; then echo "--tokens $TOKENS --anon-viewers"; else echo ""; fi
}
record() {  # server, client, case, json line (or nothing on failure)
  local line="$4"
  [ -n "$line" ] || line='{"error":"client failed"}'
  line=$(node -e 'const [s,c,k,l]=process.argv.slice(1);let o;try{o=JSON.parse(l)}catch{o={error:l}};console.log(JSON.stringify({...o,server:s,client:c,case:k}))' "$1" "$2" "$3" "$line")
  echo "$line" | tee -a "$OUT"
}
run_loadgen() {  # server case args...
  local s="$1" k="$2"; shift 2
  record "$s" loadgen "$k" "$("${NICE[@]}" taskset -c "$CLIENT_CPU" "$LOADGEN" --url "$SERVER_URL" --server-pid "$SERVER_PID" $(auth_args "$s") "$@" 2>>"$LOGDIR/loadgen.err" | tail -1)"
}
run_harness() {  # server case args...
  local s="$1" k="$2"; shift 2
  record "$s" node-harness "$k" "$("${NICE[@]}" taskset -c "$CLIENT_CPU" node "$HARNESS" --url "$SERVER_URL" --server-pid "$SERVER_PID" $(auth_args "$s") "$@" 2>>"$LOGDIR/harness.err" | tail -1)"
}
on_server() {  # server: start it fresh
  case "$1" in
    ours) start_ours ;;
    base) start_ours "$BASELINE_BIN" ;;
    *) start_node ;;
  esac
}

for c in $CASES; do
  case "$c" in
    agree)  # both clients at a load both can drive (10,000 deliveries/s): do they measure the same?
      for s in ours node; do
        on_server "$s"; run_harness "$s" agree --n 500 --rate 20 --duration "$DURATION" --workers 2 --senders 4
        on_server "$s"; run_loadgen "$s" agree --n 500 --rate 20 --duration "$DURATION" --workers 2 --senders 4
      done ;;
    fanout)
      for n in 1000 5000; do
        for s in $SERVERS; do
          on_server "$s"; run_loadgen "$s" "fanout-$n" --n "$n" --rate 50 --duration "$DURATION" --workers 2 --senders 4 --join-timeout 60
        done
      done ;;
    maxrate)  # highest rate with >= 99% delivery and p99 < 100 ms at 1,000 viewers (10 s per step)
      for s in ours node; do
        if [ "$s" = ours ]; then rates="${OURS_RATES:-100 150 200 300 400 600 800 1000 1500 2000}"; else rates="${NODE_RATES:-25 50 75 100 150 200 300}"; fi
        on_server "$s"
        for r in $rates; do
          line=$("${NICE[@]}" taskset -c "$CLIENT_CPU" "$LOADGEN" --url "$SERVER_URL" --server-pid "$SERVER_PID" $(auth_args "$s") \
                   --n 1000 --rate "$r" --duration 10 --senders 4 --workers 2 --join-timeout 120 2>>"$LOGDIR/loadgen.err" | tail -1)
          record "$s" loadgen "maxrate-$r" "$line"
          ok=$(node -e 'try{const o=JSON.parse(process.argv[1]);console.log(o.delivery_ratio>=0.99&&o.p99_ms<100?1:0)}catch{console.log(0)}' "$line")
          [ "$ok" = 1 ] || break
        done
      done ;;
    idle)
      for s in ours node; do
        on_server "$s"; run_loadgen "$s" idle-1000 --n 1000 --idle 5 --workers 2 --join-timeout 120
      done ;;
    c100k)  # 100,000 WebSocket viewers from 5 client processes over 5 loopback source addresses
      # The server needs one descriptor per viewer: without CAP_SYS_RESOURCE the hard file limit caps
      # the count (recorded as "n" in the result).
      n="${C100K_N:-100000}"
      lim=$(ulimit -n)
      if [ "$lim" != unlimited ] && [ "$lim" -lt $((n + 200)) ]; then
        echo "c100k: file limit $lim (hard $(ulimit -Hn)) < $n viewers; running $((lim - 200))" >&2
        n=$((lim - 200))
      fi
      on_server ours
      run_loadgen ours c100k --n "$n" --rate 2 --duration 10 --workers 5 --concurrency 500 \
        --source-ips 127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5 --join-timeout 300 --drain 5 ;;
    *) echo "unknown case $c" >&2 ;;
  esac
done
stop_server
db_drop "rtbench_ours_$$"; db_drop "rtbench_node_$$"
node "$here/summarize.mjs" "$OUT"
